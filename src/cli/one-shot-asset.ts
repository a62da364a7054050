// What the single executable holds a second time, as a classic script with a code cache made
// after a warm-up run (scripts/bundle.mjs --one-shot-asset, scripts/build-exe.mjs): `status` and
// `check` on the command lines oneShotArgv reads, the path cli/sea-one-shot.ts hands over to.
// oneShotArgv is here for the build's warm-up, which reads its command lines with it.
export { oneShotArgv } from './one-shot-argv.js';
export { runOneShot } from './one-shot-main.js';
