// What `etcdtop --version` prints: etcdtop's version, then the Node.js that runs it, since that
// decides what the host must have (the npm build) or what is inside (the single executable).
import { readFileSync } from 'node:fs';
import { isSea } from 'node:sea';

// Defined by scripts/bundle.mjs: beside a lone etcdtop.mjs or inside an executable there is no
// package.json to read it from.
declare const ETCDTOP_BUNDLED_VERSION: string | undefined;

export function etcdtopVersion(): string {
  if (typeof ETCDTOP_BUNDLED_VERSION === 'string') return ETCDTOP_BUNDLED_VERSION;
  // dist/cli/version.js → the package's own package.json, in a checkout or an npm install.
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return packageJson.version;
}

/** e.g. "0.1.0 (Node.js v26.12.1, single executable, linux-x64)" or "0.1.0 (Node.js v20.20.0)". */
export function versionLine(): string {
  const runtime = isSea() ? `Node.js ${process.version}, single executable, ${process.platform}-${process.arch}` : `Node.js ${process.version}`;
  return `${etcdtopVersion()} (${runtime})`;
}
