// Where the README's commands run in tests: a temp folder with shims first on PATH, so that the
// lines can run as written. `etcdtop` is the build under test (node <repo>/bin/etcdtop.js), `mail`
// records what it would have sent, and `sudo` runs the command as it is, and only when we are root
// and there is no real sudo: then it loses nothing but sudo's environment reset, which would drop
// the settings that point etcdtop at the test cluster.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BIN, cleanEnv } from './run-cli.js';

export interface ShellResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export interface SentMail {
  args: string[];
  body: string;
}

export interface Sandbox {
  readonly dir: string;
  /** A fresh folder inside the sandbox. */
  folder(name: string): string;
  /**
   * Environment overrides for cleanEnv(): shims first on PATH, no npm_* of an enclosing `npm test`,
   * and etcdtop's debug and audit logs (XDG_STATE_HOME) in the sandbox rather than the user's.
   */
  env(extra?: Record<string, string | undefined>): Record<string, string | undefined>;
  /** Runs one command line with bash (or cron's /bin/sh); never rejects, whatever the exit code. */
  run(line: string, options: { cwd: string; env?: Record<string, string | undefined>; shell?: string; timeoutMs?: number }): Promise<ShellResult>;
  /** Every call of the `mail` shim so far. */
  mails(): SentMail[];
  remove(): void;
}

/** Why the README's `sudo` lines cannot run here, or undefined if the shim may stand in for sudo. */
export function sudoShimRefusal(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root: a sudo shim would claim privileges this user lacks';
  if (spawnSync('sh', ['-c', 'command -v sudo']).status === 0) return 'a real sudo exists: the test will not shadow it';
  return undefined;
}

function writeScript(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export function createSandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'etcdtop-readme-'));
  const shims = join(dir, 'shims');
  const mailDir = join(dir, 'mail');
  mkdirSync(shims);
  mkdirSync(mailDir);
  writeScript(join(shims, 'etcdtop'), `exec ${quote(process.execPath)} ${quote(BIN)} "$@"`);
  // One file per mail: the arguments one per line, an empty line, then the body from stdin. Named
  // by the time it was sent, so that sorting the names puts the mails in the order they were sent.
  writeScript(join(shims, 'mail'), `f=$(mktemp ${quote(mailDir)}/mail.$(date +%s%N).XXXXXX) && { printf '%s\\n' "$@"; echo; cat; } > "$f"`);
  if (sudoShimRefusal() === undefined) writeScript(join(shims, 'sudo'), 'exec "$@"');
  const withoutNpmVariables = Object.fromEntries(Object.keys(process.env).filter((key) => key.toLowerCase().startsWith('npm_')).map((key) => [key, undefined]));
  return {
    dir,
    folder(name) {
      const path = join(dir, name);
      mkdirSync(path, { recursive: true });
      return path;
    },
    env: (extra = {}) => ({ ...withoutNpmVariables, PATH: `${shims}:${process.env.PATH ?? '/usr/bin:/bin'}`, XDG_STATE_HOME: join(dir, 'state'), ...extra }),
    run: (line, options) => runShell(line, options.shell ?? 'bash', options.cwd, cleanEnv(options.env), options.timeoutMs ?? 60_000),
    mails: () => readdirSync(mailDir).sort().map((name) => parseMail(readFileSync(join(mailDir, name), 'utf8'))),
    remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }),
  };
}

function parseMail(text: string): SentMail {
  const split = text.indexOf('\n\n');
  return { args: text.slice(0, split).split('\n'), body: text.slice(split + 2) };
}

function runShell(line: string, shell: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(shell, ['-c', line], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

/**
 * The repository as a fresh clone of the working tree would have it: tracked files and new ones
 * not yet added (sources being written import them), nothing git ignores (no node_modules, no dist/).
 */
export function copyCheckout(repo: string, dest: string): void {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    // A tracked file deleted in the working tree is not part of what is being tested.
    if (!existsSync(join(repo, file))) continue;
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    copyFileSync(join(repo, file), join(dest, file));
  }
}
