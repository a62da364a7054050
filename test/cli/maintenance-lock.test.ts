// The per-cluster maintenance lock: one run at a time on this host, the holder named to whoever
// is refused, a dead holder's file taken over, and released only by its owner.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maintenanceLockPath, takeMaintenanceLock, underMaintenanceLock } from '../../src/cli/maintenance-lock.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'etcdtop-lock-'));
  path = maintenanceLockPath('1c2f3e4d5a6b7c8d', dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const deadPid = () => Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));

describe('the maintenance lock', () => {
  it('is one file per cluster, named by its id', () => {
    expect(path).toBe(join(dir, 'etcdtop-maintenance-1c2f3e4d5a6b7c8d.lock'));
    expect(maintenanceLockPath(undefined, dir)).toBe(join(dir, 'etcdtop-maintenance-unknown-cluster.lock'));
  });

  it('is taken, holds who and what, refuses a second run naming the first, and is gone once released', () => {
    const first = takeMaintenanceLock(path, { user: 'root', operation: 'defragment' }, new Date('2026-12-05T03:00:00Z'));
    expect(first.ok).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ pid: process.pid, user: 'root', operation: 'defragment', startedAt: '2026-12-05T03:00:00.000Z' });
    const second = takeMaintenanceLock(path, { user: 'cron', operation: 'etcdtop defrag' });
    expect(second).toEqual({ ok: false, holder: expect.objectContaining({ pid: process.pid }),
      message: `another etcdtop on this host runs maintenance on this cluster (defragment, by root, pid ${process.pid}, since 2026-12-05T03:00:00.000Z): wait for it to end` });
    if (first.ok) first.release();
    expect(existsSync(path)).toBe(false);
    expect(takeMaintenanceLock(path, { user: 'cron', operation: 'etcdtop defrag' }).ok).toBe(true);
  });

  it.each([
    ['a holder whose process is gone', () => JSON.stringify({ pid: deadPid(), user: 'cron', operation: 'etcdtop defrag', startedAt: '2026-12-05T02:00:00.000Z' })],
    ['a file half written by a run that died', () => '{"pid": 12'],
  ])('%s does not block: its file is taken over', (_name, content) => {
    writeFileSync(path, content());
    const taken = takeMaintenanceLock(path, { user: 'root', operation: 'defragment' });
    expect(taken.ok).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('a release by a run that no longer holds it leaves the holder\'s file alone', () => {
    const first = takeMaintenanceLock(path, { user: 'root', operation: 'defragment' });
    const other = JSON.stringify({ pid: 1, user: 'someone', operation: 'compact', startedAt: '2026-12-05T04:00:00.000Z' });
    writeFileSync(path, other);
    if (first.ok) first.release();
    expect(readFileSync(path, 'utf8')).toBe(other);
  });

  it('a folder it cannot write in: refused with the reason, never an exception', () => {
    const outcome = takeMaintenanceLock(join(dir, 'no-such-dir', 'x.lock'), { user: 'root', operation: 'defragment' });
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/^cannot take the maintenance lock .*ENOENT/) });
  });

  it('underMaintenanceLock runs the work holding it, releases it even when the work throws, and refuses while held', async () => {
    await expect(underMaintenanceLock(path, { user: 'root', operation: 'defragment' }, async () => {
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ operation: 'defragment' });
      throw new Error('member gone');
    })).rejects.toThrow('member gone');
    expect(existsSync(path)).toBe(false);
    const held = takeMaintenanceLock(path, { user: 'cron', operation: 'etcdtop defrag' });
    let ran = false;
    const refused = await underMaintenanceLock(path, { user: 'root', operation: 'compact' }, async () => (ran = true));
    expect(ran).toBe(false);
    expect(refused).toEqual({ ok: false, refused: true, message: expect.stringMatching(/^another etcdtop on this host runs maintenance on this cluster \(etcdtop defrag, by cron/) });
    if (held.ok) held.release();
  });
});
