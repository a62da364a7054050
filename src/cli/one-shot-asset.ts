// `status` and `check` as a classic script, bundled a second time (scripts/bundle.mjs): the single
// executable holds it with a code cache made after a warm-up run at build time
// (scripts/build-exe.mjs, cli/sea-one-shot.ts), the npm build as dist/app/one-shot.js with a code
// cache made on the operator's machine (cli/script-one-shot.ts). Where neither runs, the app's
// entry imports this module. oneShotArgv is here so that the command line is read by the code that
// runs it; the build's warm-up reads its command lines with it too.
export { oneShotArgv } from './one-shot-argv.js';
export { runOneShot } from './one-shot-main.js';
