// What every command needs to reach a cluster, resolved once from flags, ETCDCTL_* variables
// and auto-detected certificates. File contents are read here so that a missing or unreadable
// file is a configuration error with one clear line, not a gRPC failure later.

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Paths, for messages only. */
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** etcdctl's --insecure-skip-tls-verify. */
  insecureSkipVerify: boolean;
}

export interface ConnectionConfig {
  /** Seed client URLs, each with its scheme (http:// or https://). */
  endpoints: string[];
  /** Present when any endpoint is https or any TLS file was given. */
  tls?: TlsMaterial;
  auth?: { username: string; password: string };
  dialTimeoutMs: number;
  commandTimeoutMs: number;
  /** Explicit /metrics URLs (--metrics-urls); empty means "scrape each member's client URL". */
  metricsUrls: string[];
  /** Where the settings came from, for messages: "flags", "ETCDCTL_* environment", "kubeadm (/etc/kubernetes/pki/etcd)". */
  source: string;
}

/** A problem with the operator's input: one line on what is wrong, one on how to fix it. */
export interface ConfigProblem {
  message: string;
  hint: string;
}

export type ConfigResult = { ok: true; config: ConnectionConfig } | { ok: false; problem: ConfigProblem };
