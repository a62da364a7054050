// The recording format: JSON lines. A session starts with a header line
// `{"etcdtopRecording":2,…}`; every poll round follows as `{"round":{…ClusterSnapshot…}}`, and
// what the operator did (defragment, compact, snapshot, move-leader…) as `{"event":{…}}`, the
// line the events pane showed (format 2; format 1 has rounds only and is still read).
// JSON has no bigint and no Infinity (histogram buckets end at +Inf), so those are written as
// `{"$bigint":"123"}` and `{"$number":"Infinity"}` and come back exact. A URL's user:password@
// part is cut from every string on the way out: a recording is meant to be handed around.
import type { ClusterEvent } from '../core/cluster-events.js';
import type { ClusterSnapshot } from '../core/cluster-snapshot.js';

export const RECORDING_FORMAT = 2;
/** How every header line starts: also how a file is recognised as a recording before appending. */
export const HEADER_PREFIX = '{"etcdtopRecording":';

export interface RecordingHeader {
  etcdtopRecording: number;
  /** ISO time the recording session started. */
  startedAt: string;
  /** The poll interval the monitor started with: replay's speed 1 shows rounds this far apart. */
  intervalMs: number;
  /** The endpoints the operator gave, without credentials. */
  endpoints: string[];
}

export type RecordingEntry =
  | { kind: 'header'; header: RecordingHeader; line: number }
  | { kind: 'round'; snapshot: ClusterSnapshot; line: number }
  | { kind: 'event'; event: ClusterEvent; line: number };

/** A line that cannot be read, with its 1-based number: one sentence for the operator. */
export class RecordingLineError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/** A header from a newer etcdtop: the file is a recording, just not one this version reads. */
export class NewerFormatError extends RecordingLineError {}

const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi;

/** `https://user:secret@host:2379` → `https://host:2379`, anywhere in a string. */
export function withoutUserinfo(text: string): string {
  return text.replace(USERINFO, '$1');
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  if (typeof value === 'string') return withoutUserinfo(value);
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const record = value as Record<string, unknown>;
  if (typeof record.$bigint === 'string' && /^-?\d+$/.test(record.$bigint)) return BigInt(record.$bigint);
  if (record.$number === 'Infinity' || record.$number === '-Infinity' || record.$number === 'NaN') return Number(record.$number);
  return value;
}

export function encodeHeader(header: Omit<RecordingHeader, 'etcdtopRecording'>): string {
  return `${JSON.stringify({ etcdtopRecording: RECORDING_FORMAT, ...header }, replacer)}\n`;
}

export function encodeRound(snapshot: ClusterSnapshot): string {
  return `${JSON.stringify({ round: snapshot }, replacer)}\n`;
}

export function encodeEvent(event: ClusterEvent): string {
  return `${JSON.stringify({ event }, replacer)}\n`;
}

/** One line (without its newline) → an entry, or a RecordingLineError saying what is wrong. */
export function decodeLine(text: string, line: number): RecordingEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, reviver);
  } catch (error) {
    throw new RecordingLineError(line, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new RecordingLineError(line, 'not a JSON object');
  }
  const record = parsed as Record<string, unknown>;
  if ('etcdtopRecording' in record) return { kind: 'header', header: checkHeader(record, line), line };
  if ('round' in record) return { kind: 'round', snapshot: checkRound(record.round, line), line };
  if ('event' in record) return { kind: 'event', event: checkEvent(record.event, line), line };
  throw new RecordingLineError(line, 'neither a header, a round nor an event');
}

function checkHeader(record: Record<string, unknown>, line: number): RecordingHeader {
  const format = record.etcdtopRecording;
  if (typeof format !== 'number') throw new RecordingLineError(line, 'header without a format number');
  if (format > RECORDING_FORMAT) {
    throw new NewerFormatError(line, `recorded in format ${format} by a newer etcdtop; this one reads format ${RECORDING_FORMAT}`);
  }
  const intervalMs = typeof record.intervalMs === 'number' && record.intervalMs > 0 ? record.intervalMs : 1000;
  const endpoints = Array.isArray(record.endpoints) ? record.endpoints.filter((e): e is string => typeof e === 'string') : [];
  return { etcdtopRecording: format, startedAt: String(record.startedAt ?? ''), intervalMs, endpoints };
}

const LEVELS = new Set(['info', 'ok', 'warning', 'critical']);

function checkEvent(value: unknown, line: number): ClusterEvent {
  const event = value as Partial<ClusterEvent> | null;
  if (event === null || typeof event !== 'object') throw new RecordingLineError(line, 'event is not an object');
  if (typeof event.atMs !== 'number' || !Number.isFinite(event.atMs)) throw new RecordingLineError(line, 'event without atMs');
  if (typeof event.message !== 'string') throw new RecordingLineError(line, 'event without a message');
  const level = LEVELS.has(String(event.level)) ? (event.level as ClusterEvent['level']) : 'info';
  return { atMs: event.atMs, level, message: event.message, ...(typeof event.memberId === 'string' ? { memberId: event.memberId } : {}) };
}

function checkRound(value: unknown, line: number): ClusterSnapshot {
  const round = value as Partial<ClusterSnapshot> | null;
  if (round === null || typeof round !== 'object') throw new RecordingLineError(line, 'round is not an object');
  if (typeof round.takenAtMs !== 'number' || !Number.isFinite(round.takenAtMs)) throw new RecordingLineError(line, 'round without takenAtMs');
  if (!Array.isArray(round.members)) throw new RecordingLineError(line, 'round without members');
  if (round.discovery === null || typeof round.discovery !== 'object') throw new RecordingLineError(line, 'round without discovery');
  return { ...round, durationMs: typeof round.durationMs === 'number' ? round.durationMs : 0 } as ClusterSnapshot;
}
