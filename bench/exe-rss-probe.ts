// Where the monitor's RSS goes, per build of the executable: not part of `npm run bench`, a tool
// for bench/README.md's "single executable RSS" section. Runs each program the way
// bench/executable.ts does (120x40 tmux pane, 3 members, 1 s, `env -i`), samples VmRSS each second
// of the window, then splits the resident pages at the end by mapping (/proc/PID/smaps) and, for
// the executable's own file, by ELF section (/proc/PID/pagemap: needs root).
// Usage (after `npm run bench -- --help` compiled it to .bench/):
//   node .bench/bench/exe-rss-probe.js [--runs N] [--window S] [--env K=V]... PROGRAM [ARGS...] -- PROGRAM2 ...
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, writeFileSync, readFileSync, readSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { startCluster } from '../test/helpers/etcd-cluster.js';
import { launch, measureWindow } from './monitor-session.js';
import { TmuxServer } from './tmux.js';

interface Section { name: string; offset: number; size: number }

function sections(file: string): Section[] {
  const out = execFileSync('readelf', ['-SW', file], { encoding: 'utf8' });
  const rows: Section[] = [];
  for (const line of out.split('\n')) {
    const m = /\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+([0-9a-f]+)\s+([0-9a-f]+)/.exec(line);
    if (m) rows.push({ name: m[1]!, offset: parseInt(m[2]!, 16), size: parseInt(m[3]!, 16) });
  }
  return rows;
}

interface Mapping { start: number; end: number; fileOffset: number; path: string; kb: Record<string, number> }

function smaps(pid: number): Mapping[] {
  const maps: Mapping[] = [];
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ ([0-9a-f]+) \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      maps.push({ start: parseInt(head[1]!, 16), end: parseInt(head[2]!, 16), fileOffset: parseInt(head[3]!, 16), path: head[4] || '[anon]', kb: {} });
      continue;
    }
    const field = /^(\w+):\s+(\d+) kB/.exec(line);
    if (field && maps.length > 0) maps[maps.length - 1]!.kb[field[1]!] = Number(field[2]);
  }
  return maps;
}

/** Resident pages of `file` in the process, per ELF section (pagemap bit 63: present). */
function residentBySection(pid: number, maps: Mapping[], file: string): Map<string, number> {
  const secs = sections(file).filter((s) => s.size > 0 && s.offset > 0);
  const bySection = new Map<string, number>();
  const resident: number[] = [];
  const fd = openSync(`/proc/${pid}/pagemap`, 'r');
  try {
    for (const m of maps.filter((x) => x.path === file)) {
      const pages = (m.end - m.start) / 4096;
      const buf = Buffer.alloc(pages * 8);
      readSync(fd, buf, 0, buf.length, (m.start / 4096) * 8);
      for (let i = 0; i < pages; i += 1) {
        if ((buf.readBigUInt64LE(i * 8) >> 63n) === 0n) continue;
        const off = m.fileOffset + i * 4096;
        resident.push(off);
        const sec = secs.find((s) => off + 4096 > s.offset && off < s.offset + s.size)?.name ?? '(between sections)';
        bySection.set(sec, (bySection.get(sec) ?? 0) + 4);
      }
    }
  } finally {
    closeSync(fd);
  }
  if (process.env.PROBE_DUMP) writeFileSync(join(process.env.PROBE_DUMP, `resident-${pid}.json`), JSON.stringify({ file, resident }));
  return bySection;
}

