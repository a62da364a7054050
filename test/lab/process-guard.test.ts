import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { guardProcesses, type Stoppable } from '../../src/lab/process-guard.js';

class FakeCluster implements Stoppable {
  stops = 0;
  kills = 0;
  private finish: (() => void) | undefined;
  stop(): Promise<void> {
    this.stops += 1;
    return new Promise((resolve) => (this.finish = resolve));
  }
  finishStop(): void {
    this.finish?.();
  }
  killNow(): void {
    this.kills += 1;
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('guardProcesses', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)('on %s stops the cluster, then exits with %d', async (signal, code) => {
    const target = new EventEmitter();
    const cluster = new FakeCluster();
    const exits: number[] = [];
    const seen: string[] = [];
    guardProcesses({ current: () => cluster, exit: (c) => exits.push(c), onSignal: (s) => seen.push(s), target });
    target.emit(signal, signal);
    await flush();
    expect(cluster.stops).toBe(1);
    expect(exits).toEqual([]);
    cluster.finishStop();
    await flush();
    expect(exits).toEqual([code]);
    expect(seen).toEqual([signal]);
  });

  it('a second signal while stopping kills at once', () => {
    const target = new EventEmitter();
    const cluster = new FakeCluster();
    const exits: number[] = [];
    guardProcesses({ current: () => cluster, exit: (c) => exits.push(c), target });
    target.emit('SIGTERM', 'SIGTERM');
    target.emit('SIGINT', 'SIGINT');
    expect(cluster.kills).toBe(1);
    expect(exits).toEqual([130]);
  });

  it('exits at once when no cluster exists yet', async () => {
    const target = new EventEmitter();
    const exits: number[] = [];
    guardProcesses({ current: () => undefined, exit: (c) => exits.push(c), target });
    target.emit('SIGTERM', 'SIGTERM');
    await flush();
    expect(exits).toEqual([143]);
  });

  it('kills synchronously on process exit, and stops listening once disposed', () => {
    const target = new EventEmitter();
    const cluster = new FakeCluster();
    const guard = guardProcesses({ current: () => cluster, exit: () => undefined, target });
    target.emit('exit');
    expect(cluster.kills).toBe(1);
    guard.dispose();
    expect(target.eventNames()).toEqual([]);
  });
});
