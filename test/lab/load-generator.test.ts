// The load generator against a scripted gateway on the fake clock: it never writes faster than
// its rate, never keeps more than maxInFlight puts outstanding, pauses on NOSPACE and resumes
// once the alarm is gone.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EtcdGateway } from '../../src/etcd/gateway.js';
import { createLoadGenerator, type LoadOptions } from '../../src/lab/load-generator.js';
import { FakeGateway, answer, fail } from '../helpers/fake-gateway.js';

const EP1 = 'http://127.0.0.1:2001';
const EP2 = 'http://127.0.0.1:2011';
const NOSPACE = { kind: 'no-space' as const, message: 'etcdserver: mvcc: database space exceeded' };
const REFUSED = { kind: 'unreachable' as const, message: 'connection refused' };

function generator(gateway: FakeGateway, overrides: Partial<LoadOptions> = {}) {
  const events: string[] = [];
  const load = createLoadGenerator({
    gateway: gateway satisfies EtcdGateway,
    endpoints: [EP1, EP2],
    bytesPerSecond: 100_000,
    valueBytes: 10_000,
    keyCount: 4,
    onEvent: (message) => events.push(message),
    ...overrides,
  });
  return { load, events };
}

describe('load generator', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes at its rate: 100 kB/s in 10 kB values is 10 puts a second, never more', async () => {
    const gateway = new FakeGateway().script('put', EP1, answer(undefined, 20));
    const { load } = generator(gateway);
    const startedAt = Date.now();
    load.start();
    for (let second = 1; second <= 10; second += 1) {
      await vi.advanceTimersByTimeAsync(1_000);
      const issuedBytes = gateway.callsTo('put').length * 10_000;
      // One value may go at once; after that, the rate.
      expect(issuedBytes).toBeLessThanOrEqual(10_000 + 100_000 * second);
    }
    load.stop();
    await vi.advanceTimersByTimeAsync(100);
    const { puts, bytesWritten, state } = load.stats();
    expect(puts).toBeGreaterThanOrEqual(95);
    expect(gateway.callsTo('put').length).toBeLessThanOrEqual(101);
    expect({ state, bytesWritten }).toEqual({ state: 'stopped', bytesWritten: puts * 10_000 });
    expect(gateway.calls[0]!.startedAtMs).toBe(startedAt);
  });

  it('holds its rate when timers fire late (a busy machine): the budget goes by the clock', async () => {
    const gateway = new FakeGateway().script('put', EP1, answer(undefined));
    const { load } = generator(gateway);
    const startedAt = Date.now();
    load.start();
    // Each 100 ms tick fires 150 ms late: the clock moves 250 ms per tick.
    for (let tick = 0; tick < 40; tick += 1) {
      vi.setSystemTime(Date.now() + 150);
      await vi.advanceTimersByTimeAsync(100);
    }
    load.stop();
    const expected = ((Date.now() - startedAt) / 1000) * 10;
    expect(load.stats().puts).toBeGreaterThanOrEqual(expected * 0.95);
    expect(load.stats().puts).toBeLessThanOrEqual(expected + 6);
  });

  it('overwrites the same few keys in turn, with values of the configured size', async () => {
    const gateway = new FakeGateway().script('put', EP1, answer(undefined));
    const { load } = generator(gateway, { keyPrefix: 'k/' });
    load.start();
    await vi.advanceTimersByTimeAsync(1_000);
    load.stop();
    const keys = gateway.callsTo('put').map((call) => call.args[0]);
    expect(keys.slice(0, 6)).toEqual(['k/0000', 'k/0001', 'k/0002', 'k/0003', 'k/0000', 'k/0001']);
    expect((gateway.calls[0]!.args[1] as string).length).toBe(10_000);
  });

  it('keeps at most maxInFlight puts outstanding, and does not catch up in a burst when etcd is slow', async () => {
    const gateway = new FakeGateway().script('put', EP1, answer(undefined, 3_000), answer(undefined, 3_000), answer(undefined, 3_000), answer(undefined, 3_000), answer(undefined, 0));
    const { load } = generator(gateway, { maxInFlight: 4 });
    load.start();
    await vi.advanceTimersByTimeAsync(2_900);
    expect(gateway.callsTo('put')).toHaveLength(4);
    expect(gateway.maxInFlight).toBe(4);
    // The slow puts end at 3 s. From then on: half a second's budget at once (5 values), then
    // the rate (3 in 0.3 s); the rest of the 2.6 s they blocked is dropped, not owed (26 puts).
    await vi.advanceTimersByTimeAsync(400);
    expect(gateway.callsTo('put').length).toBeLessThanOrEqual(4 + 5 + 3);
    load.stop();
  });

  it('pauses on NOSPACE, asks for the alarms until it is gone, then writes again', async () => {
    const ok = answer(undefined);
    const gateway = new FakeGateway()
      .script('put', EP1, ok, ok, ok, fail(NOSPACE), ok)
      // The etcd3 gateway spells the alarm as etcd3's enum does.
      .script('alarms', EP1, answer([{ memberId: 'a1', alarm: 'Nospace' }]), answer([{ memberId: 'a1', alarm: 'NOSPACE' }]), answer([]));
    const { load, events } = generator(gateway, { maxInFlight: 1, recheckMs: 2_000 });
    load.start();
    await vi.advanceTimersByTimeAsync(400);
    expect(gateway.callsTo('put')).toHaveLength(4);
    expect(load.stats()).toMatchObject({ state: 'paused-nospace', puts: 3 });
    expect(events).toEqual([expect.stringMatching(/NOSPACE, writes paused/)]);

    await vi.advanceTimersByTimeAsync(4_000);
    expect(gateway.callsTo('put')).toHaveLength(4);
    expect(gateway.callsTo('alarms')).toHaveLength(2);
    expect(load.stats().state).toBe('paused-nospace');

    await vi.advanceTimersByTimeAsync(2_000);
    expect(gateway.callsTo('alarms')).toHaveLength(3);
    expect(load.stats().state).toBe('writing');
    expect(events[1]).toMatch(/alarm gone, writing again/);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(load.stats().puts).toBeGreaterThanOrEqual(3 + 9);
    load.stop();
  });

  it('keeps waiting while the alarm cannot be read, asking the next member', async () => {
    const gateway = new FakeGateway()
      .script('put', EP1, fail(NOSPACE))
      .script('alarms', EP1, fail(REFUSED))
      .script('alarms', EP2, answer([]));
    const { load } = generator(gateway, { recheckMs: 1_000 });
    load.start();
    await vi.advanceTimersByTimeAsync(1_050);
    expect(gateway.callsTo('alarms', EP1)).toHaveLength(1);
    expect(load.stats().state).toBe('paused-nospace');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(gateway.callsTo('alarms', EP2)).toHaveLength(1);
    expect(load.stats().state).toBe('writing');
    load.stop();
  });

  it('moves to the next member when a put fails for another reason, and says so once', async () => {
    const gateway = new FakeGateway().script('put', EP1, fail(REFUSED)).script('put', EP2, answer(undefined));
    const { load, events } = generator(gateway, { maxInFlight: 1 });
    load.start();
    await vi.advanceTimersByTimeAsync(1_000);
    load.stop();
    expect(gateway.callsTo('put', EP1)).toHaveLength(1);
    expect(gateway.callsTo('put', EP2).length).toBeGreaterThan(5);
    expect(load.stats()).toMatchObject({ failures: 1 });
    expect(events).toEqual([expect.stringMatching(/through http:\/\/127.0.0.1:2001 failed \(connection refused\)/), expect.stringMatching(/writing again through http:\/\/127.0.0.1:2011/)]);
  });

  it('sends nothing after stop', async () => {
    const gateway = new FakeGateway().script('put', EP1, answer(undefined));
    const { load } = generator(gateway);
    load.start();
    await vi.advanceTimersByTimeAsync(500);
    load.stop();
    const sent = gateway.calls.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(gateway.calls).toHaveLength(sent);
    expect(vi.getTimerCount()).toBe(0);
  });
});
