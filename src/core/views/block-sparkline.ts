// One-line trend charts from block characters. A gap (NaN: the member did not answer) is a blank
// cell, never the lowest block: "no data" and "zero" must look different on screen.

export const SPARK_BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * The newest `width` values (oldest first) as blocks scaled from `scaleMin` (default 0) to
 * `scaleMax`; left-padded with blanks when there are fewer values than cells, so the newest
 * sample is always at the right edge and members' sparklines line up in time.
 */
export function blockSparkline(values: readonly number[], scaleMax: number, width: number = values.length, scaleMin = 0): string {
  if (width <= 0) return '';
  const shown = values.slice(Math.max(0, values.length - width));
  const top = SPARK_BLOCKS.length - 1;
  const span = scaleMax - scaleMin;
  const cells = shown.map((value) => {
    if (!Number.isFinite(value)) return ' ';
    if (!(span > 0)) return SPARK_BLOCKS[0];
    const level = Math.round(((Math.max(scaleMin, value) - scaleMin) / span) * top);
    return SPARK_BLOCKS[Math.min(top, level)];
  });
  return ' '.repeat(width - shown.length) + cells.join('');
}

/**
 * The top of a shared scale: the largest finite value in any series, but at least `floor`.
 * The floor keeps a few entries of timing noise near the bottom instead of filling the chart.
 */
export function sharedScaleMax(series: readonly (readonly number[])[], floor: number): number {
  let max = floor;
  for (const values of series) for (const value of values) if (Number.isFinite(value) && value > max) max = value;
  return max;
}

/** Smallest and largest finite value over every series; undefined when there is none. */
export function sharedRange(series: readonly (readonly number[])[]): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const values of series) {
    for (const value of values) {
      if (!Number.isFinite(value)) continue;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  return min <= max ? { min, max } : undefined;
}
