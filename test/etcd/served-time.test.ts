// How long the server took on each answer of a pipelined connection (src/etcd/served-time.ts),
// on a clock moved by hand. test/etcd/http-exchange.test.ts checks the same through a server.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServedTime } from '../../src/etcd/served-time.js';

/** Lets the microtask that ends a read's task run. */
const nextTask = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the time the server took on each answer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['hrtime'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the first from the connection being ready, each next one from the answer before it', async () => {
    const served = new ServedTime();
    vi.advanceTimersByTime(100);
    served.ready();
    vi.advanceTimersByTime(7);
    expect(served.answered(served.read())).toBe(7);
    await nextTask();
    vi.advanceTimersByTime(3);
    expect(served.answered(served.read())).toBe(3);
  });

  it('two answers whole in the same read: the second counted from where the first began', async () => {
    const served = new ServedTime();
    served.ready();
    vi.advanceTimersByTime(20);
    const mark = served.read();
    expect(served.answered(mark)).toBe(20);
    expect(served.answered(mark)).toBe(20);
    // Several 'data' events of one task (TLS records) are one read.
    vi.advanceTimersByTime(5);
    const sameTask = served.read();
    expect(sameTask.read).toBe(mark.read);
    await nextTask();
    expect(served.read().read).toBe(mark.read + 1);
  });

  it('an answer without a read of its own (the server closed) is counted from the one before it', () => {
    const served = new ServedTime();
    served.ready();
    vi.advanceTimersByTime(4);
    expect(served.answered(served.read())).toBe(4);
    vi.advanceTimersByTime(6);
    expect(served.answered()).toBe(6);
  });
});
