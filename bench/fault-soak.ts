// `npm run bench -- --soak MIN`: the monitor left open for MIN minutes on a cluster that keeps
// failing: a follower killed and restarted every few minutes, and halfway the DB filled to
// NOSPACE and recovered with the monitor's own keys (R, then y). Measured from outside: RSS,
// the largest gap between two frames (the pane's output growing), and, from files the monitor
// writes: its heap (ETCDTOP_HEAP_LOG), and every poll round (--record), folded through the same
// reducer as the screen to count the events it showed against the faults injected.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCluster, type TestCluster } from '../test/helpers/etcd-cluster.js';
import { initialMonitorState, reduceMonitor, type MonitorState } from '../src/core/monitor-state.js';
import { decodeLine } from '../src/record/recording-codec.js';
import { launch } from './monitor-session.js';
import { rssKb } from './proc-stats.js';
import { fileSize } from './stream-analysis.js';
import type { TmuxServer } from './tmux.js';

const SAMPLE_EVERY_MS = 100;
const RESTART_AFTER_MS = 20_000;
const QUOTA_BYTES = 64 * 1024 * 1024;
const SESSION = 'etcdtop-soak';

export interface SoakFault {
  atSec: number;
  kind: 'kill' | 'restart' | 'nospace' | 'recovery';
  member?: string;
  ok: boolean;
  note?: string;
}

export interface FaultSoakFigures {
  minutes: number;
  killEveryMin: number;
  faults: SoakFault[];
  /** Kills plus the NOSPACE fill: the things an operator should have been told about. */
  faultsInjected: number;
  /** Events the monitor's events pane showed (the reducer over the recorded rounds). */
  events: number;
  eventCounts: Record<string, number>;
  rounds: number;
  roundsExpected: number;
  /** Intervals with no round at all (a gap over 1.5 intervals counts its missing rounds). */
  roundsMissed: number;
  largestRoundGapMs: number;
  largestFrameGapMs: number;
  rssKb: { atSec: number; kb: number | undefined }[];
  heap: { atSec: number; heapUsedBytes: number; rssBytes: number }[];
  aliveAtEnd: boolean;
}

interface Plan {
  root: string;
  workDir: string;
  minutes: number;
  intervalMs: number;
  log: (line: string) => void;
}

/** Every few minutes: 3 over an hour; shorter soaks still see about five kills. */
export function killEveryMinutes(minutes: number): number {
  return Math.max(1, Math.min(3, Math.floor(minutes / 5)));
}

export async function runFaultSoak(server: TmuxServer, plan: Plan): Promise<FaultSoakFigures> {
  plan.log(`soak: ${plan.minutes} min on a 3-member cluster (quota 64 MiB), a follower killed every ${killEveryMinutes(plan.minutes)} min, NOSPACE halfway`);
  const cluster = await startCluster({ members: 3, quotaBackendBytes: QUOTA_BYTES, namePrefix: 'soak-' });
  try {
    return await soakOn(server, cluster, plan);
  } finally {
    await server.killSession(SESSION);
    await cluster.stop();
  }
}

