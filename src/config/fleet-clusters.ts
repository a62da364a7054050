// The --clusters file of `etcdtop fleet`: cluster names (as the backend labels them) mapped to
// the connection settings the live monitor takes today, so one key opens it on that cluster.
// JSON: {"clusters": {"prod-eu-1": {"endpoints": "https://10.0.0.1:2379", "cacert": "…", "cert": "…", "key": "…"}}}
import { readFile } from 'node:fs/promises';
import type { Problem } from '../cli/report-problem.js';

/** The connection flags a cluster entry may set (etcdctl's names, as on the command line). */
export const CLUSTER_SETTINGS = ['endpoints', 'cacert', 'cert', 'key', 'user', 'dial-timeout', 'command-timeout', 'metrics-urls', 'insecure-skip-tls-verify'] as const;

export type ClusterSettings = Partial<Record<(typeof CLUSTER_SETTINGS)[number], string | boolean>>;

export type ClustersFile = { ok: true; clusters: Record<string, ClusterSettings> } | { ok: false; problem: Problem };

export function parseClustersFile(text: string, path: string): ClustersFile {
  const fail = (message: string): ClustersFile => ({
    ok: false,
    problem: { message: `${path}: ${message}`, hint: 'write {"clusters": {"NAME": {"endpoints": "https://HOST:2379", "cacert": "ca.crt", "cert": "client.crt", "key": "client.key"}}}' },
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`not JSON (${(error as Error).message})`);
  }
  const clusters = (parsed as { clusters?: unknown } | null)?.clusters;
  if (!clusters || typeof clusters !== 'object' || Array.isArray(clusters)) return fail('no "clusters" object');
  const out: Record<string, ClusterSettings> = {};
  for (const [name, entry] of Object.entries(clusters as Record<string, unknown>)) {
    if (!entry || typeof entry !== 'object') return fail(`cluster "${name}" is not an object`);
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
      if (!(CLUSTER_SETTINGS as readonly string[]).includes(key)) return fail(`cluster "${name}": unknown setting "${key}" (known: ${CLUSTER_SETTINGS.join(', ')}; passwords come from ETCDCTL_PASSWORD)`);
      if (typeof value !== 'string' && typeof value !== 'boolean') return fail(`cluster "${name}": "${key}" must be a string`);
    }
    if (typeof (entry as ClusterSettings).endpoints !== 'string') return fail(`cluster "${name}" has no "endpoints"`);
    out[name] = entry as ClusterSettings;
  }
  return { ok: true, clusters: out };
}

export async function loadClustersFile(path: string): Promise<ClustersFile> {
  try {
    return parseClustersFile(await readFile(path, 'utf8'), path);
  } catch (error) {
    return { ok: false, problem: { message: `cannot read --clusters ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, hint: 'check the path' } };
  }
}

/** The monitor's command-line flags for one cluster; read-only, as everything opened from the fleet. */
export function monitorArgsFor(settings: ClusterSettings): string[] {
  const args = Object.entries(settings).flatMap(([key, value]) => (value === true ? [`--${key}`] : value === false ? [] : [`--${key}`, String(value)]));
  return [...args, '--read-only'];
}
