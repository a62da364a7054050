// The built app's entry (bin/etcdtop.js runs it): `status` and `check` with a command line the
// one-shot reader understands skip yargs entirely (see cli/one-shot-argv.ts); everything else,
// including every error in a command line, is read by yargs in cli.ts. In the single executable
// the one-shot path runs from its asset, whose code cache holds compiled functions
// (cli/sea-one-shot.ts), and a screen's command line first restarts the process with a smaller
// young generation (cli/screen-heap.ts).
import { oneShotArgv } from './cli/one-shot-argv.js';
import { restartWithScreenHeap } from './cli/screen-heap.js';
import { runOneShotFromSea } from './cli/sea-one-shot.js';

const argv = process.argv.slice(2);
const oneShot = process.env.ETCDTOP_ALWAYS_YARGS ? undefined : oneShotArgv(argv);
if (oneShot) await (runOneShotFromSea() ?? (await import('./cli/one-shot-main.js')).runOneShot)(oneShot, argv);
else {
  restartWithScreenHeap(argv);
  await import('./cli.js');
}
