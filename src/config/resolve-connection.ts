// How to reach the cluster, decided once like etcdctl does: each setting from its flag, else its
// ETCDCTL_* variable, else a default; with no endpoint and no TLS file named anywhere, the local
// member is found from kubeadm/k3s/RKE2/Kubespray certificates. Expected mistakes come back as
// a ConfigProblem (one line, one hint); nothing here throws for them.
import type { ConfigResult, ConfigProblem, ConnectionConfig, TlsMaterial } from './connection-config.js';
import { resolveSettings, type SettingFlags } from './connection-settings.js';
import { detectLocalEtcd, type DetectionContext } from './detect-local-etcd.js';
import { parseEndpoints, splitList } from './endpoints.js';
import { LOCAL_ENDPOINT } from './local-distributions.js';
import { readFileFromDisk } from './pem-files.js';
import { pickList, SettingOrigins, type Env } from './setting-sources.js';
import { loadTlsFiles, type TlsFiles, type TlsFlags } from './tls-files.js';

export { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_DIAL_TIMEOUT_MS } from './connection-settings.js';

/** Raw CLI values; yargs' camel-cased ConnectionArgs fits as is. */
export interface ConnectionFlags extends TlsFlags, SettingFlags {
  /** Comma-separated, or several --endpoints flags. */
  endpoints?: string | readonly string[];
}

type Target = { ok: true; endpoints: string[]; files: TlsFiles | undefined } | { ok: false; problem: ConfigProblem };

async function resolveTarget(
  input: ConnectionFlags,
  env: Env,
  explicitFiles: TlsFiles | undefined,
  insecureTransport: boolean,
  probe: DetectionContext,
  origins: SettingOrigins,
): Promise<Target> {
  const given = pickList(input.endpoints, '--endpoints', env, 'ETCDCTL_ENDPOINTS');
  if (given !== undefined) {
    // etcdctl dials a bare host:port with TLS as soon as any TLS material is configured.
    const scheme = explicitFiles !== undefined || !insecureTransport ? 'https' : 'http';
    const parsed = parseEndpoints(splitList(given.value) ?? [], given.label, scheme);
    if (!parsed.ok) return parsed;
    origins.note(given);
    return { ok: true, endpoints: parsed.urls, files: explicitFiles };
  }
  // Files named without an endpoint: etcdctl's default endpoint, rather than detected certificates
  // mixed with the operator's own.
  if (explicitFiles !== undefined) {
    origins.add(`default endpoint ${LOCAL_ENDPOINT}`);
    return { ok: true, endpoints: [LOCAL_ENDPOINT], files: explicitFiles };
  }
  const detection = await detectLocalEtcd(probe);
  if (!detection.found) return { ok: false, problem: detection.problem };
  origins.add(detection.detected.source);
  return { ok: true, endpoints: detection.detected.endpoints, files: detection.detected.tls };
}

function tlsFor(endpoints: readonly string[], files: TlsFiles | undefined, insecureSkipVerify: boolean): TlsMaterial | undefined {
  const anyHttps = endpoints.some((endpoint) => endpoint.startsWith('https://'));
  if (files === undefined && !anyHttps) return undefined;
  return { ...files, insecureSkipVerify };
}

/**
 * Precedence per setting: flag > ETCDCTL_* variable > detection or default. `env` is usually
 * process.env; `probe` sets the detection root, hostname and file reader (tests).
 */
export async function resolveConnection(input: ConnectionFlags, env: Env, probe: DetectionContext = {}): Promise<ConfigResult> {
  const origins = new SettingOrigins();
  const settings = resolveSettings(input, env, origins);
  if (!settings.ok) return settings;
  const explicit = await loadTlsFiles(input, env, probe.readFile ?? readFileFromDisk, origins);
  if (!explicit.ok) return explicit;
  const { value } = settings;
  const target = await resolveTarget(input, env, explicit.files, value.insecureTransport, probe, origins);
  if (!target.ok) return target;
  const tls = tlsFor(target.endpoints, target.files, value.insecureSkipVerify);
  const config: ConnectionConfig = {
    endpoints: target.endpoints,
    ...(tls !== undefined ? { tls } : {}),
    ...(value.auth !== undefined ? { auth: value.auth } : {}),
    dialTimeoutMs: value.dialTimeoutMs,
    commandTimeoutMs: value.commandTimeoutMs,
    metricsUrls: value.metricsUrls,
    source: origins.describe(),
  };
  return { ok: true, config };
}
