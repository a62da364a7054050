// What the npm build keeps between runs so that the next start compiles less, both in etcdtop's
// folder of the user's own cache (cli/user-cache-folder.ts says why only there): Node's compile
// cache of every module loaded from here on (Node ≥ 22.1), and the code caches of `status` and
// `check` (cli/script-one-shot.ts, Node 20 too). The single executable keeps nothing: its caches
// are inside it. NODE_DISABLE_COMPILE_CACHE=1 turns both off, as Node does its own; an operator's
// NODE_COMPILE_CACHE was applied by Node before this runs, and stays where it is.
import { runsAsExecutable } from './sea-one-shot.js';
import { userCacheFolder } from './user-cache-folder.js';

/** Turns Node's compile cache on; returns the folder for the one-shot code caches, if any. */
export function keepCompiledCode(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE === '1' || runsAsExecutable()) return undefined;
  const folder = userCacheFolder(env);
  if (!folder) return undefined;
  // Typed by hand: the project's @types/node is Node 20's, which has no such function.
  const { enableCompileCache } = process.getBuiltinModule('node:module') as { enableCompileCache?: (directory: string) => unknown };
  try {
    // A cache that cannot be written only leaves the start as it was.
    enableCompileCache?.(`${folder}/node-compile-cache`);
  } catch {
    // as without a cache
  }
  return folder;
}
