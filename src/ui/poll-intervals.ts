// The poll intervals + and - step through. Below 250 ms the deadline (1.5 s by default) would
// exceed the interval many times over and rounds would simply run back to back.
export const POLL_INTERVALS_MS = [250, 500, 1000, 2000, 5000, 10_000, 30_000] as const;

/** The next step up (+1) or down (−1) from `currentMs`, clamped to the list's ends. */
export function nextInterval(currentMs: number, direction: 1 | -1): number {
  if (direction > 0) return POLL_INTERVALS_MS.find((ms) => ms > currentMs) ?? POLL_INTERVALS_MS[POLL_INTERVALS_MS.length - 1]!;
  return [...POLL_INTERVALS_MS].reverse().find((ms) => ms < currentMs) ?? POLL_INTERVALS_MS[0];
}
