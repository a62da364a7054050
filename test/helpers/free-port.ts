import { createServer, type Server } from 'node:net';

// Ports handed out earlier in this process. The kernel may give the same port again once our
// probe socket is closed, and two clusters started by one test file must not share a port
// even if the first has not bound its ports yet.
const handedOut = new Set<number>();

function listenOnEphemeralPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    // 127.0.0.1 only: the test clusters never listen anywhere else.
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('a TCP server on 127.0.0.1 has no port');
  }
  return address.port;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Returns `count` distinct TCP ports that were free on 127.0.0.1 a moment ago.
 * All probe sockets stay open until every port is chosen, so one call never returns a port
 * twice. There is still a short window before the caller binds them; callers that start
 * servers should retry with new ports on "address already in use".
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  const ports: number[] = [];
  try {
    // Bounded: a port already handed out is skipped, but never more than a few times over.
    for (let attempt = 0; ports.length < count && attempt < count * 10; attempt += 1) {
      const server = await listenOnEphemeralPort();
      servers.push(server);
      const port = portOf(server);
      if (!handedOut.has(port)) {
        ports.push(port);
      }
    }
  } finally {
    await Promise.all(servers.map(close));
  }
  if (ports.length < count) {
    throw new Error(`found only ${ports.length} of ${count} free ports on 127.0.0.1`);
  }
  for (const port of ports) {
    handedOut.add(port);
  }
  return ports;
}

/** One free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}
