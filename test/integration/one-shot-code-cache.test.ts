// The npm build's `status` and `check` run from dist/app/one-shot.js with a V8 code cache made at
// the end of each command's first run that answered (src/cli/script-one-shot.ts): kept only in
// the user's own cache folder, per command, script build, Node and CPU; replaced when V8 refuses
// it; never read or written where others can write, or with NODE_DISABLE_COMPILE_CACHE=1. V8 runs
// such a cache after checking only its version, its flags and the source's length, hence the care.
// .ci/run runs this file under Node 22, 24 and 26 as well (ETCDTOP_TEST_NODE).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scriptHash } from '../../src/cli/script-one-shot.js';
import { SCRIPT_HASH_MARK } from '../../src/cli/sea-one-shot.js';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { CLI_NODE, runCli } from '../helpers/run-cli.js';

const SCRIPT = fileURLToPath(new URL('../../dist/app/one-shot.js', import.meta.url));
const REPORT = /^one-shot code cache: (\w+)$/m;
const [nodeVersion, arch] = execFileSync(CLI_NODE, ['-p', 'process.version + " " + process.arch'], { encoding: 'utf8' }).trim().split(' ');

let cluster: TestCluster;
let work: string;
let cacheHome: string;

beforeAll(async () => {
  cluster = await startCluster({ members: 1 });
});

afterAll(async () => {
  await cluster?.stop();
});

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'etcdtop-one-shot-cache-'));
  cacheHome = join(work, 'cache');
  mkdirSync(cacheHome, { mode: 0o700 });
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

const cacheFolder = () => join(cacheHome, 'etcdtop/one-shot');
const cacheFile = (command: string, hash = scriptHash(readFileSync(SCRIPT, 'utf8'))!) => join(cacheFolder(), `${hash}-${command}-node${nodeVersion}-${arch}.cache`);

/** The test's private cache folder, and V8's use of the cache reported on stderr. */
const cacheEnv = (extra: Record<string, string | undefined> = {}) =>
  ({ HOME: join(work, 'no-such-home'), XDG_CACHE_HOME: cacheHome, NODE_DISABLE_COMPILE_CACHE: undefined, ETCDTOP_ONE_SHOT_CACHE_REPORT: '1', ...extra });

/** One run with the cache report on; what V8 did with the cache ('absent': none was read). */
async function run(command: 'status' | 'check', env: Record<string, string | undefined> = {}): Promise<{ cache: string | undefined; stdout: string }> {
  const result = await runCli([command, '--endpoints', cluster.endpoints[0]!, '-o', 'json'], { env: cacheEnv(env) });
  // `check` exits 1 on this machine's slow disk (fsync warnings); both print their JSON.
  expect(result.code === 0 || (command === 'check' && result.code === 1)).toBe(true);
  expect(result.stderr.replace(REPORT, '').trim()).toBe('');
  return { cache: REPORT.exec(result.stderr)?.[1], stdout: result.stdout };
}

describe('the build', () => {
  it('ends dist/app/one-shot.js with the SHA-256 of what precedes that line', () => {
    const source = readFileSync(SCRIPT, 'utf8');
    const at = source.lastIndexOf(SCRIPT_HASH_MARK);
    expect(at).toBeGreaterThan(0);
    const written = source.slice(at + SCRIPT_HASH_MARK.length).trim();
    expect(written).toBe(createHash('sha256').update(source.slice(0, at)).digest('hex'));
  });
});

describe("status and check in the npm build's script", () => {
  it("keep a cache after each command's first run, readable by the user only, that the next run takes", async () => {
    const first = await run('status');
    expect(first.cache).toBe('absent');
    expect(statSync(cacheFile('status')).mode & 0o777).toBe(0o600);
    expect(statSync(cacheFolder()).mode & 0o777).toBe(0o700);
    const second = await run('status');
    expect(second.cache).toBe('accepted');
    // The same answer from the cached code: the member, its id and version.
    const member = (stdout: string) => (JSON.parse(stdout) as { members: Array<{ id: string; name: string; version: string }> }).members.map(({ id, name, version }) => ({ id, name, version }));
    expect(member(second.stdout)).toEqual(member(first.stdout));
    expect(member(first.stdout)).toHaveLength(1);

    // check has its own: the functions its run compiles are not status's.
    expect((await run('check')).cache).toBe('absent');
    expect((await run('check')).cache).toBe('accepted');
    expect(readdirSync(cacheFolder()).sort()).toEqual([cacheFile('check'), cacheFile('status')].map((file) => file.slice(cacheFolder().length + 1)).sort());
  });

  it('keep no cache from a run that answered nothing (exit 3), nor from `status --help`: the next run that answers makes it', async () => {
    const unreachable = await runCli(['status', '--endpoints', 'http://127.0.0.1:1'], { env: cacheEnv() });
    expect(unreachable.code).toBe(3);
    expect(REPORT.exec(unreachable.stderr)?.[1]).toBe('absent');
    expect(existsSync(cacheFile('status'))).toBe(false);
    // Nor from a command line the script only reads and hands to yargs.
    const help = await runCli(['status', '--help'], { env: cacheEnv() });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--endpoints');
    expect(existsSync(cacheFile('status'))).toBe(false);
    expect((await run('status')).cache).toBe('absent');
    expect((await run('status')).cache).toBe('accepted');
  });

  it('replace a cache V8 refuses, and remove those of other builds of the script', async () => {
    mkdirSync(cacheFolder(), { recursive: true, mode: 0o700 });
    writeFileSync(cacheFile('status'), 'not a code cache');
    const earlierBuild = cacheFile('status', '0123456789abcdef');
    writeFileSync(earlierBuild, 'an earlier build');
    expect((await run('status')).cache).toBe('rejected');
    expect(readFileSync(cacheFile('status'), 'utf8')).not.toBe('not a code cache');
    expect(existsSync(earlierBuild)).toBe(false);
    expect((await run('status')).cache).toBe('accepted');
  });

  it('keep and read nothing where others can write to the cache folder', async () => {
    chmodSync(cacheHome, 0o777);
    expect((await run('status')).cache).toBeUndefined();
    expect((await run('status')).cache).toBeUndefined();
    expect(readdirSync(cacheHome)).toEqual([]);
  });

  it('keep and read nothing with NODE_DISABLE_COMPILE_CACHE=1', async () => {
    expect((await run('status', { NODE_DISABLE_COMPILE_CACHE: '1' })).cache).toBeUndefined();
    expect(readdirSync(cacheHome)).toEqual([]);
  });
});
