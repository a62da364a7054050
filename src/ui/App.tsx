// The monitor's root: reads the store, owns the view state (mode, selection, pause, dialog) and
// maps every binding id to what it does. Layout is the Dashboard's job; this file frames it.
import { Box, useApp } from 'ink';
import { useRef, useState, useSyncExternalStore } from 'react';
import type { MonitorEvent, MonitorState } from '../core/monitor-state.js';
import type { Poller } from '../core/poller.js';
import type { Store } from '../core/store.js';
import { Dashboard, dashboardLayout } from './Dashboard.js';
import { Footer } from './Footer.js';
import { activeKeymap, bindingFor, KEYMAP, REPLAY_STEP_MS, TOO_SMALL_REASON, type KeyContext, type Mode } from './keymap.js';
import type { MaintenancePort } from './maintenance-port.js';
import { HelpOverlay } from './overlays/HelpOverlay.js';
import { MemberDetail } from './panes/MemberDetail.js';
import { DialogScreen } from './DialogScreen.js';
import { nextInterval } from './poll-intervals.js';
import { ThemeContext, createTheme } from './theme.js';
import { useKeymapInput } from './use-keymap-input.js';
import { modeOf, useMaintenance, type Dialog } from './use-maintenance.js';
import { applyLineEdit } from './line-edit.js';
import { parseTimeOfDay } from '../core/time-of-day.js';
import { useNotice } from './use-notice.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface AppProps {
  store: Store<MonitorState, MonitorEvent>;
  poller: Pick<Poller, 'pollNow' | 'setIntervalMs' | 'intervalMs'> & {
    /** A replay's: the interval it was recorded at, shown whatever the speed +/- set. */
    recordedIntervalMs?: () => number;
    /** A replay's: moves it back or forward in recorded time. */
    seekBy?: (deltaMs: number) => void;
    seekToTimeOfDay?: (timeOfDayMs: number) => void;
  };
  readOnly: boolean;
  color: boolean;
  maintenance?: MaintenancePort;
  now?: () => number;
  /** --insecure-skip-tls-verify is on: the banner says so. */
  tlsUnverified?: boolean;
  /** How long a notice stays in the footer (tests shorten it). */
  noticeMs?: number;
}

interface Frozen {
  state: MonitorState;
  nowMs: number;
}

const seekPrompt = (draft: string | undefined, notice: string | undefined) =>
  `${notice ? `${notice} · ` : ''}go to (UTC, HH:MM or HH:MM:SS): ${draft ?? ''}_  Enter go · Esc stay`;

const PAUSED_NOTICE = 'PAUSED: display frozen, polling continues (p to resume)';

const formatInterval = (ms: number) => (ms < 1000 ? `${ms}ms` : `${ms / 1000}s`);

