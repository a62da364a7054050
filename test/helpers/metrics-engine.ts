// Starts a real Prometheus-compatible engine on 127.0.0.1 for fleet tests: Debian's `prometheus`
// (2.42) or `victoria-metrics` (1.79), each with its own config and data dir in a temp folder,
// scraping every second, never the packaged service. setClusters() rewrites the scrape config and
// reloads it (SIGHUP), so a test can make a cluster stop being scraped.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './etcd-cluster.js';
import { freePort } from './free-port.js';

export type EngineKind = 'prometheus' | 'victoria-metrics';

export interface ScrapedCluster {
  /** The `cluster` label. */
  name: string;
  /** host:port of each /metrics endpoint. */
  targets: string[];
}

export interface MetricsEngine {
  readonly kind: EngineKind;
  readonly url: string;
  /** The engine's process, for the bench's CPU figures. */
  readonly pid: number | undefined;
  setClusters(clusters: ScrapedCluster[]): Promise<void>;
  /** Replaces the whole scrape config (the synthetic fleet's) and reloads it. */
  setScrapeConfig(raw: string): Promise<void>;
  /** Replaces the recording rules (Prometheus only: VictoriaMetrics needs vmalert for rules). */
  setRules(rules: string): Promise<void>;
  /** Instant query, for waiting until the engine has scraped something. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

const SETPRIV = '/usr/bin/setpriv';

function scrapeConfig(clusters: ScrapedCluster[], job: string): string {
  const statics = clusters.map((c) => `      - targets: [${c.targets.map((t) => JSON.stringify(t)).join(', ')}]\n        labels: {cluster: ${JSON.stringify(c.name)}}`);
  return [
    'global:', '  scrape_interval: 1s', '  scrape_timeout: 900ms',
    'scrape_configs:', `  - job_name: ${job}`, '    static_configs:', ...(statics.length ? statics : ['      []']),
  ].join('\n') + '\n';
}

/**
 * `rawConfig` replaces the generated scrape config (the bench's synthetic fleet); `pathPrefix`
 * (e.g. /prometheus) serves the API under a prefix, as Mimir does.
 */
export async function startEngine(kind: EngineKind, clusters: ScrapedCluster[], job = 'etcd', rawConfig?: string, pathPrefix = ''): Promise<MetricsEngine> {
  const dir = await mkdtemp(join(tmpdir(), `etcdtop-${kind}-`));
  const configFile = join(dir, 'scrape.yml');
  const rulesFile = join(dir, 'rules.yml');
  // Every evaluation at the scrape interval; no group until a test or the bench sets rules.
  const withRules = (config: string) => {
    if (kind !== 'prometheus') return config;
    const interval = /scrape_interval: (\S+)/.exec(config)?.[1] ?? '1s';
    return `${config.replace('global:\n', `global:\n  evaluation_interval: ${interval}\n`)}rule_files: [${JSON.stringify(rulesFile)}]\n`;
  };
  await writeFile(rulesFile, 'groups: []\n');
  await writeFile(configFile, withRules(rawConfig ?? scrapeConfig(clusters, job)));
  const port = await freePort();
  const listen = `127.0.0.1:${port}`;
  const args = kind === 'prometheus'
    ? ['/usr/bin/prometheus', `--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=${listen}`, '--log.level=warn',
        ...(pathPrefix ? [`--web.external-url=http://${listen}${pathPrefix}`, `--web.route-prefix=${pathPrefix}`] : [])]
    : ['/usr/bin/victoria-metrics', `-storageDataPath=${join(dir, 'data')}`, `-httpListenAddr=${listen}`, `-promscrape.config=${configFile}`,
        ...(pathPrefix ? [`-http.pathPrefix=${pathPrefix}`] : []),
        // The default 30 s hides the newest samples; a 1 s scrape needs them at once.
        '-search.latencyOffset=1s', '-search.disableCache', '-loggerLevel=WARN'];
  const child: ChildProcess = spawn(SETPRIV, ['--pdeathsig', 'KILL', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://${listen}${pathPrefix}`;
  const query = async (expr: string) => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { data?: { result?: { metric: Record<string, string>; value: [number, string] }[] } };
    return body.data?.result ?? [];
  };
  const engine: MetricsEngine = {
    kind,
    url,
    pid: child.pid,
    query,
    async setClusters(next) {
      await writeFile(configFile, withRules(scrapeConfig(next, job)));
      child.kill('SIGHUP');
    },
    async setScrapeConfig(raw) {
      await writeFile(configFile, withRules(raw));
      child.kill('SIGHUP');
    },
    async setRules(rules) {
      if (kind !== 'prometheus') throw new Error(`${kind}: recording rules need vmalert, not started by this helper`);
      await writeFile(rulesFile, rules);
      child.kill('SIGHUP');
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor(async () => (await fetch(`${url}/api/v1/query?query=1`).then((r) => r.ok, () => false)) || undefined, 30_000, `${kind} to serve its API`);
  } catch (error) {
    await engine.stop();
    throw new Error(`${String(error)}; its stderr: ${stderr}`);
  }
  return engine;
}
