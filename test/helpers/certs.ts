import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
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
// Certificates only need to outlive one test run.
const VALIDITY_DAYS = '2';

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
