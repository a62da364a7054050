// The HEALTH column's time (JsonFirstGateway.health's latencyMs) is the member's: its request goes
// on a connection of its own, so it is not counted from behind the /metrics page asked of the
// same member in the same turn. Against a server on 127.0.0.1 that serves each connection's
// requests one after the other, as Go's does, with a /metrics page that takes 300 ms.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultTimeouts } from '../../src/etcd/call-timeouts.js';
import { JsonFirstGateway } from '../../src/etcd/json-first-gateway.js';

const recorded = (name: string): Buffer => readFileSync(new URL(`../fixtures/http/${name}`, import.meta.url));
const status = recorded('etcd-3.4.23-status.http');
const metrics = recorded('etcd-3.4.23-metrics.http');
const METRICS_DELAY_MS = 300;

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** Serves each connection's requests in order, one at a time; /metrics after METRICS_DELAY_MS. */
async function sequentialServer(): Promise<{ origin: string; connectionOf: Map<string, number> }> {
  const connectionOf = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    const connection = ++connections;
    let buffered = '';
    let served = Promise.resolve();
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      for (;;) {
        const headEnd = buffered.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, headEnd))?.[1] ?? 0);
        if (buffered.length < headEnd + 4 + length) return;
        const request = buffered.slice(0, headEnd + 4 + length);
        buffered = buffered.slice(request.length);
        const path = request.split(' ', 2)[1]!;
        connectionOf.set(path, connection);
        const close = /\r\nconnection: close\r\n/.test(request);
        const answer = path === '/metrics' ? metrics : status;
        served = served.then(
          () =>
            new Promise<void>((done) =>
              setTimeout(() => {
                const bytes = close ? answer : Buffer.from(answer.toString('latin1').replace('Connection: close\r\n', ''), 'latin1');
                if (close) socket.end(bytes, done);
                else socket.write(bytes, () => done());
              }, path === '/metrics' ? METRICS_DELAY_MS : 0),
            ),
        );
      }
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  cleanups.push(() => {
    sockets.forEach((socket) => socket.destroy());
    server.close();
  });
  return { origin: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, connectionOf };
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
    expect(connectionOf.get('/v3/kv/range')).not.toBe(connectionOf.get('/metrics'));
    expect(connectionOf.get('/v3/maintenance/status')).toBe(connectionOf.get('/metrics'));
    expect(health.latencyMs).toBeLessThan(METRICS_DELAY_MS / 2);
  });
});
