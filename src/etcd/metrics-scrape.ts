// GET one /metrics URL with a hard deadline. The deadline covers everything (connect, TLS,
// headers, body): a SIGSTOPped member accepts the TCP connection in the kernel and then never
// answers, and only destroying the request frees its socket.

import http from 'node:http';
import type https from 'node:https';
import type { TlsMaterial } from '../config/connection-config.js';
import { httpsTlsOptions } from '../config/https-tls-options.js';
import { httpsModule } from '../config/tls-modules.js';
import type { Failure, Outcome } from './gateway.js';
import { failureFromError, timeoutFailure, type ScrapePhase } from './scrape-failure.js';

/** etcd 3.4's /metrics is ~150 KiB; anything far larger is not etcd and must not fill memory. */
export const MAX_METRICS_BODY_BYTES = 8 * 1024 * 1024;

export type ScrapeTls = Pick<TlsMaterial, 'ca' | 'cert' | 'key' | 'insecureSkipVerify'>;

/**
 * The raw text of a /metrics page, checked to come from etcd (HTTP 200 and at least one etcd_
 * sample). Text rather than MemberMetrics so a caller parses it once and takes both
 * extractMemberMetrics and extractHistograms from it. Never rejects.
 */
export function scrapeMetrics(
  url: string,
  tls: ScrapeTls | undefined,
  timeoutMs: number,
): Promise<Outcome<string>> {
  const startedMs = performance.now();
  const elapsed = (): number => performance.now() - startedMs;
  return new Promise((resolve) => {
    const parsedUrl = parseUrl(url);
    if ('kind' in parsedUrl) {
      resolve({ ok: false, failure: parsedUrl, latencyMs: elapsed() });
      return;
    }
    let settled = false;
    let phase: ScrapePhase = 'connecting';
    let request: http.ClientRequest | undefined;
    let deadline: NodeJS.Timeout | undefined;
    const settle: Settle = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request?.destroy();
      const latencyMs = elapsed();
      resolve(
        'value' in result
          ? { ok: true, value: result.value, latencyMs }
          : { ok: false, failure: result.failure, latencyMs },
      );
    };
    deadline = setTimeout(() => settle({ failure: timeoutFailure(timeoutMs) }), timeoutMs);
    request = startRequest(parsedUrl, tls, (phaseNow) => (phase = phaseNow), settle);
    request.on('error', (error) => settle({ failure: failureFromError(error, parsedUrl, phase) }));
  });
}

type Settle = (result: { value: string } | { failure: Failure }) => void;

function startRequest(
  url: URL,
  tls: ScrapeTls | undefined,
  onPhase: (phase: ScrapePhase) => void,
  settle: Settle,
): http.ClientRequest {
  const isHttps = url.protocol === 'https:';
  const options: https.RequestOptions = {
    method: 'GET',
    // A fresh connection per scrape: destroying it on a deadline never poisons a shared pool.
    agent: false,
    // Ask for the plain text format, not protobuf or OpenMetrics, and no compression.
    headers: { accept: 'text/plain;version=0.0.4', 'accept-encoding': 'identity' },
  };
  if (isHttps) Object.assign(options, httpsTlsOptions(tls));
  const client = isHttps ? httpsModule() : http;
  const request = client.request(url, options, (response) => readBody(response, url, settle));
  request.on('socket', (socket) => {
    socket.once('connect', () => onPhase(isHttps ? 'handshaking' : 'requesting'));
    socket.once('secureConnect', () => onPhase('requesting'));
  });
  request.end();
  return request;
}

function readBody(response: http.IncomingMessage, url: URL, settle: Settle): void {
  if (response.statusCode !== 200) {
    response.resume();
    const status = `${response.statusCode ?? '?'} ${response.statusMessage ?? ''}`.trim();
    settle({ failure: notEtcd(`HTTP ${status} from ${url.href}`) });
    return;
  }
  const chunks: Buffer[] = [];
  let sizeBytes = 0;
  response.on('data', (chunk: Buffer) => {
    sizeBytes += chunk.length;
    if (sizeBytes > MAX_METRICS_BODY_BYTES) {
      settle({ failure: notEtcd(`${url.href} sent more than ${MAX_METRICS_BODY_BYTES / 1048576} MiB`) });
      return;
    }
    chunks.push(chunk);
  });
  response.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    if (looksLikeEtcdMetrics(text)) settle({ value: text });
    else settle({ failure: notEtcd(`${url.href} answered without etcd_ metrics`) });
  });
  // A body cut short (reset mid-stream) surfaces here, not on the request.
  response.on('error', (error) => settle({ failure: failureFromError(error, url, 'requesting') }));
}

// A sample line whose name starts with etcd_ (comments start with '#', so they never match).
const ETCD_SAMPLE_LINE = /^[ \t]*etcd_[a-zA-Z0-9_:]*[{ \t]/m;

/** True when the text holds an etcd_ sample: tells etcd apart from other exporters, cheaply. */
export function looksLikeEtcdMetrics(text: string): boolean {
  return ETCD_SAMPLE_LINE.test(text);
}

function notEtcd(message: string): Failure {
  return {
    kind: 'not-etcd',
    message,
    hint: "use a member's client URL or its --listen-metrics-urls address, path /metrics",
  };
}

function parseUrl(url: string): URL | Failure {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed;
  } catch {
    // Invalid URLs fall through to the same Failure as unsupported schemes.
  }
  return {
    kind: 'unknown',
    message: `not an http(s) URL: ${url}`,
    hint: 'write it as http://host:port/metrics',
  };
}
