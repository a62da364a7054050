// Runs the built CLI as a separate process, the way an operator or cron would, and captures
// everything it printed, its exit code and how long it took.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/etcdtop.js', import.meta.url));
/**
 * The Node.js that runs the CLI under test: ETCDTOP_TEST_NODE (a node binary; .ci/run's runtime
 * matrix runs the mTLS tests under Node 22, 24 and 26 with it), else vitest's own.
 */
export const CLI_NODE = process.env.ETCDTOP_TEST_NODE || process.execPath;

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number | null;
  durationMs: number;
  pid: number;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Called once the process has started (e.g. to read /proc/PID/cmdline while it runs). */
  onSpawn?: (pid: number) => void;
  /** Node's own options, before the CLI's path (e.g. --import of a test hook). */
  nodeArgs?: string[];
}

/** An environment without the developer's own ETCDCTL_* settings leaking into a test. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('ETCDCTL_') && !key.startsWith('ETCDTOP_')) env[key] = value;
  }
  // No auto-detection from this machine's /etc unless a test points it somewhere.
  env.ETCDTOP_DETECT_ROOT = '/nonexistent-etcdtop-root';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(CLI_NODE, [...(options.nodeArgs ?? []), BIN, ...args], { env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, durationMs: performance.now() - started, pid: child.pid ?? -1 });
    });
  });
}

/**
 * runCli, and what `expression` (JavaScript, evaluated in the CLI's process) was when it exited,
 * through JSON: what no output shows, such as the built-in modules it loaded or its default CAs.
 */
export async function runCliRecordingAtExit<T>(args: string[], expression: string): Promise<CliResult & { recorded: T }> {
  const work = mkdtempSync(join(tmpdir(), 'etcdtop-at-exit-'));
  try {
    const hook = join(work, 'record-at-exit.mjs');
    const out = join(work, 'recorded.json');
    writeFileSync(hook, [
      "import { writeFileSync } from 'node:fs';",
      `process.on('exit', () => writeFileSync(${JSON.stringify(out)}, JSON.stringify(${expression})));`,
    ].join('\n'));
    const result = await runCli(args, { nodeArgs: ['--import', hook] });
    return { ...result, recorded: JSON.parse(readFileSync(out, 'utf8')) as T };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Latency thresholds far above what a test machine's disk does at start-up (a fresh member's
 * fsync p99 since start can exceed etcd's 10 ms guidance on CI disks): for tests that assert a
 * healthy cluster is OK, not that disks are fast.
 */
export const RELAXED_LATENCY = ['--wal-fsync-warn-ms', '5000', '--wal-fsync-critical-ms', '10000', '--backend-commit-warn-ms', '5000', '--peer-round-trip-warn-ms', '5000'];
