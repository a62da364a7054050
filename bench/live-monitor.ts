// The live monitor against htop, side by side on the same 120x40 screen size in the same run:
// each program gets its own detached tmux session; they are launched one after another (so
// their first-frame times do not compete) and then measured over overlapping windows.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestCluster } from '../test/helpers/etcd-cluster.js';
import { launch, measureWindow, type LaunchedSession, type MonitorSubject, type WindowFigures } from './monitor-session.js';
import { busyPercent, clockTicksPerSecond, rssKb, systemCpu, treeCpuSeconds, type SystemCpu } from './proc-stats.js';
import type { TmuxServer } from './tmux.js';

const SOAK_EVERY_MS = 10_000;

export interface FirstFrames {
  launches: number;
  /** One value per launch that painted (or showed data), in launch order. */
  paintMs: number[];
  dataMs: number[];
}

export interface SubjectFigures {
  id: string;
  label: string;
  paneSize: string;
  firstFrames: FirstFrames;
  window: WindowFigures | undefined;
  /** Why there is no window: the program died, never drew data, … */
  problem: string | undefined;
}

export interface SoakSample {
  atSec: number;
  rssKb: number | undefined;
}

export interface LiveMonitorFigures {
  subjects: SubjectFigures[];
  /** From the first window's start to the last one's end, in % of all CPUs. */
  machineBusyPercent: number;
  /** The part of it not spent by the bench, the cluster, tmux or the programs under test. */
  otherWorkPercent: number;
  soak: SoakSample[];
  /** etcdtop's own debug log (it never prints behind the screen), if it wrote one. */
  etcdtopLog: string;
}

export interface LiveMonitorPlan {
  root: string;
  workDir: string;
  htop: boolean;
  warmupSec: number;
  windowSec: number;
  soakMin: number;
  /** Launches whose first frames are timed, the measured one included (NO_COLOR: 1). */
  firstFrameLaunches: number;
  log: (line: string) => void;
}

function subjects(cluster: TestCluster, plan: LiveMonitorPlan): MonitorSubject[] {
  // A clean environment, as an operator's terminal would give: no CI (Ink blanks the screen
  // when it thinks it runs in CI), a colour-capable TERM, a UTF-8 locale, a scratch HOME.
  const env = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: join(plan.workDir, 'home'), TERM: 'xterm-256color', LANG: 'C.UTF-8' };
  const etcdtopArgv = [process.execPath, join(plan.root, 'bin', 'etcdtop.js'), '--endpoints', cluster.endpoints.join(',')];
  const allMembersShown = (screen: string) => cluster.members.every((m) => memberRowFilled(screen, m.name));
  const list: MonitorSubject[] = [
    { id: 'etcdtop', label: 'etcdtop', argv: etcdtopArgv, env, dataReady: allMembersShown },
    { id: 'etcdtop-nocolor', label: 'etcdtop NO_COLOR=1', argv: etcdtopArgv, env: { ...env, NO_COLOR: '1' }, dataReady: allMembersShown },
    { id: 'htop', label: 'htop -d 10', argv: ['htop', '-d', '10'], env, dataReady: (s) => /\bPID\b/.test(s) },
  ];
  return plan.htop ? list : list.filter((s) => s.id !== 'htop');
}

/**
 * The member's row in the members table shows data, not only its name: its role, UP and the
 * version its status reported (the healthy cluster the bench runs). A name alone can come from
 * the member list before any member answered for itself.
 */
export function memberRowFilled(screen: string, name: string): boolean {
  return screen.split('\n').some((line) => line.includes(` ${name} `) && /\b(LEADER|follower)\b/.test(line) && /\bUP\b/.test(line) && /\b\d+\.\d+\.\d+\b/.test(line));
}

/**
 * Extra launches that only time the first frames (a single launch is at the mercy of whatever
 * else the machine does at that moment); the measured session adds one more.
 */
async function timeFirstFrames(server: TmuxServer, subject: MonitorSubject, plan: LiveMonitorPlan): Promise<LaunchedSession[]> {
  const launches: LaunchedSession[] = [];
  for (let i = 1; i < plan.firstFrameLaunches; i += 1) {
    const id = `${subject.id}-first-frame-${i}`;
    launches.push(await launch(server, { ...subject, id }, join(plan.workDir, `${id}.out`)));
    await server.killSession(id);
  }
  return launches;
}

function firstFramesOf(launches: LaunchedSession[]): FirstFrames {
  const defined = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined);
  return {
    launches: launches.length,
    paintMs: defined(launches.map((l) => l.firstPaintMs)),
    dataMs: defined(launches.map((l) => l.dataFrameMs)),
  };
}

