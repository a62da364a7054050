// In the single executable, a screen (monitor, replay, lab) runs its JavaScript in V8's
// interpreter and Sparkplug baseline code only: no TurboFan, no Maglev. At one frame a second the
// optimizing compilers saved no CPU, and cost ~12 MiB of RSS: the pages of their own code in the
// executable, their threads' malloc arenas, the optimized code (bench/README.md, "The single
// executable's RSS"). Set at run time, not in the executable's execArgv: V8 refuses Node's
// embedded code cache for its built-in modules under other flags, and every command would compile
// them from source (+40 ms for `--version`). Screens only: one-shots end before it would matter.
import { isSea } from 'node:sea';
import { setFlagsFromString } from 'node:v8';

export function interpretOnlyInExecutable(): void {
  if (!isSea()) return;
  try {
    setFlagsFromString('--no-turbofan');
    setFlagsFromString('--no-maglev');
  } catch {
    // Flags refused at run time: the default only uses more memory.
  }
}
