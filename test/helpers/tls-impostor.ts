// A TLS server on 127.0.0.1 presenting a certificate from the right CA but without the IP the
// client dialled: whatever answers behind it, etcdtop must refuse the handshake.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:tls';
import { generateServerCertWithoutIp, type CertPaths } from './certs.js';

export interface TlsImpostor {
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startTlsImpostor(paths: CertPaths): Promise<TlsImpostor> {
  const { cert, key } = await generateServerCertWithoutIp(paths);
  const server: Server = createServer({ cert: readFileSync(cert), key: readFileSync(key), ALPNProtocols: ['h2'] }, (socket) => socket.destroy());
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the TLS impostor has no port');
  return {
    endpoint: `https://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
