// The table `npm run bench` prints; the same text heads bench/results/latest.md.
import type { FrameHeapResult } from './frame-heap.js';
import { frameHeapSection } from './frame-heap-report.js';
import type { FaultSoakFigures } from './fault-soak.js';
import { faultSoakSection } from './fault-soak-report.js';
import type { LiveMonitorFigures, SubjectFigures } from './live-monitor.js';
import type { MachineInfo } from './machine.js';
import type { OneShotRow } from './one-shot.js';
import { kbPerSec, max, median, megabytes, millis, seconds, verdict } from './stats.js';
import { TARGETS } from './targets.js';

export interface BenchResults {
  machine: MachineInfo;
  settings: {
    runs: number; healthyRuns: number; warmupSec: number; windowSec: number; soakMin: number; firstFrameLaunches: number; intervalMs: number;
    frames: number; framesWarmup: number;
  };
  cluster: { members: number; endpoint: string; frozenMember: string };
  loadAvgAtEnd: number;
  oneShot: OneShotRow[];
  monitor: LiveMonitorFigures;
  /** Absent when skipped (--no-frames). */
  frameHeap?: FrameHeapResult;
  /** --soak MIN: the monitor on a failing cluster (fault-soak.ts). */
  faultSoak?: FaultSoakFigures;
  durationSec: number;
}

function pad(cells: string[], widths: number[]): string {
  return `  ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' ').trimEnd()}`;
}

function header(r: BenchResults): string[] {
  const m = r.machine;
  return [
    `etcdtop bench  ${m.date}  commit ${m.commit}`,
    `machine: ${m.nproc} CPUs (${m.cpuModel}), ${m.memTotalMb} MB RAM, Linux ${m.kernel}`,
    `versions: node ${m.node}, etcd ${m.etcd}, etcdctl ${m.etcdctl}, ${m.tmux}, ${m.htop ?? 'htop not available'}`,
    `cluster: ${r.cluster.members} members on 127.0.0.1; endpoint ${r.cluster.endpoint}; frozen member: ${r.cluster.frozenMember} (SIGSTOP, not the leader)`,
    ...(m.nodeExtraCaCerts === undefined ? [] : [
      `environment: NODE_EXTRA_CA_CERTS=${m.nodeExtraCaCerts}, passed on to every command but the rows "no NODE_EXTRA_CA_CERTS"; Node 20 parses it at every start, before any JavaScript (bench/README.md)`,
    ]),
    ...loadLines(r),
  ];
}

/** Above this share of all CPUs taken by other work, the figures are flagged as inflated. */
const BUSY_MACHINE_PERCENT = 15;

function loadLines(r: BenchResults): string[] {
  const { machineBusyPercent: busy, otherWorkPercent: other } = r.monitor;
  const lines = [
    `load: 1-min load average ${r.machine.loadAvgAtStart.toFixed(2)} at start, ${r.loadAvgAtEnd.toFixed(2)} at end; during the monitor windows ` +
      `all CPUs were ${busy.toFixed(0)} % busy, ${other.toFixed(0)} % with work other than the bench's`,
  ];
  if (other > BUSY_MACHINE_PERCENT) {
    lines.push('NOTE: other work shared this machine: wall times, first-frame times and CPU % are inflated; rerun on a quiet machine');
  }
  return lines;
}

const ETCDCTL = 'etcdctl endpoint status --cluster';

/** The target of a one-shot row: a multiple of etcdctl's median in the same run and condition. */
function oneShotTarget(row: OneShotRow, rows: OneShotRow[]): [string, string] {
  const etcdctlRow = rows.find((r) => r.command === ETCDCTL && r.condition === row.condition);
  const etcdctlMs = etcdctlRow ? median(etcdctlRow.runs.map((x) => x.ms)) : Number.NaN;
  const ratio = (times: number, label: string, ms: number) =>
    [`median <= ${label} etcdctl's (${seconds(etcdctlMs * times)})`, verdict(Number.isFinite(etcdctlMs) ? ms <= etcdctlMs * times : undefined)] as [string, string];
  const ms = median(row.runs.map((x) => x.ms));
  if (row.command === ETCDCTL) return row.condition === 'one member frozen' ? ['> 5 s expected (its command timeout)', ''] : ['', ''];
  if (row.condition !== 'one member frozen') {
    return row.command.startsWith('etcdtop check') ? ratio(TARGETS.checkVsEtcdctl, `${TARGETS.checkVsEtcdctl}x`, ms) : ratio(TARGETS.statusVsEtcdctl, `${TARGETS.statusVsEtcdctl}x`, ms);
  }
  if (row.command.startsWith('etcdtop status')) return ratio(TARGETS.frozenStatusVsEtcdctl, '1/3 of', ms);
  const worst = max(row.runs.map((x) => x.ms));
  return [`max <= ${seconds(TARGETS.frozenOneShotMaxMs)}`, verdict(worst <= TARGETS.frozenOneShotMaxMs)];
}

