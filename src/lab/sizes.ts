// Sizes and rates as an operator types them for the lab: "16MiB", "64MB", "16777216", "200KiB/s".
// SI and binary units are both accepted and never confused (MB is 10^6, MiB is 2^20), as in
// etcd's own docs; a bare "16M" is refused because it could mean either.

const UNIT_BYTES: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  ki: 2 ** 10,
  kib: 2 ** 10,
  mi: 2 ** 20,
  mib: 2 ** 20,
  gi: 2 ** 30,
  gib: 2 ** 30,
};

const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;

/** Whole bytes, or undefined when the text is not a size (or is zero, negative, fractional bytes). */
export function parseSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (match === null) return undefined;
  const unit = UNIT_BYTES[(match[2] ?? '').toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Number(match[1]) * unit;
  // "1.5KiB" is 1536 bytes; "1.5" or "1.5B" is not a number of bytes.
  if (unit === 1 && !Number.isInteger(bytes)) return undefined;
  const rounded = Math.round(bytes);
  return rounded >= 1 && Number.isSafeInteger(rounded) ? rounded : undefined;
}

/** Bytes per second from "200KiB/s", "1MB/s" or "200KiB" (per second implied). */
export function parseRate(text: string): number | undefined {
  const trimmed = text.trim();
  const perSecond = /\s*\/\s*s(ec)?$/i;
  return parseSize(trimmed.replace(perSecond, ''));
}

export const SIZE_EXAMPLES = 'e.g. 16MiB, 64MB, 512KiB or a number of bytes such as 16777216';
