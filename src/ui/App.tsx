// The monitor's root: reads the store, owns the view state (mode, selection, pause, dialog) and
// maps every binding id to what it does. Layout is the Dashboard's job; this file frames it.
import { Box, useApp } from 'ink';
import { useRef, useState, useSyncExternalStore } from 'react';
import type { MonitorEvent, MonitorState } from '../core/monitor-state.js';
import type { Poller } from '../core/poller.js';
import type { Store } from '../core/store.js';
import { Dashboard } from './Dashboard.js';
import { Footer } from './Footer.js';
import { activeKeymap, type KeyContext, type Mode } from './keymap.js';
import type { MaintenancePort } from './maintenance-port.js';
import { HelpOverlay } from './overlays/HelpOverlay.js';
import { MemberDetail } from './panes/MemberDetail.js';
import { DialogScreen } from './DialogScreen.js';
import { nextInterval } from './poll-intervals.js';
import { ThemeContext, createTheme } from './theme.js';
import { useKeymapInput } from './use-keymap-input.js';
import { modeOf, useMaintenance, type Dialog } from './use-maintenance.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface AppProps {
  store: Store<MonitorState, MonitorEvent>;
  poller: Pick<Poller, 'pollNow' | 'setIntervalMs' | 'intervalMs'>;
  readOnly: boolean;
  color: boolean;
  maintenance?: MaintenancePort;
  now?: () => number;
}

interface Frozen {
  state: MonitorState;
  nowMs: number;
}

const formatInterval = (ms: number) => (ms < 1000 ? `${ms}ms` : `${ms / 1000}s`);

export function App({ store, poller, readOnly, color, maintenance, now = Date.now }: AppProps) {
  const app = useApp();
  const live = useSyncExternalStore(store.subscribe, store.getState);
  const { columns, rows } = useTerminalSize();
  const [viewMode, setViewMode] = useState<Mode>('normal');
  const [selected, setSelected] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [intervalMs, setIntervalMs] = useState(poller.intervalMs());
  const frozen = useRef<Frozen | undefined>(undefined);
  const ops = useMaintenance(maintenance, store, now);
  const keymap = activeKeymap(readOnly);
  const mode = modeOf(ops.dialog) ?? viewMode;

  const shown = frozen.current?.state ?? live;
  const nowMs = frozen.current?.nowMs ?? now();
  const memberIds = shown.rows.map((row) => row.id);
  const selectedMemberId = selected && memberIds.includes(selected) ? selected : memberIds[0];
  const context: KeyContext = { selectedMemberId, memberCount: memberIds.length, paused: frozen.current !== undefined, ...dialogContext(ops.dialog) };

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
    setIntervalMs(next);
    setNotice(`poll interval ${formatInterval(next)}`);
  };
  const moveLeaderFirst = () => {
    const state = store.getState();
    const followers = state.rows.filter((row) => row.role === 'follower' && (row.state === 'up' || row.state === 'unhealthy'));
    const target = followers.find((row) => state.maintenance.defragmented.has(row.id)) ?? followers[0];
    if (target) ops.open({ kind: 'move-leader', memberId: target.id });
    else setNotice('no follower can take leadership');
  };

  const actions: Partial<Record<string, () => void>> = {
    'select.next': () => select(1),
    'select.previous': () => select(-1),
    'view.pause': () => {
      // The history rings move on with every round: a frozen screen needs its own copy.
      frozen.current = frozen.current ? undefined : { state: { ...live, history: live.history.clone() }, nowMs: now() };
      setNotice(frozen.current ? 'PAUSED: display frozen, polling continues (p to resume)' : undefined);
    },
    'poll.slower': () => changeInterval(1),
    'poll.faster': () => changeInterval(-1),
    'poll.now': () => poller.pollNow(),
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
    'dialog.keep-more': () => ops.keep(1),
    'dialog.keep-fewer': () => ops.keep(-1),
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
    onDisabled: (binding, reason) => setNotice(`${binding.label}: ${reason}`),
    onType: (text) => ops.type(text),
    // A notice answers the last key; the next key makes it stale (an action may set a new one).
    beforeAction: () => setNotice(frozen.current ? 'PAUSED: display frozen, polling continues (p to resume)' : undefined),
  });

  // The frame stays shorter than the terminal: a frame as tall as the screen makes the terminal
  // scroll (and Ink clear it) on every repaint. One line is the footer.
  const bodyRows = Math.max(1, rows - 2);
  return (
    <ThemeContext.Provider value={createTheme(color)}>
      <Box flexDirection="column" width={columns}>
        {mode === 'help' ? (
          <HelpOverlay keymap={keymap} readOnly={readOnly} width={columns} height={bodyRows} />
        ) : ops.dialog.kind !== 'closed' ? (
          <DialogScreen dialog={ops.dialog} state={shown} nowMs={nowMs} intervalMs={intervalMs} selectedMemberId={selectedMemberId}
            paused={frozen.current !== undefined} readOnly={readOnly} columns={columns} rows={bodyRows} now={now} />
        ) : mode === 'detail' && selectedMemberId ? (
          <MemberDetail state={shown} memberId={selectedMemberId} nowMs={nowMs} intervalMs={intervalMs}
            paused={frozen.current !== undefined} readOnly={readOnly} columns={columns} rows={bodyRows} />
        ) : (
          <Dashboard state={shown} nowMs={nowMs} intervalMs={intervalMs} selectedMemberId={selectedMemberId}
            paused={frozen.current !== undefined} readOnly={readOnly} columns={columns} rows={bodyRows} />
        )}
        <Footer keymap={keymap} mode={mode} notice={notice} width={columns} context={context} />
      </Box>
    </ThemeContext.Provider>
  );
}

/** What the keys of a dialog depend on: which operation, whether it is refused, whether it offers m. */
function dialogContext(dialog: Dialog): Pick<KeyContext, 'dialog'> {
  if (dialog.kind === 'asking' || dialog.kind === 'editing') {
    const { proposal } = dialog;
    return { dialog: { kind: proposal.request.kind, refused: proposal.refusal !== undefined, offersMoveLeaderFirst: proposal.request.kind === 'defragment' && proposal.warnings.some((w) => w.includes('press m')) } };
  }
  if (dialog.kind === 'asking-recovery') return { dialog: { kind: 'recovery', refused: dialog.refusal !== undefined, offersMoveLeaderFirst: false } };
  return {};
}
