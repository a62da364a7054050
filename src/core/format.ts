// Small pure formatters shared by `status`, the panes and the verdict's messages. Every size is
// in binary units (go-humanize's IBytes: "25 KiB", "2.0 GiB"): quotas are set in MiB and GiB,
// and a screen that said "17 MB is 99.8% of the 17 MB quota" beside "quota 16 MiB" had two
// systems for one number. Ages follow kubectl's AGE column.

const IEC_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Binary sizes as go-humanize's IBytes prints them: "9 B", "25 KiB", "1.6 MiB", "2.0 GiB". */
export function formatBytes(bytes: number): string {
  return humanize(bytes, 1024, IEC_UNITS);
}

/** The same as formatBytes: kept for the callers that say they want binary units. */
export const formatBytesIEC = formatBytes;

// go-humanize: under 10 bytes as an integer; otherwise one decimal below 10 units and none
// above, the value first rounded to tenths, and Go's %.0f rounding a tie to the even integer.
function humanize(bytes: number, base: number, units: string[]): string {
  if (!Number.isFinite(bytes)) return '?';
  if (bytes < 0) return `-${humanize(-bytes, base, units)}`;
  if (bytes < 10) return `${Math.round(bytes)} B`;
  let exponent = 0;
  let scaled = bytes;
  while (scaled >= base && exponent < units.length - 1) {
    scaled /= base;
    exponent += 1;
  }
  const tenths = Math.floor(scaled * 10 + 0.5);
  const unit = units[exponent] ?? '?';
  if (tenths < 100) return `${(tenths / 10).toFixed(1)} ${unit}`;
  return `${roundTenthsHalfEven(tenths)} ${unit}`;
}

function roundTenthsHalfEven(tenths: number): number {
  const whole = Math.floor(tenths / 10);
  const rest = tenths % 10;
  if (rest !== 5) return Math.round(tenths / 10);
  return whole % 2 === 0 ? whole : whole + 1;
}

/** A percentage already scaled to 0–100: "80.0%", "4.2%". */
export function formatPercent(percent: number, fractionDigits = 1): string {
  if (!Number.isFinite(percent)) return '?';
  return `${percent.toFixed(fractionDigits)}%`;
}

/** Latencies and elapsed times: "3.8ms", "340ms", "1.5s", "42s", "2m10s", "1h5m". */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 0) return `-${formatDurationMs(-ms)}`;
  if (ms < 9.95) return `${trimZero(ms.toFixed(1))}ms`;
  if (Math.round(ms) < 1000) return `${Math.round(ms)}ms`;
  if (ms < 9950) return `${trimZero((ms / 1000).toFixed(1))}s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const seconds = totalSeconds % 60;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return seconds === 0 ? `${totalMinutes}m` : `${totalMinutes}m${seconds}s`;
  const minutes = totalMinutes % 60;
  const hours = Math.floor(totalMinutes / 60);
  return minutes === 0 ? `${hours}h` : `${hours}h${minutes}m`;
}

function trimZero(fixed: string): string {
  return fixed.endsWith('.0') ? fixed.slice(0, -2) : fixed;
}

/**
 * How long ago, as kubectl's AGE column prints it (HumanDuration): "42s", "5m10s", "20m",
 * "3h20m", "30h", "3d4h", "45d", "2y10d". Precision drops as the age grows. A negative age (a
 * member's clock ahead of ours) prints "0s".
 */
export function formatAge(ageMs: number): string {
  if (!Number.isFinite(ageMs)) return '?';
  const seconds = Math.max(0, Math.floor(ageMs / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return joinUnits(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return joinUnits(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return joinUnits(days, 'd', hours % 24, 'h');
  if (days < 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (days < 365 * 8) return joinUnits(years, 'y', days % 365, 'd');
  return `${years}y`;
}

function joinUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}
