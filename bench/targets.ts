// The targets from the issue, next to which the bench prints PASS or MISS. Informational only:
// a MISS never fails the run.
export const TARGETS = {
  /** etcdtop status/check with one member frozen: one 1.5 s deadline plus start-up. */
  frozenOneShotMaxMs: 2_500,
  outputBytesPerSec: 3_000,
  fullClearsInWindow: 0,
  cpuPercentOfOneCore: 5,
  rssMaxKb: 160 * 1024,
  /** "Flat": RSS grew by at most this much across the window (or the soak, after its first sample). */
  rssGrowthKb: 8 * 1024,
  firstPaintMs: 500,
} as const;
