// The soak's lines in the table `npm run bench -- --soak MIN` prints.
import type { FaultSoakFigures } from './fault-soak.js';
import { median } from './stats.js';

const mb = (bytes: number | undefined) => (bytes === undefined || !Number.isFinite(bytes) ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const signed = (bytes: number) => (Number.isFinite(bytes) ? `${bytes >= 0 ? '+' : '-'}${mb(Math.abs(bytes))}` : 'n/a');

/** Median of the last third minus median of the first third: growth that outlasts GC noise. */
export function trendOf(values: readonly number[]): number {
  const third = Math.floor(values.length / 3);
  if (third === 0) return Number.NaN;
  return median(values.slice(-third)) - median(values.slice(0, third));
}

/**
 * Lowest reading of the last third minus lowest of the first third: the heap after a collection.
 * A heap sampled every 10 s is a sawtooth whose height changes with the allocation rate, so the
 * median trend moves with the workload; the floor is what a leak raises.
 */
export function floorTrendOf(values: readonly number[]): number {
  const third = Math.floor(values.length / 3);
  if (third === 0) return Number.NaN;
  return Math.min(...values.slice(-third)) - Math.min(...values.slice(0, third));
}

export function faultSoakSection(soak: FaultSoakFigures | undefined): string[] {
  if (!soak) return [];
  const rssBytes = soak.rssKb.map((s) => (s.kb ?? Number.NaN) * 1024).filter(Number.isFinite);
  const heap = soak.heap.map((s) => s.heapUsedBytes);
  const kills = soak.faults.filter((f) => f.kind === 'kill').length;
  const failed = soak.faults.filter((f) => !f.ok);
  const events = Object.entries(soak.eventCounts).sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${n}× ${kind}`).join('; ');
  return [
    `Soak with faults: ${soak.minutes} min, a follower killed every ${soak.killEveryMin} min (restarted 20 s later), NOSPACE fill + R recovery halfway`,
    `  faults injected: ${soak.faultsInjected} (${kills} kills, ${soak.faults.some((f) => f.kind === 'nospace' && f.ok) ? '1 NOSPACE' : 'no NOSPACE'}); ` +
      `recovery: ${recoveryText(soak)}${failed.length > 0 ? `; failed steps: ${failed.map((f) => `${f.kind} at ${f.atSec} s`).join(', ')}` : ''}`,
    `  events shown: ${soak.events} (${events || 'none'})`,
    `  poll rounds: ${soak.rounds} of ~${soak.roundsExpected} expected; missed ${soak.roundsMissed}; largest gap between rounds ${soak.largestRoundGapMs} ms`,
    `  largest gap between frames: ${soak.largestFrameGapMs} ms; monitor alive at the end: ${soak.aliveAtEnd ? 'yes' : 'NO'}`,
    `  RSS: first ${mb(rssBytes[0])}, max ${mb(Math.max(...rssBytes))}, last ${mb(rssBytes.at(-1))}, trend (last 3rd - 1st) ${signed(trendOf(rssBytes))}`,
    `  heap used: first ${mb(heap[0])}, max ${mb(Math.max(...heap))}, last ${mb(heap.at(-1))}, trend (last 3rd - 1st) ${signed(trendOf(heap))}, ` +
      `floor (lowest of last 3rd - lowest of 1st) ${signed(floorTrendOf(heap))}`,
  ];
}

function recoveryText(soak: FaultSoakFigures): string {
  const recovery = soak.faults.find((f) => f.kind === 'recovery');
  if (!recovery) return 'not run';
  return `${recovery.ok ? 'done' : 'NOT done'} at ${recovery.atSec} s${recovery.note ? ` (${recovery.note})` : ''}`;
}