async function soakOn(server: TmuxServer, cluster: TestCluster, plan: Plan): Promise<FaultSoakFigures> {
  const recordPath = join(plan.workDir, 'soak.jsonl');
  const heapPath = join(plan.workDir, 'soak-heap.jsonl');
  const env = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: join(plan.workDir, 'home'), TERM: 'xterm-256color', LANG: 'C.UTF-8', ETCDTOP_HEAP_LOG: heapPath };
  const argv = [process.execPath, join(plan.root, 'bin', 'etcdtop.js'), '--endpoints', cluster.endpoints.join(','), '--record', recordPath,
    '--audit-log', join(plan.workDir, 'soak-audit.log')];
  const allShown = (screen: string) => cluster.members.every((m) => screen.includes(m.name));
  // In the scratch folder: the recovery's snapshot lands in the monitor's working folder.
  const subject = { id: SESSION, label: 'etcdtop soak', argv, env, dataReady: allShown, cwd: plan.workDir };
  const session = await launch(server, subject, join(plan.workDir, 'soak.out'));
  const startedAt = performance.now();
  const endAt = startedAt + plan.minutes * 60_000;
  const atSec = () => Math.round((performance.now() - startedAt) / 1000);
  const faults: SoakFault[] = [];
  const note = (fault: Omit<SoakFault, 'atSec'>) => {
    faults.push({ atSec: atSec(), ...fault });
    plan.log(`soak: ${atSec()} s ${fault.kind}${fault.member ? ` ${fault.member}` : ''}${fault.ok ? '' : ' FAILED'}${fault.note ? `: ${fault.note}` : ''}`);
  };
  const frames = watchFrames(session.outFile, session.pane.pid, endAt);
  const killEveryMs = killEveryMinutes(plan.minutes) * 60_000;
  let nextKillAt = startedAt + killEveryMs;
  let nospaceDone = false;
  let victim = 0;
  while (performance.now() < endAt - RESTART_AFTER_MS) {
    if (!nospaceDone && performance.now() >= startedAt + (endAt - startedAt) / 2) {
      nospaceDone = true;
      await nospaceAndRecover(server, cluster, note);
      nextKillAt = Math.max(nextKillAt, performance.now() + killEveryMs / 2);
    } else if (performance.now() >= nextKillAt) {
      victim = await killAndRestart(cluster, victim, note);
      nextKillAt += killEveryMs;
    }
    await sleep(1000);
  }
  await sleep(Math.max(0, endAt - performance.now()));
  const frameFigures = await frames;
  const aliveAtEnd = !(await server.pane(SESSION)).dead;
  await server.killSession(SESSION);
  return {
    minutes: plan.minutes,
    killEveryMin: killEveryMs / 60_000,
    faults,
    faultsInjected: faults.filter((f) => f.kind === 'kill' || f.kind === 'nospace').length,
    ...roundFigures(recordPath, plan.intervalMs, plan.minutes),
    largestFrameGapMs: frameFigures.largestGapMs,
    rssKb: frameFigures.rss,
    heap: heapSamples(heapPath),
    aliveAtEnd,
  };
}

/** A follower (never the leader: that is another bench), rotating, restarted 20 s later. */
async function killAndRestart(cluster: TestCluster, previous: number, note: (f: Omit<SoakFault, 'atSec'>) => void): Promise<number> {
  const leader = await cluster.leaderIndex();
  const candidates = [1, 2, 0].map((step) => (previous + step) % 3).filter((i) => i !== leader);
  const index = candidates[0] ?? (previous + 1) % 3;
  const member = cluster.members[index]!.name;
  await cluster.kill(index);
  note({ kind: 'kill', member, ok: true });
  await sleep(RESTART_AFTER_MS);
  try {
    await cluster.restart(index);
    note({ kind: 'restart', member, ok: true });
  } catch (error) {
    note({ kind: 'restart', member, ok: false, note: String(error).split('\n')[0] });
  }
  return index;
}

/** Fill to NOSPACE, then the guided recovery through the monitor's keys, as an operator would. */
async function nospaceAndRecover(server: TmuxServer, cluster: TestCluster, note: (f: Omit<SoakFault, 'atSec'>) => void): Promise<void> {
  try {
    await cluster.fillUntilNoSpace();
    note({ kind: 'nospace', ok: true });
  } catch (error) {
    note({ kind: 'nospace', ok: false, note: String(error).split('\n')[0] });
    return;
  }
  // The alarms pane's own line ("NOSPACE on soak-1"), not the footer's "R NOSPACE recovery".
  if (!(await waitForScreen(server, /NOSPACE on soak-\d/, 30_000))) {
    note({ kind: 'recovery', ok: false, note: 'the monitor never showed the NOSPACE alarm' });
    return;
  }
  await server.pressKey(SESSION, 'R');
  const plan = await waitForScreen(server, /Run the plan\? y = yes|REFUSED/, 10_000);
  if (!plan || !/Run the plan/.test(plan)) {
    note({ kind: 'recovery', ok: false, note: `the recovery dialog did not offer the plan${plan ? `: ${/REFUSED: .*/.exec(plan)?.[0] ?? ''}` : ''}` });
    await server.pressKey(SESSION, 'Escape');
    return;
  }
  await sleep(200);
  await server.pressKey(SESSION, 'y');
  const done = await waitForScreen(server, /Enter or Esc to close/, 120_000);
  // DONE either way; with the fill's keys still there it adds that live data fills the quota.
  const result = done === undefined ? undefined : /(DONE|FAILED): [^║]*/.exec(done.split('\n').map((line) => line.replace(/^║ ?|\s*║$/g, '').trim()).join(' '))?.[0];
  const ok = result?.startsWith('DONE') ?? false;
  note({ kind: 'recovery', ok, note: result?.slice(0, 200) ?? 'did not finish in 120 s' });
  await server.pressKey(SESSION, 'Enter');
  // The fill's keys go, so the DB does not sit at the quota for the rest of the soak.
  await cluster.etcdctl(['del', '--prefix', 'etcdtop-fill/']);
}

