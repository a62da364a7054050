// dist/etcdtop.mjs alone: built by scripts/bundle.mjs, copied by itself to an empty folder outside
// the repository (no node_modules, no package.json anywhere above it), and run with a bare
// environment, the way it runs after `scp etcdtop.mjs control-plane-1:`. `status` talks gRPC
// over mTLS to a real cluster (etcd3's protos are embedded), `replay` draws the full screen in tmux (Ink
// and yoga's WASM are embedded), and shell completion is printed.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, waitFor, type TestCluster } from '../helpers/etcd-cluster.js';
import { runCli } from '../helpers/run-cli.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = join(ROOT, 'test/fixtures/recordings/member-killed.jsonl');
const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;

interface Result {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs `node etcdtop.mjs ARGS` in `cwd` with only PATH, HOME and TERM set. */
function runAlone(cwd: string, args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const env = { PATH: '/usr/bin:/bin', HOME: cwd, TERM: 'dumb', ETCDTOP_DETECT_ROOT: '/nonexistent-etcdtop-root' };
    const child = spawn(process.execPath, ['etcdtop.mjs', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

describe('the single-file bundle, copied alone', () => {
  let cluster: TestCluster;
  let work: string;
  let alone: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'etcdtop-bundle-'));
    alone = join(work, 'alone');
    const built = join(work, 'build', 'etcdtop.mjs');
    await run(process.execPath, [join(ROOT, 'scripts/bundle.mjs'), '--outfile', built], { cwd: ROOT });
    await run('mkdir', ['-p', alone]);
    copyFileSync(built, join(alone, 'etcdtop.mjs'));
    for (let dir = alone; dir !== dirname(dir); dir = dirname(dir)) {
      if (existsSync(join(dir, 'node_modules')) || existsSync(join(dir, 'package.json'))) throw new Error(`${dir} would let the bundle find packages`);
    }
    cluster = await startCluster({ tls: true });
  });
  afterAll(async () => {
    await cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('--help and --version (the version is built in: no package.json beside the file)', async () => {
    const help = await runAlone(alone, ['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    for (const command of ['status', 'check', 'replay <file>', 'completion']) expect(help.stdout).toContain(`etcdtop ${command}`);
    const shown = await runAlone(alone, ['--version']);
    expect(shown.stdout.trim()).toBe(`${version} (Node.js ${process.version})`);
  });

  it('status talks to a real mTLS cluster (as on a kubeadm node): every member, reachable', async () => {
    const tls = cluster.tls!;
    const result = await runAlone(alone, ['status', '--endpoints', cluster.endpoints[0]!, '--cacert', tls.caCert, '--cert', tls.clientCert, '--key', tls.clientKey, '-o', 'json']);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { members: { name: string; reachable: boolean }[] };
    expect(report.members.map((m) => m.name).sort()).toEqual(cluster.members.map((m) => m.name).sort());
    expect(report.members.every((m) => m.reachable)).toBe(true);
  });

  it('completion prints a bash/zsh completion script for etcdtop (the bundle and the installed bin)', async () => {
    for (const result of [await runAlone(alone, ['completion']), await runCli(['completion'])]) {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('###-begin-etcdtop-completions-###');
      expect(result.stdout).toMatch(/etcdtop --get-yargs-completions/);
    }
  });

  it('replay draws the full screen in a terminal (Ink and its WASM layout engine are inside)', async () => {
    copyFileSync(FIXTURE, join(alone, 'incident.jsonl'));
    const socket = `etcdtop-bundle-${process.pid}`;
    const tmux = (...args: string[]) => run('tmux', ['-L', socket, ...args]);
    const command = `env -i PATH=/usr/bin:/bin HOME=${alone} TERM=xterm-256color ${process.execPath} etcdtop.mjs replay incident.jsonl --speed 50`;
    await tmux('new-session', '-d', '-s', 'm', '-x', '100', '-y', '30', '-c', alone, command);
    try {
      const screen = await waitFor(async () => {
        const { stdout } = await tmux('capture-pane', '-p', '-t', 'm');
        return stdout.includes('end of recording') ? stdout : undefined;
      }, 15_000, 'the replay to end');
      expect(screen).toMatch(/etcd-2\s.*DOWN/);
      expect(screen).toContain('READ-ONLY');
      // Quit, and wait for it: killed instead, it would log its exit into a deleted folder.
      await tmux('send-keys', '-t', 'm', 'q');
      await waitFor(() => tmux('has-session', '-t', 'm').then(() => false, () => true), 5000, 'the replay to quit');
    } finally {
      await tmux('kill-server').catch(() => undefined);
    }
  });
});
