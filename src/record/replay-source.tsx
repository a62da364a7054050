// `etcdtop replay FILE` as a round source for the monitor: a player reading the file one round
// at a time, the recording's clock, and the REPLAY line on top of the usual screen.
import { Box } from 'ink';
import { basename } from 'node:path';
import type { ReactElement } from 'react';
import type { TerminalOut } from '../ui/terminal/diffing-screen.js';
import { ThemeContext, createTheme } from '../ui/theme.js';
import { RecordingCursor, type RecordingSummary } from './recording-reader.js';
import { createReplayPlayer, type ReplayPlayer } from './replay-player.js';
import { ReplayBar } from './ReplayBar.js';
import type { RoundSource } from './round-source.js';

const BAR_ROWS = 1;

export interface ReplaySourceOptions {
  summary: RecordingSummary;
  speed: number;
  color: boolean;
}

export function createReplaySource({ summary, speed, color }: ReplaySourceOptions): RoundSource {
  let player: ReplayPlayer | undefined;
  const theme = createTheme(color);
  return {
    attach(store) {
      let cursor = new RecordingCursor(summary.path);
      player = createReplayPlayer({
        next: () => cursor.next(),
        rewind: () => {
          cursor.close();
          cursor = new RecordingCursor(summary.path);
        },
        rounds: summary.rounds,
        baseIntervalMs: summary.header.intervalMs,
        speed,
        dispatch: store.dispatch,
        onDone: () => cursor.close(),
      });
      return player;
    },
    now: () => player?.clockMs() ?? Date.now(),
    terminal: (stdout) => withRowsReserved(stdout, BAR_ROWS),
    frame(app: ReactElement) {
      if (!player) return app;
      return (
        <ThemeContext.Provider value={theme}>
          <Box flexDirection="column">
            <ReplayBar player={player} fileName={basename(summary.path)} />
            {app}
          </Box>
        </ThemeContext.Provider>
      );
    },
  };
}

/** The terminal minus `rows` lines, which the frame around the App takes. */
export function withRowsReserved(stdout: NodeJS.WriteStream, rows: number): TerminalOut {
  return {
    write: (chunk) => stdout.write(chunk),
    get columns() {
      return stdout.columns;
    },
    get rows() {
      return stdout.rows === undefined ? undefined : Math.max(1, stdout.rows - rows);
    },
    on: (event, listener) => stdout.on(event, listener),
    off: (event, listener) => stdout.off(event, listener),
  };
}
