// The single executables (npm run build:exe) as an operator runs them on a control-plane node:
// the x64 one copied alone into an empty folder, with no `node` anywhere on PATH, against an mTLS
// cluster on 127.0.0.1; it must answer exactly as the npm build does. The arm64 one under
// qemu-user-static (Debian's qemu-user-static and the arm64 cross libraries).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { buildExecutables, type Executables } from '../helpers/executables.js';
import { everyMemberUp } from '../helpers/monitor-screen.js';
import { RELAXED_LATENCY, runCli, type CliResult } from '../helpers/run-cli.js';
import { expectTerminalGivenBack } from '../helpers/terminal-state.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
const QEMU = '/usr/bin/qemu-aarch64-static';
const ARM64_LIBS = '/usr/aarch64-linux-gnu';

/** Runs PROGRAM ARGS in `cwd` with a bare environment: PATH holds only an empty folder. */
function runBare(cwd: string, home: string, program: string[], args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const started = performance.now();
  const env = { PATH: join(home, 'empty-bin'), HOME: home, TERM: 'dumb', ETCDTOP_DETECT_ROOT: '/nonexistent-etcdtop-root', ...extraEnv };
  return new Promise((resolve, reject) => {
    const child = spawn(program[0]!, [...program.slice(1), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, durationMs: performance.now() - started, pid: child.pid ?? -1 });
    });
  });
}