/** etcdtop's median over etcdctl's, same condition: the figure the targets are about. */
function ratioToEtcdctl(row: OneShotRow, rows: OneShotRow[]): string {
  const etcdctlRow = rows.find((r) => r.command === ETCDCTL && r.condition === row.condition);
  if (!etcdctlRow || row === etcdctlRow) return '';
  const ratio = median(row.runs.map((x) => x.ms)) / median(etcdctlRow.runs.map((x) => x.ms));
  return Number.isFinite(ratio) ? `${ratio.toFixed(ratio < 1 ? 2 : 1)}x` : '';
}

function oneShotSection(r: BenchResults): string[] {
  const widths = [50, 18, 8, 8, 10, 6, 37];
  const lines = [
    `One-shot commands: wall time from spawn to exit, interleaved, ${r.settings.healthyRuns} runs each on the healthy clusters and ${r.settings.runs} with a member frozen; "vs etcdctl" = median / etcdctl's median`,
    pad(['command', 'cluster', 'median', 'max', 'vs etcdctl', 'exit', 'target'], widths),
  ];
  for (const row of r.oneShot) {
    const times = row.runs.map((x) => x.ms);
    const codes = [...new Set(row.runs.map((x) => String(x.code)))].join('/');
    lines.push(pad([row.command, row.condition, seconds(median(times)), seconds(max(times)), ratioToEtcdctl(row, r.oneShot), codes, ...oneShotTarget(row, r.oneShot)], widths));
  }
  return lines;
}

type Cell = (s: SubjectFigures) => string;
interface MonitorRow {
  label: string;
  cell: Cell;
  target?: string | ((all: SubjectFigures[]) => string);
  pass?: (s: SubjectFigures, all: SubjectFigures[]) => boolean | undefined;
}

/** htop's output rate in the same run: the target for etcdtop's; the fixed one without htop. */
function outputLimit(all: SubjectFigures[]): { bytesPerSec: number; label: string } {
  const htop = all.find((s) => s.id === 'htop')?.window?.bytesPerSec;
  return htop === undefined ? { bytesPerSec: TARGETS.outputBytesPerSec, label: `<= ${kbPerSec(TARGETS.outputBytesPerSec)}` } : { bytesPerSec: htop, label: "<= htop's" };
}

const onWindow = (f: (w: NonNullable<SubjectFigures['window']>) => string): Cell => (s) => (s.window ? f(s.window) : 'n/a');

/**
 * Growth of RSS across the window, robust to the garbage collector's sawtooth: the median of its
 * last third minus the median of its first third.
 */
export function rssTrendKb(samples: readonly number[]): number {
  const third = Math.floor(samples.length / 3);
  if (third === 0) return Number.NaN;
  return median(samples.slice(-third)) - median(samples.slice(0, third));
}

function rssVerdict(s: SubjectFigures, test: (samples: number[]) => boolean): boolean | undefined {
  const samples = s.window?.rssPerSecondKb ?? [];
  return samples.length < 3 ? undefined : test(samples);
}

