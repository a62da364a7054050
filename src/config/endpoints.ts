// Endpoint and metrics URL lists, checked here so a typo is one clear line before any dial.
import type { ConfigProblem } from './connection-config.js';

export type UrlListResult = { ok: true; urls: string[] } | { ok: false; problem: ConfigProblem };

type Checked = { ok: true; url: string } | { ok: false; why: string };

const ENDPOINT_HINT =
  'write each endpoint as host:port or https://host:port (IPv6 in brackets: https://[::1]:2379), several separated by commas';

/** Flattens yargs arrays and comma lists; undefined when nothing (or only blanks) was given. */
export function splitList(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const raw = typeof value === 'string' ? [value] : value;
  if (raw.every((part) => part.trim() === '')) return undefined;
  return raw.flatMap((part) => part.split(',')).map((part) => part.trim()).filter((part) => part !== '');
}

function authorityOf(url: string): string {
  const afterScheme = url.slice(url.indexOf('://') + 3);
  const authority = afterScheme.split(/[/?#]/)[0] ?? '';
  return authority.slice(authority.lastIndexOf('@') + 1);
}

/** Port text as written, or undefined when no port was written; "[::1]" has none, "[::1]:2379" has one. */
function writtenPort(authority: string): string | undefined {
  const match = /^(?:\[[^\]]*\]|[^:]*):(.*)$/.exec(authority);
  return match?.[1];
}

function checkPort(port: string | undefined, required: boolean): string | undefined {
  if (port === undefined) return required ? 'has no port (etcd serves clients on 2379)' : undefined;
  if (!/^\d+$/.test(port)) return `has an invalid port "${port}"`;
  const value = Number(port);
  return value >= 1 && value <= 65_535 ? undefined : `has port ${port}, outside 1-65535`;
}

function parseUrl(text: string, portRequired: boolean): { ok: true; url: URL } | { ok: false; why: string } {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return { ok: false, why: 'has no http:// or https:// scheme' };
  if (scheme !== 'http' && scheme !== 'https') {
    return { ok: false, why: `uses ${scheme}:// (only http:// and https:// are supported)` };
  }
  const portProblem = checkPort(writtenPort(authorityOf(text)), portRequired);
  if (portProblem !== undefined) return { ok: false, why: portProblem };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, why: 'is not a valid URL' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, why: 'has a user name or password in it (use --user and ETCDCTL_PASSWORD)' };
  }
  return { ok: true, url };
}

function checkEndpoint(item: string, defaultScheme: 'http' | 'https'): Checked {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(item) ? item : `${defaultScheme}://${item}`;
  const parsed = parseUrl(text, true);
  if (!parsed.ok) return parsed;
  const { url } = parsed;
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    return { ok: false, why: 'has a path; an endpoint is only scheme://host:port' };
  }
  // Rebuilt by hand because URL drops a default port (https://x:443 → https://x) and we keep it explicit.
  const port = Number(writtenPort(authorityOf(text)));
  return { ok: true, url: `${url.protocol}//${url.hostname}:${port}` };
}

function checkMetricsUrl(item: string): Checked {
  const parsed = parseUrl(item, false);
  if (!parsed.ok) return parsed;
  const { url } = parsed;
  // etcd serves metrics at /metrics of its --listen-metrics-urls, which operators write without the path.
  if (url.pathname === '/') url.pathname = '/metrics';
  return { ok: true, url: url.href };
}

/** Keeps the password out of messages when someone wrote https://user:secret@host:2379. */
function redact(item: string): string {
  // Greedy up to the last '@' of the authority: passwords typed raw may contain '@' themselves.
  return item.replace(/\/\/[^/]*@/, '//***@');
}

function checkAll(items: readonly string[], label: string, kind: string, check: (item: string) => Checked, hint: string): UrlListResult {
  if (items.length === 0) return { ok: false, problem: { message: `${label} lists no ${kind}`, hint } };
  const urls: string[] = [];
  for (const item of items) {
    const checked = check(item);
    if (!checked.ok) {
      return { ok: false, problem: { message: `${kind} "${redact(item)}" in ${label} ${checked.why}`, hint } };
    }
    if (!urls.includes(checked.url)) urls.push(checked.url);
  }
  return { ok: true, urls };
}

/** Like etcdctl: an item without a scheme gets defaultScheme (https when TLS material is present). */
export function parseEndpoints(items: readonly string[], label: string, defaultScheme: 'http' | 'https'): UrlListResult {
  return checkAll(items, label, 'endpoint', (item) => checkEndpoint(item, defaultScheme), ENDPOINT_HINT);
}

export function parseMetricsUrls(items: readonly string[], label: string): UrlListResult {
  const hint = 'write full URLs, e.g. http://10.0.0.1:2381/metrics (kubeadm serves plain-HTTP metrics on 2381), comma separated';
  return checkAll(items, label, 'metrics URL', checkMetricsUrl, hint);
}
