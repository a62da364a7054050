// The connection flags every command shares. Names, meanings and defaults follow etcdctl so an
// operator's muscle memory and ETCDCTL_* variables carry over unchanged.
import type { Options } from 'yargs';

export const CONNECTION_GROUP = 'Connection (etcdctl-compatible; ETCDCTL_* variables work too):';

export const connectionOptions = {
  endpoints: {
    type: 'string',
    describe: 'Comma-separated client URLs; every member is discovered from any one (env ETCDCTL_ENDPOINTS)',
  },
  cacert: { type: 'string', describe: 'CA bundle that signed the members\u2019 server certificates (ETCDCTL_CACERT)' },
  cert: { type: 'string', describe: 'Client certificate for mTLS (ETCDCTL_CERT)' },
  key: { type: 'string', describe: 'Client key for mTLS (ETCDCTL_KEY)' },
  user: { type: 'string', describe: 'username[:password] for etcd auth (ETCDCTL_USER)' },
  password: {
    type: 'string',
    describe: 'Password for --user; prefer ETCDCTL_PASSWORD, a flag is visible to other users',
  },
  'insecure-skip-tls-verify': { type: 'boolean', describe: 'Accept any server certificate (testing only)' },
  'dial-timeout': { type: 'string', describe: 'Time to establish a connection, e.g. 2s (ETCDCTL_DIAL_TIMEOUT)' },
  'command-timeout': {
    type: 'string',
    describe: 'Deadline of every read call, e.g. 1.5s; one frozen member costs at most this (ETCDCTL_COMMAND_TIMEOUT)',
  },
  'metrics-urls': {
    type: 'string',
    describe: 'Comma-separated /metrics URLs (e.g. --listen-metrics-urls); default: each member\u2019s client URL',
  },
} as const satisfies Record<string, Options>;

export interface ConnectionArgs {
  endpoints?: string;
  cacert?: string;
  cert?: string;
  key?: string;
  user?: string;
  password?: string;
  insecureSkipTlsVerify?: boolean;
  dialTimeout?: string;
  commandTimeout?: string;
  metricsUrls?: string;
}
