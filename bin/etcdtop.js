#!/usr/bin/env node
// React and Ink check NODE_ENV when they load: development mode costs the monitor several times
// the CPU per frame and a slower first frame. Set it before anything is imported (hence the
// dynamic import) unless the caller chose otherwise.
process.env.NODE_ENV ??= 'production';
await import('../dist/cli.js');
