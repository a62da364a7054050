import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendAudit, auditLogProblem } from '../../src/cli/audit-log.js';
import type { AuditEntry } from '../../src/core/maintenance/execute.js';

const dir = mkdtempSync(join(tmpdir(), 'etcdtop-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENTRY: AuditEntry = { time: '2026-11-21T16:00:00.000Z', user: 'alice', operation: 'compact', target: 'cluster', parameters: {}, result: 'ok', message: 'done', durationMs: 5 };

// Tests run as root, where permissions do not stop a write: a file where a directory should be,
// and a directory where the file should be, fail for everyone.
const aFile = join(dir, 'a-file');
writeFileSync(aFile, '');
const aDirectory = join(dir, 'a-directory');
mkdirSync(aDirectory);

describe('auditLogProblem', () => {
  it.each([
    ['a new file in a new directory', join(dir, 'new', 'audit.log'), undefined],
    ['a path under a file', join(aFile, 'audit.log'), `${join(aFile, 'audit.log')}: a part of the path is a file, not a directory`],
    ['a directory', aDirectory, `${aDirectory}: is a directory`],
  ])('%s', (_name, path, expected) => {
    expect(auditLogProblem(path)).toBe(expected);
  });
});

describe('appendAudit', () => {
  it('appends one JSON line and says nothing when it could', () => {
    const path = join(dir, 'ok', 'audit.log');
    expect(appendAudit(path, ENTRY)).toBeUndefined();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(ENTRY);
  });

  it('returns why when it could not, and logs the details', () => {
    const log = join(dir, 'etcdtop.log');
    expect(appendAudit(aDirectory, ENTRY, log)).toBe(`${aDirectory}: is a directory`);
    expect(readFileSync(log, 'utf8')).toContain(`audit log ${aDirectory} not writable`);
  });
});
