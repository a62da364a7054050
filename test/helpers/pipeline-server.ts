// A TCP server on 127.0.0.1 that reads HTTP/1.1 requests one after the other off each connection,
// as Go's server reads pipelined ones, and hands each to `reply` with its connection's number.
import net from 'node:net';

export interface PipelineServer {
  origin: string;
  requests: Array<{ connection: number; text: string }>;
  close(): void;
}

export async function startPipelineServer(reply: (socket: net.Socket, request: string, connection: number) => void): Promise<PipelineServer> {
  const requests: Array<{ connection: number; text: string }> = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    // The client ends connections it no longer needs (a failed answer): a reset, not a test error.
    socket.on('error', () => undefined);
    const connection = ++connections;
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      for (;;) {
        const headEnd = buffered.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, headEnd))?.[1] ?? 0);
        if (buffered.length < headEnd + 4 + length) return;
        const text = buffered.slice(0, headEnd + 4 + length);
        buffered = buffered.slice(text.length);
        requests.push({ connection, text });
        reply(socket, text, connection);
      }
    });
  });
  await new Promise<void>((ready) => tcp.listen(0, '127.0.0.1', ready));
  return {
    origin: `http://127.0.0.1:${(tcp.address() as net.AddressInfo).port}`,
    requests,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      tcp.close();
    },
  };
}
