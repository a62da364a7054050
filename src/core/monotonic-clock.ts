// Milliseconds on a monotonic clock, for durations. Not performance.now(): Node loads its
// `performance` global on first use, and that first use loads perf_hooks and ten internal
// modules, ~1 ms of a 45 ms `status` in the executable (bench/README.md, "sixth pass").
// process.hrtime reads the same clock (libuv's uv_hrtime, CLOCK_MONOTONIC) and is loaded already.
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1_000 + nanoseconds / 1_000_000;
}
