import { describe, expect, it } from 'vitest';
import { parseEndpoints, parseMetricsUrls, splitList } from '../../src/config/endpoints.js';

describe('splitList', () => {
  it.each([
    [' a , b,,c ', ['a', 'b', 'c']],
    [['a,b', ' c '], ['a', 'b', 'c']],
    [',', []],
    ['', undefined],
    ['  ', undefined],
    [undefined, undefined],
  ])('%j → %j', (value, expected) => {
    expect(splitList(value)).toEqual(expected);
  });
});

describe('parseEndpoints', () => {
  it.each([
    ['10.0.0.1:2379', 'http', 'http://10.0.0.1:2379'],
    ['10.0.0.1:2379', 'https', 'https://10.0.0.1:2379'],
    ['https://etcd-1.example.com:2379/', 'http', 'https://etcd-1.example.com:2379'],
    ['HTTPS://Etcd-1:2379', 'http', 'https://etcd-1:2379'],
    ['http://127.0.0.1:2379', 'https', 'http://127.0.0.1:2379'],
    ['[::1]:2379', 'http', 'http://[::1]:2379'],
    ['https://[fd00::1]:2379', 'http', 'https://[fd00::1]:2379'],
    ['https://etcd:443', 'http', 'https://etcd:443'],
    ['localhost:02379', 'http', 'http://localhost:2379'],
  ] as const)('%s with default scheme %s → %s', (item, scheme, expected) => {
    expect(parseEndpoints([item], '--endpoints', scheme)).toEqual({ ok: true, urls: [expected] });
  });

  it('keeps order and drops duplicates', () => {
    const result = parseEndpoints(['b:2379', 'a:2379', 'http://b:2379/'], '--endpoints', 'http');
    expect(result).toEqual({ ok: true, urls: ['http://b:2379', 'http://a:2379'] });
  });

  it.each([
    ['10.0.0.1:99999', 'has port 99999, outside 1-65535'],
    ['10.0.0.1:0', 'has port 0, outside 1-65535'],
    ['10.0.0.1:abc', 'has an invalid port "abc"'],
    ['10.0.0.1:', 'has an invalid port ""'],
    ['10.0.0.1', 'has no port'],
    ['::1:2379', 'has an invalid port'],
    ['https://etcd:2379/v3/kv', 'has a path'],
    ['https://etcd:2379?x=1', 'has a path'],
    ['unix:///run/etcd.sock', 'uses unix://'],
    ['https://:2379', 'is not a valid URL'],
    ['https://user:hunter2@etcd:2379', 'has a user name or password in it'],
  ])('rejects %s: %s', (item, why) => {
    const result = parseEndpoints([item], 'ETCDCTL_ENDPOINTS', 'http');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.message).toContain(why);
    expect(result.problem.message).toContain('in ETCDCTL_ENDPOINTS');
    expect(result.problem.hint).toContain('host:port');
  });

  it('never repeats a password written into an endpoint', () => {
    const result = parseEndpoints(['https://root:hunter2@etcd:2379'], '--endpoints', 'https');
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('rejects an empty list', () => {
    const result = parseEndpoints([], '--endpoints', 'http');
    expect(result).toMatchObject({ ok: false, problem: { message: '--endpoints lists no endpoint' } });
  });
});

describe('parseMetricsUrls', () => {
  it.each([
    ['http://10.0.0.1:2381', 'http://10.0.0.1:2381/metrics'],
    ['http://10.0.0.1:2381/', 'http://10.0.0.1:2381/metrics'],
    ['https://etcd:2379/metrics', 'https://etcd:2379/metrics'],
    ['http://etcd/custom/path', 'http://etcd/custom/path'],
  ])('%s → %s', (item, expected) => {
    expect(parseMetricsUrls([item], '--metrics-urls')).toEqual({ ok: true, urls: [expected] });
  });

  it.each([
    ['10.0.0.1:2381', 'has no http:// or https:// scheme'],
    ['ftp://etcd:2381', 'uses ftp://'],
    ['http://etcd:70000', 'outside 1-65535'],
  ])('rejects %s', (item, why) => {
    const result = parseMetricsUrls([item], '--metrics-urls');
    expect(result).toMatchObject({ ok: false, problem: { message: expect.stringContaining(why) } });
  });
});
