// The only place that speaks Prometheus' HTTP API (like src/etcd for etcd): instant queries,
// range queries and label values against Prometheus, Thanos, Mimir or VictoriaMetrics. Expected
// failures (refused, timeout, HTTP 4xx/5xx, TLS, a bad answer) come back as values with a
// one-line reason and a hint; only bugs throw.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Failure, Outcome } from '../etcd/gateway.js';
import { httpsTlsOptions } from '../config/https-tls-options.js';
import { httpsModule } from '../config/tls-modules.js';

export interface PrometheusSettings {
  /** Base URL including any path prefix, e.g. https://mimir.example.com/prometheus. */
  baseUrl: string;
  /** Sent with every request, e.g. X-Scope-OrgID for Mimir, Cortex and Thanos tenants. */
  headers: Record<string, string>;
  bearerToken?: string;
  basicAuth?: { user: string; password: string };
  /** PEM contents (not paths): the config layer reads the files. */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; insecureSkipVerify?: boolean };
  timeoutMs: number;
}

export type Labels = Record<string, string>;

export interface InstantSample {
  labels: Labels;
  value: number;
}

export interface RangeSeries {
  labels: Labels;
  /** [unix seconds, value] pairs, ascending. */
  points: [number, number][];
}

export interface Answer<T> {
  data: T;
  /** The backend's `warnings` (Thanos partial responses, Mimir limits), shown in the banner. */
  warnings: string[];
}

export interface PrometheusClient {
  query(expr: string, atSeconds?: number): Promise<Outcome<Answer<InstantSample[]>>>;
  queryRange(expr: string, startSeconds: number, endSeconds: number, stepSeconds: number): Promise<Outcome<Answer<RangeSeries[]>>>;
  labelValues(label: string, matchers: string[], startSeconds?: number): Promise<Outcome<Answer<string[]>>>;
}

type Untimed<T> = { ok: true; value: T } | { ok: false; failure: Failure };

interface ApiBody {
  status?: string;
  data?: unknown;
  error?: string;
  errorType?: string;
  warnings?: unknown;
}

export class HttpPrometheusClient implements PrometheusClient {
  constructor(private readonly settings: PrometheusSettings) {}

  async query(expr: string, atSeconds?: number): Promise<Outcome<Answer<InstantSample[]>>> {
    const params = new URLSearchParams({ query: expr });
    if (atSeconds !== undefined) params.set('time', String(atSeconds));
    const answer = await this.call('/api/v1/query', params);
    return mapOk(answer, (data) => instantSamples(data));
  }

  async queryRange(expr: string, startSeconds: number, endSeconds: number, stepSeconds: number): Promise<Outcome<Answer<RangeSeries[]>>> {
    const params = new URLSearchParams({ query: expr, start: String(startSeconds), end: String(endSeconds), step: String(stepSeconds) });
    const answer = await this.call('/api/v1/query_range', params);
    return mapOk(answer, (data) => rangeSeries(data));
  }

  async labelValues(label: string, matchers: string[], startSeconds?: number): Promise<Outcome<Answer<string[]>>> {
    const params = new URLSearchParams();
    for (const matcher of matchers) params.append('match[]', matcher);
    if (startSeconds !== undefined) params.set('start', String(startSeconds));
    const answer = await this.call(`/api/v1/label/${encodeURIComponent(label)}/values`, params);
    return mapOk(answer, (data) => (Array.isArray(data) ? data.filter((v): v is string => typeof v === 'string') : undefined));
  }

  /**
   * Queries go as POST with a form body (500 clusters' regexes do not fit in a URL); Prometheus
   * 2.x serves label values by GET only, and their parameters are short.
   */
  private call(path: string, params: URLSearchParams): Promise<Outcome<Answer<unknown>>> {
    const started = Date.now();
    const post = !path.includes('/label/');
    const url = new URL(this.settings.baseUrl.replace(/\/+$/, '') + path + (post ? '' : `?${params.toString()}`));
    const body = post ? params.toString() : '';
    const { tls } = this.settings;
    const send = url.protocol === 'https:' ? httpsModule().request : httpRequest;
    return new Promise((resolve) => {
      const done = (outcome: Untimed<Answer<unknown>>) =>
        resolve({ ...outcome, latencyMs: Date.now() - started } as Outcome<Answer<unknown>>);
      const req = send(url, {
        method: post ? 'POST' : 'GET',
        headers: { ...this.headers(), ...(post ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } : {}) },
        timeout: this.settings.timeoutMs,
        ...(tls ? httpsTlsOptions(tls) : {}),
      }, (res) => {
        readBody(res).then((text) => done(parseAnswer(res.statusCode ?? 0, text, url)), (error: Error) => done(fail('unreachable', error.message)));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.settings.timeoutMs} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) => done(transportFailure(error, url)));
      req.end(body);
    });
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.settings.headers };
    if (this.settings.bearerToken) headers.authorization = `Bearer ${this.settings.bearerToken}`;
    else if (this.settings.basicAuth) {
      const { user, password } = this.settings.basicAuth;
      headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    }
    return headers;
  }
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function fail(kind: Failure['kind'], message: string, hint?: string): { ok: false; failure: Failure } {
  return { ok: false, failure: { kind, message, ...(hint ? { hint } : {}) } };
}

