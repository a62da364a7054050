// `--record FILE`: every poll round appended as one JSON line, written synchronously as the round
// arrives so that a monitor killed mid-incident leaves every round it showed on disk (no fsync:
// on a control-plane node the disk belongs to etcd). Recording never stops the monitor: a full
// disk or the size limit ends the recording with one event in the events pane.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { Problem } from '../cli/report-problem.js';
import type { ClusterEvent } from '../core/cluster-events.js';
import type { ClusterSnapshot } from '../core/cluster-snapshot.js';
import { formatBytesIEC } from '../core/format.js';
import { encodeEvent, encodeHeader, encodeRound, HEADER_PREFIX, withoutUserinfo } from './recording-codec.js';
import { reasonOf } from './recording-reader.js';

/** Two to three days of rounds at 1 s for a 3-member cluster (about 5 kB a round). */
export const DEFAULT_MAX_RECORDING_BYTES = 1 << 30;

export interface RecorderOptions {
  intervalMs: number;
  endpoints: string[];
  maxBytes?: number;
  now?: () => number;
}

export interface RoundRecorder {
  readonly path: string;
  /** Appends the round; returns an event for the events pane when recording starts or stops. */
  record(snapshot: ClusterSnapshot): ClusterEvent | undefined;
  /** Appends what the operator did, as the events pane showed it; the same answer as record. */
  recordEvent(event: ClusterEvent): ClusterEvent | undefined;
  close(): void;
}

export type OpenRecorderResult = { ok: true; recorder: RoundRecorder } | { ok: false; problem: Problem };

export function openRecorder(path: string, options: RecorderOptions): OpenRecorderResult {
  let fd: number;
  try {
    fd = openSync(path, 'a+', 0o600);
  } catch (error) {
    return { ok: false, problem: { message: `cannot write recording ${path}: ${reasonOf(error)}`, hint: 'give --record a file in a writable folder' } };
  }
  const size = fstatSync(fd).size;
  if (size > 0 && !readAt(fd, 0, HEADER_PREFIX.length).equals(Buffer.from(HEADER_PREFIX))) {
    closeSync(fd);
    return { ok: false, problem: { message: `${path} exists and is not an etcdtop recording: refusing to append to it`, hint: 'give --record a new file name (an existing recording is appended to)' } };
  }
  // A session killed mid-line left no newline: end that line, or the header would join it.
  const cutOff = size > 0 && readAt(fd, size - 1, 1).toString() !== '\n';
  const header = (cutOff ? '\n' : '') + encodeHeader({
    startedAt: new Date((options.now ?? Date.now)()).toISOString(),
    intervalMs: options.intervalMs,
    endpoints: options.endpoints.map(withoutUserinfo),
  });
  try {
    writeAll(fd, header);
  } catch (error) {
    closeSync(fd);
    return { ok: false, problem: { message: `cannot write recording ${path}: ${reasonOf(error)}` } };
  }
  return { ok: true, recorder: new FileRecorder(path, fd, size + Buffer.byteLength(header), options.maxBytes ?? DEFAULT_MAX_RECORDING_BYTES) };
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  return buffer.subarray(0, readSync(fd, buffer, 0, length, position));
}

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text);
  for (let offset = 0; offset < buffer.length; ) offset += writeSync(fd, buffer, offset);
}

class FileRecorder implements RoundRecorder {
  private fd: number | undefined;
  private rounds = 0;

  constructor(
    readonly path: string,
    fd: number,
    private bytes: number,
    private readonly maxBytes: number,
  ) {
    this.fd = fd;
  }

  record(snapshot: ClusterSnapshot): ClusterEvent | undefined {
    const stopped = this.append(encodeRound(snapshot), snapshot.takenAtMs);
    if (stopped !== 'written') return stopped;
    this.rounds += 1;
    return this.rounds === 1 ? { atMs: snapshot.takenAtMs, level: 'info', message: `recording every round to ${this.path}` } : undefined;
  }

  recordEvent(event: ClusterEvent): ClusterEvent | undefined {
    const stopped = this.append(encodeEvent(event), event.atMs);
    return stopped === 'written' ? undefined : stopped;
  }

  private append(line: string, atMs: number): ClusterEvent | 'written' | undefined {
    if (this.fd === undefined) return undefined;
    const length = Buffer.byteLength(line);
    if (this.bytes + length > this.maxBytes) {
      return this.stop(atMs, `recording stopped: ${this.path} reached its ${formatBytesIEC(this.maxBytes)} limit after ${this.rounds} rounds`);
    }
    try {
      writeAll(this.fd, line);
    } catch (error) {
      return this.stop(atMs, `recording stopped: cannot write ${this.path}: ${reasonOf(error)}`);
    }
    this.bytes += length;
    return 'written';
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private stop(atMs: number, message: string): ClusterEvent {
    this.close();
    return { atMs, level: 'warning', message };
  }
}
