// The HEALTH column's time (JsonFirstGateway.health's latencyMs) is the member's: its request goes
// on a connection of its own, so it is not counted from behind the /metrics page asked of the
// same member in the same turn. Against a server on 127.0.0.1 that serves each connection's
// requests one after the other, as Go's does, with a /metrics page that takes 300 ms.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultTimeouts } from '../../src/etcd/call-timeouts.js';
import { JsonFirstGateway } from '../../src/etcd/json-first-gateway.js';
import { startPipelineServer } from '../helpers/pipeline-server.js';

const recorded = (name: string): Buffer => readFileSync(new URL(`../fixtures/http/${name}`, import.meta.url));
const status = recorded('etcd-3.4.23-status.http');
const metrics = recorded('etcd-3.4.23-metrics.http');
const METRICS_DELAY_MS = 300;

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** Serves each connection's requests in order, one at a time; /metrics after METRICS_DELAY_MS. */
async function sequentialServer(): Promise<{ origin: string; connectionOf: (path: string) => number | undefined }> {
  const served = new Map<number, Promise<void>>();
  const server = await startPipelineServer((socket, request, connection) => {
    const path = request.split(' ', 2)[1]!;
    const close = /\r\nconnection: close\r\n/.test(request);
    const answer = path === '/metrics' ? metrics : status;
    const bytes = close ? answer : Buffer.from(answer.toString('latin1').replace('Connection: close\r\n', ''), 'latin1');
    const before = served.get(connection) ?? Promise.resolve();
    served.set(connection, before.then(() => new Promise<void>((done) => setTimeout(() => socket.write(bytes, () => (close ? socket.end(done) : done())), path === '/metrics' ? METRICS_DELAY_MS : 0))));
  });
  cleanups.push(() => server.close());
  return { origin: server.origin, connectionOf: (path) => server.requests.find((request) => request.text.split(' ', 2)[1] === path)?.connection };
}

describe('a health check beside a slow /metrics page of the same member', () => {
  it('is timed alone: its own connection, its latency not counted from behind the page', async () => {
    const { origin, connectionOf } = await sequentialServer();
    const gateway = new JsonFirstGateway(
      { endpoints: [origin], dialTimeoutMs: 2000, commandTimeoutMs: 2000, metricsUrls: [], source: 'test' },
      defaultTimeouts(2000),
      () => Promise.reject(new Error('gRPC is not to be loaded here')),
    );
    // The same turn, in sampleMember's order (collect-snapshot.ts).
    const [statusOutcome, health, page] = await Promise.all([gateway.status(origin), gateway.health(origin), gateway.metrics(`${origin}/metrics`)]);
    expect(statusOutcome.ok && health.ok).toBe(true);
    expect(page.latencyMs).toBeGreaterThanOrEqual(METRICS_DELAY_MS - 10);
    expect(connectionOf('/v3/kv/range')).not.toBe(connectionOf('/metrics'));
    expect(connectionOf('/v3/maintenance/status')).toBe(connectionOf('/metrics'));
    expect(health.latencyMs).toBeLessThan(METRICS_DELAY_MS / 2);
  });
});
