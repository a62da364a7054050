// Where the npm build (src/cli/compiled-code.ts) lets Node ≥ 22.1 keep compiled code between
// runs: the user's own cache folder, never Node's default in the shared temp folder, where another
// user could plant compiled code for etcdtop (often run as root) to run. Runs where the CLI's Node
// has the compile cache: .ci/run runs this file under Node 22, 24 and 26 (ETCDTOP_TEST_NODE);
// vitest's Node 20 skips it. test/integration/one-shot-code-cache.test.ts covers Node 20's case.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_NODE, runCli } from '../helpers/run-cli.js';

const hasCompileCache = execFileSync(CLI_NODE, ['-p', "typeof require('node:module').enableCompileCache"], { encoding: 'utf8' }).trim() === 'function';
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

let work: string;
let temp: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'etcdtop-cache-'));
  // Node's default location would be TMPDIR/node-compile-cache: it must stay empty.
  temp = join(work, 'tmp');
  mkdirSync(temp);
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

/** `etcdtop --version` with this environment; fails the test if it does not run. */
async function runWith(env: Record<string, string | undefined>): Promise<void> {
  const result = await runCli(['--version'], { env: { TMPDIR: temp, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: undefined, ...env } });
  expect(result).toMatchObject({ code: 0, stderr: '' });
}

describe.runIf(hasCompileCache)('the compile cache', () => {
  it('is kept in ~/.cache/etcdtop, made 0700 on first use, and never in the temp folder', async () => {
    const home = join(work, 'home');
    mkdirSync(home, { mode: 0o700 });
    await runWith({ HOME: home, XDG_CACHE_HOME: undefined });
    expect(statSync(join(home, '.cache')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(home, '.cache/etcdtop/node-compile-cache')).length).toBeGreaterThan(0);
    expect(readdirSync(temp)).toEqual([]);
  });

  it('is kept in $XDG_CACHE_HOME/etcdtop when that is set', async () => {
    const cacheHome = join(work, 'xdg');
    mkdirSync(cacheHome, { mode: 0o700 });
    await runWith({ HOME: join(work, 'no-such-home'), XDG_CACHE_HOME: cacheHome });
    expect(readdirSync(join(cacheHome, 'etcdtop/node-compile-cache')).length).toBeGreaterThan(0);
    expect(readdirSync(temp)).toEqual([]);
  });

  it('is not kept at all in a cache folder others can write to', async () => {
    const cacheHome = join(work, 'shared');
    mkdirSync(cacheHome);
    chmodSync(cacheHome, 0o777);
    await runWith({ HOME: join(work, 'no-such-home'), XDG_CACHE_HOME: cacheHome });
    expect(readdirSync(cacheHome)).toEqual([]);
    expect(readdirSync(temp)).toEqual([]);
  });

  it.runIf(isRoot)("is not kept at all in another user's folder (sudo keeping the operator's HOME)", async () => {
    const home = join(work, 'operator');
    mkdirSync(join(home, '.cache'), { recursive: true, mode: 0o700 });
    chownSync(home, NOBODY, NOBODY);
    chownSync(join(home, '.cache'), NOBODY, NOBODY);
    await runWith({ HOME: home, XDG_CACHE_HOME: undefined });
    expect(readdirSync(join(home, '.cache'))).toEqual([]);
    expect(existsSync(join(temp, 'node-compile-cache'))).toBe(false);
  });
});
