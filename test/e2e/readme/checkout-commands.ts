// README commands that build, pack and install etcdtop: run in a fresh copy of the repository (never
// in the working repository, whose node_modules the running suite uses), in the order a newcomer
// runs them, each leaving what the next one needs.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { REPO, type ReadmeWorld, type Runner } from './world.js';

const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
const NPM_TIMEOUT_MS = 90_000;

function runInCheckout(world: ReadmeWorld, line: string, env: Record<string, string | undefined> = {}) {
  return world.sandbox.run(line, { cwd: world.checkout, env: world.sandbox.env(env), timeoutMs: NPM_TIMEOUT_MS });
}

/** `npm ci` installs and, through `prepare`, builds dist/ (removed first, so it must be built again). */
export const npmCiBuilds: Runner = async (world, command) => {
  rmSync(join(world.checkout, 'dist'), { recursive: true, force: true });
  const result = await runInCheckout(world, command);
  expect(result.code, result.stderr).toBe(0);
  expect(existsSync(join(world.checkout, 'node_modules/.package-lock.json'))).toBe(true);
  expect(existsSync(join(world.checkout, 'dist/cli.js'))).toBe(true);
};

export const helpListsCommands: Runner = async (world, command) => {
  const result = await runInCheckout(world, command);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  for (const sub of ['status', 'check', 'defrag', 'snapshot <file>', 'replay <file>', 'lab', 'completion']) expect(result.stdout).toContain(`etcdtop ${sub}`);
};

/** One file of about the size the README gives (~2.5 MiB). */
export const bundleBuilds: Runner = async (world, command) => {
  const bundle = join(world.checkout, 'dist/etcdtop.mjs');
  rmSync(bundle, { force: true });
  const result = await runInCheckout(world, command);
  expect(result.code, result.stderr).toBe(0);
  const mib = statSync(bundle).size / 2 ** 20;
  expect(mib).toBeGreaterThan(2.0);
  expect(mib).toBeLessThan(3.0);
};

/** The tarball has the name the README's install line uses. */
export const packMakesTarball: Runner = async (world, command) => {
  const result = await runInCheckout(world, command);
  expect(result.code, result.stderr).toBe(0);
  expect(existsSync(join(world.checkout, `etcdtop-${version}.tgz`))).toBe(true);
};

/** `-g` goes to a temp prefix (npm_config_prefix), not the machine's; the installed bin runs. */
export const installsGlobally: Runner = async (world, command) => {
  const result = await runInCheckout(world, command, { npm_config_prefix: world.globalPrefix });
  expect(result.code, result.stderr).toBe(0);
  const shown = await runInCheckout(world, `${join(world.globalPrefix, 'bin/etcdtop')} --version`);
  expect(shown.stdout.trim()).toBe(`${version} (Node.js ${process.version})`);
};

/** In bash with the installed bin first on PATH: completion is registered for etcdtop. */
export const completionRegisters: Runner = async (world, command) => {
  const installedBin = join(world.globalPrefix, 'bin');
  const env = { PATH: `${installedBin}:${world.sandbox.env().PATH}` };
  const result = await world.sandbox.run(`${command}\ncommand -v etcdtop && complete -p etcdtop`, { cwd: world.work, env });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toBe(`${join(installedBin, 'etcdtop')}\ncomplete -o bashdefault -o default -F _etcdtop_yargs_completions etcdtop\n`);
};

/**
 * The full bench takes about 2.5 minutes; its shortest run (options from bench/README.md, htop
 * left out so that nothing is installed, a few hundred frames for the retained-heap phase) takes
 * about 30 s and still writes both result files with every section.
 */
export const benchWritesResults: Runner = async (world, command) => {
  const out = world.sandbox.folder('bench-results');
  const result = await runInCheckout(world, `${command} -- --no-build --runs 1 --healthy-runs 1 --warmup 1 --window 5 --launches 1 --no-htop --frames-warmup 100 --frames 200 --no-fleet --out ${out}`);
  expect(result.code, result.stderr).toBe(0);
  const table = readFileSync(join(out, 'latest.md'), 'utf8');
  for (const row of ['etcdtop status', 'etcdctl endpoint status --cluster', 'CPU, % of one core', 'retained per hour at 1 s']) expect(table).toContain(row);
  expect(JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8'))).toBeTypeOf('object');
  // The README's `npm run build:exe` ran before: the executable's phase measured it.
  const exe = readFileSync(join(out, 'latest-executable.md'), 'utf8');
  for (const row of ['size etcdtop-linux-x64', 'start-up etcdtop --version', 'start-up etcdtop status', 'monitor RSS, executable']) expect(exe).toContain(row);
};

/** `npm test` is what CI runs (.ci/run, under set -e): the whole suite, this file included. */
export const runByCi: Runner = async (_world, command) => {
  const ci = readFileSync(join(REPO, '.ci/run'), 'utf8');
  expect(ci).toMatch(/^set -euo pipefail$/m);
  expect(ci.split('\n')).toContain(command);
};
