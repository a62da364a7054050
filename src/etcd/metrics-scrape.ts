// GET one /metrics URL with a hard deadline. The deadline covers everything (connect, TLS,
// headers, body): a SIGSTOPped member accepts the TCP connection in the kernel and then never
// answers, and only destroying the connection frees its socket. A scrape shares its connection
// only with requests to the same origin made in the same turn (http-pipeline.ts: a one-shot's
// status of that member), on a connection opened for them or one a member list just left open
// (idle-connections.ts); giving up on its answer ends the connection once none of them waits
// either.

import type { TlsMaterial } from '../config/connection-config.js';
import { monotonicMs } from '../core/monotonic-clock.js';
import type { Failure, Outcome } from './gateway.js';
import type { HttpAnswer } from './http-answer.js';
import { exchange } from './http-exchange.js';
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
  const startedMs = monotonicMs();
  const elapsed = (): number => monotonicMs() - startedMs;
  return new Promise((resolve) => {
    const parsedUrl = parseUrl(url);
    if ('kind' in parsedUrl) {
      resolve({ ok: false, failure: parsedUrl, latencyMs: elapsed() });
      return;
    }
    let settled = false;
    let phase: ScrapePhase = 'connecting';
    const settle: Settle = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      const latencyMs = elapsed();
      resolve(
        'value' in result
          ? { ok: true, value: result.value, latencyMs }
          : { ok: false, failure: result.failure, latencyMs },
      );
    };
    const call = exchange(parsedUrl, SCRAPE_REQUEST, tls, { maxBodyBytes: MAX_METRICS_BODY_BYTES, onPhase: (phaseNow) => (phase = phaseNow) });
    // Only a scrape cut short gives its answer up: an answered or failed one has none to wait for.
    const deadline = setTimeout(() => {
      call.abort();
      settle({ failure: timeoutFailure(timeoutMs) });
    }, timeoutMs);
    call.answer.then(
      (answer) => settle(pageOf(answer, parsedUrl)),
      (error: NodeJS.ErrnoException) => settle({
        failure: error.code === 'ERR_HTTP_BODY_TOO_LARGE'
          ? notEtcd(`${parsedUrl.href} sent more than ${MAX_METRICS_BODY_BYTES / 1048576} MiB`)
          : failureFromError(error, parsedUrl, phase),
      }),
    );
  });
}

type Settle = (result: { value: string } | { failure: Failure }) => void;

// The plain text format, not protobuf or OpenMetrics, and no compression.
const SCRAPE_REQUEST = { method: 'GET', headers: { accept: 'text/plain;version=0.0.4', 'accept-encoding': 'identity' } } as const;

function pageOf(answer: HttpAnswer, url: URL): { value: string } | { failure: Failure } {
  if (answer.statusCode !== 200) return { failure: notEtcd(`HTTP ${`${answer.statusCode} ${answer.statusMessage}`.trim()} from ${url.href}`) };
  const text = answer.body.toString('utf8');
  return looksLikeEtcdMetrics(text) ? { value: text } : { failure: notEtcd(`${url.href} answered without etcd_ metrics`) };
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