export function App({ store, poller, readOnly, color, maintenance, now = Date.now, tlsUnverified = false, noticeMs }: AppProps) {
  const app = useApp();
  const live = useSyncExternalStore(store.subscribe, store.getState);
  const { columns, rows } = useTerminalSize();
  const [viewMode, setViewMode] = useState<Mode>('normal');
  const [selected, setSelected] = useState<string>();
  const [notice, setNotice] = useNotice(noticeMs);
  const [intervalMs, setIntervalMs] = useState(poller.recordedIntervalMs?.() ?? poller.intervalMs());
  const frozen = useRef<Frozen | undefined>(undefined);
  const ops = useMaintenance(maintenance, store, now);
  const keymap = activeKeymap(readOnly, KEYMAP, poller.seekBy !== undefined);
  // The replay's "go to a time" prompt, typed into the footer.
  const [seekDraft, setSeekDraft] = useState<string>();
  const mode = modeOf(ops.dialog) ?? (seekDraft !== undefined ? 'seek' : viewMode);

  const shown = frozen.current?.state ?? live;
  const nowMs = frozen.current?.nowMs ?? now();
  const memberIds = shown.rows.map((row) => row.id);
  const selectedMemberId = selected && memberIds.includes(selected) ? selected : memberIds[0];
  // The frame stays shorter than the terminal: a frame as tall as the screen makes the terminal
  // scroll (and Ink clear it) on every repaint. One line is the footer.
  const bodyRows = Math.max(1, rows - 2);
  const screenTooSmall = dashboardLayout(shown, nowMs, columns, bodyRows).layout.kind === 'too-small';
  const context: KeyContext = {
    selectedMemberId, memberCount: memberIds.length, paused: frozen.current !== undefined, screenTooSmall, ...dialogContext(ops.dialog),
  };

  // From the previous selection, not this render's: arrow keys read in one chunk (held down, or a
  // busy process) all run before the next render, and each must move one more row.
  const select = (step: 1 | -1) => setSelected((previous) => {
    const current = previous && memberIds.includes(previous) ? previous : memberIds[0];
    const at = Math.max(0, memberIds.indexOf(current ?? ''));
    return memberIds[(at + step + memberIds.length) % memberIds.length];
  });
  const changeInterval = (direction: 1 | -1) => {
    // The poller's, not this render's: "++" read at once runs both keys before a re-render.
    const next = nextInterval(poller.intervalMs(), direction);
    poller.setIntervalMs(next);
    // A replay keeps saying the recorded interval: + and - change its speed, which its bar shows.
    const recorded = poller.recordedIntervalMs?.();
    setIntervalMs(recorded ?? next);
    setNotice(recorded === undefined ? `poll interval ${formatInterval(next)}` : undefined);
  };
  const moveLeaderFirst = () => {
    const state = store.getState();
    const followers = state.rows.filter((row) => row.role === 'follower' && (row.state === 'up' || row.state === 'unhealthy'));
    const target = followers.find((row) => state.maintenance.defragmented.has(row.id)) ?? followers[0];
    if (target) ops.open({ kind: 'move-leader', memberId: target.id });
    else setNotice('no follower can take leadership');
  };

  const showReason = () => {
    const row = shown.rows.find((r) => r.id === selectedMemberId);
    if (!row) return;
    const name = row.name || row.endpoint || row.id;
    const hint = row.failure?.hint ? ` · ${row.failure.hint}` : '';
    setNotice(row.stateReason ? `${name}: ${row.stateReason}${hint}` : `${name} is ${row.state.toUpperCase()}`, { longer: 3 });
  };

  const actions: Partial<Record<string, () => void>> = {
    'member.reason': showReason,
    'select.next': () => select(1),
    'select.previous': () => select(-1),
    'view.pause': () => {
      // The history rings move on with every round: a frozen screen needs its own copy.
      frozen.current = frozen.current ? undefined : { state: { ...live, history: live.history.clone() }, nowMs: now() };
      setNotice(frozen.current ? PAUSED_NOTICE : undefined, { sticky: true });
    },
    'poll.slower': () => changeInterval(1),
    'poll.faster': () => changeInterval(-1),
    'poll.now': () => poller.pollNow(),
    'replay.back': () => poller.seekBy?.(-REPLAY_STEP_MS),
    'replay.forward': () => poller.seekBy?.(REPLAY_STEP_MS),
    'replay.goto': () => setSeekDraft(''),
    'seek.cancel': () => setSeekDraft(undefined),
    'seek.done': () => {
      const timeOfDayMs = parseTimeOfDay(seekDraft ?? '');
      if (timeOfDayMs === undefined) {
        setNotice(`not a time: "${seekDraft ?? ''}" (type the UTC time as HH:MM or HH:MM:SS)`);
        return;
      }
      setSeekDraft(undefined);
      poller.seekToTimeOfDay?.(timeOfDayMs);
    },
    'member.detail': () => setViewMode('detail'),
    'detail.close': () => setViewMode('normal'),
    'help.open': () => setViewMode('help'),
    'help.close': () => setViewMode('normal'),
    'app.quit': () => app.exit(),
    'app.interrupt': () => app.exit(),
    'member.defrag': () => ops.open({ kind: 'defragment', memberId: selectedMemberId ?? '' }),
    'cluster.compact': () => ops.open({ kind: 'compact', keepRevisions: 0 }),
    'alarms.disarm': () => ops.open({ kind: 'disarm' }),
    'member.move-leader': () => ops.open({ kind: 'move-leader', memberId: selectedMemberId ?? '' }),
    'member.promote': () => ops.open({ kind: 'promote', memberId: selectedMemberId ?? '' }),
    'member.snapshot': () => ops.open({ kind: 'snapshot', memberId: selectedMemberId ?? '' }),
    'recovery.nospace': () => ops.open('recovery'),
    'dialog.confirm': () => setNotice(ops.confirm()),
    'dialog.cancel': () => {
      ops.cancel();
      setNotice('cancelled: nothing was done');
    },
    'dialog.keep-more': () => setNotice(ops.keep(1)),
    'dialog.keep-fewer': () => setNotice(ops.keep(-1)),
    'dialog.edit-path': () => ops.editPath(),
    'dialog.move-leader-first': moveLeaderFirst,
    'edit.done': () => ops.finishEdit(true),
    'edit.cancel': () => ops.finishEdit(false),
    'recovery.skip': () => {
      ops.skipStep();
      setNotice('the next step will be skipped');
    },
    'recovery.abort': () => {
      ops.abort();
      setNotice('aborting after the current step');
    },
    'result.close': () => {
      ops.close();
      setNotice(undefined);
    },
  };

  useKeymapInput({
    keymap,
    mode,
    context,
    actions,
    onDisabled: (binding, reason) => setNotice(reason === TOO_SMALL_REASON ? reason : `${binding.label}: ${reason}`),
    onType: (edit) => {
      if (mode !== 'seek') return ops.type(edit);
      // A new try: the "not a time" of the last one goes, and the prompt keeps the line.
      setNotice(undefined);
      setSeekDraft((draft) => applyLineEdit(draft ?? '', edit));
    },
    // A notice answers the last key; the next key makes it stale (an action may set a new one).
    beforeAction: () => setNotice(frozen.current ? PAUSED_NOTICE : undefined, { sticky: true }),
    // Read-only mode dropped the dangerous bindings: their keys say so rather than do nothing.
    onUnbound: (name) => {
      const dropped = readOnly ? bindingFor(KEYMAP, mode, name) : undefined;
      if (dropped?.dangerous) setNotice(`read-only mode: ${dropped.label.toLowerCase()} is off`);
    },
  });

  return (
    <ThemeContext.Provider value={createTheme(color)}>
      <Box flexDirection="column" width={columns}>
        {mode === 'help' ? (
          <HelpOverlay keymap={keymap} readOnly={readOnly} width={columns} height={bodyRows} />
        ) : ops.dialog.kind !== 'closed' ? (
          <DialogScreen dialog={ops.dialog} state={shown} nowMs={nowMs} intervalMs={intervalMs} selectedMemberId={selectedMemberId}
            paused={frozen.current !== undefined} readOnly={readOnly} tlsUnverified={tlsUnverified} columns={columns} rows={bodyRows} now={now} />
        ) : mode === 'detail' && selectedMemberId ? (
          <MemberDetail state={shown} memberId={selectedMemberId} nowMs={nowMs} intervalMs={intervalMs}
            paused={frozen.current !== undefined} readOnly={readOnly} tlsUnverified={tlsUnverified} columns={columns} rows={bodyRows} />
        ) : (
          <Dashboard state={shown} nowMs={nowMs} intervalMs={intervalMs} selectedMemberId={selectedMemberId}
            paused={frozen.current !== undefined} readOnly={readOnly} tlsUnverified={tlsUnverified} columns={columns} rows={bodyRows} />
        )}
        <Footer keymap={keymap} mode={mode} notice={mode === 'seek' ? seekPrompt(seekDraft, notice) : notice} width={columns} context={context} />
      </Box>
    </ThemeContext.Provider>
  );
}

/** What the keys of a dialog depend on: which operation, whether it is refused, whether it offers m. */
function dialogContext(dialog: Dialog): Pick<KeyContext, 'dialog'> {
  if (dialog.kind === 'asking' || dialog.kind === 'editing') {
    const { proposal } = dialog;
    return { dialog: { kind: proposal.request.kind, ...(proposal.refusal ? { refusal: proposal.refusal } : {}), offersMoveLeaderFirst: proposal.request.kind === 'defragment' && proposal.warnings.some((w) => w.includes('press m')) } };
  }
  if (dialog.kind === 'asking-recovery') return { dialog: { kind: 'recovery', ...(dialog.refusal ? { refusal: dialog.refusal } : {}), offersMoveLeaderFirst: false } };
  return {};
}
