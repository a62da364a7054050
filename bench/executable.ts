// The single executable (npm run build:exe → dist/exe/), side by side with the npm build in the
// same run: its size raw and as .tar.gz, its start-up time against `node bin/etcdtop.js` for
// `--version` and `status`, and the monitor's RSS with the flags the executable sets itself
// (target ≤ 100 MiB at 120x40, 3 members, 1 s). A phase of its own, printed after the main table
// and written to bench/results/latest-executable.{md,json}.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestCluster } from '../test/helpers/etcd-cluster.js';
import { cleanEnv } from '../test/helpers/run-cli.js';
import { launch, measureWindow, COLUMNS, ROWS } from './monitor-session.js';
import { timeCommand, type TimedRun } from './one-shot.js';
import { max, median } from './stats.js';
import type { TmuxServer } from './tmux.js';

export const EXE_RSS_TARGET_KB = 100 * 1024;

export interface ExeSize {
  arch: string;
  rawBytes: number;
  tarGzBytes: number | undefined;
}

export interface StartupRow {
  command: string;
  exeMs: number[];
  npmBuildMs: number[];
}

export interface ExecutableFigures {
  sizes: ExeSize[];
  startup: StartupRow[];
  /** The monitor in the x64 executable: RSS each second of the window, and its maximum. */
  monitorRssKb: number[];
  monitorRssMaxKb: number | undefined;
  /**
   * At the window's end, RSS split: anonymous (heaps, stacks: the process's own memory) and
   * file-backed (pages of the 147 MiB executable itself, clean and shared with the page cache).
   */
  monitorRssAnonKb: number | undefined;
  monitorRssFileKb: number | undefined;
  problem?: string;
}

export interface ExecutablePlan {
  root: string;
  workDir: string;
  runs: number;
  warmupSec: number;
  windowSec: number;
  log: (line: string) => void;
}

const exeDir = (root: string) => join(root, 'dist', 'exe');

function sizes(root: string): ExeSize[] {
  return ['x64', 'arm64'].flatMap((arch) => {
    const file = join(exeDir(root), `etcdtop-linux-${arch}`);
    if (!existsSync(file)) return [];
    const archive = `${file}.tar.gz`;
    return [{ arch, rawBytes: statSync(file).size, tarGzBytes: existsSync(archive) ? statSync(archive).size : undefined }];
  });
}

/** Interleaved runs, each program's first run untimed (disk cache), as the one-shot phase does. */
async function startup(root: string, exe: string, endpoint: string, runs: number): Promise<StartupRow[]> {
  const rows: StartupRow[] = [];
  for (const args of [['--version'], ['status', '--endpoints', endpoint]]) {
    const viaExe = { label: '', file: exe, args, env: cleanEnv() };
    const viaNode = { label: '', file: process.execPath, args: [join(root, 'bin', 'etcdtop.js'), ...args], env: cleanEnv() };
    await timeCommand(viaExe);
    await timeCommand(viaNode);
    const exeRuns: TimedRun[] = [];
    const nodeRuns: TimedRun[] = [];
    for (let run = 0; run < runs; run += 1) {
      exeRuns.push(await timeCommand(viaExe));
      nodeRuns.push(await timeCommand(viaNode));
    }
    const failed = [...exeRuns, ...nodeRuns].find((r) => r.code !== 0);
    if (failed) throw new Error(`etcdtop ${args[0]} exited ${failed.code}: ${failed.stderrTail}`);
    rows.push({ command: `etcdtop ${args[0]}`, exeMs: exeRuns.map((r) => r.ms), npmBuildMs: nodeRuns.map((r) => r.ms) });
  }
  return rows;
}

