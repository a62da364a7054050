import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepStaleLabs, type SweepDeps } from '../../src/lab/stale-labs.js';

describe('sweepStaleLabs', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'etcdtop-sweep-test-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function lab(name: string, owner: number | undefined, members: number[] = []): string {
    const dir = join(root, name);
    mkdirSync(dir);
    if (owner !== undefined) writeFileSync(join(dir, 'etcdtop.pid'), `${owner}\n`);
    if (members.length > 0) writeFileSync(join(dir, 'members.pid'), members.map((pid) => `${pid}\n`).join(''));
    return dir;
  }

  it('removes the folders of dead owners and kills their members that still run, nothing else', () => {
    const dead = lab('etcdtop-lab-dead', 1001, [2001, 2002, 2003]);
    const alive = lab('etcdtop-lab-alive', 1002, [2011]);
    const unowned = lab('etcdtop-lab-starting', undefined);
    const other = lab('something-else', 1001);
    const killed: number[] = [];
    const deps: SweepDeps = {
      isAlive: (pid) => pid === 1002,
      // 2001 runs etcd of the dead lab; 2002's pid was reused by another program; 2003 is gone.
      commandLine: (pid) => (pid === 2001 ? `/usr/bin/etcd\0--name=etcd-0\0--data-dir=${dead}/etcd-0.etcd\0` : pid === 2002 ? 'bash\0' : ''),
      kill: (pid) => killed.push(pid),
    };
    expect(sweepStaleLabs(root, deps)).toEqual([dead]);
    expect(killed).toEqual([2001]);
    expect([existsSync(dead), existsSync(alive), existsSync(unowned), existsSync(other)]).toEqual([false, true, true, true]);
  });

  it('never removes its own folder', () => {
    const mine = lab('etcdtop-lab-mine', process.pid);
    sweepStaleLabs(root, { isAlive: () => false, commandLine: () => '', kill: () => undefined });
    expect(existsSync(mine)).toBe(true);
  });

  it('is quiet about a root that does not exist', () => {
    expect(sweepStaleLabs(join(root, 'missing'))).toEqual([]);
  });
});
