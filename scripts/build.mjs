#!/usr/bin/env node
// `npm run build`: dist/ with tsc (the modules tests and the bench import one by one), then
// dist/app/ with scripts/bundle.mjs --app (what bin/etcdtop.js runs). Both, always: bin must
// never run an app older than the sources.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(`${root}package.json`).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, [`${root}scripts/bundle.mjs`, '--app'], { cwd: root, stdio: ['inherit', 'ignore', 'inherit'] });
