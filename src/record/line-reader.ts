// Reads a file line by line with plain synchronous reads: a recording can be far bigger than a
// string may be (V8 caps strings near 512 MiB), and replay needs one line at a time, in order.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 1 << 20;
/** A line this long is not a round: the file is something else, or damaged. */
export const MAX_LINE_CHARS = 64 << 20;

export interface Line {
  text: string;
  /** 1-based. */
  number: number;
  /** False only for a last line the writer never finished (killed mid-write). */
  complete: boolean;
}

export class LineReader {
  private readonly fd: number;
  private readonly decoder = new StringDecoder('utf8');
  private readonly buffer = Buffer.alloc(CHUNK_BYTES);
  private pending = '';
  private ready: string[] = [];
  private readyAt = 0;
  private atEnd = false;
  private lineNumber = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
  }

  /** The next line, or undefined at the end of the file. Throws when a line exceeds MAX_LINE_CHARS. */
  next(): Line | undefined {
    while (this.readyAt >= this.ready.length && !this.atEnd) this.fill();
    if (this.readyAt < this.ready.length) {
      const text = this.ready[this.readyAt++]!;
      return { text, number: ++this.lineNumber, complete: true };
    }
    if (this.pending === '') return undefined;
    const last = this.pending;
    this.pending = '';
    return { text: last, number: ++this.lineNumber, complete: false };
  }

  private closed = false;

  /** Idempotent: a replay closes its file at the end, and again when seeking back reopens it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private fill(): void {
    const bytes = readSync(this.fd, this.buffer, 0, CHUNK_BYTES, null);
    if (bytes === 0) {
      this.atEnd = true;
      this.pending += this.decoder.end();
      return;
    }
    const parts = (this.pending + this.decoder.write(this.buffer.subarray(0, bytes))).split('\n');
    this.pending = parts.pop() ?? '';
    if (this.pending.length > MAX_LINE_CHARS) {
      throw new Error(`line ${this.lineNumber + parts.length + 1} is longer than ${MAX_LINE_CHARS >> 20} MiB`);
    }
    this.ready = parts;
    this.readyAt = 0;
  }
}
