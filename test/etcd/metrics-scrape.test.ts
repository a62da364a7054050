import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/etcd/gateway.js';
import { MAX_METRICS_BODY_BYTES, scrapeMetrics, type ScrapeTls } from '../../src/etcd/metrics-scrape.js';
import { scrapeMemberMetrics } from '../../src/etcd/metrics.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/metrics/${name}`, import.meta.url));
const etcdText = fixture('etcd-3.4.23-single.txt').toString('utf8');
// A throwaway CA, and a server certificate for 127.0.0.1 and localhost (valid until 2126).
const ca = fixture('tls/ca.pem');
const serverTls = { cert: fixture('tls/server.pem'), key: fixture('tls/server-key.pem') };
const trusting: ScrapeTls = { ca, insecureSkipVerify: false };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** Listens on 127.0.0.1 on a free port; closed, with its sockets destroyed, after the test. */
async function listen(server: net.Server): Promise<number> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => sockets.add(socket));
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  // close() waits for open connections: a server that never answers must drop them first.
  const close = (): Promise<void> => {
    sockets.forEach((socket) => socket.destroy());
    return new Promise((closed) => server.close(() => closed()));
  };
  cleanups.push(close);
  return (server.address() as net.AddressInfo).port;
}

const serve = (status: number, body: string | Buffer): http.RequestListener => (_req, res) => {
  res.writeHead(status, { 'content-type': 'text/plain; version=0.0.4' });
  res.end(body);
};

function failureOf<T>(outcome: Outcome<T>) {
  if (outcome.ok) throw new Error('expected a failure');
  return outcome.failure;
}

