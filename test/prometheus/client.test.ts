// The Prometheus client over real HTTP on 127.0.0.1: what it sends (path prefix, headers, auth,
// POST form) and how it reads answers, warnings and failures.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpPrometheusClient } from '../../src/prometheus/client.js';
import { prometheusConfig } from '../../src/cli/prometheus-options.js';
import { monitorArgsFor, parseClustersFile } from '../../src/config/fleet-clusters.js';

let server: Server;
let base = '';
const seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url?.startsWith('/prometheus/api/v1/label/cluster/values')) {
        res.end(JSON.stringify({ status: 'success', data: ['a', 'b'] }));
      } else if (req.url === '/prometheus/api/v1/query') {
        res.end(JSON.stringify({ status: 'success', warnings: ['partial response'], data: { resultType: 'vector', result: [{ metric: { cluster: 'a' }, value: [1, '2'] }, { metric: { cluster: 'b' }, value: [1, 'NaN'] }] } }));
      } else if (req.url === '/forbidden/api/v1/query') {
        res.writeHead(401).end('no');
      } else if (req.url === '/bad/api/v1/query') {
        res.writeHead(400).end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }));
      } else {
        res.writeHead(404).end('<html>not found</html>');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (path: string, extra: Partial<ConstructorParameters<typeof HttpPrometheusClient>[0]> = {}) =>
  new HttpPrometheusClient({ baseUrl: `${base}${path}`, headers: { 'X-Scope-OrgID': 'platform' }, timeoutMs: 2000, ...extra });

describe('HttpPrometheusClient', () => {
  it('queries under the path prefix by POST with the extra headers and bearer auth, and passes warnings on; NaN is no value', async () => {
    const answer = await client('/prometheus/', { bearerToken: 't0k' }).query('up{job="etcd"}', 1000);
    expect(answer).toMatchObject({ ok: true, value: { warnings: ['partial response'], data: [{ labels: { cluster: 'a' }, value: 2 }] } });
    expect(answer.ok && answer.value.data).toHaveLength(1);
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/prometheus/api/v1/query' });
    expect(request.headers['x-scope-orgid']).toBe('platform');
    expect(request.headers.authorization).toBe('Bearer t0k');
    expect(new URLSearchParams(request.body).get('query')).toBe('up{job="etcd"}');
  });

  it('asks label values by GET with match[] and basic auth', async () => {
    const answer = await client('/prometheus', { basicAuth: { user: 'u', password: 'p' } }).labelValues('cluster', ['{job=~".*etcd.*"}'], 100);
    expect(answer).toMatchObject({ ok: true, value: { data: ['a', 'b'] } });
    const request = seen.at(-1)!;
    expect(request.method).toBe('GET');
    expect(new URL(request.url!, base).searchParams.getAll('match[]')).toEqual(['{job=~".*etcd.*"}']);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it.each([
    ['/forbidden', 'auth', /refused the request \(HTTP 401\)/],
    ['/bad', 'rejected', /bad_data: parse error/],
    ['/nothing-here', 'not-etcd', /did not answer with Prometheus API JSON \(HTTP 404\)/],
  ])('reports %s as a %s failure with a hint', async (path, kind, message) => {
    const answer = await client(path).query('up');
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.failure.kind).toBe(kind);
      expect(answer.failure.message).toMatch(message);
      expect(answer.failure.hint).toBeTruthy();
    }
  });

  it('reports a refused connection as unreachable', async () => {
    const answer = await new HttpPrometheusClient({ baseUrl: 'http://127.0.0.1:1', headers: {}, timeoutMs: 1000 }).query('up');
    expect(answer).toMatchObject({ ok: false, failure: { kind: 'unreachable', message: expect.stringMatching(/ECONNREFUSED/) } });
  });
});

describe('fleet settings', () => {
  it.each([
    [{}, /--prometheus URL is required/],
    [{ prometheus: 'prometheus:9090' }, /is not an http\(s\) URL/],
    [{ prometheus: 'http://p:9090', prometheusHeader: ['no colon'] }, /is not "Name: value"/],
    [{ prometheus: 'http://p:9090', prometheusTimeout: '5' }, /is not a duration/],
    [{ prometheus: 'http://p:9090', prometheusCacert: '/nonexistent/ca.crt' }, /cannot read --prometheus-cacert/],
  ])('refuses %o in one line with a hint', async (args, message) => {
    const config = await prometheusConfig(args, {});
    expect(config.ok).toBe(false);
    if (!config.ok) {
      expect(config.problem.message).toMatch(message);
      expect(config.problem.hint).toBeTruthy();
    }
  });

  it('falls back to job only when --cluster-label is not given; takes the token and password from the environment', async () => {
    const config = await prometheusConfig({ prometheus: 'https://mimir/prometheus', prometheusHeader: ['X-Scope-OrgID: a'], prometheusUser: 'u' }, { ETCDTOP_PROMETHEUS_PASSWORD: 'pw', ETCDTOP_PROMETHEUS_BEARER_TOKEN: 'tok' });
    expect(config).toMatchObject({ ok: true, settings: { headers: { 'X-Scope-OrgID': 'a' }, bearerToken: 'tok', basicAuth: { user: 'u', password: 'pw' } }, query: { clusterLabel: 'cluster', fallbackToJob: true } });
    const given = await prometheusConfig({ prometheus: 'http://p', clusterLabel: 'k8s_cluster' }, {});
    expect(given).toMatchObject({ ok: true, query: { clusterLabel: 'k8s_cluster', fallbackToJob: false } });
  });

  it('reads the --clusters file into the live monitor\u2019s flags, read-only', () => {
    const file = parseClustersFile(JSON.stringify({ clusters: { eu: { endpoints: 'https://10.0.0.1:2379', cacert: 'ca.crt', 'insecure-skip-tls-verify': true } } }), 'c.json');
    expect(file.ok && monitorArgsFor(file.clusters.eu!)).toEqual(['--endpoints', 'https://10.0.0.1:2379', '--cacert', 'ca.crt', '--insecure-skip-tls-verify', '--read-only']);
    expect(parseClustersFile('{"clusters": {"eu": {"password": "x", "endpoints": "e"}}}', 'c.json')).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/unknown setting "password"/) } });
    expect(parseClustersFile('nope', 'c.json')).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/^c\.json: not JSON/) } });
  });
});
