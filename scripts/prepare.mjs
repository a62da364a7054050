#!/usr/bin/env node
// npm's `prepare`: in a checkout (`npm ci`, `npm install`, `npm pack`) it builds dist/ with tsc.
// The packed package ships dist/ already built, and neither src/ nor TypeScript (a dev
// dependency): should an npm run `prepare` there (a git install, a future npm), it must not try
// to build, nor fail. So: no src/, nothing to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}src`) || !existsSync(`${root}tsconfig.build.json`)) {
  process.stdout.write('etcdtop: dist/ is prebuilt here (no src/): nothing to build\n');
} else {
  const tsc = createRequire(`${root}package.json`).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
