// `status` and `check` in the npm build, from dist/app/one-shot.js: the same classic script as
// the executable's one-shot asset (scripts/bundle.mjs), with a V8 code cache made on this machine,
// by this Node, at the end of each command's first run that answered, when it holds every function
// that run compiled. Node's own compile cache (≥ 22.1, none on Node 20) is made when a module is
// compiled, before it runs: top-level code only, and every function a round calls was compiled on
// its first call, 9-17 ms of a `status` on Node 26 and 20 (bench/README.md, "seventh pass").
// The cache is bytecode V8 runs after checking only its own version, its flags and the source's
// length: it is kept only in the user's own cache folder (cli/user-cache-folder.ts), and its name
// carries the hash of the script, which the build writes at the script's end.
// Built-ins are taken with process.getBuiltinModule, as by the executable's loader: the app's
// entry then loads no module of its own before the script (bench/README.md, "seventh pass").
import type { Script as VmScript } from 'node:vm';
import type { OneShotCommand } from './one-shot-argv.js';
import { type AssetFunction, instantiate, ONE_SHOT_FILENAME, type OneShotCode, reportOneShotCache, runsAsExecutable, SCRIPT_HASH_MARK } from './sea-one-shot.js';

const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = process.getBuiltinModule('node:fs');
const { fileURLToPath } = process.getBuiltinModule('node:url');

/**
 * The exit code of a run that answered nothing (cli/report-problem.ts's EXIT_UNKNOWN, not imported
 * here so that the entry loads no module): bad input, no member reached. Such a run compiled little
 * of a round, and a cache V8 takes is never made again: the next run that answers makes it. So
 * does the next run after a command line only yargs reads (`status --help`).
 */
const ANSWERED_NOTHING = 3;
/** The part of the hash that names a cache file. */
const HASH_LENGTH = 16;

/** Where a command's code cache for this script, this Node and this CPU is kept. */
export function codeCacheFile(folder: string, scriptHash: string, command: OneShotCommand): string {
  return `${folder}/one-shot/${scriptHash}-${command}-node${process.version}-${process.arch}.cache`;
}

/** The hash the build wrote at the end of the script, or undefined when it has none. */
export function scriptHash(source: string): string | undefined {
  const at = source.lastIndexOf(SCRIPT_HASH_MARK);
  const hash = at < 0 ? '' : source.slice(at + SCRIPT_HASH_MARK.length, at + SCRIPT_HASH_MARK.length + HASH_LENGTH);
  return /^[0-9a-f]{16}$/.test(hash) ? hash : undefined;
}

/**
 * The one-shot code from one-shot.js beside the app's entry (`entryUrl`), or undefined, and the
 * caller imports the same code as modules: where no code cache may be kept (`cacheFolder`
 * undefined; the whole script compiled without one costs more than the modules, which Node ≥ 22.1
 * has cached), in the single executable (cli/sea-one-shot.ts), and without the script (the tsc
 * build, the single-file bundle).
 */
export function oneShotFromScript(entryUrl: string, command: OneShotCommand, cacheFolder: string | undefined): OneShotCode | undefined {
  if (!cacheFolder || runsAsExecutable()) return undefined;
  let path: string;
  let source: string;
  try {
    path = fileURLToPath(new URL('./one-shot.js', entryUrl));
    source = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const hash = scriptHash(source);
  const cacheFile = hash ? codeCacheFile(cacheFolder, hash, command) : undefined;
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // none yet
  }
  const { Script } = process.getBuiltinModule('node:vm');
  const compiled = new Script(source, { filename: ONE_SHOT_FILENAME, cachedData });
  reportOneShotCache(cachedData === undefined ? 'absent' : compiled.cachedDataRejected ? 'rejected' : 'accepted');
  const code = instantiate(compiled.runInThisContext() as AssetFunction, path);
  if (!cacheFile || (cachedData !== undefined && !compiled.cachedDataRejected)) return code;
  // Kept only from a run of the command itself (not `status --help`, which the script's reader
  // hands to yargs), and one that answered.
  return {
    ...code,
    runOneShot: (oneShot, argv) => {
      process.once('exit', (exitCode) => {
        if (exitCode !== ANSWERED_NOTHING) keepCodeCache(compiled, cacheFile, hash!);
      });
      return code.runOneShot(oneShot, argv);
    },
  };
}

/**
 * At exit, V8's code cache of the script, with every function compiled so far; written whole or
 * not at all (a file renamed into place), readable by this user only. Caches of other builds of
 * the script go. Any failure leaves the next start as this one was: without a cache.
 */
function keepCodeCache(script: VmScript, cacheFile: string, hash: string): void {
  const folder = cacheFile.slice(0, cacheFile.lastIndexOf('/'));
  const unfinished = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(unfinished, script.createCachedData(), { mode: 0o600 });
    renameSync(unfinished, cacheFile);
    for (const name of readdirSync(folder)) {
      if (name.endsWith('.cache') && !name.startsWith(`${hash}-`)) rmSync(`${folder}/${name}`, { force: true });
    }
  } catch {
    try {
      rmSync(unfinished, { force: true });
    } catch {
      // an exit handler must not throw: the exit code is the command's
    }
  }
}