/** status -o json without what changes from one call to the next. */
function stableStatus(stdout: string): unknown {
  const report = JSON.parse(stdout) as { takenAt?: string; members: { healthLatencyMs?: number }[] };
  delete report.takenAt;
  for (const member of report.members) delete member.healthLatencyMs;
  return report;
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();

describe('the single executables', () => {
  let exes: Executables;
  let cluster: TestCluster;
  let work: string;
  let alone: string;
  let home: string;
  let tlsFlags: string[];
  let tmux: TmuxSession | undefined;
  const exe = (args: string[], extraEnv?: Record<string, string>) => runBare(alone, home, ['./etcdtop-linux-x64'], args, extraEnv);

  beforeAll(async () => {
    exes = await buildExecutables();
    work = mkdtempSync(join(tmpdir(), 'etcdtop-exe-'));
    alone = join(work, 'alone');
    home = join(work, 'home');
    mkdirSync(alone);
    mkdirSync(join(home, 'empty-bin'), { recursive: true });
    copyFileSync(exes.x64, join(alone, 'etcdtop-linux-x64'));
    for (let dir = alone; dir !== dirname(dir); dir = dirname(dir)) {
      if (existsSync(join(dir, 'node_modules')) || existsSync(join(dir, 'package.json'))) throw new Error(`${dir} would let the executable find packages`);
    }
    cluster = await startCluster({ tls: true });
    const t = cluster.tls!;
    tlsFlags = ['--cacert', t.caCert, '--cert', t.clientCert, '--key', t.clientKey];
  }, 240_000);
  afterAll(async () => {
    await tmux?.kill();
    await cluster?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('runs where no node can be found, and says which Node.js is inside', async () => {
    expect((await runBare(alone, home, ['/bin/sh', '-c'], ['command -v node'])).code).not.toBe(0);
    const shown = await exe(['--version']);
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    expect(shown.stdout.trim()).toBe(`${version} (Node.js ${exes.nodeVersion}, single executable, linux-x64)`);
  });

  it('status -o json over mTLS equals the npm build\'s, field for field', async () => {
    const args = ['status', '-o', 'json', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints[0]!, ...tlsFlags];
    const ours = await exe(args);
    const npmBuild = await runCli(args);
    expect(ours.stderr).toBe('');
    expect(ours.code).toBe(0);
    expect(npmBuild.code).toBe(0);
    expect(stableStatus(ours.stdout)).toEqual(stableStatus(npmBuild.stdout));
  });

  it('check: the same verdict and exit code as the npm build', async () => {
    const args = ['check', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints.join(','), ...tlsFlags];
    const ours = await exe(args);
    expect(ours.stdout).toMatch(/^OK: 3 members/);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe((await runCli(args)).stdout);
  });

  it('status and check run from the one-shot asset, whose code cache V8 takes (src/cli/sea-one-shot.ts)', async () => {
    const report = { ETCDTOP_ONE_SHOT_CACHE_REPORT: '1' };
    for (const command of ['status', 'check']) {
      const ours = await exe([command, ...RELAXED_LATENCY, '--endpoints', cluster.endpoints[0]!, ...tlsFlags], report);
      expect({ command, code: ours.code, stderr: ours.stderr }).toEqual({ command, code: 0, stderr: 'one-shot code cache: accepted\n' });
    }
    // Any other command line is the main's: yargs reads it, and the asset is not looked at.
    expect(await exe(['--version'], report)).toMatchObject({ code: 0, stderr: '' });
  });

  it.each([
    ['an unknown flag', ['status', '--bogus']],
    ['a bad duration', ['status', '--command-timeout', 'soon']],
    ['no etcd reachable', ['status', '--endpoints', 'http://127.0.0.1:9', '--dial-timeout', '500ms']],
    ['a wrong CA', ['check', '--endpoints', 'ENDPOINT', 'OTHER-CA']],
  ])('a bad start (%s): the same one-line error and exit code as the npm build', async (_name, template) => {
    const t = cluster.tls!;
    const args = template.flatMap((arg) => {
      if (arg === 'ENDPOINT') return [cluster.endpoints[0]!];
      if (arg === 'OTHER-CA') return ['--cacert', t.otherCaCert, '--cert', t.clientCert, '--key', t.clientKey];
      return [arg];
    });
    const ours = await exe(args);
    const npmBuild = await runCli(args);
    expect(ours.code).not.toBe(0);
    expect({ code: ours.code, stdout: ours.stdout, stderr: ours.stderr }).toEqual({ code: npmBuild.code, stdout: npmBuild.stdout, stderr: npmBuild.stderr });
    expect(ours.stderr + ours.stdout).toMatch(/^(etcdtop: |UNKNOWN: )/);
  });

  it('the monitor shows every member with a 1 MiB young generation, and gives the terminal back on q', async () => {
    // The executable starts with 4 MiB semi-spaces for `status`; a screen restarts itself with
    // 1 MiB ones (src/cli/screen-heap.ts), read here from the heap log the soak bench uses.
    const heapLog = join(work, 'monitor-heap.jsonl');
    // PATH for the executable only: tmux itself is found on the test's PATH.
    tmux = await startMonitor({
      command: ['/usr/bin/env', `PATH=${join(home, 'empty-bin')}`, './etcdtop-linux-x64'],
      cwd: alone,
      args: ['--endpoints', cluster.endpoints[0]!, ...tlsFlags],
      env: { HOME: home, ETCDTOP_HEAP_LOG: heapLog },
      echoExitStatus: true,
    });
    await tmux.waitForScreen(everyMemberUp(cluster.members.map((m) => m.name)), 30_000);
    await expect.poll(() => (existsSync(heapLog) ? readFileSync(heapLog, 'utf8') : ''), { timeout: 20_000, interval: 500 }).toContain('\n');
    const first = JSON.parse(readFileSync(heapLog, 'utf8').split('\n')[0]!) as { youngGenerationBytes: number };
    expect(first.youngGenerationBytes).toBeGreaterThan(0);
    expect(first.youngGenerationBytes).toBeLessThanOrEqual(1.5 * 1024 * 1024);
    await tmux.press('q');
    await expectTerminalGivenBack(tmux);
  });

  it('writes nothing beside itself (nothing extracted), and in HOME at most the logs the npm build writes too', () => {
    expect(filesUnder(alone)).toEqual(['etcdtop-linux-x64']);
    for (const file of filesUnder(home)) expect(file).toMatch(/^\.local\/state\/etcdtop\/(etcdtop|audit)\.log$/);
  });

  it('arm64, under qemu-user-static: --version and status -o json from the same cluster', async () => {
    for (const needed of [QEMU, ARM64_LIBS]) {
      if (!existsSync(needed)) throw new Error(`${needed} is missing: apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross libatomic1-arm64-cross`);
    }
    const arm64 = [QEMU, '-L', ARM64_LIBS, exes.arm64];
    const shown = await runBare(work, home, arm64, ['--version']);
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    expect(shown.stdout.trim()).toBe(`${version} (Node.js ${exes.nodeVersion}, single executable, linux-arm64)`);
    // Emulated, a TLS handshake can take longer than the 1.5 s default deadline.
    const slow = ['--dial-timeout', '20s', '--command-timeout', '20s'];
    const result = await runBare(work, home, arm64, ['status', '-o', 'json', ...RELAXED_LATENCY, ...slow, '--endpoints', cluster.endpoints[0]!, ...tlsFlags]);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { clusterId: string; members: { id: string; reachable: boolean }[] };
    expect(report.members.map((m) => m.id).sort()).toEqual(cluster.members.map((m) => m.id).sort());
    expect(report.members.every((m) => m.reachable)).toBe(true);
  }, 120_000);
});
