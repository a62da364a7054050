// `npm run bench`: builds etcdtop (dist/, as the integration tests do), compiles the bench and
// the test helpers it reuses (bench/tsconfig.json → .bench/), then runs it. This entry is plain
// JavaScript so that no TypeScript loader is needed. Options: bench/README.md or `-- --help`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function compile(project) {
  const result = spawnSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

function build() {
  // dist/ and dist/app/ (what bin/etcdtop.js runs), as `npm run build` makes them.
  return spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' }).status === 0;
}

if (!argv.includes('--no-build') && !argv.includes('--help') && !build()) {
  console.error('bench: etcdtop does not build (errors above); fix them, or pass --no-build to measure the existing dist/');
  process.exit(1);
}
if (!compile(join('bench', 'tsconfig.json'))) {
  console.error('bench: the bench itself does not compile (errors above)');
  process.exit(1);
}
const { main } = await import(pathToFileURL(join(root, '.bench', 'bench', 'main.js')).href);
process.exitCode = await main({ root, argv });
