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
  /**
   * "Flat over an hour", where it can be seen: heap (compiled code aside) retained by rendering
   * frames, extrapolated to an hour at the 1 s interval: 0.28 KB a frame. Ink's cache of every
   * text it laid out (ink#986) kept 0.7 KB a frame, 2.5 MB an hour, before the fix.
   */
  retainedHeapKbPerHour: 1024,
} as const;
