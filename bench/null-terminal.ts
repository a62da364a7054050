// A terminal for Ink that shows nothing and keeps nothing: the fake streams of
// test/helpers/render-at-size.tsx, except that stdout drops each frame instead of collecting it,
// since thousands of kept frames would be exactly the kind of growth the heap phase looks for.
import { EventEmitter } from 'node:events';

export class NullStdout extends EventEmitter {
  readonly isTTY = false;

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }

  write = (_frame: string): boolean => true;
}

export class NullStdin extends EventEmitter {
  readonly isTTY = false;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read(): null {
    return null;
  }
}
