import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where generateCerts put each PEM file; every path is absolute if `dir` was. */
export interface CertPaths {
  dir: string;
  caCert: string;
  caKey: string;
  /** Used by every member for both client and peer TLS, so it is serverAuth and clientAuth. */
  serverCert: string;
  serverKey: string;
  /** CN=root, clientAuth, signed by the cluster CA. */
  clientCert: string;
  clientKey: string;
  /** An unrelated CA, for "wrong CA" negative tests. */
  otherCaCert: string;
  otherCaKey: string;
  /** CN=root, clientAuth, signed by the other CA: a cluster with mTLS must reject it. */
  rogueClientCert: string;
  rogueClientKey: string;
}

// EC P-256 keys: generating them takes milliseconds, RSA 2048 takes far longer on slow CI.
const KEY_ARGS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
// Far beyond `check`'s certificate thresholds (30 days warning), so a cluster the suite starts is
// OK; the expiry tests make short-lived certificates on purpose (makeServingCert).
const VALIDITY_DAYS = '400';

async function makeCa(certFile: string, keyFile: string, commonName: string): Promise<void> {
  await run('openssl', [
    'req', '-x509', ...KEY_ARGS, '-keyout', keyFile, '-out', certFile,
    '-days', VALIDITY_DAYS, '-subj', `/CN=${commonName}`,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

interface LeafSpec {
  certFile: string;
  keyFile: string;
  caCert: string;
  caKey: string;
  commonName: string;
  extendedKeyUsage: string;
  subjectAltName?: string;
}

// `openssl req -x509 -CA` (OpenSSL 3) signs in one step, without a CSR or an extension file.
async function makeLeaf(spec: LeafSpec): Promise<void> {
  const san = spec.subjectAltName === undefined ? [] : ['-addext', `subjectAltName=${spec.subjectAltName}`];
  await run('openssl', [
    'req', '-x509', '-CA', spec.caCert, '-CAkey', spec.caKey, ...KEY_ARGS,
    '-keyout', spec.keyFile, '-out', spec.certFile,
    '-days', VALIDITY_DAYS, '-subj', `/CN=${spec.commonName}`,
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'keyUsage=critical,digitalSignature',
    '-addext', `extendedKeyUsage=${spec.extendedKeyUsage}`,
    ...san,
  ]);
}

/** Generates a CA, a member cert, a client cert and a rogue client cert (other CA) in `dir`. */
export async function generateCerts(dir: string): Promise<CertPaths> {
  await mkdir(dir, { recursive: true });
  const at = (file: string): string => join(dir, file);
  const paths: CertPaths = {
    dir,
    caCert: at('ca.crt'),
    caKey: at('ca.key'),
    serverCert: at('server.crt'),
    serverKey: at('server.key'),
    clientCert: at('client.crt'),
    clientKey: at('client.key'),
    otherCaCert: at('other-ca.crt'),
    otherCaKey: at('other-ca.key'),
    rogueClientCert: at('rogue-client.crt'),
    rogueClientKey: at('rogue-client.key'),
  };
  await Promise.all([
    makeCa(paths.caCert, paths.caKey, 'etcdtop-test-ca'),
    makeCa(paths.otherCaCert, paths.otherCaKey, 'etcdtop-other-ca'),
  ]);
  const ca = { caCert: paths.caCert, caKey: paths.caKey };
  await Promise.all([
    makeLeaf({
      ...ca, certFile: paths.serverCert, keyFile: paths.serverKey, commonName: 'etcd-member',
      // Peers dial each other with this same cert, so it must also be valid as a client cert.
      extendedKeyUsage: 'serverAuth,clientAuth', subjectAltName: 'IP:127.0.0.1,DNS:localhost',
    }),
    makeLeaf({
      ...ca, certFile: paths.clientCert, keyFile: paths.clientKey, commonName: 'root',
      extendedKeyUsage: 'clientAuth',
    }),
    makeLeaf({
      caCert: paths.otherCaCert, caKey: paths.otherCaKey,
      certFile: paths.rogueClientCert, keyFile: paths.rogueClientKey, commonName: 'root',
      extendedKeyUsage: 'clientAuth',
    }),
  ]);
  return paths;
}

/**
 * A server certificate signed by the cluster CA that names only DNS:localhost: a client dialling
 * https://127.0.0.1 must refuse it (the check against the IP SAN that SNI-less TLS still makes).
 */
export async function generateServerCertWithoutIp(paths: CertPaths): Promise<{ cert: string; key: string }> {
  const cert = join(paths.dir, 'server-no-ip.crt');
  const key = join(paths.dir, 'server-no-ip.key');
  await makeLeaf({
    caCert: paths.caCert, caKey: paths.caKey, certFile: cert, keyFile: key, commonName: 'etcd-member',
    extendedKeyUsage: 'serverAuth', subjectAltName: 'DNS:localhost',
  });
  return { cert, key };
}

/** A validity window given as dates: in the past for an expired certificate. */
export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

// openssl 3.0's `req -x509` only takes a positive -days; `ca` takes any start and end date.
const CA_CONFIG = `[ ca ]
default_ca = ca_section
[ ca_section ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
[ policy_any ]
commonName = supplied
[ serving ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
`;

const asn1Time = (date: Date) => `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

/** A client-serving certificate for 127.0.0.1 signed by the test CA, valid exactly over `validity`. */
export async function makeServingCert(paths: CertPaths, name: string, validity: Validity): Promise<{ cert: string; key: string }> {
  const dir = join(paths.dir, `ca-${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'ca.cnf'), CA_CONFIG);
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'serial'), '01\n');
  const cert = join(paths.dir, `${name}.crt`);
  const key = join(paths.dir, `${name}.key`);
  const csr = join(dir, 'request.csr');
  await run('openssl', ['req', '-new', ...KEY_ARGS, '-keyout', key, '-out', csr, '-subj', `/CN=${name}`]);
  await run('openssl', [
    'ca', '-batch', '-config', 'ca.cnf', '-cert', paths.caCert, '-keyfile', paths.caKey, '-in', csr, '-out', cert,
    '-startdate', asn1Time(validity.notBefore), '-enddate', asn1Time(validity.notAfter), '-extensions', 'serving', '-notext',
  ], { cwd: dir });
  return { cert, key };
}
