// etcdctl's --insecure-skip-tls-verify for gRPC. etcd3 builds its channel credentials itself with
// grpc.credentials.createSsl(ca, key, cert) and offers no way to pass grpc-js' verifyOptions, so
// while an etcd3 client is constructed (synchronously) createSsl is swapped for one that adds
// { rejectUnauthorized: false }, and put back at once. Only clients built for a configuration
// that asked for it are affected; the metrics scrape honours the flag on its own.
import { credentials } from '@grpc/grpc-js';

export function buildSkippingTlsVerify<T>(skip: boolean, build: () => T): T {
  if (!skip) return build();
  const original = credentials.createSsl;
  credentials.createSsl = (rootCerts, privateKey, certChain, verifyOptions) =>
    original(rootCerts, privateKey, certChain, { ...verifyOptions, rejectUnauthorized: false });
  try {
    return build();
  } finally {
    credentials.createSsl = original;
  }
}
