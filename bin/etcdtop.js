#!/usr/bin/env node
import module from 'node:module';

// The app is built with React's production build (development mode costs the monitor several
// times the CPU per frame). NODE_ENV is set for whatever else reads it, before anything is
// imported (hence the dynamic import), unless the caller chose otherwise.
process.env.NODE_ENV ??= 'production';
// Node ≥ 22.1 can keep V8's compiled code of the app between runs (in the OS temp folder; off
// with NODE_DISABLE_COMPILE_CACHE=1): a later start parses and compiles little. Node 20 has no
// such function; a cache that cannot be written only leaves the start as it was.
try {
  module.enableCompileCache?.();
} catch {
  // as without a cache
}
// The app as bundled by `npm run build` (scripts/bundle.mjs --app): a few files instead of the
// ~860 modules of dist/ and node_modules, so that Node's module loader does not cost most of
// the start-up; each command's code is loaded only when that command runs.
await import('../dist/app/etcdtop.mjs');
