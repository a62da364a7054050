// Reading the local member's own configuration (kubeadm's static pod manifest, Kubespray's
// /etc/etcd.env) just far enough to learn its client URLs and certificate paths. Plain text
// scanning on purpose: pulling in a YAML or shell parser for two keys is not worth the weight.

/**
 * KEY=value lines as systemd's EnvironmentFile reads them (Kubespray's etcd.env is one): optional
 * `export`, optional quotes, `#` comments; no variable expansion, as systemd does none either.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(rawLine);
    if (match === null) continue;
    const [, key = '', rawValue = ''] = match;
    values[key] = unquote(rawValue);
  }
  return values;
}

function unquote(rawValue: string): string {
  const quoted = /^(["'])(.*?)\1/.exec(rawValue);
  if (quoted !== null) return quoted[2] ?? '';
  // Operators annotate values in place: ETCD_QUOTA_BACKEND_BYTES=8589934592 # 8 GB
  return rawValue.replace(/\s+#.*$/, '').trim();
}

/** The value of `--flag=value` in a pod manifest's command list, quotes removed. */
export function manifestFlag(manifest: string, flag: string): string | undefined {
  const escaped = flag.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&');
  const match = new RegExp(`^\\s*-\\s*["']?--${escaped}=([^"'\\s]+)`, 'm').exec(manifest);
  return match?.[1];
}

export function splitUrls(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((url) => url.trim()).filter((url) => url !== '');
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const WILDCARD_HOSTS = new Set(['0.0.0.0', '[::]']);

/**
 * The URL etcdtop should dial on this machine: a loopback URL if the member listens on one
 * (works whatever the node's address is and matches the certificates kubeadm/Kubespray make),
 * else loopback on a wildcard listener's port, else the first advertised URL, else the first listened.
 */
export function pickLocalClientUrl(listen: readonly string[], advertise: readonly string[]): string | undefined {
  const all = [...listen, ...advertise];
  const loopback = all.find((url) => LOOPBACK_HOSTS.has(hostOf(url) ?? ''));
  if (loopback !== undefined) return loopback;
  const wildcard = listen.find((url) => WILDCARD_HOSTS.has(hostOf(url) ?? ''));
  if (wildcard !== undefined) {
    const url = new URL(wildcard);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return `${url.protocol}//127.0.0.1:${port}`;
  }
  return advertise[0] ?? listen[0];
}
