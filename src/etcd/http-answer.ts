// An HTTP/1.1 answer read from the bytes of a connection that carries only it (http-exchange.ts).
// What the framing guarantees: a body announced with content-length or chunked must arrive whole,
// or the exchange fails; a truncated /metrics page would otherwise lose histogram buckets and give
// a wrong p99 without a word. Only an answer with neither (HTTP/1.0 style) is read until the
// server closes. Pure: unit-tested with answers recorded from etcd.

export interface HttpAnswer {
  statusCode: number;
  statusMessage: string;
  /** Header names in lower case. */
  headers: ReadonlyMap<string, string>;
  body: Buffer;
  /**
   * From when the server could begin on the request (its connection ready, or the answer before
   * it on the connection read whole) to its whole answer: the time the member took, without the
   * connect, the handshake or the requests answered before it on a pipelined connection
   * (http-pipeline.ts). Absent where no connection carried it (parsed from recorded bytes).
   */
  servedInMs?: number;
}

/** Errors with Node-like codes, so one error wording serves this client and the others. */
export function exchangeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

export type Settlement = { answer: HttpAnswer } | { error: Error };

/**
 * Collects an answer's bytes and says when it is whole, so that neither a server that keeps the
 * connection open nor the next answer on a pipelined connection is waited on. The bytes are
 * parsed in full only when the framing read from the head says they may be whole: never once per
 * chunk of a 150 KiB page. What follows the answer is the next one's (leftover()).
 */
export class AnswerReader {
  private readonly received: Buffer[] = [];
  private receivedBytes = 0;
  /** From the head, once it is in: the answer's total size, or how its end is marked. */
  private framing: number | 'chunked' | 'close' | undefined;
  /** The last bytes received: a chunked answer's end may come split over several pieces. */
  private tail: Buffer = Buffer.alloc(0);
  private rest: Buffer | undefined;

  constructor(private readonly maxBodyBytes: number) {}

  /** The answer when this chunk completes it (or a failure), else undefined. */
  push(chunk: Buffer): Settlement | undefined {
    this.received.push(chunk);
    this.receivedBytes += chunk.length;
    if (this.framing === undefined) return this.readHead();
    if (this.framing === 'chunked' ? this.mayHoldLastChunk(chunk) : this.framing !== 'close' && this.receivedBytes >= this.framing) return this.parse(false);
    if (this.receivedBytes > this.maxBodyBytes + MAX_HEAD_BYTES) return tooLarge(this.maxBodyBytes);
    return undefined;
  }

  /** The server has closed: the answer, or why it is not one. */
  close(): Settlement {
    if (this.receivedBytes === 0) return { error: exchangeError('ECONNRESET', 'socket hang up') };
    const parsed = this.parse(true);
    return parsed ?? { error: exchangeError('ERR_HTTP_CUT_SHORT', 'the connection closed before the whole answer arrived') };
  }

  bytesReceived(): number {
    return this.receivedBytes;
  }

  /** Bytes received after the whole answer: the start of the next one on the connection. */
  leftover(): Buffer | undefined {
    return this.rest;
  }

  private readHead(): Settlement | undefined {
    const bytes = this.received.length === 1 ? this.received[0]! : Buffer.concat(this.received, this.receivedBytes);
    const headEnd = bytes.indexOf(HEAD_END);
    if (headEnd < 0) return headCannotBe(bytes) ? notHttp() : undefined;
    const parsed = this.parse(false);
    if (parsed) return parsed;
    const head = parseHead(bytes.subarray(0, headEnd));
    if (!head) return notHttp();
    const length = head.headers.get('content-length');
    this.framing = isChunked(head.headers) ? 'chunked' : length !== undefined ? headEnd + HEAD_END.length + Number(length) : 'close';
    this.tail = bytes.subarray(-LAST_CHUNK.length);
    return undefined;
  }

  /** Whether the last chunk's bytes may have arrived, in this piece or across the previous ones. */
  private mayHoldLastChunk(chunk: Buffer): boolean {
    const seam = Buffer.concat([this.tail, chunk.subarray(0, LAST_CHUNK.length)]);
    // The last bytes seen, without copying a 64 KiB piece to keep five of them.
    this.tail = chunk.length >= LAST_CHUNK.length ? chunk.subarray(-LAST_CHUNK.length) : seam.subarray(-LAST_CHUNK.length);
    return chunk.includes(LAST_CHUNK) || seam.includes(LAST_CHUNK);
  }

  private parse(closed: boolean): Settlement | undefined {
    const bytes = Buffer.concat(this.received, this.receivedBytes);
    const parsed = parseAnswer(bytes, this.maxBodyBytes, closed);
    if (parsed === 'incomplete') return this.receivedBytes > this.maxBodyBytes + MAX_HEAD_BYTES ? tooLarge(this.maxBodyBytes) : undefined;
    if ('error' in parsed) return parsed;
    if (parsed.consumed < bytes.length) this.rest = bytes.subarray(parsed.consumed);
    return { answer: parsed.answer };
  }
}

