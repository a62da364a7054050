// The built app's entry (bin/etcdtop.js runs it): `status` and `check` with a command line the
// one-shot reader understands skip yargs entirely (see cli/one-shot-argv.ts); everything else,
// including every error in a command line, is read by yargs in cli.ts. Their code runs from a
// classic script with a V8 code cache that holds compiled functions: in the single executable
// its asset, made at build time (cli/sea-one-shot.ts); in the npm build dist/app/one-shot.js,
// with a cache made at the end of a first run (cli/script-one-shot.ts). The reader comes with
// that code, so that this entry loads no module of its own first. In the single executable, a
// screen's command line first restarts the process with a smaller young generation
// (cli/screen-heap.ts).
import { keepCompiledCode } from './cli/compiled-code.js';
import type { OneShotCommand } from './cli/one-shot-argv.js';
import { oneShotFromScript } from './cli/script-one-shot.js';
import { oneShotFromSea } from './cli/sea-one-shot.js';

const cacheFolder = keepCompiledCode();
const argv = process.argv.slice(2);
// The commands oneShotArgv reads; any other command line goes to yargs without loading their code.
const command: OneShotCommand | undefined = argv[0] === 'status' || argv[0] === 'check' ? argv[0] : undefined;
const oneShotCode = command && !process.env.ETCDTOP_ALWAYS_YARGS
  ? oneShotFromSea() ?? oneShotFromScript(import.meta.url, command, cacheFolder) ?? (await import('./cli/one-shot-asset.js'))
  : undefined;
const oneShot = oneShotCode?.oneShotArgv(argv);
if (oneShot) await oneShotCode!.runOneShot(oneShot, argv);
else {
  (await import('./cli/screen-heap.js')).restartWithScreenHeap(argv);
  await import('./cli.js');
}
