// Small numeric and formatting helpers shared by the measurements and the report.
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function max(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.max(...values);
}

export function seconds(ms: number): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a';
}

export function millis(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? 'n/a' : `${Math.round(ms)} ms`;
}

export function kbPerSec(bytesPerSec: number): string {
  return `${(bytesPerSec / 1000).toFixed(2)} KB/s`;
}

/** KiB → "x.y MiB" (RSS and the heap are counted in KiB by /proc and V8). */
export function megabytes(kb: number | undefined): string {
  return kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(1)} MiB`;
}

export function verdict(pass: boolean | undefined): string {
  if (pass === undefined) return '';
  return pass ? 'PASS' : 'MISS';
}
