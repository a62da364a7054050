// `status` and `check` stopped by a signal exit as shells and scripts expect: 130 for SIGINT
// (Ctrl-C at the prompt), 143 for SIGTERM (kill, systemd, a cron timeout), rather than dying of
// the signal with no exit code. The command is kept busy by an endpoint that accepts connections
// and never answers, so the signal always arrives mid-call.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/etcd-cluster.js';
import { runCli } from '../helpers/run-cli.js';

describe('status and check ended by a signal', () => {
  let server: Server;
  let endpoint: string;
  const sockets = new Set<Socket>();
  let connections = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      connections += 1;
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    endpoint = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each([
    { command: 'check', signal: 'SIGINT', code: 130 },
    { command: 'check', signal: 'SIGTERM', code: 143 },
    { command: 'status', signal: 'SIGINT', code: 130 },
    { command: 'status', signal: 'SIGTERM', code: 143 },
  ] as const)('$command: $signal exits $code', async ({ command, signal, code }) => {
    let pid: number | undefined;
    const before = connections;
    const running = runCli([command, '--endpoints', endpoint, '--dial-timeout', '20s', '--command-timeout', '20s'], { onSpawn: (p) => (pid = p) });
    // Wait until it is connected (mid-call), not merely started.
    await waitFor(() => connections > before, 10_000, `${command} to connect`);
    process.kill(pid!, signal);
    const result = await running;
    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr).not.toMatch(/\n\s+at |Error:/);
  });
});
