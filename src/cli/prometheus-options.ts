// Flags for reading etcd metrics from a Prometheus-compatible backend (`fleet`, `check
// --prometheus`): where it is, how to authenticate, and which series are etcd's.
import { readFile } from 'node:fs/promises';
import type { Options } from 'yargs';
import { parseDuration } from '../config/duration.js';
import type { FleetQuery } from '../core/fleet/collect-fleet.js';
import type { PrometheusSettings } from '../prometheus/client.js';
import type { Problem } from './report-problem.js';

export const PROMETHEUS_GROUP = 'Prometheus backend (fleet mode):';

export const prometheusOptions = {
  prometheus: { type: 'string', describe: 'Base URL of Prometheus, Thanos, Mimir (with its /prometheus prefix) or VictoriaMetrics' },
  'prometheus-header': { type: 'string', array: true, describe: 'Extra header "Name: value", repeatable (e.g. "X-Scope-OrgID: team-a")' },
  'prometheus-bearer-token-file': { type: 'string', describe: 'File holding a bearer token (or env ETCDTOP_PROMETHEUS_BEARER_TOKEN)' },
  'prometheus-user': { type: 'string', describe: 'Basic auth user; the password from env ETCDTOP_PROMETHEUS_PASSWORD' },
  'prometheus-cacert': { type: 'string', describe: 'CA bundle for an https backend' },
  'prometheus-cert': { type: 'string', describe: 'Client certificate for mTLS to the backend' },
  'prometheus-key': { type: 'string', describe: 'Client key for mTLS to the backend' },
  'prometheus-timeout': { type: 'string', default: '10s', describe: 'Deadline of each query' },
  'cluster-label': { type: 'string', describe: 'Label naming a cluster (default cluster, or job when no series has cluster)' },
  'etcd-selector': { type: 'string', default: 'job=~".*etcd.*"', describe: "Label matchers selecting etcd's series (etcd-mixin's default)" },
} as const satisfies Record<string, Options>;

export interface PrometheusArgs {
  prometheus?: string;
  prometheusHeader?: string[];
  prometheusBearerTokenFile?: string;
  prometheusUser?: string;
  prometheusCacert?: string;
  prometheusCert?: string;
  prometheusKey?: string;
  prometheusTimeout?: string;
  clusterLabel?: string;
  etcdSelector?: string;
}

export type PrometheusConfig = { ok: true; settings: PrometheusSettings; query: FleetQuery } | { ok: false; problem: Problem };

export async function prometheusConfig(args: PrometheusArgs, env: NodeJS.ProcessEnv = process.env): Promise<PrometheusConfig> {
  const fail = (message: string, hint: string): PrometheusConfig => ({ ok: false, problem: { message, hint } });
  const base = args.prometheus ?? '';
  if (base === '') return fail('--prometheus URL is required', 'give the base URL of Prometheus, Thanos, Mimir or VictoriaMetrics, e.g. --prometheus http://prometheus-operated.monitoring:9090');
  if (!/^https?:\/\/[^/]/.test(base)) return fail(`--prometheus ${JSON.stringify(base)} is not an http(s) URL`, 'give the base URL, e.g. --prometheus http://prometheus.monitoring:9090 or https://mimir.example.com/prometheus');
  const timeoutMs = parseDuration(args.prometheusTimeout ?? '10s');
  if (timeoutMs === undefined || timeoutMs <= 0) return fail(`--prometheus-timeout ${JSON.stringify(args.prometheusTimeout)} is not a duration`, 'use Go syntax, e.g. 10s or 1m');
  const headers: Record<string, string> = {};
  for (const header of args.prometheusHeader ?? []) {
    const match = /^([^:\s]+):\s*(.*)$/.exec(header);
    if (!match) return fail(`--prometheus-header ${JSON.stringify(header)} is not "Name: value"`, 'e.g. --prometheus-header "X-Scope-OrgID: team-a"');
    headers[match[1]!] = match[2]!;
  }
  const files: Record<string, Buffer> = {};
  for (const [flag, path] of [['prometheus-bearer-token-file', args.prometheusBearerTokenFile], ['prometheus-cacert', args.prometheusCacert], ['prometheus-cert', args.prometheusCert], ['prometheus-key', args.prometheusKey]] as const) {
    if (path === undefined) continue;
    try {
      files[flag] = await readFile(path);
    } catch (error) {
      return fail(`cannot read --${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'check the path and that this user may read it');
    }
  }
  if (Boolean(files['prometheus-cert']) !== Boolean(files['prometheus-key'])) return fail('--prometheus-cert and --prometheus-key go together', 'give both files for mTLS, or neither');
  const token = files['prometheus-bearer-token-file']?.toString('utf8').trim() ?? env.ETCDTOP_PROMETHEUS_BEARER_TOKEN;
  const tls = files['prometheus-cacert'] || files['prometheus-cert']
    ? { ...(files['prometheus-cacert'] ? { ca: files['prometheus-cacert'] } : {}), ...(files['prometheus-cert'] ? { cert: files['prometheus-cert'], key: files['prometheus-key'] } : {}) }
    : undefined;
  const settings: PrometheusSettings = {
    baseUrl: base,
    headers,
    timeoutMs,
    ...(token ? { bearerToken: token } : {}),
    ...(args.prometheusUser ? { basicAuth: { user: args.prometheusUser, password: env.ETCDTOP_PROMETHEUS_PASSWORD ?? '' } } : {}),
    ...(tls ? { tls } : {}),
  };
  const query: FleetQuery = {
    clusterLabel: args.clusterLabel ?? 'cluster',
    fallbackToJob: args.clusterLabel === undefined,
    etcdSelector: args.etcdSelector ?? 'job=~".*etcd.*"',
  };
  return { ok: true, settings, query };
}
