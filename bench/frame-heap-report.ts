// The retained-heap section of the report (bench/README.md, "Retained heap per frame").
import type { FrameHeapResult } from './frame-heap.js';
import { verdict } from './stats.js';
import { TARGETS } from './targets.js';

/** "+1.2", "-0.4", and "0.0" rather than "-0.0" for what rounds to nothing. */
function signed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return value > 0 ? `+${text}` : text;
}
const kilobytes = (bytes: number) => (Math.abs(bytes) < 1024 * 1024 ? `${signed(bytes / 1024, 1)} KB` : `${signed(bytes / 1024 / 1024, 2)} MB`);

export function frameHeapSection(result: FrameHeapResult | undefined): string[] {
  if (result === undefined) return [];
  if (!result.ok) return ['Retained heap per frame:', `  PROBLEM: ${result.problem}`];
  const f = result.figures;
  const mbPerHourTarget = TARGETS.retainedHeapKbPerHour / 1024;
  const rows: [string, string, string, string][] = [
    [`retained over ${f.frames} frames`, kilobytes(f.retainedGrowthBytes), '', ''],
    ['retained per 1000 frames', `${signed(f.retainedKbPer1000Frames, 1)} KB`, '', ''],
    ['retained per hour at 1 s', `${signed(f.retainedMbPerHour, 2)} MB/h`, `<= ${mbPerHourTarget} MB/h ("flat")`,
      verdict(f.retainedMbPerHour * 1024 <= TARGETS.retainedHeapKbPerHour)],
    ['heapUsed, compiled code incl.', kilobytes(f.heapUsedGrowthBytes), '(info: see bench/README.md)', ''],
    ['render CPU per frame', `${f.renderCpuMsPerFrame.toFixed(1)} ms`, '(info)', ''],
  ];
  const widths = [32, 14, 28];
  const line = (cells: string[]) => `  ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' ').trimEnd()}`;
  return [
    `Retained heap per frame: the built Dashboard (${f.distLabel}) rendered by Ink at ${f.columns}x${f.rows} into a terminal that keeps`,
    `nothing, in a child node --expose-gc: ${f.frames} frames after ${f.warmupFrames} of warm-up, every figure changing every frame, history`,
    `capacity ${f.historyCapacity}; heap snapshots after full GCs, compiled code aside. The phase took ${result.phaseSec.toFixed(0)} s.`,
    line(['figure', 'value', 'target', 'verdict']),
    ...rows.map(line),
  ];
}