describe('scrapeMetrics over HTTP', () => {
  it('returns the text of an etcd /metrics page', async () => {
    const port = await listen(http.createServer(serve(200, etcdText)));
    const outcome = await scrapeMetrics(`http://127.0.0.1:${port}/metrics`, undefined, 2000);
    expect(outcome).toMatchObject({ ok: true, value: etcdText });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('scrapeMemberMetrics extracts in the same call', async () => {
    const port = await listen(http.createServer(serve(200, etcdText)));
    const outcome = await scrapeMemberMetrics(`http://127.0.0.1:${port}/metrics`, undefined, 2000);
    expect(outcome).toMatchObject({ ok: true, value: { serverId: 'bdae9bbc11dd390d', hasLeader: true } });
  });

  it.each([
    ['HTTP 404', serve(404, '404 page not found\n'), /HTTP 404/],
    ['HTTP 500', serve(500, 'oops'), /HTTP 500/],
    ['a non-etcd exporter', serve(200, '# TYPE up gauge\nup 1\nnode_load1 0.5\n'), /without etcd_ metrics/],
    ['etcd_ only in a comment', serve(200, '# HELP etcd_x not a sample\nup 1\n'), /without etcd_ metrics/],
    ['a body over the size limit', serve(200, Buffer.alloc(MAX_METRICS_BODY_BYTES + 1, 'x')), /more than 8 MiB/],
  ])('%s → not-etcd', async (_name, handler, message) => {
    const port = await listen(http.createServer(handler));
    const failure = failureOf(await scrapeMetrics(`http://127.0.0.1:${port}/metrics`, undefined, 5000));
    expect(failure).toMatchObject({ kind: 'not-etcd', message: expect.stringMatching(message) });
    expect(failure.hint).toBeTruthy();
  });

  it.each([
    ['accepts but never answers', () => net.createServer(() => undefined)],
    ['sends headers, then stalls the body', () => http.createServer((_req, res) => res.writeHead(200).write('etcd_x 1\n'))],
  ])('%s → timeout within the deadline', async (_name, createServer) => {
    const port = await listen(createServer());
    const outcome = await scrapeMetrics(`http://127.0.0.1:${port}/metrics`, undefined, 300);
    expect(failureOf(outcome)).toMatchObject({ kind: 'timeout', message: expect.stringContaining('0.3s') });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(290);
    expect(outcome.latencyMs).toBeLessThan(1500);
  });

  it('connection refused → unreachable', async () => {
    const port = await listen(net.createServer());
    await cleanups.pop()!();
    const failure = failureOf(await scrapeMetrics(`http://127.0.0.1:${port}/metrics`, undefined, 2000));
    expect(failure).toMatchObject({ kind: 'unreachable', message: expect.stringContaining('ECONNREFUSED') });
  });

  it.each(['not a url', 'ftp://127.0.0.1/metrics'])('%j → a failure, not a throw', async (url) => {
    expect(failureOf(await scrapeMetrics(url, undefined, 1000)).kind).toBe('unknown');
  });
});

describe('scrapeMetrics over TLS', () => {
  const tlsServer = (options: https.ServerOptions = {}): https.Server =>
    https.createServer({ ...serverTls, ...options }, serve(200, etcdText));

  it('verifies the server against the given CA, without a DEP0123 warning for an IP', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }): void => void warnings.push(warning.code ?? warning.name);
    process.on('warning', onWarning);
    try {
      const port = await listen(tlsServer());
      const outcome = await scrapeMetrics(`https://127.0.0.1:${port}/metrics`, trusting, 2000);
      await new Promise((tick) => setImmediate(tick));
      expect(outcome).toMatchObject({ ok: true, value: etcdText });
      expect(warnings).not.toContain('DEP0123');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('checks the host name against the certificate', async () => {
    const port = await listen(tlsServer());
    expect((await scrapeMetrics(`https://localhost:${port}/metrics`, trusting, 2000)).ok).toBe(true);
  });

  it('unknown CA → tls, with a hint to pass --cacert', async () => {
    const port = await listen(tlsServer());
    const failure = failureOf(await scrapeMetrics(`https://127.0.0.1:${port}/metrics`, { insecureSkipVerify: false }, 2000));
    expect(failure).toMatchObject({ kind: 'tls', hint: expect.stringContaining('--cacert') });
  });

  it('insecureSkipVerify accepts an unknown CA', async () => {
    const port = await listen(tlsServer());
    const outcome = await scrapeMetrics(`https://127.0.0.1:${port}/metrics`, { insecureSkipVerify: true }, 2000);
    expect(outcome.ok).toBe(true);
  });

  it('missing client certificate → tls, with a hint to pass --cert and --key', async () => {
    const port = await listen(tlsServer({ ca, requestCert: true, rejectUnauthorized: true }));
    const failure = failureOf(await scrapeMetrics(`https://127.0.0.1:${port}/metrics`, trusting, 2000));
    expect(failure).toMatchObject({ kind: 'tls', hint: expect.stringContaining('--cert') });
  });

  it('presents the client certificate', async () => {
    const port = await listen(tlsServer({ ca, requestCert: true, rejectUnauthorized: true }));
    const client: ScrapeTls = { ...trusting, cert: fixture('tls/client.pem'), key: fixture('tls/client-key.pem') };
    expect((await scrapeMetrics(`https://127.0.0.1:${port}/metrics`, client, 2000)).ok).toBe(true);
  });

  it('a client key that does not match its certificate → a failure, not a throw', async () => {
    const port = await listen(tlsServer());
    const mismatched: ScrapeTls = { ...trusting, cert: fixture('tls/client.pem'), key: fixture('tls/server-key.pem') };
    const outcome = await scrapeMetrics(`https://127.0.0.1:${port}/metrics`, mismatched, 2000);
    expect(failureOf(outcome).message).toMatch(/key values mismatch|KEY_VALUES_MISMATCH/i);
  });

  it('https:// to a plain HTTP port → tls, with a hint to use http://', async () => {
    const port = await listen(http.createServer(serve(200, etcdText)));
    const failure = failureOf(await scrapeMetrics(`https://127.0.0.1:${port}/metrics`, trusting, 2000));
    expect(failure).toMatchObject({ kind: 'tls', hint: expect.stringContaining('http://') });
  });

  it('http:// to a TLS port → tls, with a hint to use https://', async () => {
    const port = await listen(tlsServer());
    const failure = failureOf(await scrapeMetrics(`http://127.0.0.1:${port}/metrics`, undefined, 2000));
    expect(failure).toMatchObject({ kind: 'tls', hint: expect.stringContaining('https://') });
  });
});
