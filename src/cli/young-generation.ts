// The monitor runs for hours with a heap of a few MB that lives, and a few MB of garbage a frame
// that does not. V8 grows the young generation under that churn to its maximum, two 16 MiB
// semi-spaces on 64-bit, which stay resident: about a fifth of the monitor's RSS for nothing
// the monitor keeps. --max-semi-space-size works only on node's command line (bin/etcdtop.js is
// a shebang script; the single executable restarts a screen with it, cli/screen-heap.ts), but
// the growth factor is read each time V8 considers growing: at 1 it never does, and the young
// generation stays at its initial 1 MiB semi-spaces. Scavenges come more often and cost what
// survives them, which here is little (bench/README.md has the figures).
import { setFlagsFromString } from 'node:v8';

export function keepYoungGenerationSmall(): void {
  try {
    setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    // An embedder (a single executable) may refuse flags at run time: the default is only larger.
  }
}
