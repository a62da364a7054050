// With no endpoint given, find the local member and its client certificates where kubeadm, k3s,
// RKE2 and Kubespray put them, so `sudo etcdtop` on a control-plane node just works. Never
// throws: a permission error is the common case for a non-root user and gets its own message.
import os from 'node:os';
import path from 'node:path';
import { createProbeIo, loadFirstTriple, type LoadedTriple, type TripleOutcome } from './cert-candidates.js';
import type { ConfigProblem, TlsMaterial } from './connection-config.js';
import { parseEndpoints } from './endpoints.js';
import { LOCAL_ENDPOINT, localCandidates, type Candidate, type Distribution } from './local-distributions.js';
import { readFileFromDisk, type FileReader } from './pem-files.js';

export type { Distribution } from './local-distributions.js';

export interface DetectionContext {
  /** Where the well-known paths are looked up; "/" on a real machine, a fixture folder in tests. */
  root?: string;
  /** Kubespray names certificates after the host; defaults to os.hostname(). */
  hostname?: string;
  /** Also used for files named by flags, so tests can simulate permission errors. */
  readFile?: FileReader;
}

export interface DetectedEtcd {
  distribution: Distribution;
  /** For ConnectionConfig.source: "kubeadm (/etc/kubernetes/pki/etcd)". */
  source: string;
  endpoints: string[];
  tls: TlsMaterial;
}

export type DetectionResult = { found: true; detected: DetectedEtcd } | { found: false; problem: ConfigProblem };

type Unusable = Extract<TripleOutcome, { kind: 'broken' | 'incomplete' }>;

const OWN_FILES_HINT = 'or pass --cacert/--cert/--key (or ETCDCTL_CACERT/ETCDCTL_CERT/ETCDCTL_KEY) with files you can read';

function unusableProblem(candidate: Candidate, outcome: Unusable): ConfigProblem {
  if (outcome.kind === 'incomplete') {
    const missing = outcome.missing.map((p) => path.basename(p)).join(', ');
    return {
      message: `found ${candidate.label} CA ${outcome.caPath} but no client certificate and key (looked for ${missing})`,
      hint: 'pass --cert and --key with a client certificate signed by that CA',
    };
  }
  if (outcome.outcome.kind === 'unreadable') {
    return {
      message: `found ${candidate.label} etcd certificates but ${outcome.path} is unreadable: ${outcome.outcome.reason}`,
      hint: `run as root (sudo etcdtop …) ${OWN_FILES_HINT}`,
    };
  }
  return {
    message: `found ${candidate.label} etcd certificates but cannot use ${outcome.path}: ${outcome.outcome.reason}`,
    hint: `pass --endpoints with --cacert/--cert/--key to choose the files yourself`,
  };
}

interface Probe {
  candidate: Candidate;
  outcome: TripleOutcome;
}

function nothingFound(probes: readonly Probe[]): ConfigProblem {
  const lookedFor = new Set<string>();
  for (const { candidate, outcome } of probes) {
    candidate.alsoLookedFor.forEach((p) => lookedFor.add(p));
    if (outcome.kind === 'absent') outcome.lookedFor.forEach((p) => lookedFor.add(p));
  }
  return {
    message: `no --endpoints or ETCDCTL_ENDPOINTS, and no local etcd certificates (looked for ${[...lookedFor].join(', ')})`,
    hint:
      'pass --endpoints=https://HOST:2379 with --cacert/--cert/--key (or set ETCDCTL_ENDPOINTS and ETCDCTL_CACERT/CERT/KEY); ' +
      'a local etcd without TLS: --endpoints=http://127.0.0.1:2379',
  };
}

/** A manifest with an odd URL must not stop detection: the loopback default still works on these nodes. */
function normaliseDetected(urls: readonly string[]): string[] {
  const parsed = parseEndpoints(urls, 'detected configuration', 'https');
  return parsed.ok ? parsed.urls : [LOCAL_ENDPOINT];
}

async function describeFound(candidate: Candidate, loaded: LoadedTriple): Promise<DetectedEtcd> {
  const { files } = loaded;
  return {
    distribution: candidate.distribution,
    source: `${candidate.label} (${path.dirname(files.cert)})`,
    endpoints: normaliseDetected(await candidate.endpoints()),
    tls: {
      ca: loaded.ca,
      cert: loaded.cert,
      key: loaded.key,
      caFile: files.ca,
      certFile: files.cert,
      keyFile: files.key,
      insecureSkipVerify: false,
    },
  };
}

export async function detectLocalEtcd(context: DetectionContext = {}): Promise<DetectionResult> {
  const reader = context.readFile ?? readFileFromDisk;
  const io = createProbeIo(context.root ?? '/', context.hostname ?? os.hostname(), reader);
  const candidates = await localCandidates(io);
  const probes: Probe[] = await Promise.all(
    candidates.map(async (candidate) => ({ candidate, outcome: await loadFirstTriple(io, candidate.triples) })),
  );
  for (const { candidate, outcome } of probes) {
    if (outcome.kind === 'found') return { found: true, detected: await describeFound(candidate, outcome.loaded) };
  }
  // A distribution that is there but unusable explains more than the list of absent ones.
  for (const { candidate, outcome } of probes) {
    if (outcome.kind === 'broken' || outcome.kind === 'incomplete') {
      return { found: false, problem: unusableProblem(candidate, outcome) };
    }
  }
  return { found: false, problem: nothingFound(probes) };
}
