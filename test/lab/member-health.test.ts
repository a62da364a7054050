import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { memberHealthy, whyMemberStopped } from '../../src/lab/member-health.js';

describe('whyMemberStopped', () => {
  it('prefers the last fatal entry of a zap log, as "message: error"', () => {
    const log = [
      '{"level":"info","ts":"2026-01-01T00:00:00Z","msg":"starting"}',
      '{"level":"fatal","ts":"2026-01-01T00:00:01Z","caller":"etcdmain/etcd.go:271","msg":"discovery failed","error":"listen tcp 127.0.0.1:2380: bind: address already in use"}',
      '{"level":"info","ts":"2026-01-01T00:00:01Z","msg":"closing"}',
    ].join('\n');
    expect(whyMemberStopped(log)).toBe('discovery failed: listen tcp 127.0.0.1:2380: bind: address already in use');
  });

  it.each([
    ['setpriv: failed to execute /x: No such file or directory\n', 'setpriv: failed to execute /x: No such file or directory'],
    ['', 'no log output'],
    ['line one\nline two\n', 'line two'],
  ])('falls back to a plain line: %j', (log, reason) => {
    expect(whyMemberStopped(log)).toBe(reason);
  });

  it('cuts long lines', () => {
    expect(whyMemberStopped('x'.repeat(500), 20)).toHaveLength(20);
  });
});

describe('memberHealthy', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  async function serve(status: number, body: string): Promise<string> {
    server = createServer((_, res) => res.writeHead(status).end(body));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  it.each([
    [200, '{"health":"true"}', true],
    [200, '{"health":"true","reason":""}', true],
    [503, '{"health":"false","reason":"RAFT NO LEADER"}', false],
    [200, '{"health":"false"}', false],
  ])('HTTP %d %s → %s', async (status, body, healthy) => {
    expect(await memberHealthy(await serve(status, body))).toBe(healthy);
  });

  it('is false when nothing listens', async () => {
    const url = await serve(200, '');
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    expect(await memberHealthy(url)).toBe(false);
  });
});
