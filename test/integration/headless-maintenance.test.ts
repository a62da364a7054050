// `etcdtop defrag` and `etcdtop snapshot` against a real 3-member cluster: the order (followers
// one at a time, the leader last), the conditions and --dry-run, the audit log, the refusals
// (quorum, disk space) and the exit codes the README documents.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEtcdJson, startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { dbSizes, makeUnusedSpace } from '../helpers/unused-space.js';
import { runCli } from '../helpers/run-cli.js';

interface AuditLine { operation: string; target: { id: string; name: string } | 'cluster'; result: string; message: string; parameters: Record<string, unknown> }

let cluster: TestCluster;
let work: string;
let auditCount = 0;

const auditPath = () => join(work, `audit-${auditCount}.log`);
const auditLines = (path: string): AuditLine[] => (existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditLine) : []);

/** Runs etcdtop with a fresh audit log of its own; returns the result and that log's entries. */
async function etcdtop(args: string[]) {
  auditCount += 1;
  const audit = auditPath();
  const result = await runCli([...args, '--endpoints', cluster.endpoints[0]!, '--audit-log', audit], { timeoutMs: 60_000 });
  return { ...result, audit: auditLines(audit) };
}

async function leaderId(): Promise<string> {
  const index = await cluster.leaderIndex();
  if (index === undefined) throw new Error('no leader');
  return cluster.members[index]!.id;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'etcdtop-headless-'));
  cluster = await startCluster();
});
afterAll(async () => {
  await cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('etcdtop defrag', () => {
  it('--dry-run lists every member, the leader last, and changes nothing', async () => {
    const leader = await leaderId();
    const result = await etcdtop(['defrag', '--dry-run']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^DRY RUN, nothing is changed: would defragment 3 members \(no condition given: every member\)/);
    const planned = result.stdout.split('\n').filter((line) => line.trim().startsWith('would'));
    expect(planned).toHaveLength(3);
    expect(planned[2]).toContain(`(${leader}) LEADER`);
    expect(result.audit).toEqual([]);
  });

  it('with no condition defragments every member, followers first, the leader last, each audited', async () => {
    const leader = await leaderId();
    const result = await etcdtop(['defrag']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.audit.map((entry) => entry.operation)).toEqual(['defragment', 'defragment', 'defragment']);
    expect(result.audit.every((entry) => entry.result === 'ok')).toBe(true);
    const order = result.audit.map((entry) => (entry.target === 'cluster' ? '' : entry.target.id));
    expect(new Set(order)).toEqual(new Set(cluster.members.map((m) => m.id)));
    expect(order[2]).toBe(leader);
    expect(result.stdout.match(/^DONE\s+defragmented .*; it answers again$/gm)).toHaveLength(3);
    expect(result.stdout).toMatch(/^OK: 3 members defragmented$/m);
  });

  it('a condition selects only the members that meet it, with the reason', async () => {
    await makeUnusedSpace(cluster);
    const before = await dbSizes(cluster);
    const clean = cluster.members[1]!;
    // One member defragmented by hand: it no longer meets the condition.
    expect((await cluster.etcdctl(['defrag'], { endpoints: [clean.clientUrl] })).code).toBe(0);
    const dry = await etcdtop(['defrag', '--if-unused-over', '1MB', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would defragment 2 members that meet a condition/);
    expect(dry.stdout).toMatch(new RegExp(`skip\\s+${clean.name} \\(${clean.id}\\) \\w+: .* not in use \\(limit 977 KiB\\)`));
    const result = await etcdtop(['defrag', '--if-unused-over', '1MB']);
    expect(result.code).toBe(0);
    const done = result.audit.map((entry) => (entry.target === 'cluster' ? '' : entry.target.id)).sort();
    expect(done).toEqual(cluster.members.filter((m) => m.id !== clean.id).map((m) => m.id).sort());
    const after = await dbSizes(cluster);
    for (const id of done) expect(after.get(id)!.size).toBeLessThan(before.get(id)!.size);
  });

  it('a condition no member meets does nothing and exits 0', async () => {
    const result = await etcdtop(['defrag', '--if-db-over-percent', '90', '--if-unused-over-percent', '95']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/defragmenting 0 members that meet a condition/);
    expect(result.stdout.match(/^\s+skip\s/gm)).toHaveLength(3);
    expect(result.audit).toEqual([]);
  });

  it('--member takes an id or a name and defragments only that member', async () => {
    const target = cluster.members[2]!;
    for (const given of [target.id, target.name]) {
      const result = await etcdtop(['defrag', '--member', given]);
      expect(result.code).toBe(0);
      expect(result.audit.map((entry) => (entry.target === 'cluster' ? '' : entry.target.id))).toEqual([target.id]);
    }
  });

  it.each([
    [['--if-db-over-percent', '120'], /invalid --if-db-over-percent '120'/],
    [['--if-unused-over', '5M'], /invalid --if-unused-over '5M'/],
    [['--defrag-timeout', 'soon'], /invalid --defrag-timeout 'soon'/],
    [['--member', 'nosuch'], /no member 'nosuch' in the cluster/],
  ])('bad input %j: one line, a hint, exit 3', async (args, message) => {
    const result = await etcdtop(['defrag', ...args]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/hint: /);
    expect(result.audit).toEqual([]);
  });
});

describe('etcdtop snapshot', () => {
  it('saves from the leader under a temporary name and prints size, revision and the full sha256', async () => {
    const file = join(work, 'backup.db');
    const leader = await leaderId();
    const result = await etcdtop(['snapshot', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const bytes = readFileSync(file);
    expect(result.stdout).toContain(`saved ${file} from `);
    expect(result.stdout).toContain(`(${leader})`);
    expect(result.stdout).toMatch(new RegExp(`^size     ${bytes.length} bytes `, 'm'));
    expect(result.stdout).toMatch(new RegExp(`^sha256   ${createHash('sha256').update(bytes).digest('hex')}$`, 'm'));
    expect(existsSync(`${file}.part`)).toBe(false);
    const revision = /^revision (\d+)$/m.exec(result.stdout)?.[1];
    const status = parseEtcdJson((await cluster.etcdctl(['endpoint', 'status', '-w', 'json'])).stdout) as { Status: { header: { revision: number } } }[];
    expect(Number(revision)).toBeGreaterThan(0);
    expect(Number(revision)).toBeLessThanOrEqual(status[0]!.Status.header.revision);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(result.audit).toMatchObject([{ operation: 'snapshot', result: 'ok', parameters: { path: file } }]);
    // etcdctl reads it back as a valid snapshot (its integrity hash checks out).
    const check = execFileSync('etcdctl', ['snapshot', 'status', file, '-w', 'json'], { env: { ...process.env, ETCDCTL_API: '3' } }).toString();
    expect((JSON.parse(check) as { totalKey: number }).totalKey).toBeGreaterThan(0);
  });

  it('--member takes the snapshot from that member', async () => {
    const leader = await leaderId();
    const follower = cluster.members.find((m) => m.id !== leader)!;
    const file = join(work, 'from-member.db');
    const result = await etcdtop(['snapshot', file, '--member', follower.name]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`from ${follower.name} (${follower.id})`);
    expect(result.audit).toMatchObject([{ operation: 'snapshot', target: { id: follower.id } }]);
  });

  it('refuses when the disk lacks the space, with the numbers, and leaves nothing behind', async (context) => {
    if (process.getuid?.() !== 0) return context.skip('needs root to mount a small tmpfs');
    const small = join(work, 'small');
    mkdirSync(small);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', small], { stdio: 'ignore' });
    } catch {
      return context.skip('mount -t tmpfs is not permitted here');
    }
    try {
      const result = await etcdtop(['snapshot', join(small, 'backup.db')]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^REFUSED: not enough disk space for the snapshot: .*small has \d+(\.\d)? (KiB|B) free \(\d+ bytes\), the DB is .* \(\d+ bytes\)/m);
      expect(readdirSync(small)).toEqual([]);
      expect(result.audit).toMatchObject([{ operation: 'snapshot', result: 'failed' }]);
    } finally {
      execFileSync('umount', [small]);
    }
  });

  it('a folder that does not exist: FAILED with the reason, exit 2', async () => {
    const result = await etcdtop(['snapshot', join(work, 'no-such-dir', 'backup.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^FAILED: snapshot from .* failed: .*no such file or directory/m);
    expect(result.audit).toMatchObject([{ operation: 'snapshot', result: 'failed' }]);
  });
});

describe('refusals that protect quorum', () => {
  it('while another etcdtop on this host holds the cluster\'s maintenance lock: refused with its name, nothing done; a dead holder does not block', async () => {
    const locks = join(work, 'locks');
    mkdirSync(locks, { recursive: true });
    const clusterId = (JSON.parse((await runCli(['status', '-o', 'json', '--endpoints', cluster.endpoints[0]!])).stdout) as { clusterId: string }).clusterId;
    const lockFile = join(locks, `etcdtop-maintenance-${clusterId}.lock`);
    const run = async (args: string[]) => {
      auditCount += 1;
      const audit = auditPath();
      const result = await runCli([...args, '--endpoints', cluster.endpoints[0]!, '--audit-log', audit], { timeoutMs: 60_000, env: { ETCDTOP_LOCK_DIR: locks } });
      return { ...result, audit: auditLines(audit) };
    };
    // Held by a live process (this test's): a cron defrag while an operator's runs.
    writeFileSync(lockFile, `${JSON.stringify({ pid: process.pid, user: 'operator', operation: 'defragment', startedAt: '2026-12-05T03:00:00.000Z' })}\n`);
    const refused = await run(['defrag']);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stdout).toMatch(new RegExp(`^REFUSED: another etcdtop on this host runs maintenance on this cluster \\(defragment, by operator, pid ${process.pid}, since 2026-12-05T03:00:00.000Z\\): wait for it to end$`, 'm'));
    expect(refused.audit).toEqual([]);
    // A holder that died (its pid no longer runs) is taken over, and the lock is gone afterwards.
    const dead = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lockFile, `${JSON.stringify({ pid: Number(dead), user: 'cron', operation: 'etcdtop defrag', startedAt: '2026-12-05T02:00:00.000Z' })}\n`);
    const member = cluster.members[1]!;
    const taken = await run(['defrag', '--member', member.name]);
    expect(taken.code, taken.stdout + taken.stderr).toBe(0);
    expect(taken.audit.map((line) => line.operation)).toEqual(['defragment']);
    expect(existsSync(lockFile)).toBe(false);
  });

  it('with a member down, defragmenting any other would cost quorum: refused, exit 1, nothing done', async () => {
    await cluster.kill(2);
    const down = cluster.members[2]!;
    const dry = await etcdtop(['defrag', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/refuse .*quorum needs 2/);
    const result = await etcdtop(['defrag']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^REFUSED: .*blocks it with ${down.name} \\(${down.id}\\) down: only 1 of 3 voters would serve, and quorum needs 2`, 'm'));
    expect(result.audit).toEqual([]);
  });
});
