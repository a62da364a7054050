// etcd with auth on, seen as root and as a user whose only role reads keys. etcd 3.5 (and some
// 3.6 releases) allow Status to the root role only: such a user must read, on every member, why
// nothing is shown ("permission denied: Status needs the root role"), not DOWN, and be refused
// maintenance with that same reason. etcd 3.4.23 still answers Status to any signed-in user; it
// refuses the maintenance calls themselves, which the gateway names the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnection } from '../../src/commands/connect.js';
import { propose, type OperationKind } from '../../src/core/maintenance/operations.js';
import type { ConnectionConfig } from '../../src/config/connection-config.js';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { contextOf } from '../helpers/maintenance-fakes.js';
import { runCli } from '../helpers/run-cli.js';

const ROOT = ['--user', 'root:root-pw'];
const DENIED = 'permission denied: Status needs the root role';

interface MemberJson {
  name: string;
  state: string;
  reachable: boolean;
  version: string | null;
  error: { kind: string; message: string } | null;
}

describe('auth on: root, and a user with a read-only role', () => {
  let cluster: TestCluster;
  let statusNeedsRoot: boolean;
  const as = (user: string, password: string) => ['--endpoints', cluster.endpoints[0]!, '--user', user, '--password', password];
  const statusJson = async (user: string, password: string) => {
    const result = await runCli(['status', '-o', 'json', ...as(user, password)]);
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as { members: MemberJson[] };
  };

  beforeAll(async () => {
    cluster = await startCluster();
    for (const args of [
      ['user', 'add', 'root:root-pw'],
      ['role', 'add', 'reader'],
      ['role', 'grant-permission', 'reader', 'read', '--prefix=true', '/registry/'],
      ['user', 'add', 'viewer:viewer-pw'],
      ['user', 'grant-role', 'viewer', 'reader'],
      ['auth', 'enable'],
    ]) {
      const r = await cluster.etcdctl(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    // Whether this etcd gives Status to the root role only, asked the way etcdctl asks.
    const viewerStatus = await cluster.etcdctl(['--user', 'viewer:viewer-pw', 'endpoint', 'status']);
    statusNeedsRoot = /permission denied/.test(viewerStatus.stderr);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('as root: every member UP with its version', async () => {
    const report = await statusJson('root', 'root-pw');
    expect(report.members.map((m) => [m.state, m.reachable])).toEqual(cluster.members.map(() => ['up', true]));
    const root = await cluster.etcdctl([...ROOT, 'endpoint', 'status']);
    expect(root.code, root.stderr).toBe(0);
  });

  it('as the read-only user: each member says why (not DOWN) where etcd wants the root role for Status', async () => {
    const version = (await statusJson('root', 'root-pw')).members[0]?.version ?? '';
    // etcd 3.5 does: a 3.5 run that stopped denying would be a change to notice, not to pass over.
    if (version.startsWith('3.5.')) expect(statusNeedsRoot).toBe(true);
    const report = await statusJson('viewer', 'viewer-pw');
    if (!statusNeedsRoot) {
      expect(report.members.map((m) => m.state)).toEqual(cluster.members.map(() => 'up'));
      return;
    }
    expect(report.members.map((m) => [m.state, m.error?.kind, m.error?.message])).toEqual(cluster.members.map(() => ['denied', 'permission', DENIED]));
    const table = await runCli(['status', ...as('viewer', 'viewer-pw')]);
    for (const member of cluster.members) expect(table.stdout).toMatch(new RegExp(`\\| ${member.name} \\|.*\\| ${DENIED} \\|`));
    expect(table.stdout).not.toMatch(/\bDOWN\b|unreachable/);
    const check = await runCli(['check', ...as('viewer', 'viewer-pw')]);
    expect(check.code).toBe(3);
    expect(check.stdout).toContain(`: ${DENIED}`);
    expect(check.stdout).toContain('etcdctl user grant-role USER root');
  });

  it('as the read-only user: maintenance is refused with the same reason (3.5), or fails naming the call (3.4)', async () => {
    const config: ConnectionConfig = {
      endpoints: cluster.endpoints, auth: { username: 'viewer', password: 'viewer-pw' }, dialTimeoutMs: 2000, commandTimeoutMs: 2000, metricsUrls: [], source: 'test',
    };
    const connection = await openConnection(config);
    try {
      const context = contextOf(await connection.collect());
      const target = cluster.members[0]!.id;
      const kinds: OperationKind[] = ['defragment', 'snapshot', 'compact', 'disarm', 'move-leader'];
      const refusals = kinds.map((kind) => propose({ kind, memberId: target, path: '/nonexistent/x.db' }, context).refusal);
      if (statusNeedsRoot) {
        // The member's own reason, or (compact, disarm: cluster-wide) the first denied member's.
        expect(refusals.slice(0, 2)).toEqual([0, 1].map(() => `${cluster.members[0]!.name} (${target}): ${DENIED}`));
        for (const refusal of refusals) expect(refusal).toMatch(new RegExp(`^etcd-\\d \\([0-9a-f]+\\): ${DENIED}$`));
      }
      // etcd itself refuses the call to such a user on every version: the gateway names it.
      const defrag = await connection.gateway.defragment(cluster.endpoints[0]!);
      expect(defrag.ok ? 'allowed' : defrag.failure.message).toBe('permission denied: defragment needs the root role');
    } finally {
      connection.gateway.close();
    }
  });
});
