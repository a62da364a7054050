// The targets from the issues, next to which the bench prints PASS or MISS. Informational only:
// a MISS never fails the run. Ratios compare figures of the same run on the same machine.
export const TARGETS = {
  /** etcdtop status, healthy cluster: median ≤ this × etcdctl endpoint status --cluster's median. */
  statusVsEtcdctl: 3,
  /** etcdtop check, healthy cluster: median ≤ this × etcdctl endpoint status --cluster's median. */
  checkVsEtcdctl: 4,
  /** etcdtop status, one member frozen: median ≤ this × etcdctl's median (which waits out its 5 s timeout). */
  frozenStatusVsEtcdctl: 1 / 3,
  /** etcdtop check with one member frozen: one 1.5 s deadline plus start-up. */
  frozenOneShotMaxMs: 2_500,
  /** Bytes written to the terminal per second: no more than htop's in the same run (this when htop is absent). */
  outputBytesPerSec: 3_000,
  fullClearsInWindow: 0,
  cpuPercentOfOneCore: 2,
  rssMaxKb: 100 * 1024,
  /** "Flat": the median RSS of the last third of the window (or soak) minus that of the first third. */
  rssGrowthKb: 8 * 1024,
  /** From start to the first frame that shows every member's row filled in (name, role, state, version). */
  firstDataFrameMs: 500,
  /**
   * "Flat over an hour", where it can be seen: heap (compiled code aside) retained by rendering
   * frames, extrapolated to an hour at the 1 s interval: 0.28 KB a frame. Ink's cache of every
   * text it laid out (ink#986) kept 0.7 KB a frame, 2.5 MB an hour, before the fix.
   */
  retainedHeapKbPerHour: 1024,
} as const;
