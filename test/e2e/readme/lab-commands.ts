// `etcdtop lab` lines, the five-minute start among them: each lab gets its own TMPDIR, so that
// "everything the lab started and wrote" is exactly what mentions that folder, and after q there
// must be nothing left of it: no etcd member running, no etcdtop-lab-* folder.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { TmuxSession } from '../../helpers/tmux.js';
import { labDirs, makeLabRoot, processesUnder, removeLabRoot } from '../../lab/lab-processes.js';
import { openInTerminal, quitWithQ, showsCluster } from './full-screen.js';
import { REPO, type ReadmeWorld, type Runner } from './world.js';

const LAB_MEMBERS = ['etcd-0', 'etcd-1', 'etcd-2'];
const LAB_START_MS = 30_000;

interface LabExpectations {
  /** Where the line runs. */
  cwd: (world: ReadmeWorld) => string;
  /** What else the line does before the lab opens, and how long that may take. */
  leadTimeMs?: number;
  /** Waited for once the lab's cluster is on screen. */
  then?: (session: TmuxSession) => Promise<void>;
}

export function labOpensAndCleansUp(expectations: LabExpectations): Runner {
  return async (world, command) => {
    const labTmp = makeLabRoot();
    try {
      const session = await openInTerminal(world, command, { cwd: expectations.cwd(world), env: { TMPDIR: labTmp } });
      await session.waitForScreen(showsCluster(LAB_MEMBERS), LAB_START_MS + (expectations.leadTimeMs ?? 0));
      expect(labDirs(labTmp)).toHaveLength(1);
      await expectations.then?.(session);
      await quitWithQ(session);
      expect(processesUnder(labTmp)).toEqual([]);
      expect(labDirs(labTmp)).toEqual([]);
    } finally {
      removeLabRoot(labTmp);
    }
  };
}

/** The 16 MiB quota, and the load filling it: the DB pane projects when NOSPACE will come. */
async function fillsTheQuota(session: TmuxSession): Promise<void> {
  await session.waitForScreen((s) => /DB · quota 16 MiB/.test(s) && /NOSPACE in ~\S+ at \+/.test(s), 15_000);
}

/**
 * The five-minute start, in a fresh copy of the repository: apt-get (already installed packages,
 * a no-op: a test never installs system packages), `npm ci` (builds dist/), then the lab.
 */
export const fiveMinuteStart: Runner = async (world, command) => {
  const missing = ['etcd-server', 'tmux'].filter((pkg) => !/^install ok installed$/.test(spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout));
  expect(missing, 'install these first (bash .ci/run does): the test does not install system packages').toEqual([]);
  expect(existsSync(join(world.checkout, 'dist')), 'a fresh copy: dist/ is built by npm ci, not copied').toBe(false);
  await labOpensAndCleansUp({ cwd: (w) => w.checkout, leadTimeMs: 90_000, then: fillsTheQuota })(world, command);
  expect(existsSync(join(world.checkout, 'dist/cli.js'))).toBe(true);
};

/**
 * The quota and the load, seen here; reaching NOSPACE and the guided recovery (R, y) take a minute
 * and are what test/e2e/lab-nospace.test.ts does with this same line, asserted from its source.
 */
export const labFillsQuota: Runner = async (world, command) => {
  const nospaceTest = 'test/e2e/lab-nospace.test.ts';
  const source = readFileSync(join(REPO, nospaceTest), 'utf8');
  for (const step of ["args: ['lab', '--quota', '16MiB', '--load'", '/NOSPACE on etcd-\\d/', "press('R')", "press('y')", '/recovery complete/', '/No active alarms/']) {
    expect(source, `${nospaceTest} no longer does ${step}`).toContain(step);
  }
  await labOpensAndCleansUp({ cwd: (w) => w.work, then: fillsTheQuota })(world, command);
};
