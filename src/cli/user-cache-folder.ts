// Where the npm build keeps what it compiled between runs (cli/compiled-code.ts): V8 code that a
// later start runs without checking it against anything but its own version and flags. So the
// folder must be one only the user running etcdtop can write to: the user's own cache folder
// ($XDG_CACHE_HOME, else ~/.cache), never a shared one such as Node's default,
// os.tmpdir()/node-compile-cache, where another user could make the folder first and fill it for
// etcdtop, often run as root. `sudo` keeping an operator's HOME must not make root read from a
// folder the operator owns. Otherwise, nothing is kept: a start is only as slow as without it.
// node:fs taken with process.getBuiltinModule: the app's entry loads no module of its own before
// a one-shot command's script (cli/script-one-shot.ts).
const { mkdirSync, statSync } = process.getBuiltinModule('node:fs');

/** etcdtop's folder in the user's cache folder, or undefined where none may be kept. */
export function userCacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
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
  return `${cacheHome}/etcdtop`;
}

/** A directory of the user running etcdtop that no group or other user can write to. */
function isPrivateFolder(path: string): boolean {
  try {
    const folder = statSync(path);
    return folder.isDirectory() && folder.uid === process.getuid?.() && (folder.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function pathExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
