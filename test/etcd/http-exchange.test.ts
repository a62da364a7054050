// The one-request HTTP client of /metrics and the JSON gateway (http-exchange.ts, http-answer.ts): answers recorded byte for byte
// from etcd 3.4.23 on 127.0.0.1 (a raw socket, `connection: close`, as the client sends it), then
// cut, split and garbled; and a few servers on 127.0.0.1 that behave as etcd does not.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerReader, parseAnswer, type HttpAnswer } from '../../src/etcd/http-answer.js';
import { exchange } from '../../src/etcd/http-exchange.js';
import { scrapeMetrics } from '../../src/etcd/metrics-scrape.js';
import { startPipelineServer } from '../helpers/pipeline-server.js';

const recorded = (name: string): Buffer => readFileSync(new URL(`../fixtures/http/${name}`, import.meta.url));
/** Content-Length framing (grpc-gateway's answers fit Go's buffer). */
const status = recorded('etcd-3.4.23-status.http');
/** Chunked framing, 2 KiB chunks: etcd's /metrics. */
const metrics = recorded('etcd-3.4.23-metrics.http');
const MAX = 8 * 1024 * 1024;

function answerOf(bytes: Buffer, closed = true): HttpAnswer {
  const parsed = parseAnswer(bytes, MAX, closed);
  if (parsed === 'incomplete' || 'error' in parsed) throw new Error(`not an answer: ${JSON.stringify(parsed)}`);
  return parsed.answer;
}

function errorCodeOf(bytes: Buffer, maxBodyBytes = MAX): string | undefined {
  const parsed = parseAnswer(bytes, maxBodyBytes, true);
  if (parsed === 'incomplete') return 'incomplete';
  return 'error' in parsed ? (parsed.error as NodeJS.ErrnoException).code : undefined;
}

describe('answers as etcd sends them', () => {
  it('a JSON gateway answer: status, headers in lower case, the body of its content-length', () => {
    const answer = answerOf(status);
    expect(answer.statusCode).toBe(200);
    expect(answer.statusMessage).toBe('OK');
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.body.length).toBe(Number(answer.headers.get('content-length')));
    expect(JSON.parse(answer.body.toString('utf8'))).toMatchObject({ version: '3.4.23', dbSize: '20480' });
  });

  it('an error answer keeps its status and body', () => {
    const answer = answerOf(recorded('etcd-3.4.23-range-bad.http'));
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(answer.body.toString('utf8'))).toMatchObject({ code: 3 });
  });

  it('/metrics, chunked: the body without the chunk framing', () => {
    const answer = answerOf(metrics);
    const text = answer.body.toString('utf8');
    expect(answer.headers.get('transfer-encoding')).toBe('chunked');
    expect(text.startsWith('# HELP etcd_cluster_version')).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    // No chunk-size line (hex digits alone on a line) left anywhere in the text.
    expect(text.split('\n').filter((line) => /^[0-9a-f]+\r?$/.test(line))).toEqual([]);
    expect(text).toMatch(/^etcd_server_has_leader 1$/m);
  });
});

describe('an answer cut short is never taken for a whole one', () => {
  const headEnd = (bytes: Buffer) => bytes.indexOf('\r\n\r\n') + 4;

  it.each([
    ['the last chunk missing', metrics.subarray(0, metrics.length - 5)],
    ['cut inside a chunk', metrics.subarray(0, 70_001)],
    ['cut right after a chunk', metrics.subarray(0, headEnd(metrics) + 6 + 2048 + 2)],
    ['cut inside a chunk-size line', metrics.subarray(0, headEnd(metrics) + 2)],
  ])('chunked, %s: incomplete even once the server has closed', (_name, bytes) => {
    expect(errorCodeOf(bytes)).toBe('incomplete');
  });

  it('content-length, one byte short: incomplete', () => {
    expect(errorCodeOf(status.subarray(0, status.length - 1))).toBe('incomplete');
  });

  it('the head cut short, server closed: not HTTP', () => {
    expect(errorCodeOf(status.subarray(0, 40))).toBe('HPE_INVALID_CONSTANT');
  });
});

