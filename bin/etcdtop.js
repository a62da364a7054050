#!/usr/bin/env node
// The app is built with React's production build (development mode costs the monitor several
// times the CPU per frame). NODE_ENV is set for whatever else reads it, before anything is
// imported (hence the dynamic import), unless the caller chose otherwise.
process.env.NODE_ENV ??= 'production';
// The app as bundled by `npm run build` (scripts/bundle.mjs --app): a few files instead of the
// ~860 modules of dist/ and node_modules, so that Node's module loader does not cost most of
// the start-up; each command's code is loaded only when that command runs. It keeps its compiled
// code between runs itself (src/cli/compiled-code.ts).
await import('../dist/app/etcdtop.mjs');
