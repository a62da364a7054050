// `status` and `check` connect only to the members the operator named, each verified against the
// --cacert given. Node 26 still builds its default root store for the first secure context made
// with a CA of its own, only to compare the two: Mozilla's roots, parsed on a thread the context
// waits for, and NODE_EXTRA_CA_CERTS when set (on the machine the bench runs on, a bundle of 144
// certificates: 3.4 ms of every `status` with client certificates). Made the process's default
// trust first, the operator's CA is that store, one certificate. Only for a process whose every
// TLS connection names that CA: the fleet screen opens the monitor in its own process, and asks
// Prometheus over https with the system's roots.
import { tlsModule } from './tls-modules.js';

/** tls.setDefaultCACertificates: Node >= 22.19 and 24.5 (Node 20 keeps its default, at the old cost). */
interface DefaultCaSetter {
  setDefaultCACertificates?(certs: ReadonlyArray<string | Buffer>): void;
}

export function trustOnlyTheClusterCa(ca: Buffer): void {
  (tlsModule() as DefaultCaSetter).setDefaultCACertificates?.([ca]);
}