const isChunked = (headers: ReadonlyMap<string, string>) => /\bchunked\b/i.test(headers.get('transfer-encoding') ?? '');
/** Too long for a head, or not starting as an HTTP answer does. */
const headCannotBe = (bytes: Buffer) => bytes.length > MAX_HEAD_BYTES || (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') !== 'HTTP/');

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const LAST_CHUNK = Buffer.from('0\r\n\r\n');
/** etcd's heads are ~300 bytes: a head over 64 KiB is not an answer from etcd. */
const MAX_HEAD_BYTES = 64 * 1024;

const tooLarge = (maxBodyBytes: number) => ({ error: exchangeError('ERR_HTTP_BODY_TOO_LARGE', `the answer is larger than ${maxBodyBytes} bytes`) });

/** An answer parsed from the front of some bytes, and how many it took: the rest is the next answer's. */
export type ParsedAnswer = { answer: HttpAnswer; consumed: number } | { error: Error } | 'incomplete';

/**
 * An answer's bytes as an HttpAnswer (pure: unit-tested with recorded answers). `closed`: the
 * server has closed, so a body with neither length nor chunks ends here.
 */
export function parseAnswer(bytes: Buffer, maxBodyBytes: number, closed: boolean): ParsedAnswer {
  const headEnd = bytes.indexOf(HEAD_END);
  if (headEnd < 0) return headCannotBe(bytes) || closed ? notHttp() : 'incomplete';
  const head = parseHead(bytes.subarray(0, headEnd));
  if (!head) return notHttp();
  const bodyStart = headEnd + HEAD_END.length;
  const body = bodyOf(bytes.subarray(bodyStart), head.headers, maxBodyBytes, closed);
  if (body === 'incomplete' || 'error' in body) return body;
  return { answer: { ...head, body: body.body }, consumed: bodyStart + body.end };
}

function parseHead(head: Buffer): Omit<HttpAnswer, 'body'> | undefined {
  const [statusLine = '', ...headerLines] = head.toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!status) return undefined;
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)!}, ${value}` : value);
  }
  return { statusCode: Number(status[1]), statusMessage: status[2] ?? '', headers };
}

/** The body, and where it ends in `rest`. */
type Body = { body: Buffer; end: number } | { error: Error } | 'incomplete';

function bodyOf(rest: Buffer, headers: ReadonlyMap<string, string>, maxBodyBytes: number, closed: boolean): Body {
  if (isChunked(headers)) return dechunk(rest, maxBodyBytes);
  const length = headers.get('content-length');
  if (length !== undefined) {
    if (!/^\d+$/.test(length)) return notHttp();
    const bytes = Number(length);
    if (bytes > maxBodyBytes) return tooLarge(maxBodyBytes);
    return rest.length >= bytes ? { body: rest.subarray(0, bytes), end: bytes } : 'incomplete';
  }
  if (rest.length > maxBodyBytes) return tooLarge(maxBodyBytes);
  return closed ? { body: rest, end: rest.length } : 'incomplete';
}

/** The body of a chunked answer, once its last (zero-size) chunk has arrived. */
function dechunk(rest: Buffer, maxBodyBytes: number): Body {
  const chunks: Buffer[] = [];
  let bodyBytes = 0;
  let at = 0;
  for (;;) {
    const lineEnd = rest.indexOf(CRLF, at);
    if (lineEnd < 0) return 'incomplete';
    // Chunk extensions (after ';') carry nothing etcd or Prometheus send.
    const sizeText = rest.subarray(at, lineEnd).toString('latin1').split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) return notHttp();
    const size = parseInt(sizeText, 16);
    const dataStart = lineEnd + CRLF.length;
    if (size === 0) {
      // The last chunk, then optional trailers, then an empty line.
      if (rest.indexOf(CRLF, dataStart) === dataStart) return { body: Buffer.concat(chunks, bodyBytes), end: dataStart + CRLF.length };
      const trailersEnd = rest.indexOf(HEAD_END, dataStart - CRLF.length);
      return trailersEnd < 0 ? 'incomplete' : { body: Buffer.concat(chunks, bodyBytes), end: trailersEnd + HEAD_END.length };
    }
    bodyBytes += size;
    if (bodyBytes > maxBodyBytes) return tooLarge(maxBodyBytes);
    if (rest.length < dataStart + size + CRLF.length) return 'incomplete';
    chunks.push(rest.subarray(dataStart, dataStart + size));
    at = dataStart + size + CRLF.length;
  }
}

/** As Node's parser words it, so failure wording that knows Node's codes knows this one. */
const notHttp = () => ({ error: exchangeError('HPE_INVALID_CONSTANT', 'the answer is not HTTP') });