function transportFailure(error: NodeJS.ErrnoException, url: URL): { ok: false; failure: Failure } {
  const where = `${url.protocol}//${url.host}`;
  if (/certificate|SSL|TLS|self.signed/i.test(error.message) || error.code?.startsWith('ERR_TLS') || error.code?.includes('CERT')) {
    return fail('tls', `TLS with ${where} failed: ${error.message}`, 'pass --prometheus-cacert with the CA that signed its certificate (and --prometheus-cert/--prometheus-key if it asks for one)');
  }
  if (/no answer within/.test(error.message)) return fail('timeout', `${where}: ${error.message}`, 'the backend is slow or overloaded; raise --prometheus-timeout');
  return fail('unreachable', `cannot reach ${where}: ${error.code ?? error.message}`, 'check --prometheus (scheme, host, port and path prefix such as /prometheus for Mimir)');
}

function parseAnswer(status: number, text: string, url: URL): Untimed<Answer<unknown>> {
  let body: ApiBody | undefined;
  try {
    body = JSON.parse(text) as ApiBody;
  } catch {
    body = undefined;
  }
  if (status === 401 || status === 403) {
    return fail('auth', `${url.host} refused the request (HTTP ${status})`, 'check --prometheus-bearer-token, --prometheus-user/--prometheus-password or the tenant header (--prometheus-header)');
  }
  if (!body || typeof body !== 'object') {
    return fail('not-etcd', `${url.href} did not answer with Prometheus API JSON (HTTP ${status})`, 'check the path prefix of --prometheus (Mimir serves under /prometheus)');
  }
  if (body.status !== 'success') {
    return fail('rejected', `${url.pathname}: ${body.errorType ?? 'error'}: ${body.error ?? `HTTP ${status}`}`, 'check --etcd-selector and --cluster-label');
  }
  const warnings = Array.isArray(body.warnings) ? body.warnings.map(String) : [];
  return { ok: true, value: { data: body.data, warnings } };
}

function mapOk<T>(outcome: Outcome<Answer<unknown>>, map: (data: unknown) => T | undefined): Outcome<Answer<T>> {
  if (!outcome.ok) return outcome;
  const data = map(outcome.value.data);
  if (data === undefined) return { ok: false, failure: { kind: 'not-etcd', message: 'the backend answered with an unexpected result shape' }, latencyMs: outcome.latencyMs };
  return { ok: true, value: { data, warnings: outcome.value.warnings }, latencyMs: outcome.latencyMs };
}

interface VectorData {
  resultType?: string;
  result?: { metric?: Labels; value?: [number, string]; values?: [number, string][] }[];
}

function instantSamples(data: unknown): InstantSample[] | undefined {
  const vector = data as VectorData;
  if (vector?.resultType === 'scalar') return [];
  if (vector?.resultType !== 'vector' || !Array.isArray(vector.result)) return undefined;
  return vector.result.flatMap((entry) => {
    const value = Number(entry.value?.[1]);
    return Number.isNaN(value) ? [] : [{ labels: entry.metric ?? {}, value }];
  });
}

function rangeSeries(data: unknown): RangeSeries[] | undefined {
  const matrix = data as VectorData;
  if (matrix?.resultType !== 'matrix' || !Array.isArray(matrix.result)) return undefined;
  return matrix.result.map((entry) => ({
    labels: entry.metric ?? {},
    points: (entry.values ?? []).flatMap(([t, v]): [number, number][] => (Number.isNaN(Number(v)) ? [] : [[t, Number(v)]])),
  }));
}
