// A terminal for Ink that shows nothing and keeps nothing: like test/helpers/render-at-size.tsx's,
// except that stdout drops each frame instead of collecting it,
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

/** Never delivers a key; shared with the frame tests. */
export { FakeStdin as NullStdin } from '../test/helpers/fake-stdin.js';
