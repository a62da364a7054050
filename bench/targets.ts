// The targets from the issue, next to which the bench prints PASS or MISS. Informational only:
// a MISS never fails the run.
export const TARGETS = {
  /** etcdtop status/check with one member frozen: one 1.5 s deadline plus start-up. */
  frozenOneShotMaxMs: 2_500,
  outputBytesPerSec: 3_000,
  fullClearsInWindow: 0,
  cpuPercentOfOneCore: 5,
  rssMaxKb: 160 * 1024,
  /** "Flat": the median RSS of the last third of the window (or soak) minus that of the first third. */
  rssGrowthKb: 8 * 1024,
  firstPaintMs: 500,
} as const;
