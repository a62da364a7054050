#!/usr/bin/env node
// Built-ins taken without an ESM facade, as in the bundle (scripts/bundle.mjs says why).
const { mkdirSync, statSync } = process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');

// The app is built with React's production build (development mode costs the monitor several
// times the CPU per frame). NODE_ENV is set for whatever else reads it, before anything is
// imported (hence the dynamic import), unless the caller chose otherwise.
process.env.NODE_ENV ??= 'production';

/**
 * Where Node ≥ 22.1 keeps V8's compiled code of the app between runs, so that a later start
 * parses and compiles little: the user's own cache folder ($XDG_CACHE_HOME, else ~/.cache),
 * never Node's default, os.tmpdir()/node-compile-cache. Another user can make that folder in
 * /tmp first and put compiled code in it, which etcdtop, often run as root, would then run. So
 * the cache home must be a folder of the user running etcdtop that nobody else can write to:
 * `sudo` keeping an operator's HOME must not make root read from a folder the operator owns.
 * Otherwise, no cache: the start is only as slow as without one.
 */
function compileCacheDirectory(env = process.env) {
  const cacheHome = env.XDG_CACHE_HOME || (env.HOME ? `${env.HOME}/.cache` : '');
  if (!cacheHome.startsWith('/')) return undefined;
  if (!isPrivateFolder(cacheHome)) {
    // Made on first use (as XDG says, 0700), only inside a folder of the same kind.
    const parent = cacheHome.replace(/\/+[^/]*\/*$/, '') || '/';
    if (pathExists(cacheHome) || !isPrivateFolder(parent)) return undefined;
    try {
      mkdirSync(cacheHome, { mode: 0o700 });
    } catch {
      return undefined;
    }
  }
  return `${cacheHome}/etcdtop/node-compile-cache`;
}

/** A directory of the user running etcdtop that no group or other user can write to. */
function isPrivateFolder(path) {
  try {
    const folder = statSync(path);
    return folder.isDirectory() && folder.uid === process.getuid?.() && (folder.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function pathExists(path) {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

// Node 20 has no such function; NODE_COMPILE_CACHE (the operator's choice) was applied by Node
// before this runs, and NODE_DISABLE_COMPILE_CACHE=1 turns it off; a cache that cannot be
// written only leaves the start as it was.
const cacheDirectory = module.enableCompileCache ? compileCacheDirectory() : undefined;
if (cacheDirectory) {
  try {
    module.enableCompileCache(cacheDirectory);
  } catch {
    // as without a cache
  }
}
// The app as bundled by `npm run build` (scripts/bundle.mjs --app): a few files instead of the
// ~860 modules of dist/ and node_modules, so that Node's module loader does not cost most of
// the start-up; each command's code is loaded only when that command runs.
await import('../dist/app/etcdtop.mjs');
