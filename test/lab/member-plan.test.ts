import { describe, expect, it } from 'vitest';
import { memberArgs, planMembers, spawnCommand, type ClusterPlan } from '../../src/lab/member-plan.js';

const ports = [2001, 2002, 2003, 2011, 2012, 2013, 2021, 2022, 2023];

describe('planMembers', () => {
  it('gives each member a client, a peer and a metrics port on 127.0.0.1, and its own folder and log', () => {
    const members = planMembers(3, ports, '/tmp/etcdtop-lab-x');
    expect(members.map((m) => m.name)).toEqual(['etcd-0', 'etcd-1', 'etcd-2']);
    expect(members[1]).toEqual({
      name: 'etcd-1',
      clientUrl: 'http://127.0.0.1:2011',
      peerUrl: 'http://127.0.0.1:2012',
      metricsUrl: 'http://127.0.0.1:2013',
      dataDir: '/tmp/etcdtop-lab-x/etcd-1.etcd',
      logFile: '/tmp/etcdtop-lab-x/etcd-1.log',
    });
  });

  it('refuses too few ports', () => {
    expect(() => planMembers(3, ports.slice(0, 8), '/tmp/x')).toThrow(/need 9 ports/);
  });
});

describe('memberArgs', () => {
  const members = planMembers(3, ports, '/tmp/etcdtop-lab-x');
  const plan: ClusterPlan = { members, token: 'etcdtop-lab-t' };

  it('binds only 127.0.0.1 and names every peer in the initial cluster', () => {
    const args = memberArgs(members[0]!, plan);
    expect(args).toContain('--name=etcd-0');
    expect(args).toContain('--data-dir=/tmp/etcdtop-lab-x/etcd-0.etcd');
    expect(args).toContain('--initial-cluster=etcd-0=http://127.0.0.1:2002,etcd-1=http://127.0.0.1:2012,etcd-2=http://127.0.0.1:2022');
    expect(args).toContain('--initial-cluster-token=etcdtop-lab-t');
    expect(args).toContain('--initial-cluster-state=new');
    expect(args).toContain('--listen-metrics-urls=http://127.0.0.1:2003');
    const urls = args.filter((a) => /urls=/.test(a)).flatMap((a) => a.split('=')[1]!.split(','));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('sets the quota on every member only when asked', () => {
    expect(memberArgs(members[2]!, plan).some((a) => a.startsWith('--quota-backend-bytes'))).toBe(false);
    const quoted = { ...plan, quotaBytes: 16 * 1024 * 1024 };
    for (const member of members) expect(memberArgs(member, quoted)).toContain('--quota-backend-bytes=16777216');
  });
});

describe('spawnCommand', () => {
  it('wraps etcd in setpriv --pdeathsig KILL when setpriv exists', () => {
    expect(spawnCommand('/usr/bin/etcd', ['--name=a'], '/usr/bin/setpriv')).toEqual(['/usr/bin/setpriv', ['--pdeathsig', 'KILL', '--', '/usr/bin/etcd', '--name=a']]);
  });

  it('runs etcd directly without it', () => {
    expect(spawnCommand('/usr/bin/etcd', ['--name=a'], undefined)).toEqual(['/usr/bin/etcd', ['--name=a']]);
  });
});