describe('what is not an answer', () => {
  it.each([
    ['an SSH banner', Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n')],
    ['a TLS alert', Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46])],
    ['a status line without a code', Buffer.from('HTTP/1.1 OK\r\n\r\n')],
    ['a header line without a colon', Buffer.from('HTTP/1.1 200 OK\r\nbroken\r\n\r\n')],
    ['a bad chunk size', Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n')],
    ['a bad content-length', Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 1x\r\n\r\nab')],
  ])('%s → HPE_INVALID_CONSTANT', (_name, bytes) => {
    expect(errorCodeOf(bytes)).toBe('HPE_INVALID_CONSTANT');
  });

  it('a body over the limit → ERR_HTTP_BODY_TOO_LARGE, by content-length or by chunks', () => {
    expect(errorCodeOf(status, 100)).toBe('ERR_HTTP_BODY_TOO_LARGE');
    expect(errorCodeOf(metrics, 100_000)).toBe('ERR_HTTP_BODY_TOO_LARGE');
  });

  it('no length and no chunks: the body runs until the server closes', () => {
    const bytes = Buffer.from('HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\n\r\netcd_x 1\n');
    expect(errorCodeOf(bytes.subarray(0), MAX)).toBeUndefined();
    expect(parseAnswer(bytes, MAX, false)).toBe('incomplete');
    expect(answerOf(bytes).body.toString()).toBe('etcd_x 1\n');
  });

  it('trailers after the last chunk are allowed', () => {
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nx-trailer: 1\r\n\r\n');
    expect(answerOf(bytes).body.toString()).toBe('abc');
  });
});

describe('AnswerReader: the answer as the network delivers it', () => {
  /** Feeds `bytes` in pieces of the sizes given (cycled): the piece at which it was whole (1-based). */
  function wholeAt(bytes: Buffer, sizes: number[]): number {
    const reader = new AnswerReader(MAX);
    for (let offset = 0, piece = 0; offset < bytes.length; piece++) {
      const size = sizes[piece % sizes.length]!;
      const settled = reader.push(bytes.subarray(offset, offset + size));
      offset += size;
      if (settled) return 'answer' in settled ? piece + 1 : -2;
    }
    return -1;
  }

  it.each([[[65536]], [[1]], [[7, 2048, 13]], [[2054]], [[16384, 3]]])('metrics in pieces of %j: whole at the last piece, same body', (sizes) => {
    const whole = answerOf(metrics).body;
    const reader = new AnswerReader(MAX);
    let offset = 0;
    let i = 0;
    let settledAt = -1;
    let body: Buffer | undefined;
    while (offset < metrics.length) {
      const size = sizes[i++ % sizes.length]!;
      const settled = reader.push(metrics.subarray(offset, offset + size));
      offset += size;
      if (settled) {
        settledAt = Math.min(offset, metrics.length);
        body = 'answer' in settled ? settled.answer.body : undefined;
        break;
      }
    }
    expect(settledAt).toBe(metrics.length);
    expect(body?.equals(whole)).toBe(true);
  });

  it('a content-length answer: whole when its last byte arrives, not before', () => {
    expect(wholeAt(status, [status.length - 1, 1])).toBe(2);
    expect(wholeAt(status, [1])).toBe(status.length);
  });

  it('closed before a byte arrived: a hang-up (ECONNRESET), as Node words it', () => {
    const settled = new AnswerReader(MAX).close();
    expect('error' in settled && (settled.error as NodeJS.ErrnoException).code).toBe('ECONNRESET');
  });

  it('closed mid-body: ERR_HTTP_CUT_SHORT', () => {
    const reader = new AnswerReader(MAX);
    reader.push(metrics.subarray(0, 10_000));
    const settled = reader.close();
    expect('error' in settled && (settled.error as NodeJS.ErrnoException).code).toBe('ERR_HTTP_CUT_SHORT');
  });
});

describe('exchange over a real socket (127.0.0.1)', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  /** A TCP server on 127.0.0.1 that answers each connection with `reply`; what it received. */
  async function server(reply: (socket: net.Socket, request: string) => void): Promise<{ url: URL; requests: string[] }> {
    const requests: string[] = [];
    const sockets = new Set<net.Socket>();
    const tcp = net.createServer((socket) => {
      sockets.add(socket);
      let request = '';
      socket.on('data', (chunk) => {
        request += chunk.toString('latin1');
        if (!request.includes('\r\n\r\n')) return;
        const [head = ''] = request.split('\r\n\r\n');
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (request.length < head.length + 4 + length) return;
        requests.push(request);
        reply(socket, request);
      });
    });
    await new Promise<void>((ready) => tcp.listen(0, '127.0.0.1', ready));
    cleanups.push(() => {
      sockets.forEach((socket) => socket.destroy());
      tcp.close();
    });
    return { url: new URL(`http://127.0.0.1:${(tcp.address() as net.AddressInfo).port}/v3/maintenance/status`), requests };
  }

  it('sends one request with connection: close and its body, and never half-closes first', async () => {
    let halfClosed = false;
    const { url, requests } = await server((socket) => {
      socket.on('end', () => (halfClosed = true));
      // Answer a moment later: a client that had half-closed would be seen by then.
      setTimeout(() => socket.end(status), 20);
    });
    const answer = await exchange(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":"é"}' }, undefined, { maxBodyBytes: MAX }).answer;
    expect(answer.statusCode).toBe(200);
    expect(requests[0]).toMatch(/^POST \/v3\/maintenance\/status HTTP\/1\.1\r\n/);
    expect(requests[0]).toMatch(/\r\nconnection: close\r\n/);
    // The byte length, not the string length: é is two bytes in UTF-8.
    expect(requests[0]).toMatch(/\r\ncontent-length: 10\r\n/);
    expect(halfClosed).toBe(false);
  });

  it('a server that keeps the connection open after a whole answer is not waited on', async () => {
    const { url } = await server((socket) => socket.write(metrics));
    const answer = await exchange(url, { method: 'GET', headers: {} }, undefined, { maxBodyBytes: MAX }).answer;
    expect(answer.body.equals(answerOf(metrics).body)).toBe(true);
  });

  it('a header value with a line break is refused before anything is sent', async () => {
    const { url, requests } = await server((socket) => socket.end(status));
    expect(() => exchange(url, { method: 'POST', headers: { authorization: 'x\r\nx-admin: 1' }, body: '{}' }, undefined, { maxBodyBytes: MAX })).toThrow(/authorization/);
    expect(requests).toEqual([]);
  });

  it('a /metrics page cut short by the server is a failure that says so, not a shorter page', async () => {
    const { url } = await server((socket) => socket.end(metrics.subarray(0, 80_000)));
    const outcome = await scrapeMetrics(url.href.replace('/v3/maintenance/status', '/metrics'), undefined, 2000);
    expect(outcome).toMatchObject({ ok: false, failure: { message: expect.stringContaining('before the whole page arrived') } });
  });
});

describe('requests to one origin in the same turn share one connection (http-pipeline.ts)', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
  const options = { maxBodyBytes: MAX };

  /** A server on 127.0.0.1 that reads pipelined requests as Go's does (test/helpers/pipeline-server.ts). */
  async function pipelineServer(reply: (socket: net.Socket, request: string, connection: number) => void) {
    const server = await startPipelineServer(reply);
    cleanups.push(() => server.close());
    return server;
  }

  /** The recorded answer for a request, by its path; `close` when the request asked for it. */
  function answerFor(socket: net.Socket, request: string): void {
    const answer = request.startsWith('GET /metrics') ? metrics : status;
    if (/\r\nconnection: close\r\n/.test(request)) socket.end(answer);
    else socket.write(answer.toString('latin1').replace('Connection: close\r\n', ''), 'latin1');
  }

  const post = (origin: string, path: string) => exchange(new URL(path, origin), { method: 'POST', headers: {}, body: '{}' }, undefined, options);
  const get = (origin: string, path: string) => exchange(new URL(path, origin), { method: 'GET', headers: {} }, undefined, options);

  it('status, /metrics and a range: one connection, asked in order, the last one with connection: close', async () => {
    const { origin, requests } = await pipelineServer(answerFor);
    const [first, second, third] = await Promise.all([post(origin, '/v3/maintenance/status').answer, get(origin, '/metrics').answer, post(origin, '/v3/kv/range').answer]);
    expect(requests.map((request) => request.connection)).toEqual([1, 1, 1]);
    expect(requests.map((request) => request.text.split(' ', 2).join(' '))).toEqual(['POST /v3/maintenance/status', 'GET /metrics', 'POST /v3/kv/range']);
    expect(requests.map((request) => /\r\nconnection: close\r\n/.test(request.text))).toEqual([false, false, true]);
    expect(JSON.parse(first!.body.toString())).toMatchObject({ version: '3.4.23' });
    expect(second!.body.equals(answerOf(metrics).body)).toBe(true);
    expect(third!.statusCode).toBe(200);
  });

  it('a server that closes after its first answer: the others are asked again, each on its own connection', async () => {
    const { origin, requests } = await pipelineServer((socket, request, connection) => {
      // Answers the first request of each connection, then closes it.
      if (requests.filter((r) => r.connection === connection).length === 1) socket.end(request.startsWith('GET /metrics') ? metrics : status);
    });
    const answers = await Promise.all([post(origin, '/v3/maintenance/status').answer, get(origin, '/metrics').answer, post(origin, '/v3/kv/range').answer]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
    expect(answers[1]!.body.equals(answerOf(metrics).body)).toBe(true);
    expect(new Set(requests.map((request) => request.connection)).size).toBe(3);
  });

  it('a request asked again on its own connection and then given up on closes that connection', async () => {
    const closedConnections: number[] = [];
    const { origin, requests } = await pipelineServer((socket, _request, connection) => {
      socket.once('close', () => closedConnections.push(connection));
      // The first connection answers its first request and closes; the second never answers.
      if (connection === 1 && !socket.writableEnded) socket.end(status);
    });
    const first = post(origin, '/v3/maintenance/status');
    const retried = post(origin, '/v3/kv/range');
    void retried.answer.catch(() => undefined);
    expect((await first.answer).statusCode).toBe(200);
    await expect.poll(() => requests.map((request) => request.connection)).toContain(2);
    expect(closedConnections).not.toContain(2);
    retried.abort();
    await expect.poll(() => closedConnections).toContain(2);
  });

  it('an answer that cannot be read (too large) fails alone: the one behind it is asked again', async () => {
    const { origin, requests } = await pipelineServer(answerFor);
    const tooLarge = exchange(new URL('/metrics', origin), { method: 'GET', headers: {} }, undefined, { maxBodyBytes: 1000 });
    const behind = post(origin, '/v3/maintenance/status');
    await expect(tooLarge.answer).rejects.toMatchObject({ code: 'ERR_HTTP_BODY_TOO_LARGE' });
    expect((await behind.answer).statusCode).toBe(200);
    expect(requests.map((request) => request.connection)).toEqual([1, 1, 2]);
  });

  it('a request given up on (its deadline) does not take the answers behind it', async () => {
    const { origin } = await pipelineServer((socket, request) => {
      // The first answer comes late, the others right after it, in order.
      setTimeout(() => answerFor(socket, request), request.startsWith('POST /v3/maintenance/status') ? 150 : 160);
    });
    const slow = post(origin, '/v3/maintenance/status');
    const behind = get(origin, '/metrics');
    const last = post(origin, '/v3/kv/range');
    void slow.answer.catch(() => undefined);
    setTimeout(() => slow.abort(), 50);
    await expect(slow.answer).rejects.toMatchObject({ code: 'ABORT_ERR' });
    expect((await behind.answer).body.equals(answerOf(metrics).body)).toBe(true);
    expect((await last.answer).statusCode).toBe(200);
  });

  it('another origin, or a later turn, gets a connection of its own', async () => {
    const one = await pipelineServer(answerFor);
    const other = await pipelineServer(answerFor);
    await Promise.all([post(one.origin, '/v3/maintenance/status').answer, post(other.origin, '/v3/maintenance/status').answer]);
    await post(one.origin, '/v3/kv/range').answer;
    expect(one.requests.map((request) => request.connection)).toEqual([1, 2]);
    expect(other.requests.map((request) => request.connection)).toEqual([1]);
  });

  it('a request with ownConnection is not pipelined with the turn\'s others to the same origin', async () => {
    const { origin, requests } = await pipelineServer(answerFor);
    const batched = [post(origin, '/v3/maintenance/status').answer, get(origin, '/metrics').answer];
    const alone = exchange(new URL('/v3/kv/range', origin), { method: 'POST', headers: {}, body: '{}' }, undefined, { ...options, ownConnection: true });
    await Promise.all([...batched, alone.answer]);
    const connectionOf = (path: string) => requests.find((request) => request.text.includes(` ${path} `))!.connection;
    expect(connectionOf('/v3/maintenance/status')).toBe(connectionOf('/metrics'));
    expect(connectionOf('/v3/kv/range')).not.toBe(connectionOf('/metrics'));
    expect(requests).toHaveLength(3);
    // Asked last, but sent at once, ahead of the turn's batch: its connection is the server's first.
    expect(connectionOf('/v3/kv/range')).toBe(1);
  });

  // servedInMs is what the HEALTH column shows: the member's time, not the queue before it.
  it('servedInMs counts from the answer before it on the connection, not from the request', async () => {
    const { origin } = await pipelineServer((socket, request) => {
      // The first answer after 300 ms, the second 100 ms after the first: apart on the wire.
      setTimeout(() => answerFor(socket, request), request.startsWith('POST /v3/maintenance/status') ? 300 : 400);
    });
    const [first, second] = await Promise.all([post(origin, '/v3/maintenance/status').answer, post(origin, '/v3/kv/range').answer]);
    expect(first.servedInMs).toBeGreaterThanOrEqual(290);
    expect(second.servedInMs).toBeGreaterThanOrEqual(90);
    expect(second.servedInMs).toBeLessThan(290);
  });

  it('two answers read together: the second is counted from where the first began, never shorter', async () => {
    const { origin } = await pipelineServer((socket, request) => {
      // Both answers in one write, 200 ms after the first request came in.
      if (request.startsWith('POST /v3/maintenance/status')) return;
      setTimeout(() => socket.end(Buffer.concat([Buffer.from(status.toString('latin1').replace('Connection: close\r\n', ''), 'latin1'), status])), 200);
    });
    const [first, second] = await Promise.all([post(origin, '/v3/maintenance/status').answer, post(origin, '/v3/kv/range').answer]);
    expect(first.servedInMs).toBeGreaterThanOrEqual(190);
    expect(second.servedInMs).toBeGreaterThanOrEqual(first.servedInMs!);
  });

  describe('a connection left open (keepOpen, idle-connections.ts)', () => {
    const keptOpen = (origin: string, path: string) => exchange(new URL(path, origin), { method: 'POST', headers: {}, body: '{}' }, undefined, { ...options, keepOpen: true });

    it('carries the next turn\'s requests to the origin: no second connect', async () => {
      const { origin, requests } = await pipelineServer(answerFor);
      expect((await keptOpen(origin, '/v3/cluster/member/list').answer).statusCode).toBe(200);
      const [metricsAnswer] = await Promise.all([get(origin, '/metrics').answer, post(origin, '/v3/maintenance/status').answer]);
      expect(metricsAnswer.body.equals(answerOf(metrics).body)).toBe(true);
      expect(requests.map((request) => request.connection)).toEqual([1, 1, 1]);
      // Only the last request of the connection asks the server to close it.
      expect(requests.map((request) => /\r\nconnection: close\r\n/.test(request.text))).toEqual([false, false, true]);
    });

    it('closed by the server while idle: the next request opens a connection of its own', async () => {
      const { origin, requests } = await pipelineServer((socket, request) => {
        answerFor(socket, request);
        if (!/\r\nconnection: close\r\n/.test(request)) setTimeout(() => socket.end(), 20);
      });
      await keptOpen(origin, '/v3/cluster/member/list').answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await post(origin, '/v3/maintenance/status').answer).statusCode).toBe(200);
      expect(requests.map((request) => request.connection)).toEqual([1, 2]);
    });

    it('closed by the server just as a request is sent on it: asked again, and answered', async () => {
      const { origin, requests } = await pipelineServer((socket, request, connection) => {
        // The kept connection takes the next request and drops it, as a server timing it out would.
        if (connection === 1 && requests.filter((r) => r.connection === 1).length === 2) socket.destroy();
        else answerFor(socket, request);
      });
      await keptOpen(origin, '/v3/cluster/member/list').answer;
      expect((await post(origin, '/v3/maintenance/status').answer).statusCode).toBe(200);
      expect(requests.map((request) => request.connection)).toEqual([1, 1, 2]);
    });

    it('unused, it is closed (after a second), not left to the server', async () => {
      const closed: number[] = [];
      const { origin } = await pipelineServer((socket, request, connection) => {
        socket.once('close', () => closed.push(connection));
        answerFor(socket, request);
      });
      await keptOpen(origin, '/v3/cluster/member/list').answer;
      expect(closed).toEqual([]);
      await expect.poll(() => closed, { timeout: 3000 }).toEqual([1]);
    });
  });

  it('refused: every request on the connection fails with the refusal, none is asked again', async () => {
    const { origin } = await pipelineServer(answerFor);
    cleanups.splice(0).forEach((cleanup) => cleanup());
    const failures = await Promise.allSettled([post(origin, '/v3/maintenance/status').answer, get(origin, '/metrics').answer]);
    expect(failures.map((failure) => failure.status === 'rejected' && (failure.reason as NodeJS.ErrnoException).code)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });
});
