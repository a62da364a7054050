// The recording on disk: what --record writes, and what replay makes of damaged files.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/cli/report-problem.js';
import { encodeHeader, encodeRound } from '../../src/record/recording-codec.js';
import { RecordingCursor, scanRecording } from '../../src/record/recording-reader.js';
import { openRecorder, type RoundRecorder } from '../../src/record/recording-writer.js';
import { healthyCluster, TAKEN_AT_MS, withMemberDown } from '../helpers/snapshot-factory.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'etcdtop-rec-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const roundAt = (seconds: number) => ({ ...healthyCluster(), takenAtMs: TAKEN_AT_MS + seconds * 1000 });

function recorder(path: string, maxBytes?: number): RoundRecorder {
  const opened = openRecorder(path, { intervalMs: 1000, endpoints: ['https://10.0.0.1:2379'], now: () => TAKEN_AT_MS, ...(maxBytes ? { maxBytes } : {}) });
  if (!opened.ok) throw new Error(opened.problem.message);
  return opened.recorder;
}

function entries(path: string) {
  const cursor = new RecordingCursor(path);
  const all = [];
  for (let item = cursor.next(); item; item = cursor.next()) all.push(item);
  cursor.close();
  return all;
}

describe('--record FILE', () => {
  it('writes a header, then one line per round, readable at once (no buffering), owner-only', () => {
    const path = join(dir, 'r.jsonl');
    const rec = recorder(path);
    expect(rec.record(roundAt(0))).toMatchObject({ level: 'info', message: `recording every round to ${path}` });
    expect(rec.record(withMemberDown(roundAt(1), 2))).toBeUndefined();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(4);
    rec.close();
    expect(entries(path).map((e) => e.kind)).toEqual(['header', 'round', 'round']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const scan = scanRecording(path);
    expect(scan).toMatchObject({ ok: true, summary: { rounds: 2, firstTakenAtMs: TAKEN_AT_MS, lastTakenAtMs: TAKEN_AT_MS + 1000, header: { intervalMs: 1000 } } });
  });

  it('appends a new session to an existing recording, ending a line cut off mid-write first', () => {
    const path = join(dir, 'r.jsonl');
    const first = recorder(path);
    first.record(roundAt(0));
    first.close();
    appendFileSync(path, encodeRound(roundAt(1)).slice(0, 40)); // killed mid-write
    const second = recorder(path);
    second.record(roundAt(3600));
    second.close();
    expect(entries(path).map((e) => e.kind)).toEqual(['header', 'round', 'truncated', 'header', 'round']);
    expect(scanRecording(path)).toMatchObject({ ok: true, summary: { rounds: 2, truncatedLine: 3 } });
  });

  it('refuses to append to a file that is not a recording', () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'my notes\n');
    const opened = openRecorder(path, { intervalMs: 1000, endpoints: [] });
    expect(opened).toMatchObject({ ok: false, problem: { message: `${path} exists and is not an etcdtop recording: refusing to append to it` } });
    expect(readFileSync(path, 'utf8')).toBe('my notes\n');
  });

  it('reports an unwritable path as a problem, before the screen opens', () => {
    const opened = openRecorder(join(dir, 'missing-dir', 'r.jsonl'), { intervalMs: 1000, endpoints: [] });
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(formatProblem(opened.problem)).toMatch(/^etcdtop: cannot write recording .*ENOENT.*\n  hint: .+\n$/);
  });

  it('stops at its size limit with one event, and leaves a whole recording', () => {
    const path = join(dir, 'r.jsonl');
    const oneRound = Buffer.byteLength(encodeRound(roundAt(0)));
    const header = Buffer.byteLength(encodeHeader({ startedAt: new Date(TAKEN_AT_MS).toISOString(), intervalMs: 1000, endpoints: ['https://10.0.0.1:2379'] }));
    const rec = recorder(path, header + 2 * oneRound + 10);
    rec.record(roundAt(0));
    rec.record(roundAt(1));
    const stopped = rec.record(roundAt(2));
    expect(stopped).toMatchObject({ level: 'warning', atMs: TAKEN_AT_MS + 2000 });
    expect(stopped?.message).toMatch(/^recording stopped: .* reached its .* limit after 2 rounds$/);
    expect(rec.record(roundAt(3))).toBeUndefined();
    rec.close();
    expect(scanRecording(path)).toMatchObject({ ok: true, summary: { rounds: 2 } });
  });
});

describe('scanning a recording before replay', () => {
  const write = (lines: string[]) => {
    const path = join(dir, 'r.jsonl');
    writeFileSync(path, lines.join(''));
    return path;
  };
  const header = encodeHeader({ startedAt: 'x', intervalMs: 1000, endpoints: [] });

  it('reports a corrupt line with its number, in one line and a hint, without a stack', () => {
    const path = write([header, encodeRound(roundAt(0)), encodeRound(roundAt(1)), '{"round": {"takenAtMs": 1,,}\n', encodeRound(roundAt(3))]);
    const scan = scanRecording(path);
    expect(scan.ok).toBe(false);
    if (scan.ok) return;
    const text = formatProblem(scan.problem);
    expect(text).toMatch(new RegExp(`^etcdtop: recording ${path} line 4: not valid JSON \\(.+\\)\\n  hint: the rounds before it can still be replayed: head -n 3 ${path} > fixed.jsonl\\n$`));
    expect(text).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });

  it.each([
    ['empty', [], /is empty/],
    ['not a recording', ['{"hello":1}\n'], /is not an etcdtop recording \(line 1 is not a/],
    ['header only', [header], /holds no poll round yet/],
    ['from a newer etcdtop', ['{"etcdtopRecording":3}\n'], /line 1: recorded in format 3 by a newer etcdtop/],
  ])('%s: one clear problem', (_name, lines, message) => {
    const scan = scanRecording(write(lines));
    expect(scan.ok).toBe(false);
    if (!scan.ok) expect(scan.problem.message).toMatch(message);
  });

  it('a missing file', () => {
    const scan = scanRecording(join(dir, 'nope.jsonl'));
    expect(scan).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/^cannot read recording .*nope.jsonl: ENOENT/) } });
  });

  it('tolerates a last line cut off mid-write and blank lines', () => {
    const path = write([header, encodeRound(roundAt(0)), '\n', encodeRound(roundAt(1)).slice(0, 30)]);
    expect(scanRecording(path)).toMatchObject({ ok: true, summary: { rounds: 1, truncatedLine: 4 } });
  });
});
