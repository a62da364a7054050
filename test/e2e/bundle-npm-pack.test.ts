// `npm pack` makes a package that installs and runs: `npm install -g ./etcdtop-x.y.z.tgz` into a
// temporary prefix, then the installed `etcdtop` answers --help and talks to a real cluster.
// The install resolves etcdtop's dependencies with --prefer-offline: from the npm cache that
// `npm ci` has just filled (no network needed), from the registry otherwise. The tarball is packed
// with --ignore-scripts from the dist/ the integration suite builds first (test/helpers/build-once.ts).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { cleanEnv } from '../helpers/run-cli.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INSTALL_TIMEOUT_MS = 60_000;

/** No npm_* variables from an enclosing `npm test`: the inner npm must use its own defaults. */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(cleanEnv()).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}

const npm = (args: string[], cwd: string, timeout = INSTALL_TIMEOUT_MS) =>
  run('npm', args, { cwd, env: npmEnv(), timeout, maxBuffer: 16 * 1024 * 1024 });

describe('npm pack, then npm install -g from the tarball', () => {
  let work: string;
  let tarball: string;
  let files: string[];
  let cluster: TestCluster;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'etcdtop-pack-'));
    const { stdout } = await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT);
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, packed!.filename);
    files = packed!.files.map((f) => f.path);
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('packs the built CLI, and no sources, tests or single-file bundle', () => {
    for (const path of ['package.json', 'bin/etcdtop.js', 'dist/cli.js', 'dist/commands/replay.js', 'dist/record/recording-writer.js', 'scripts/prepare.mjs']) {
      expect(files).toContain(path);
    }
    expect(files.filter((path) => /^(src|test|node_modules)\//.test(path) || path === 'dist/etcdtop.mjs')).toEqual([]);
  });

  it('installs globally into a prefix; the etcdtop bin answers --help and status', async () => {
    const prefix = join(work, 'prefix');
    await npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], work);
    const bin = join(prefix, 'bin', 'etcdtop');
    const help = await run(bin, ['--help'], { env: cleanEnv() });
    expect(help.stdout).toContain('etcdtop replay <file>');
    const version = await run(bin, ['--version'], { env: cleanEnv() });
    expect(version.stdout.trim()).toBe(`${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version} (Node.js ${process.version})`);
    const status = await run(bin, ['status', '--endpoints', cluster.endpoints[0]!, '-o', 'json'], { env: cleanEnv() });
    const report = JSON.parse(status.stdout) as { members: { reachable: boolean }[] };
    expect(report.members).toHaveLength(3);
    expect(report.members.every((m) => m.reachable)).toBe(true);

    // Should an npm run `prepare` in the installed package, it finds no sources and builds nothing.
    const installed = join(prefix, 'lib', 'node_modules', 'etcdtop');
    const prepare = await run(process.execPath, [join(installed, 'scripts/prepare.mjs')], { cwd: installed });
    expect(prepare.stdout).toContain('nothing to build');
  }, INSTALL_TIMEOUT_MS + 30_000);
});
