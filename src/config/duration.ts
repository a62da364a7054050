// Durations in the grammar of Go's time.ParseDuration, which etcdctl uses for --dial-timeout and
// --command-timeout, so a value copied from an etcdctl command line means the same thing here:
// one or more <number><unit> terms ("5s", "1500ms", "1m30s", "0.5s", "250us"), units ns, us
// (or µs), ms, s, m, h. As in Go, a bare "0" is allowed; any other bare number is rejected,
// because "5" could be read as seconds (etcdctl users) or milliseconds (JavaScript users).
// Signs are rejected: no setting here accepts a negative duration.

const MS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3, // U+00B5 micro sign
  'μs': 1e-3, // U+03BC Greek mu: Go accepts both
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

// "ms" is listed before "m" and "s" so that "1ms" is not read as "1m" followed by garbage.
// µ and μ as \u escapes (the RegExp reads them): a String.raw cannot be escaped by esbuild, and one
// non-ASCII character in the bundle makes V8 hold the whole source as UTF-16, twice its size
// (scripts/build-exe.mjs).
const TERM_SOURCE = String.raw`(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)`;

/** Milliseconds (possibly fractional, e.g. 0.25 for "250us"), or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (trimmed === '') return undefined;
  const term = new RegExp(TERM_SOURCE, 'y');
  let totalMs = 0;
  while (term.lastIndex < trimmed.length) {
    const match = term.exec(trimmed);
    if (match === null) return undefined;
    totalMs += Number(match[1]) * (MS_PER_UNIT[match[2] ?? ''] ?? Number.NaN);
  }
  if (!Number.isFinite(totalMs)) return undefined;
  // Rounds away binary noise such as 0.7 * 1000 = 700.0000000000001; keeps nanosecond precision.
  return Math.round(totalMs * 1e6) / 1e6;
}

/** Compact human form for messages: 1500 → "1.5s", 250 → "250ms", 90000 → "1m30s". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${ms}ms`;
  if (ms < 60_000) return `${ms / 1_000}s`;
  const minutes = Math.floor(ms / 60_000);
  const rest = ms - minutes * 60_000;
  return rest === 0 ? `${minutes}m` : `${minutes}m${formatDuration(rest)}`;
}
