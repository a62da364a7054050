// Where each Kubernetes distribution keeps the local etcd member's client credentials, in the
// order etcdtop prefers them. Paths are those of the real machine; io.under() places them under
// the detection root so tests can point at a fixture tree.
import path from 'node:path';
import type { CertTriple, ProbeIo } from './cert-candidates.js';
import { manifestFlag, parseEnvFile, pickLocalClientUrl, splitUrls } from './etcd-config-files.js';

export type Distribution = 'kubeadm' | 'k3s' | 'rke2' | 'kubespray';

export interface Candidate {
  distribution: Distribution;
  /** Display name: "kubeadm", "k3s", "RKE2", "Kubespray". */
  label: string;
  /** Tried in order; the first with all three files readable wins. */
  triples: CertTriple[];
  /** Files that were looked for besides the triples, for the "nothing found" message. */
  alsoLookedFor: string[];
  /** Called only for the winning candidate, so a failed detection reads no manifest. */
  endpoints(): Promise<string[]>;
}

/** Every distribution listed here runs etcd on the node with a client listener on loopback. */
export const LOCAL_ENDPOINT = 'https://127.0.0.1:2379';

// healthcheck-client is the client-only certificate kubeadm makes for exactly this; server and
// peer also carry clientAuth; apiserver-etcd-client covers kubeadm with an external etcd.
const KUBEADM_PAIRS = [
  ['etcd/healthcheck-client.crt', 'etcd/healthcheck-client.key'],
  ['etcd/server.crt', 'etcd/server.key'],
  ['etcd/peer.crt', 'etcd/peer.key'],
  ['apiserver-etcd-client.crt', 'apiserver-etcd-client.key'],
] as const;

function kubeadm(io: ProbeIo): Candidate {
  const pki = io.under('/etc/kubernetes/pki');
  const ca = path.join(pki, 'etcd/ca.crt');
  const triples = KUBEADM_PAIRS.map(([cert, key]) => ({ ca, cert: path.join(pki, cert), key: path.join(pki, key) }));
  return { distribution: 'kubeadm', label: 'kubeadm', triples, alsoLookedFor: [], endpoints: () => kubeadmEndpoints(io) };
}

/** The local member's own listener first; else where the API server reaches etcd (external etcd). */
async function kubeadmEndpoints(io: ProbeIo): Promise<string[]> {
  const etcdManifest = await io.readText(io.under('/etc/kubernetes/manifests/etcd.yaml'));
  if (etcdManifest !== undefined) {
    const listen = splitUrls(manifestFlag(etcdManifest, 'listen-client-urls'));
    const advertise = splitUrls(manifestFlag(etcdManifest, 'advertise-client-urls'));
    const url = pickLocalClientUrl(listen, advertise);
    if (url !== undefined) return [url];
  }
  const apiserverManifest = await io.readText(io.under('/etc/kubernetes/manifests/kube-apiserver.yaml'));
  const etcdServers = apiserverManifest === undefined ? [] : splitUrls(manifestFlag(apiserverManifest, 'etcd-servers'));
  return etcdServers.length > 0 ? etcdServers : [LOCAL_ENDPOINT];
}

function rancher(io: ProbeIo, distribution: 'k3s' | 'rke2'): Candidate {
  const dir = io.under(`/var/lib/rancher/${distribution}/server/tls/etcd`);
  const triple = { ca: path.join(dir, 'server-ca.crt'), cert: path.join(dir, 'client.crt'), key: path.join(dir, 'client.key') };
  const label = distribution === 'k3s' ? 'k3s' : 'RKE2';
  return { distribution, label, triples: [triple], alsoLookedFor: [], endpoints: async () => [LOCAL_ENDPOINT] };
}

/** os.hostname() may be a FQDN while Kubespray names certificates after the inventory's short name. */
function hostnameVariants(hostname: string): string[] {
  const short = hostname.split('.')[0] ?? hostname;
  return short !== '' && short !== hostname ? [hostname, short] : [hostname];
}

/** Absolute paths of the real machine; the caller places them under the root. */
function kubesprayTriples(env: Readonly<Record<string, string | undefined>>, hostname: string): CertTriple[] {
  const certDir = env.ETCD_CERT_FILE !== undefined ? path.posix.dirname(env.ETCD_CERT_FILE) : '/etc/ssl/etcd/ssl';
  const ca = env.ETCD_TRUSTED_CA_FILE ?? env.ETCD_PEER_TRUSTED_CA_FILE ?? `${certDir}/ca.pem`;
  const triples: CertTriple[] = [];
  // Recent Kubespray writes etcdctl's own settings into etcd.env, named after the inventory host.
  if (env.ETCDCTL_CACERT !== undefined && env.ETCDCTL_CERT !== undefined && env.ETCDCTL_KEY !== undefined) {
    triples.push({ ca: env.ETCDCTL_CACERT, cert: env.ETCDCTL_CERT, key: env.ETCDCTL_KEY });
  }
  for (const name of hostnameVariants(hostname)) {
    triples.push({ ca, cert: `${certDir}/admin-${name}.pem`, key: `${certDir}/admin-${name}-key.pem` });
  }
  // The member's own certificate: Kubespray issues it with clientAuth too.
  if (env.ETCD_CERT_FILE !== undefined && env.ETCD_KEY_FILE !== undefined) {
    triples.push({ ca, cert: env.ETCD_CERT_FILE, key: env.ETCD_KEY_FILE });
  }
  return triples;
}

async function kubespray(io: ProbeIo): Promise<Candidate> {
  const envPath = io.under('/etc/etcd.env');
  const text = await io.readText(envPath);
  const env: Record<string, string | undefined> = text === undefined ? {} : parseEnvFile(text);
  const triples = kubesprayTriples(env, io.hostname).map((t) => ({
    ca: io.under(t.ca),
    cert: io.under(t.cert),
    key: io.under(t.key),
  }));
  const endpoints = async (): Promise<string[]> => {
    const fromCli = splitUrls(env.ETCDCTL_ENDPOINTS);
    if (fromCli.length > 0) return fromCli;
    const url = pickLocalClientUrl(splitUrls(env.ETCD_LISTEN_CLIENT_URLS), splitUrls(env.ETCD_ADVERTISE_CLIENT_URLS));
    return [url ?? LOCAL_ENDPOINT];
  };
  const alsoLookedFor = text === undefined ? [envPath] : [];
  return { distribution: 'kubespray', label: 'Kubespray', triples, alsoLookedFor, endpoints };
}

/** In order of preference when a machine has more than one. */
export async function localCandidates(io: ProbeIo): Promise<Candidate[]> {
  return [kubeadm(io), rancher(io, 'k3s'), rancher(io, 'rke2'), await kubespray(io)];
}
