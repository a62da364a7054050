// A stdin for Ink that never delivers a key: enough for Ink to mount, set raw mode and unmount
// outside a terminal (frame tests, the bench's retained-heap phase).
import { EventEmitter } from 'node:events';

export class FakeStdin extends EventEmitter {
  readonly isTTY: boolean = false;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read(): string | null {
    return null;
  }
}