function statusKb(pid: number, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

type MonitorRss = Pick<ExecutableFigures, 'monitorRssKb' | 'monitorRssAnonKb' | 'monitorRssFileKb'>;

async function monitorRss(server: TmuxServer, exe: string, cluster: TestCluster, plan: ExecutablePlan): Promise<MonitorRss> {
  const env = { PATH: '/usr/bin:/bin', HOME: join(plan.workDir, 'home'), TERM: 'xterm-256color', LANG: 'C.UTF-8' };
  const subject = {
    id: 'etcdtop-exe',
    label: 'etcdtop-linux-x64',
    argv: [exe, '--endpoints', cluster.endpoints.join(',')],
    env,
    dataReady: (screen: string) => cluster.members.every((m) => screen.includes(m.name)),
  };
  const session = await launch(server, subject, join(plan.workDir, 'etcdtop-exe.out'));
  try {
    if (session.dataFrameMs === undefined) throw new Error('the executable\'s monitor never showed the cluster');
    const window = await measureWindow(server, session, plan.warmupSec, plan.windowSec);
    const { pid } = session.pane;
    return { monitorRssKb: window.rssPerSecondKb, monitorRssAnonKb: statusKb(pid, 'RssAnon'), monitorRssFileKb: statusKb(pid, 'RssFile') };
  } finally {
    await server.killSession(subject.id);
  }
}

/**
 * The executable as an operator runs it: unpacked from its .tar.gz (tar writes it in small
 * blocks, as scp does). Run straight from dist/exe/, it would count twice the file-backed RSS:
 * --build-sea writes the file in one go, and on this kernel (6.x, large page-cache folios) a file
 * written that way is mapped in large folios, so every page fault maps far more of it.
 */
function unpacked(built: string, workDir: string): string {
  const dir = join(workDir, 'exe');
  mkdirSync(dir, { recursive: true });
  if (existsSync(`${built}.tar.gz`)) execFileSync('tar', ['-xzf', `${built}.tar.gz`, '-C', dir]);
  else execFileSync('dd', [`if=${built}`, `of=${join(dir, 'etcdtop-linux-x64')}`, 'bs=64k', 'status=none']);
  execFileSync('chmod', ['+x', join(dir, 'etcdtop-linux-x64')]);
  return join(dir, 'etcdtop-linux-x64');
}

/** The x64 executable unpacked as an operator gets it (see unpacked()); undefined when not built. */
export function unpackedExecutable(root: string, workDir: string): string | undefined {
  const built = join(exeDir(root), 'etcdtop-linux-x64');
  return existsSync(built) ? unpacked(built, join(workDir, 'one-shot')) : undefined;
}

export async function benchExecutable(server: TmuxServer, cluster: TestCluster, plan: ExecutablePlan): Promise<ExecutableFigures> {
  const built = join(exeDir(plan.root), 'etcdtop-linux-x64');
  const figures: ExecutableFigures = {
    sizes: sizes(plan.root), startup: [], monitorRssKb: [], monitorRssMaxKb: undefined, monitorRssAnonKb: undefined, monitorRssFileKb: undefined,
  };
  if (!existsSync(built)) return { ...figures, problem: `${built} is not built: run npm run build:exe` };
  const exe = unpacked(built, plan.workDir);
  plan.log(`executable: start-up, ${plan.runs} runs each of --version and status, executable and node bin/etcdtop.js`);
  figures.startup = await startup(plan.root, exe, cluster.endpoints[0]!, plan.runs);
  plan.log(`executable: the monitor at ${COLUMNS}x${ROWS}, ${plan.warmupSec} s warm-up, ${plan.windowSec} s window`);
  Object.assign(figures, await monitorRss(server, exe, cluster, plan));
  figures.monitorRssMaxKb = figures.monitorRssKb.length > 0 ? max(figures.monitorRssKb) : undefined;
  return figures;
}

const mib = (bytes: number | undefined) => (bytes === undefined ? '-' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
const ms = (values: number[]) => (values.length === 0 ? '-' : `${median(values).toFixed(0)} ms`);

export function renderExecutable(f: ExecutableFigures): string {
  const lines = ['Single executable (dist/exe, Node.js inside) vs the npm build (node bin/etcdtop.js)'];
  for (const s of f.sizes) lines.push(`  size etcdtop-linux-${s.arch.padEnd(5)}  raw ${mib(s.rawBytes).padStart(10)}   .tar.gz ${mib(s.tarGzBytes).padStart(9)}`);
  for (const row of f.startup) lines.push(`  start-up ${row.command.padEnd(18)} executable ${ms(row.exeMs).padStart(7)}   npm build ${ms(row.npmBuildMs).padStart(7)}  (median of ${row.exeMs.length})`);
  if (f.monitorRssMaxKb !== undefined) {
    const pass = f.monitorRssMaxKb <= EXE_RSS_TARGET_KB ? 'ok' : 'MISS';
    lines.push(`  monitor RSS, executable, ${COLUMNS}x${ROWS}, 3 members, 1 s: max ${(f.monitorRssMaxKb / 1024).toFixed(1)} MiB (target ≤ 100 MiB: ${pass})`);
    const part = (kb: number | undefined) => (kb === undefined ? '-' : `${(kb / 1024).toFixed(1)} MiB`);
    lines.push(`    at the end: anonymous ${part(f.monitorRssAnonKb)}, file-backed (the executable's own pages) ${part(f.monitorRssFileKb)}`);
  }
  if (f.problem) lines.push(`  ${f.problem}`);
  return lines.join('\n');
}

export async function writeExecutableResults(outDir: string, f: ExecutableFigures): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const md = join(outDir, 'latest-executable.md');
  const json = join(outDir, 'latest-executable.json');
  await writeFile(md, `# npm run bench: the single executable\n\n\`\`\`text\n${renderExecutable(f)}\n\`\`\`\n`);
  await writeFile(json, `${JSON.stringify(f, null, 2)}\n`);
  return [md, json];
}