async function waitForScreen(server: TmuxServer, pattern: RegExp, timeoutMs: number): Promise<string | undefined> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const screen = await server.capture(SESSION).catch(() => '');
    if (pattern.test(screen)) return screen;
    await sleep(200);
  }
  return undefined;
}

/** The pane's output grows with every frame: the longest stretch without growth is the largest gap. */
async function watchFrames(outFile: string, pid: number, endAt: number): Promise<{ largestGapMs: number; rss: { atSec: number; kb: number | undefined }[] }> {
  const started = performance.now();
  let lastSize = fileSize(outFile);
  let lastGrowthAt = performance.now();
  let largestGapMs = 0;
  const rss: { atSec: number; kb: number | undefined }[] = [];
  let nextRssAt = started;
  while (performance.now() < endAt) {
    await sleep(SAMPLE_EVERY_MS);
    const size = fileSize(outFile);
    const now = performance.now();
    if (size > lastSize) {
      largestGapMs = Math.max(largestGapMs, now - lastGrowthAt);
      lastGrowthAt = now;
      lastSize = size;
    }
    if (now >= nextRssAt) {
      rss.push({ atSec: Math.round((now - started) / 1000), kb: rssKb(pid) });
      nextRssAt += 10_000;
    }
  }
  return { largestGapMs: Math.round(Math.max(largestGapMs, performance.now() - lastGrowthAt)), rss };
}

function roundFigures(recordPath: string, intervalMs: number, minutes: number) {
  const lines = existsSync(recordPath) ? readFileSync(recordPath, 'utf8').split('\n') : [];
  let state: MonitorState = initialMonitorState({ historyCapacity: 3600 });
  const eventCounts: Record<string, number> = {};
  let events = 0;
  let rounds = 0;
  let missed = 0;
  let largestRoundGapMs = 0;
  let previousAt: number | undefined;
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const entry = decodeLine(text, i + 1);
    if (entry.kind !== 'round') return;
    rounds += 1;
    const at = entry.snapshot.takenAtMs;
    if (previousAt !== undefined) {
      const gap = at - previousAt;
      largestRoundGapMs = Math.max(largestRoundGapMs, gap);
      if (gap > 1.5 * intervalMs) missed += Math.round(gap / intervalMs) - 1;
    }
    previousAt = at;
    const before = state.events[0];
    state = reduceMonitor(state, { type: 'round', snapshot: entry.snapshot });
    const added = before === undefined ? state.events.length : Math.max(0, state.events.indexOf(before));
    for (const event of state.events.slice(0, added)) {
      const kind = event.message.replace(/[0-9a-f]{16}|\d+(\.\d+)?/g, '#').split(':')[0]!.replace(/\S+ \(#\) /, '').slice(0, 40);
      eventCounts[kind] = (eventCounts[kind] ?? 0) + 1;
    }
    events += added;
  });
  return { events, eventCounts, rounds, roundsExpected: Math.floor((minutes * 60_000) / intervalMs), roundsMissed: missed, largestRoundGapMs };
}

function heapSamples(path: string): FaultSoakFigures['heap'] {
  if (!existsSync(path)) return [];
  const rows = readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { atMs: number; heapUsedBytes: number; rssBytes: number });
  const first = rows[0]?.atMs ?? 0;
  return rows.map((row) => ({ atSec: Math.round((row.atMs - first) / 1000), heapUsedBytes: row.heapUsedBytes, rssBytes: row.rssBytes }));
}