const MONITOR_ROWS: MonitorRow[] = [
  { label: 'pane size', cell: (s) => s.paneSize },
  {
    label: 'output', cell: onWindow((w) => kbPerSec(w.bytesPerSec)),
    target: (all) => outputLimit(all).label, pass: (s, all) => s.window && s.window.bytesPerSec <= outputLimit(all).bytesPerSec,
  },
  { label: 'output, busiest second', cell: onWindow((w) => `${(max(w.perSecondBytes) / 1000).toFixed(2)} KB`) },
  { label: 'frames per second', cell: onWindow((w) => (w.framesPerSec > 0 ? w.framesPerSec.toFixed(2) : '-')) },
  {
    label: 'full clears in window', cell: onWindow((w) => String(w.fullClearsInWindow)),
    target: '0', pass: (s) => s.window && s.window.fullClearsInWindow === TARGETS.fullClearsInWindow,
  },
  { label: 'full clears after 1st frame', cell: onWindow((w) => String(w.fullClearsAfterFirst)), target: '(whole run, info)' },
  {
    label: 'CPU, % of one core', cell: onWindow((w) => `${w.cpuPercent.toFixed(1)} %`),
    target: `<= ${TARGETS.cpuPercentOfOneCore} %`, pass: (s) => s.window && s.window.cpuPercent <= TARGETS.cpuPercentOfOneCore,
  },
  { label: 'RSS at window start / end', cell: onWindow((w) => `${megabytes(w.rssStartKb)} / ${megabytes(w.rssEndKb)}`.replace(/ MiB \//, ' /')) },
  {
    label: 'RSS max in window', cell: onWindow((w) => megabytes(max(w.rssPerSecondKb))),
    target: `<= ${megabytes(TARGETS.rssMaxKb)}`, pass: (s) => rssVerdict(s, (kb) => max(kb) <= TARGETS.rssMaxKb),
  },
  {
    label: 'RSS trend (last 3rd - 1st)', cell: onWindow((w) => signedMegabytes(rssTrendKb(w.rssPerSecondKb))),
    // Information only: 30 s after start is V8 sizing its heap. "Flat" is judged by the retained
    // heap phase below (deterministic) and by --soak (the whole process, minutes).
    target: '(info: warm-up; flat: see below)',
  },
  { label: 'first paint, median', cell: (s) => firstFrameCell(s.firstFrames.paintMs, s.firstFrames.launches), target: '(info: the splash)' },
  {
    label: 'first frame with data, median', cell: (s) => firstFrameCell(s.firstFrames.dataMs, s.firstFrames.launches),
    target: `<= ${TARGETS.firstDataFrameMs} ms`,
    pass: (s) => (s.firstFrames.dataMs.length > 0 ? median(s.firstFrames.dataMs) <= TARGETS.firstDataFrameMs : undefined),
  },
  { label: 'first frame with data, max', cell: (s) => millis(max(s.firstFrames.dataMs)) },
];

function signedMegabytes(kb: number): string {
  return Number.isFinite(kb) ? `${kb >= 0 ? '+' : ''}${megabytes(kb)}` : 'n/a';
}

function firstFrameCell(values: number[], launches: number): string {
  const of = values.length < launches ? ` of ${launches}` : '';
  return values.length === 0 ? 'n/a' : `${millis(median(values))} (n=${values.length}${of})`;
}

function monitorSection(r: BenchResults): string[] {
  const subjects = r.monitor.subjects;
  const widths = [30, ...subjects.map((s) => Math.max(17, s.label.length + 2)), 20];
  const lines = [
    `Live monitor: ${subjects[0]?.paneSize ?? '120x40'} tmux panes, ${r.cluster.members} members, 1 s interval (htop -d 10 = 1 s);`,
    `window ${r.settings.windowSec} s after ${r.settings.warmupSec} s of warm-up; verdicts are for etcdtop (colour on)`,
    pad(['figure', ...subjects.map((s) => s.label), 'target (etcdtop)', 'verdict'], widths),
  ];
  const etcdtop = subjects.find((s) => s.id === 'etcdtop');
  for (const row of MONITOR_ROWS) {
    const pass = etcdtop && row.pass ? row.pass(etcdtop, subjects) : undefined;
    const target = typeof row.target === 'function' ? row.target(subjects) : row.target ?? '';
    lines.push(pad([row.label, ...subjects.map(row.cell), target, verdict(pass)], widths));
  }
  if (r.machine.htop === undefined) lines.push('  htop: not available');
  for (const s of subjects) if (s.problem) lines.push(`  PROBLEM ${s.label}: ${s.problem}`);
  return lines;
}

function rowRateSection(r: BenchResults): string[] {
  const rates = r.monitor.subjects.find((s) => s.id === 'etcdtop')?.window?.rowRates ?? [];
  const shown = rates.filter((x) => x.perSec >= 0.1);
  if (shown.length === 0) return [];
  return [
    'etcdtop screen rows repainted per second in the window (row, rate, text on screen at the end):',
    ...shown.map((x) => `  ${String(x.row).padStart(3)}  ${x.perSec.toFixed(2)}/s  ${x.text}`),
  ];
}

function soakSection(r: BenchResults): string[] {
  const samples = r.monitor.soak;
  if (samples.length === 0) return [];
  const kb = samples.map((s) => s.rssKb ?? Number.NaN);
  const trend = rssTrendKb(kb);
  const flat = max(kb) <= TARGETS.rssMaxKb && trend <= TARGETS.rssGrowthKb;
  return [
    `Soak: etcdtop RSS every 10 s for ${r.settings.soakMin} min: first ${megabytes(kb[0])}, max ${megabytes(max(kb))}, ` +
      `last ${megabytes(kb.at(-1))}; trend (last 3rd - 1st) ${signedMegabytes(trend)}; target max <= ${megabytes(TARGETS.rssMaxKb)}, trend <= +${megabytes(TARGETS.rssGrowthKb)}  ${verdict(flat)}`,
  ];
}

export function renderReport(r: BenchResults): string {
  const logLines = r.monitor.etcdtopLog.split('\n').filter((l) => l.trim() !== '').length;
  const sections = [header(r), oneShotSection(r), monitorSection(r), rowRateSection(r), soakSection(r),
    frameHeapSection(r.frameHeap), faultSoakSection(r.faultSoak),
    [`etcdtop debug log: ${logLines} lines; bench took ${r.durationSec.toFixed(0)} s. PASS/MISS are informational.`]];
  return sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n');
}
