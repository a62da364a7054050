// The monitor's App at any terminal size, with keys: a fake stdout whose columns and rows the
// test sets (ink-testing-library is fixed at 100 columns) and a stdin that delivers bytes as a
// terminal would. Frames come back without colour codes, as renderAtSize gives them.
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { vi } from 'vitest';
import { createStore } from '../../src/core/store.js';
import { reduceMonitor, type MonitorState } from '../../src/core/monitor-state.js';
import { App, type AppProps } from '../../src/ui/App.js';
import { FakeStdin } from './fake-stdin.js';
import { plainText } from './render-at-size.js';

class SizedStdout extends EventEmitter {
  readonly isTTY = false;
  readonly frames: string[] = [];
  constructor(readonly columns: number, readonly rows: number) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
}

/** FakeStdin that is a terminal and delivers the bytes written to it, as a key press would. */
class KeyStdin extends FakeStdin {
  override readonly isTTY: boolean = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  override read(): string | null {
    const { data } = this;
    this.data = null;
    return data;
  }
}

export interface AppAtSize {
  frame(): string;
  /** Sends one key (as bytes) and waits until Ink has handled it and React committed. */
  press(bytes: string): Promise<void>;
  /** The poller's interval changes, as the App made them. */
  intervals: number[];
  unmount(): void;
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

export async function appAtSize(state: MonitorState, columns: number, rows: number, props: Partial<AppProps> = {}): Promise<AppAtSize> {
  const stdout = new SizedStdout(columns, rows);
  const stdin = new KeyStdin();
  const store = createStore(state, reduceMonitor);
  const intervals: number[] = [];
  let intervalMs = 1000;
  const poller = { pollNow: () => undefined, intervalMs: () => intervalMs, setIntervalMs: (ms: number) => {
    intervalMs = ms;
    intervals.push(ms);
  } };
  const instance = render(<App store={store} poller={poller} readOnly={false} color={false} now={() => state.latest?.takenAtMs ?? 0} {...props} />, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new SizedStdout(columns, rows) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  await tick();
  return {
    frame: () => plainText(stdout.frames.at(-1) ?? ''),
    async press(bytes) {
      const before = stdout.frames.length;
      stdin.write(bytes);
      // A lone Esc is held by Ink for 20 ms in case more of a sequence follows.
      await tick(bytes === '\x1b' ? 50 : 0);
      await vi.waitFor(() => {
        if (stdout.frames.length === before) throw new Error('no frame yet');
      }, { interval: 2, timeout: 300 }).catch(() => undefined);
      await tick();
    },
    intervals,
    unmount() {
      instance.unmount();
      instance.cleanup();
    },
  };
}
