#!/usr/bin/env node
// npm's `prepare`: in a checkout (`npm ci`, `npm install`, `npm pack`) it builds dist/ with tsc
// and dist/app/ with esbuild (scripts/build.mjs).
// The packed package ships dist/ already built, and neither src/ nor TypeScript (a dev
// dependency): should an npm run `prepare` there (a git install, a future npm), it must not try
// to build, nor fail. So: no src/, nothing to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}src`) || !existsSync(`${root}tsconfig.build.json`)) {
  process.stdout.write('etcdtop: dist/ is prebuilt here (no src/): nothing to build\n');
} else {
  execFileSync(process.execPath, [`${root}scripts/build.mjs`], { cwd: root, stdio: 'inherit' });
}
