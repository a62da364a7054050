// A live screen (the monitor, lab) runs its JavaScript in V8's interpreter and Sparkplug baseline
// code only: no TurboFan, no Maglev. At one frame a second the optimizing compilers buy nothing
// back: side by side on a 3-member cluster at 120x40 (Node 20, npm build) the monitor used 1.5 %
// of a core instead of 2.3 % in its first 30 s (TurboFan compiling the hot paths of a program that
// is mostly idle), the same 1.8-2.0 % afterwards, and 6 MB less RSS; in the executable ~12 MiB
// less (their own code pages, their threads' malloc arenas, the optimized code: bench/README.md,
// "The single executable's RSS"). Not for replay (a seek folds a whole recording again) nor fleet
// (each refresh parses the answers for hundreds of clusters): real work the compilers speed up.
// Set at run time, not in the executable's execArgv: V8 refuses Node's embedded code cache for its
// built-in modules under other flags, and every command would compile them from source (+40 ms
// for `--version`). Screens only: one-shots end before it would matter.
import { setFlagsFromString } from 'node:v8';

export function interpretOnly(): void {
  try {
    setFlagsFromString('--no-turbofan');
    setFlagsFromString('--no-maglev');
  } catch {
    // Flags refused at run time: the default only costs a little more CPU and memory.
  }
}
