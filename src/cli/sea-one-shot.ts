// `status` and `check` in the single executable, from its one-shot asset: the same code as the
// main's (src/cli/one-shot-asset.ts, bundled a second time as a classic script), with a V8 code
// cache that scripts/build-exe.mjs made after running both commands against a stand-in cluster on
// 127.0.0.1. The main's own code cache is made before anything runs and holds only top-level
// code: every function a round calls was compiled on its first call, 5-7 ms of a ~50 ms `status`
// (bench/README.md, "fourth pass"). A cache V8 refuses (another Node, other flags) costs only
// those milliseconds: the script is compiled from its source, and runs the same. The npm build
// runs the same script with a cache of its own (cli/script-one-shot.ts) through instantiate().
import type * as OneShotAsset from './one-shot-asset.js';

/** What the one-shot script exports: the command line's reader and the commands. */
export type OneShotCode = typeof OneShotAsset;

export const ONE_SHOT_ASSET = 'one-shot.js';
export const ONE_SHOT_CACHE_ASSET = 'one-shot.cache';
/** The script's name in stack traces; the build's warm-up compiles it under the same name. */
export const ONE_SHOT_FILENAME = 'etcdtop-one-shot.js';
/**
 * The script's last line, written by scripts/bundle.mjs: `//# etcdtop-one-shot-sha256=HEX`, the
 * hash of what precedes it, which names the npm build's code caches (cli/script-one-shot.ts).
 */
export const SCRIPT_HASH_MARK = '\n//# etcdtop-one-shot-sha256=';

type Sea = typeof import('node:sea');

/**
 * The one-shot code from the asset, or undefined outside an executable or in one built without the
 * asset and its cache (arm64: a code cache made by the x64 builder would be refused there).
 * ETCDTOP_ONE_SHOT_CACHE_REPORT=1 prints whether V8 took the cache, for the build's own check.
 */
export function oneShotFromSea(): OneShotCode | undefined {
  if (!runsAsExecutable()) return undefined;
  const sea = process.getBuiltinModule('node:sea') as Sea;
  let source: string;
  let cachedData: Uint8Array;
  try {
    source = sea.getAsset(ONE_SHOT_ASSET, 'utf8');
    // The raw asset is the executable's own bytes, not a copy.
    cachedData = new Uint8Array(sea.getRawAsset(ONE_SHOT_CACHE_ASSET) as ArrayBuffer);
  } catch {
    return undefined;
  }
  const { Script } = process.getBuiltinModule('node:vm');
  const script = new Script(source, { filename: ONE_SHOT_FILENAME, cachedData });
  reportOneShotCache(script.cachedDataRejected ? 'rejected' : 'accepted');
  return instantiate(script.runInThisContext() as AssetFunction);
}

/** True inside the single executable. */
export function runsAsExecutable(): boolean {
  return (process.getBuiltinModule('node:sea') as Sea | undefined)?.isSea() ?? false;
}

/** With ETCDTOP_ONE_SHOT_CACHE_REPORT=1, whether V8 took the one-shot code cache (for checks). */
export function reportOneShotCache(taken: 'accepted' | 'rejected' | 'absent'): void {
  if (process.env.ETCDTOP_ONE_SHOT_CACHE_REPORT === '1') process.stderr.write(`one-shot code cache: ${taken}\n`);
}

/** The asset's wrapper (scripts/bundle.mjs --one-shot-asset) called as CommonJS is. */
export type AssetFunction = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

export function instantiate(assetFunction: AssetFunction, filename = process.execPath): OneShotCode {
  const module = { exports: {} as Partial<OneShotCode> };
  assetFunction(module.exports, process.getBuiltinModule('node:module').createRequire(filename), module, filename, filename.slice(0, filename.lastIndexOf('/')));
  const { runOneShot, oneShotArgv } = module.exports;
  if (typeof runOneShot !== 'function' || typeof oneShotArgv !== 'function') throw new Error(`${ONE_SHOT_ASSET} does not export runOneShot and oneShotArgv`);
  return { runOneShot, oneShotArgv };
}