function summarize(pid: number, program: string): string[] {
  const maps = smaps(pid);
  const byPath = new Map<string, Record<string, number>>();
  for (const m of maps) {
    const key = m.path.startsWith('/') ? m.path : m.path === '[anon]' ? '[anon]' : m.path;
    const acc = byPath.get(key) ?? {};
    for (const f of ['Rss', 'Anonymous', 'Private_Clean', 'Shared_Clean', 'Private_Dirty']) acc[f] = (acc[f] ?? 0) + (m.kb[f] ?? 0);
    acc.count = (acc.count ?? 0) + 1;
    byPath.set(key, acc);
  }
  const lines = ['  mappings (KiB): Rss Anonymous Private_Clean Shared_Clean Private_Dirty (count)'];
  for (const [path, acc] of [...byPath.entries()].sort((a, b) => b[1].Rss! - a[1].Rss!).slice(0, 12)) {
    lines.push(`    ${String(acc.Rss).padStart(7)} ${String(acc.Anonymous).padStart(7)} ${String(acc.Private_Clean).padStart(7)} ${String(acc.Shared_Clean).padStart(7)} ${String(acc.Private_Dirty).padStart(7)} (${acc.count}) ${path}`);
  }
  const anonBig = maps.filter((m) => m.kb.Anonymous! > 1024).sort((a, b) => b.kb.Anonymous! - a.kb.Anonymous!).slice(0, 15);
  lines.push('  largest anonymous mappings (KiB rss / KiB size):');
  for (const m of anonBig) lines.push(`    ${String(m.kb.Anonymous).padStart(7)} / ${String((m.end - m.start) / 1024).padStart(8)} ${m.start.toString(16)} ${m.path}`);
  const exePath = maps.find((m) => m.path.startsWith('/') && readlinkExe(pid) === m.path)?.path;
  if (exePath) {
    const per = residentBySection(pid, maps, exePath);
    lines.push(`  resident pages of ${program} by section (KiB):`);
    for (const [sec, kb] of [...per.entries()].sort((a, b) => b[1] - a[1])) lines.push(`    ${String(kb).padStart(7)} ${sec}`);
  }
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  for (const f of ['VmRSS', 'RssAnon', 'RssFile', 'VmHWM', 'Threads']) lines.push(`  ${(new RegExp(`^${f}:\\s+(.*)$`, 'm').exec(status) ?? [])[0]}`);
  return lines;
}

function readlinkExe(pid: number): string {
  return execFileSync('readlink', [`/proc/${pid}/exe`], { encoding: 'utf8' }).trim();
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let runs = 2;
  let windowSec = 30;
  const env: Record<string, string> = {};
  while (argv[0]?.startsWith('--') && argv[0] !== '--') {
    const flag = argv.shift()!;
    const value = argv.shift()!;
    if (flag === '--runs') runs = Number(value);
    else if (flag === '--window') windowSec = Number(value);
    else if (flag === '--env') env[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
  }
  const programs = argv.join(' ').split(' -- ').map((p) => p.trim().split(/\s+/));
  const work = mkdtempSync(join(tmpdir(), 'etcdtop-rss-probe-'));
  const server = new TmuxServer(join(work, 'tmux.sock'));
  const cluster = await startCluster({ members: 3 });
  try {
    for (let run = 0; run < runs; run += 1) {
      for (const [index, argvOf] of programs.entries()) {
        const id = `probe-${run}-${index}`;
        const subject = {
          id, label: argvOf.join(' '), argv: [...argvOf, '--endpoints', cluster.endpoints.join(',')],
          env: { PATH: '/usr/bin:/bin', HOME: join(work, 'home'), TERM: 'xterm-256color', LANG: 'C.UTF-8', ...env },
          dataReady: (screen: string) => cluster.members.every((m) => screen.includes(m.name)),
        };
        const session = await launch(server, subject, join(work, `${id}.out`));
        try {
          const w = await measureWindow(server, session, 5, windowSec);
          const maxKb = Math.max(...w.rssPerSecondKb);
          console.log(`run ${run} ${subject.label}: data frame ${session.dataFrameMs?.toFixed(0)} ms, RSS max ${(maxKb / 1024).toFixed(1)} MiB, CPU ${w.cpuPercent.toFixed(2)} %, alive ${w.aliveAtEnd}`);
          if (run === runs - 1 || process.env.PROBE_DETAIL) console.log(summarize(session.pane.pid, argvOf[0]!).join('\n'));
        } finally {
          await server.killSession(id);
        }
      }
    }
  } finally {
    server.killServerNow();
    await cluster.stop();
    // The programs write their log into HOME as they exit: the folder goes once they are gone.
    const deadline = performance.now() + 5_000;
    while ([...server.panePids].some((pid) => existsSync(`/proc/${pid}`)) && performance.now() < deadline) await sleep(50);
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
