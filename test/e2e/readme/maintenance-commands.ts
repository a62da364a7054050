// README commands of "Maintenance from cron": `etcdtop defrag` and `etcdtop snapshot` on the
// kubeadm node (found by auto-detection), and their cron lines as cron runs them (/bin/sh).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { waitFor } from '../../helpers/etcd-cluster.js';
import { forThisMachine } from '../../helpers/fake-kubeadm-node.js';
import { dbSizes, makeUnusedSpace } from '../../helpers/unused-space.js';
import { onNode, type ReadmeWorld, type Runner } from './world.js';

interface AuditLine { operation: string; result: string; target: { id: string } | 'cluster' }

/** etcdtop's default audit log in the sandbox (XDG_STATE_HOME), as the commands wrote it. */
function auditLog(world: ReadmeWorld): AuditLine[] {
  const path = join(world.sandbox.dir, 'state', 'etcdtop', 'audit.log');
  return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditLine) : [];
}

async function runOnNode(world: ReadmeWorld, command: string, shell?: string) {
  const node = await world.node();
  const result = await world.sandbox.run(forThisMachine(command, node), { cwd: world.work, env: world.sandbox.env(onNode(node)), ...(shell ? { shell } : {}) });
  return { node, result };
}

export const defragDryRun: Runner = async (world, command) => {
  const before = auditLog(world).length;
  const { node, result } = await runOnNode(world, command);
  expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
  const leader = node.cluster.members[(await waitFor(() => node.cluster.leaderIndex(), 10_000, 'a leader'))]!;
  const planned = result.stdout.split('\n').filter((line) => line.trim().startsWith('would'));
  expect(planned).toHaveLength(node.cluster.members.length);
  expect(planned.at(-1)).toContain(`${leader.name} (${leader.id}) LEADER`);
  expect(auditLog(world)).toHaveLength(before);
};

export const defragEveryMember: Runner = async (world, command) => {
  const before = auditLog(world).length;
  const { node, result } = await runOnNode(world, command);
  expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout).toMatch(/^OK: 3 members defragmented$/m);
  const entries = auditLog(world).slice(before);
  expect(entries.map((e) => `${e.operation}:${e.result}`)).toEqual(['defragment:ok', 'defragment:ok', 'defragment:ok']);
  expect(new Set(entries.map((e) => (e.target === 'cluster' ? '' : e.target.id)))).toEqual(new Set(node.cluster.members.map((m) => m.id)));
};

export const snapshotFromLeader: Runner = async (world, command) => {
  const { result } = await runOnNode(world, command);
  expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
  const bytes = readFileSync(join(world.work, 'etcd-backup.db'));
  expect(result.stdout).toMatch(new RegExp(`^size     ${bytes.length} bytes`, 'm'));
  expect(result.stdout).toMatch(/^revision \d+$/m);
  expect(result.stdout).toContain(`sha256   ${createHash('sha256').update(bytes).digest('hex')}`);
};

/**
 * The defrag cron line: with over half of every DB file unused, it defragments without a mail;
 * with a follower frozen the others would cost quorum: refused, exit 1, one mail saying why.
 */
export const cronDefrag: Runner = async (world, command) => {
  const { cluster } = await world.node();
  const mailsBefore = world.sandbox.mails().length;
  await makeUnusedSpace(cluster);
  const leader = await waitFor(() => cluster.leaderIndex(), 10_000, 'a leader');
  const frozen = cluster.members.findIndex((_, i) => i !== 0 && i !== leader);
  cluster.freeze(frozen);
  try {
    expect((await runOnNode(world, command, '/bin/sh')).result.code).toBe(0);
  } finally {
    cluster.thaw(frozen);
  }
  const mails = world.sandbox.mails().slice(mailsBefore);
  expect(mails).toHaveLength(1);
  expect(mails[0]!.args).toEqual(['-s', `etcd defrag: ${hostname()}`, 'ops@example.com']);
  expect(mails[0]!.body).toMatch(/^REFUSED: .*quorum needs 2/m);
  await cluster.waitUntilServing(frozen);
  const before = await dbSizes(cluster);
  expect((await runOnNode(world, command, '/bin/sh')).result.code).toBe(0);
  expect(world.sandbox.mails().slice(mailsBefore), 'no second mail: it went through').toHaveLength(1);
  const after = await dbSizes(cluster);
  for (const [id, size] of after) expect(size.size, `member ${id} shrank`).toBeLessThan(before.get(id)!.size);
};

/** The snapshot cron line: /var/backups is the sandbox's working folder; no mail when it is saved. */
export const cronSnapshot: Runner = async (world, command) => {
  const mailsBefore = world.sandbox.mails().length;
  const line = command.split('/var/backups').join(world.work);
  const { result } = await runOnNode(world, line, '/bin/sh');
  expect(result.code, result.stderr).toBe(0);
  expect(world.sandbox.mails().slice(mailsBefore)).toEqual([]);
  expect(readFileSync(join(world.work, 'etcd-backup.db')).length).toBeGreaterThan(0);
  expect(existsSync(join(world.work, 'etcd-backup.db.part'))).toBe(false);
};
