// Free TCP ports on 127.0.0.1 for the lab's members. Every probe socket stays open until all
// ports are chosen, so one call never returns a port twice; another process can still take one
// before etcd binds it, which the cluster start handles by retrying with fresh ports.
import { createServer, type Server } from 'node:net';

function listenOnEphemeralPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i += 1) servers.push(await listenOnEphemeralPort());
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('a TCP server on 127.0.0.1 has no port');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
}
