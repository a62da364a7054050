// The monitor's root: reads the store, owns the view state (mode, selection, pause) and routes
// every key through the keymap. Layout is the Dashboard's job; this file only frames it.
import { Box, useApp } from 'ink';
import { useCallback, useRef, useState, useSyncExternalStore } from 'react';
import type { MonitorEvent, MonitorState } from '../core/monitor-state.js';
import type { Poller } from '../core/poller.js';
import type { Store } from '../core/store.js';
import { Dashboard } from './Dashboard.js';
import { Footer } from './Footer.js';
import { activeKeymap, bindingFor, type KeyContext, type Mode } from './keymap.js';
import { HelpOverlay } from './overlays/HelpOverlay.js';
import { ThemeContext, createTheme } from './theme.js';
import { nextInterval } from './poll-intervals.js';
import { useKeyNames } from './use-key-names.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface AppProps {
  store: Store<MonitorState, MonitorEvent>;
  poller: Pick<Poller, 'pollNow' | 'setIntervalMs' | 'intervalMs'>;
  readOnly: boolean;
  color: boolean;
  now?: () => number;
  onQuit?: () => void;
}

interface Frozen {
  state: MonitorState;
  nowMs: number;
}

export function App({ store, poller, readOnly, color, now = Date.now, onQuit }: AppProps) {
  const app = useApp();
  const live = useSyncExternalStore(store.subscribe, store.getState);
  const { columns, rows } = useTerminalSize();
  const [mode, setMode] = useState<Mode>('normal');
  const [selected, setSelected] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [intervalMs, setIntervalMs] = useState(poller.intervalMs());
  const frozen = useRef<Frozen | undefined>(undefined);
  const keymap = activeKeymap(readOnly);

  const shown = frozen.current?.state ?? live;
  const nowMs = frozen.current?.nowMs ?? now();
  const memberIds = shown.rows.map((row) => row.id);
  const selectedMemberId = selected && memberIds.includes(selected) ? selected : memberIds[0];
  const context: KeyContext = { selectedMemberId, memberCount: memberIds.length, paused: frozen.current !== undefined };

  const quit = useCallback(() => {
    onQuit?.();
    app.exit();
  }, [app, onQuit]);

  const run = (id: string) => {
    switch (id) {
      case 'select.next':
      case 'select.previous': {
        const at = Math.max(0, memberIds.indexOf(selectedMemberId ?? ''));
        const step = id === 'select.next' ? 1 : -1;
        setSelected(memberIds[(at + step + memberIds.length) % memberIds.length]);
        break;
      }
      case 'view.pause':
        frozen.current = frozen.current ? undefined : { state: live, nowMs: now() };
        setNotice(frozen.current ? 'display paused; polling continues (p to resume)' : undefined);
        break;
      case 'poll.slower':
      case 'poll.faster': {
        const next = nextInterval(intervalMs, id === 'poll.slower' ? 1 : -1);
        poller.setIntervalMs(next);
        setIntervalMs(next);
        setNotice(`poll interval ${next < 1000 ? `${next}ms` : `${next / 1000}s`}`);
        break;
      }
      case 'poll.now':
        poller.pollNow();
        break;
      case 'help.open':
        setMode('help');
        break;
      case 'help.close':
        setMode('normal');
        break;
      case 'app.quit':
        quit();
        break;
    }
  };

  useKeyNames((key) => {
    const binding = bindingFor(keymap, mode, key);
    if (!binding) return;
    const reason = binding.disabledReason?.(context);
    if (reason) {
      setNotice(`${binding.label}: ${reason}`);
      return;
    }
    if (notice && binding.id !== 'view.pause') setNotice(frozen.current ? notice : undefined);
    run(binding.id);
  });

  // The frame stays one line shorter than the terminal: a frame as tall as the screen makes the
  // terminal scroll (and Ink clear it) on every repaint.
  const bodyRows = Math.max(1, rows - 2);
  return (
    <ThemeContext.Provider value={createTheme(color)}>
      <Box flexDirection="column" width={columns}>
        {mode === 'help' ? (
          <HelpOverlay keymap={keymap} readOnly={readOnly} width={columns} height={bodyRows} />
        ) : (
          <Dashboard
            state={shown}
            nowMs={nowMs}
            intervalMs={intervalMs}
            selectedMemberId={selectedMemberId}
            paused={frozen.current !== undefined}
            readOnly={readOnly}
            columns={columns}
            rows={bodyRows}
          />
        )}
        <Footer keymap={keymap} mode={mode} notice={notice} width={columns} />
      </Box>
    </ThemeContext.Provider>
  );
}