async function measure(server: TmuxServer, session: LaunchedSession, earlier: LaunchedSession[], plan: LiveMonitorPlan): Promise<SubjectFigures> {
  const { subject, pane } = session;
  const base = {
    id: subject.id,
    label: subject.label,
    paneSize: `${pane.columns}x${pane.rows}`,
    firstFrames: firstFramesOf([...earlier, session]),
  };
  if (session.dataFrameMs === undefined) {
    const shown = (await server.capture(subject.id).catch(() => '')).split('\n').filter((line) => line.trim() !== '');
    const screen = shown.slice(-6).map((line) => line.trim()).join(' | ');
    return { ...base, window: undefined, problem: `never showed data; screen: ${screen.slice(0, 400)}` };
  }
  const window = await measureWindow(server, session, plan.warmupSec, plan.windowSec);
  return { ...base, window, problem: window.aliveAtEnd ? undefined : 'exited during the window' };
}

interface MachineShare {
  system: SystemCpu;
  ourCpuSec: number;
}

function machineShare(ourPids: number[]): MachineShare {
  const ours = ourPids.map(treeCpuSeconds).filter(Number.isFinite).reduce((a, b) => a + b, 0);
  const self = process.cpuUsage();
  return { system: systemCpu(), ourCpuSec: ours + (self.user + self.system) / 1e6 };
}

function machineLoad(from: MachineShare, to: MachineShare): { machineBusyPercent: number; otherWorkPercent: number } {
  const machineBusyPercent = busyPercent(from.system, to.system);
  const totalSec = (to.system.totalTicks - from.system.totalTicks) / clockTicksPerSecond();
  const ourPercent = ((to.ourCpuSec - from.ourCpuSec) / totalSec) * 100;
  return { machineBusyPercent, otherWorkPercent: Math.max(0, machineBusyPercent - ourPercent) };
}

async function soak(pid: number, minutes: number, log: (line: string) => void): Promise<SoakSample[]> {
  const samples: SoakSample[] = [];
  const started = performance.now();
  const count = Math.floor((minutes * 60_000) / SOAK_EVERY_MS);
  for (let i = 0; i <= count; i += 1) {
    const wait = started + i * SOAK_EVERY_MS - performance.now();
    if (wait > 0) await sleep(wait);
    const sample = { atSec: Math.round((performance.now() - started) / 1000), rssKb: rssKb(pid) };
    samples.push(sample);
    if (i % 6 === 0) log(`soak: ${sample.atSec} s, RSS ${sample.rssKb ?? 'gone'} kB`);
  }
  return samples;
}

export async function benchLiveMonitor(server: TmuxServer, cluster: TestCluster, plan: LiveMonitorPlan): Promise<LiveMonitorFigures> {
  const sessions: LaunchedSession[] = [];
  const earlier = new Map<LaunchedSession, LaunchedSession[]>();
  for (const subject of subjects(cluster, plan)) {
    plan.log(`monitor: launching ${subject.label} in a 120x40 tmux pane`);
    const timedOnly = subject.id === 'etcdtop-nocolor' ? [] : await timeFirstFrames(server, subject, plan);
    const session = await launch(server, subject, join(plan.workDir, `${subject.id}.out`));
    sessions.push(session);
    earlier.set(session, timedOnly);
  }
  plan.log(`monitor: measuring ${plan.windowSec} s windows after ${plan.warmupSec} s of warm-up`);
  const ourPids = [...cluster.members.map((m) => m.pid), ...sessions.map((s) => s.pane.pid), await server.serverPid()];
  const before = machineShare(ourPids);
  const figures = await Promise.all(sessions.map((session) => measure(server, session, earlier.get(session) ?? [], plan)));
  const load = machineLoad(before, machineShare(ourPids));
  let soakSamples: SoakSample[] = [];
  const etcdtop = sessions.find((s) => s.subject.id === 'etcdtop');
  if (plan.soakMin > 0 && etcdtop !== undefined) {
    for (const other of sessions) if (other !== etcdtop) await server.killSession(other.subject.id);
    plan.log(`soak: sampling etcdtop's RSS every 10 s for ${plan.soakMin} min`);
    soakSamples = await soak(etcdtop.pane.pid, plan.soakMin, plan.log);
  }
  for (const session of sessions) await server.killSession(session.subject.id);
  const logFile = join(plan.workDir, 'home', '.local', 'state', 'etcdtop', 'etcdtop.log');
  const etcdtopLog = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
  return { subjects: figures, ...load, soak: soakSamples, etcdtopLog };
}
