// Integration and end-to-end tests run the built CLI exactly as an operator would
// (node bin/etcdtop.js …), so the build must match the sources under test: build once per run.
// ETCDTOP_SKIP_BUILD=1 skips it while iterating on tests against an existing dist/.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.ETCDTOP_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
