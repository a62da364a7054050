// README commands that talk to a cluster, run against the test cluster dressed up as a kubeadm
// control-plane node (test/helpers/fake-kubeadm-node.ts): the lines without connection flags find
// it by etcdtop's own auto-detection, those with flags get the test member's port and certificates.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { waitFor } from '../../helpers/etcd-cluster.js';
import { forThisMachine } from '../../helpers/fake-kubeadm-node.js';
import { memberNames, openInTerminal, quitWithQ, showsCluster } from './full-screen.js';
import { onNode, type ReadmeWorld, type Runner } from './world.js';

/** Runs a one-shot README line on the node, in `cwd` (default the working folder). */
async function runOnNode(world: ReadmeWorld, command: string, cwd = world.work) {
  const node = await world.node();
  const result = await world.sandbox.run(forThisMachine(command, node), { cwd, env: world.sandbox.env(onNode(node)) });
  return { node, result };
}

/** A full-screen command: the monitor shows the cluster, and q ends it. */
export function monitorShowsCluster(cwd?: (world: ReadmeWorld) => string): Runner {
  return async (world, command) => {
    const node = await world.node();
    const session = await openInTerminal(world, forThisMachine(command, node), { cwd: cwd?.(world) ?? world.work, env: onNode(node) });
    const screen = await session.waitForScreen(showsCluster(memberNames(node.cluster)), 30_000);
    expect(screen).toContain(node.cluster.members[0]!.id);
    await quitWithQ(session);
  };
}

/** A one-shot command: exit 0 and a table row per member, at its 127.0.0.1 client URL. */
export function printsEveryMember(cwd?: (world: ReadmeWorld) => string): Runner {
  return async (world, command) => {
    const { node, result } = await runOnNode(world, command, cwd?.(world));
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    for (const { name, clientUrl, id } of node.cluster.members) {
      expect(result.stdout).toMatch(new RegExp(`^\\| +${clientUrl.replace(/\./g, '\\.')} +\\| +${id} +\\| +${name} +\\|`, 'm'));
    }
  };
}

export const statusJson: Runner = async (world, command) => {
  const { node, result } = await runOnNode(world, command);
  expect(result.code, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout) as { members: { name: string; reachable: boolean; endpoint: string }[] };
  expect(report.members.map((m) => m.name).sort()).toEqual(memberNames(node.cluster));
  expect(report.members.every((m) => m.reachable && m.endpoint.startsWith('https://127.0.0.1:'))).toBe(true);
};

/** `check`'s verdict line and its exit code agree, and the healthy test cluster is OK. */
export const checkVerdict: Runner = async (world, command) => {
  const { node, result } = await runOnNode(world, command);
  const verdict = /^(OK|WARNING|CRITICAL|UNKNOWN): /.exec(result.stdout)?.[1];
  expect(verdict, result.stdout + result.stderr).toBeDefined();
  expect(result.code).toBe(['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'].indexOf(verdict!));
  // An idle test cluster gives too few latency samples in check's window: a note, still OK.
  expect(result.stdout).toMatch(new RegExp(`^OK: ${node.cluster.members.length} members, no findings\n(note: not enough samples yet .*\n)?$`));
};

/**
 * The cron job's command as cron runs it (/bin/sh): silent while the cluster is OK, one mail with
 * check's findings while a follower is frozen (SIGSTOP: it answers nothing, like a hung member).
 */
export const cronMailsWhenNotOk: Runner = async (world, command) => {
  const node = await world.node();
  const cron = (line: string) => world.sandbox.run(line, { cwd: world.work, shell: '/bin/sh', env: world.sandbox.env(onNode(node)) });
  const line = forThisMachine(command, node);
  const healthy = await cron(line);
  expect(healthy.code).toBe(0);
  expect(world.sandbox.mails(), 'no mail while the cluster is OK').toEqual([]);

  const { cluster } = node;
  const leader = await waitFor(() => cluster.leaderIndex(), 10_000, 'a leader');
  const frozen = cluster.members.findIndex((_, i) => i !== 0 && i !== leader);
  cluster.freeze(frozen);
  try {
    expect((await cron(line)).code).toBe(0);
  } finally {
    cluster.thaw(frozen);
  }
  const mails = world.sandbox.mails();
  expect(mails).toHaveLength(1);
  expect(mails[0]!.args).toEqual(['-s', `etcd: ${hostname()}`, 'ops@example.com']);
  expect(mails[0]!.body).toMatch(/^WARNING: /);
  expect(mails[0]!.body).toContain(`${cluster.members[frozen]!.name} (${cluster.members[frozen]!.id}) is unreachable`);
};

/**
 * The folder on the node that `dist/etcdtop.mjs` was copied to: the bundle alone, with no
 * package.json or node_modules here or above that could lend it what it lacks.
 */
export function onTheNode(world: ReadmeWorld): string {
  const dir = join(world.sandbox.dir, 'on-the-node');
  if (existsSync(join(dir, 'etcdtop.mjs'))) return dir;
  mkdirSync(dir);
  copyFileSync(join(world.checkout, 'dist/etcdtop.mjs'), join(dir, 'etcdtop.mjs'));
  for (let up = dir; up !== dirname(up); up = dirname(up)) {
    if (existsSync(join(up, 'node_modules')) || existsSync(join(up, 'package.json'))) throw new Error(`${up} would let the bundle find packages`);
  }
  return dir;
}
