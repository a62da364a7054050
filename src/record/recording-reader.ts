// Reading a recording back: a cursor that yields one entry at a time (replay keeps one round in
// memory, not the file), and a scan that reads the whole file once before the screen opens, so
// a damaged file is one clear line on the terminal, with its line number, instead of a surprise
// halfway through a replay.
import type { Problem } from '../cli/report-problem.js';
import { decodeLine, HEADER_PREFIX, NewerFormatError, RecordingLineError, type RecordingEntry, type RecordingHeader } from './recording-codec.js';
import { LineReader, type Line } from './line-reader.js';

export interface RecordingSummary {
  path: string;
  header: RecordingHeader;
  rounds: number;
  firstTakenAtMs: number;
  lastTakenAtMs: number;
  /** The last line was cut off mid-write (the monitor was killed): it is skipped. */
  truncatedLine?: number;
}

export type ScanResult = { ok: true; summary: RecordingSummary } | { ok: false; problem: Problem };

export type CursorItem = RecordingEntry | { kind: 'truncated'; line: number };

/**
 * Entries in file order; blank lines are skipped; a bad line throws RecordingLineError. A line
 * cut off mid-write (the monitor was killed) is reported as 'truncated', not an error: it is the
 * last line, or the line just before the header of the next recording session.
 */
export class RecordingCursor {
  private readonly lines: LineReader;
  private peeked: Line | undefined;

  constructor(path: string) {
    this.lines = new LineReader(path);
  }

  next(): CursorItem | undefined {
    const line = this.nextLine();
    if (line === undefined) return undefined;
    try {
      return decodeLine(line.text, line.number);
    } catch (error) {
      if (!line.complete) return { kind: 'truncated', line: line.number };
      this.peeked = this.nextLine();
      if (this.peeked?.text.startsWith(HEADER_PREFIX)) return { kind: 'truncated', line: line.number };
      throw error;
    }
  }

  close(): void {
    this.lines.close();
  }

  private nextLine(): Line | undefined {
    if (this.peeked) {
      const line = this.peeked;
      this.peeked = undefined;
      return line;
    }
    for (let line = this.lines.next(); line !== undefined; line = this.lines.next()) {
      if (line.text.trim() !== '') return line;
    }
    return undefined;
  }
}

export function scanRecording(path: string): ScanResult {
  let cursor: RecordingCursor;
  try {
    cursor = new RecordingCursor(path);
  } catch (error) {
    return { ok: false, problem: { message: `cannot read recording ${path}: ${reasonOf(error)}`, hint: 'record one with: etcdtop --record FILE' } };
  }
  try {
    return summarise(path, cursor);
  } catch (error) {
    return { ok: false, problem: problemAt(path, error) };
  } finally {
    cursor.close();
  }
}

function summarise(path: string, cursor: RecordingCursor): ScanResult {
  const first = firstEntry(cursor);
  if (first === undefined) return { ok: false, problem: { message: `recording ${path} is empty`, hint: 'the monitor writes one line per poll round: let it run a few seconds' } };
  if (first === 'not-a-header') {
    return { ok: false, problem: { message: `${path} is not an etcdtop recording (line 1 is not a {"etcdtopRecording":…} header)`, hint: 'record one with: etcdtop --record FILE' } };
  }
  const summary: RecordingSummary = { path, header: first.header, rounds: 0, firstTakenAtMs: 0, lastTakenAtMs: 0 };
  for (let item = cursor.next(); item !== undefined; item = cursor.next()) {
    if (item.kind === 'truncated') summary.truncatedLine = item.line;
    if (item.kind !== 'round') continue;
    if (summary.rounds === 0) summary.firstTakenAtMs = item.snapshot.takenAtMs;
    summary.lastTakenAtMs = item.snapshot.takenAtMs;
    summary.rounds += 1;
  }
  if (summary.rounds === 0) return { ok: false, problem: { message: `recording ${path} holds no poll round yet`, hint: 'the monitor writes one line per poll round: let it run a few seconds' } };
  return { ok: true, summary };
}

function firstEntry(cursor: RecordingCursor): Extract<CursorItem, { kind: 'header' }> | 'not-a-header' | undefined {
  try {
    const first = cursor.next();
    return first === undefined || first.kind === 'header' ? first : 'not-a-header';
  } catch (error) {
    if (error instanceof RecordingLineError && !(error instanceof NewerFormatError) && error.line === 1) return 'not-a-header';
    throw error;
  }
}

function problemAt(path: string, error: unknown): Problem {
  if (error instanceof NewerFormatError) {
    return { message: `recording ${path} ${error.message}`, hint: 'replay it with the etcdtop version that recorded it, or a newer one' };
  }
  if (error instanceof RecordingLineError) {
    const kept = error.line - 1;
    return {
      message: `recording ${path} ${error.message}`,
      hint: kept > 1 ? `the rounds before it can still be replayed: head -n ${kept} ${path} > fixed.jsonl` : 'record a new one with: etcdtop --record FILE',
    };
  }
  return { message: `cannot read recording ${path}: ${reasonOf(error)}` };
}

export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
