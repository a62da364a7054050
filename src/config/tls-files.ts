// The CA, certificate and key the operator named (flags or ETCDCTL_* variables), read now so a
// wrong path is one line naming the file and the flag, not a TLS failure on every member later.
import type { ConfigProblem, TlsMaterial } from './connection-config.js';
import { readPem, type FileReader, type ReadOutcome } from './pem-files.js';
import { pickString, type Env, type Picked, type SettingOrigins } from './setting-sources.js';

export interface TlsFlags {
  cacert?: string;
  cert?: string;
  key?: string;
}

/** TLS files without the verify switch, which is decided separately. */
export type TlsFiles = Omit<TlsMaterial, 'insecureSkipVerify'>;

export type TlsFilesResult = { ok: true; files: TlsFiles | undefined } | { ok: false; problem: ConfigProblem };

type FileKind = 'ca' | 'cert' | 'key';

const WHAT_TO_PASS: Record<FileKind, string> = {
  ca: 'pass the CA that signed etcd\u2019s server certificates (kubeadm: /etc/kubernetes/pki/etcd/ca.crt, Kubespray: /etc/ssl/etcd/ssl/ca.pem)',
  cert: 'pass the client certificate (kubeadm: /etc/kubernetes/pki/etcd/healthcheck-client.crt, k3s: /var/lib/rancher/k3s/server/tls/etcd/client.crt)',
  key: 'pass the client key that matches --cert (kubeadm: /etc/kubernetes/pki/etcd/healthcheck-client.key)',
};

function readProblem(kind: FileKind, picked: Picked<string>, outcome: Exclude<ReadOutcome, { kind: 'ok' }>): ConfigProblem {
  const message = `cannot read ${picked.label} ${picked.value}: ${outcome.reason}`;
  switch (outcome.kind) {
    case 'unreadable':
      return { message, hint: 'run as a user that can read it (often root: sudo etcdtop …), or pass a copy you can read' };
    case 'invalid':
      return outcome.reason.startsWith('not a PEM')
        ? { message, hint: 'etcd needs PEM files; convert DER with: openssl x509 -inform der (certificates) or openssl pkey -inform der (keys)' }
        : { message, hint: WHAT_TO_PASS[kind] };
    case 'absent':
      return { message, hint: WHAT_TO_PASS[kind] };
  }
}

function pairProblem(given: Picked<string>, missingFlag: '--cert' | '--key'): ConfigProblem {
  const missingEnv = missingFlag === '--cert' ? 'ETCDCTL_CERT' : 'ETCDCTL_KEY';
  return {
    message: `${given.label} given without ${missingFlag} (or ${missingEnv})`,
    hint: `pass both --cert and --key (or ${missingEnv}): a client certificate is useless without its key, and the other way round`,
  };
}

export async function loadTlsFiles(flags: TlsFlags, env: Env, reader: FileReader, origins: SettingOrigins): Promise<TlsFilesResult> {
  const picked = {
    ca: pickString(flags.cacert, '--cacert', env, 'ETCDCTL_CACERT'),
    cert: pickString(flags.cert, '--cert', env, 'ETCDCTL_CERT'),
    key: pickString(flags.key, '--key', env, 'ETCDCTL_KEY'),
  };
  if (picked.cert !== undefined && picked.key === undefined) return { ok: false, problem: pairProblem(picked.cert, '--key') };
  if (picked.key !== undefined && picked.cert === undefined) return { ok: false, problem: pairProblem(picked.key, '--cert') };
  if (picked.ca === undefined && picked.cert === undefined) return { ok: true, files: undefined };
  const files: TlsFiles = {};
  for (const kind of ['ca', 'cert', 'key'] as const) {
    const file = picked[kind];
    if (file === undefined) continue;
    const outcome = await readPem(reader, file.value);
    if (outcome.kind !== 'ok') return { ok: false, problem: readProblem(kind, file, outcome) };
    files[kind] = outcome.data;
    files[`${kind}File`] = file.value;
    origins.note(file);
  }
  return { ok: true, files };
}
