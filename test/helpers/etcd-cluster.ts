// Starts a real etcd cluster on 127.0.0.1 for integration and end-to-end tests, and makes
// sure no etcd outlives the test: stop() kills and deletes everything, a process 'exit'
// handler does the same if a test forgets, and each member is started through
// `setpriv --pdeathsig KILL` so it dies even if the test process is killed outright.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCerts, makeServingCert, type CertPaths, type Validity } from './certs.js';
import { TEST_ETCD, TEST_ETCDCTL } from './etcd-binaries.js';
import { freePorts } from './free-port.js';

const ETCD = TEST_ETCD;
const ETCDCTL = TEST_ETCDCTL;
const SETPRIV = '/usr/bin/setpriv';
const START_TIMEOUT_MS = 20_000;
const PORT_CLASH_RETRIES = 3;
const FILL_TIMEOUT_MS = 60_000;
// Just under 1 MiB: below the default --max-request-bytes (1.5 MiB), so a 16 MiB quota fills
// in about 15 puts instead of hundreds of process spawns.
const FILL_VALUE = Buffer.alloc(1_000_000, 'x');

export interface ClusterOptions {
  members?: number;
  tls?: boolean;
  quotaBackendBytes?: number;
  /** Member names are `${namePrefix}${index}`; default "etcd-". */
  namePrefix?: string;
  /** Appended to every member's command line (also on restart). */
  extraArgs?: string[];
  /** Where the cluster's temp folder (data, logs, certificates) is made; default os.tmpdir(). */
  parentDir?: string;
  /**
   * With tls: member i serves clients with its own certificate valid over servingCerts[i]
   * (expired, expiring soon); peers keep the shared one, so the cluster itself stays healthy.
   */
  servingCerts?: (Validity | undefined)[];
}

export interface TestMember {
  readonly name: string;
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly metricsUrl: string;
  readonly dataDir: string;
  readonly logFile: string;
  /** Changes when the member is restarted. */
  pid: number;
  /** Lowercase hex, as etcdctl prints it in tables. */
  id: string;
}

export interface EtcdctlResult {
  stdout: string;
  stderr: string;
  /** Exit code; -1 if etcdctl could not start or was killed after timeoutMs. */
  code: number;
}

/** Which client certificate etcdctl presents to a TLS cluster. */
export type ClientCertChoice = 'client' | 'rogue' | 'none';

export interface EtcdctlOptions {
  endpoints?: string[];
  /** Added to the environment; an ETCDCTL_CACERT/CERT/KEY here replaces the matching flag. */
  env?: Record<string, string>;
  /** Default 'client'; ignored for a plain-text cluster. */
  clientCert?: ClientCertChoice;
  /** Written to etcdctl's stdin, e.g. the value for `put KEY`. */
  input?: string | Buffer;
  /** Kill etcdctl after this long; default 30 s (etcdctl has its own 5 s command timeout). */
  timeoutMs?: number;
}

export interface TestCluster {
  readonly members: TestMember[];
  readonly endpoints: string[];
  readonly metricsUrls: string[];
  readonly tls?: CertPaths;
  /** The temp folder holding data dirs, logs and certs; deleted by stop(). */
  readonly dir: string;
  etcdctl(args: string[], opts?: EtcdctlOptions): Promise<EtcdctlResult>;
  kill(index: number): Promise<void>;
  freeze(index: number): void;
  thaw(index: number): void;
  restart(index: number): Promise<void>;
  /**
   * Kills member `index` and starts, on the same client, peer and metrics ports, a one-member
   * cluster of its own (new data dir, new token): the address now answers for another cluster.
   * restart(index) puts the original member back.
   */
  takeOver(index: number): Promise<void>;
  stop(): Promise<void>;
  /**
   * The member every answering member names as leader; undefined while they disagree or know
   * none. Just after the leader is killed, survivors may still name it for an election timeout.
   */
  leaderIndex(): Promise<number | undefined>;
  /** Resolves once `etcdctl get` (linearizable) through this member succeeds. */
  waitUntilServing(index: number, timeoutMs?: number): Promise<void>;
  memberLog(index: number): string;
  fillUntilNoSpace(): Promise<void>;
}

/** The state letter of each thread of `pid` (/proc/PID/task/TID/stat, after the command's name). */
export function threadStates(pid: number): string[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').replace(/^.*\) /, '')[0]!);
}

/**
 * Returns once every thread of `pid` is stopped (state T in /proc), up to 2 s: kill() only sends
 * SIGSTOP, and on a loaded machine a thread of etcd can still answer a request sent right after.
 */
function waitUntilStopped(pid: number): void {
  const stopped = () => {
    try {
      return threadStates(pid).every((state) => state === 'T' || state === 't');
    } catch {
      return true;
    }
  };
  const deadline = Date.now() + 2_000;
  while (!stopped() && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
}

/** Polls `probe` until it returns something other than undefined, null or false. */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  timeoutMs: number,
  what = 'condition',
  intervalMs = 100,
): Promise<Exclude<T, undefined | null | false>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) {
        return value as Exclude<T, undefined | null | false>;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError === undefined ? '' : `; last error: ${String(lastError)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Member ids are uint64 and JSON.parse would round them: quote long integers first. */
export function parseEtcdJson(raw: string): unknown {
  return JSON.parse(raw.replace(/([:[,]\s*)(\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
}

/** A decimal uint64 id (as parseEtcdJson leaves it) → lowercase hex, as etcdctl tables print it. */
export function decimalIdToHex(decimal: string): string {
  return BigInt(decimal).toString(16);
}

// Safety net: every running member and temp dir, across all clusters of this process.
const liveChildren = new Set<ChildProcess>();
const liveDirs = new Set<string>();
let exitHandlerInstalled = false;

function killAllNow(): void {
  for (const child of liveChildren) {
    child.kill('SIGCONT');
    child.kill('SIGKILL');
  }
  for (const dir of liveDirs) {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

// Vitest ends its fork workers with SIGTERM, which skips 'exit' handlers: clean up, then
// re-raise so the signal does what it would have done without us.
function onSignal(signal: NodeJS.Signals): void {
  killAllNow();
  process.removeListener(signal, onSignal);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, onSignal);
}

interface MemberProcess {
  child: ChildProcess;
  exited: Promise<void>;
  running: boolean;
}

/** Starts a cluster and waits until every member serves linearizable reads. */
export async function startCluster(options: ClusterOptions = {}): Promise<TestCluster> {
  installExitHandler();
  for (let attempt = 1; ; attempt += 1) {
    const cluster = await EtcdTestCluster.create(options);
    try {
      await cluster.boot();
      return cluster;
    } catch (error) {
      // Another process may grab a port between freePorts() and etcd's bind: retry afresh.
      const clash = cluster.logsMention('address already in use');
      await cluster.stop();
      if (!clash || attempt >= PORT_CLASH_RETRIES) throw error;
    }
  }
}

class EtcdTestCluster implements TestCluster {
  readonly endpoints: string[];
  readonly metricsUrls: string[];
  private readonly processes: (MemberProcess | undefined)[];
  private readonly token = `etcdtop-test-${randomUUID()}`;
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly dir: string,
    readonly members: TestMember[],
    private readonly options: ClusterOptions,
    readonly tls?: CertPaths,
    private readonly servingCerts: ({ cert: string; key: string } | undefined)[] = [],
  ) {
    this.endpoints = members.map((m) => m.clientUrl);
    this.metricsUrls = members.map((m) => m.metricsUrl);
    this.processes = members.map(() => undefined);
  }

  static async create(options: ClusterOptions): Promise<EtcdTestCluster> {
    const count = options.members ?? 3;
    const dir = await mkdtemp(join(options.parentDir ?? tmpdir(), 'etcdtop-it-'));
    liveDirs.add(dir);
    let tls: CertPaths | undefined;
    let ports: number[];
    let servingCerts: ({ cert: string; key: string } | undefined)[] = [];
    try {
      tls = options.tls === true ? await generateCerts(join(dir, 'certs')) : undefined;
      const paths = tls;
      if (paths) servingCerts = await Promise.all((options.servingCerts ?? []).map((validity, i) => (validity ? makeServingCert(paths, `serving-${i}`, validity) : undefined)));
      ports = await freePorts(count * 3);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      liveDirs.delete(dir);
      throw error;
    }
    const scheme = tls === undefined ? 'http' : 'https';
    const members = Array.from({ length: count }, (_, i): TestMember => {
      const name = `${options.namePrefix ?? 'etcd-'}${i}`;
      return {
        name,
        clientUrl: `${scheme}://127.0.0.1:${ports[i * 3]}`,
        peerUrl: `${scheme}://127.0.0.1:${ports[i * 3 + 1]}`,
        // Plain http even with TLS: scrapers read /metrics without client certificates.
        metricsUrl: `http://127.0.0.1:${ports[i * 3 + 2]}`,
        dataDir: join(dir, `${name}.etcd`),
        logFile: join(dir, `${name}.log`),
        pid: 0,
        id: '',
      };
    });
    return new EtcdTestCluster(dir, members, options, tls, servingCerts);
  }

  async boot(): Promise<void> {
    for (let i = 0; i < this.members.length; i += 1) {
      await this.spawnMember(i, 'new');
    }
    await Promise.all(this.members.map((_, i) => this.waitUntilServing(i)));
    await this.readMemberIds();
    await waitFor(() => this.leaderIndex(), START_TIMEOUT_MS, 'a leader all members agree on');
  }

  private memberArgs(index: number, state: 'new' | 'existing', impostor = false): string[] {
    const m = this.members[index];
    const initialCluster = impostor ? `${m.name}=${m.peerUrl}` : this.members.map((x) => `${x.name}=${x.peerUrl}`).join(',');
    const args = [
      `--name=${m.name}`, `--data-dir=${impostor ? `${m.dataDir}-impostor` : m.dataDir}`,
      `--listen-client-urls=${m.clientUrl}`, `--advertise-client-urls=${m.clientUrl}`,
      `--listen-peer-urls=${m.peerUrl}`, `--initial-advertise-peer-urls=${m.peerUrl}`,
      `--listen-metrics-urls=${m.metricsUrl}`,
      `--initial-cluster=${initialCluster}`, `--initial-cluster-token=${impostor ? `${this.token}-impostor` : this.token}`,
      `--initial-cluster-state=${state}`,
      '--heartbeat-interval=100', '--election-timeout=1000',
      '--logger=zap', '--log-outputs=stderr',
    ];
    if (this.options.quotaBackendBytes !== undefined) {
      args.push(`--quota-backend-bytes=${this.options.quotaBackendBytes}`);
    }
    const t = this.tls;
    if (t !== undefined) {
      args.push(
        `--cert-file=${this.servingCerts[index]?.cert ?? t.serverCert}`, `--key-file=${this.servingCerts[index]?.key ?? t.serverKey}`,
        '--client-cert-auth', `--trusted-ca-file=${t.caCert}`,
        `--peer-cert-file=${t.serverCert}`, `--peer-key-file=${t.serverKey}`,
        '--peer-client-cert-auth', `--peer-trusted-ca-file=${t.caCert}`,
      );
    }
    return [...args, ...(this.options.extraArgs ?? [])];
  }

  private async spawnMember(index: number, state: 'new' | 'existing', impostor = false): Promise<void> {
    const args = this.memberArgs(index, state, impostor);
    const [command, argv] = existsSync(SETPRIV)
      ? [SETPRIV, ['--pdeathsig', 'KILL', '--', ETCD, ...args]]
      : [ETCD, args];
    // Appending keeps the log of earlier runs, so memberLog() shows a member's whole life.
    const log = await open(this.members[index].logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(command, argv, { stdio: ['ignore', log.fd, log.fd] });
    } finally {
      await log.close();
    }
    const proc: MemberProcess = { child, running: true, exited: Promise.resolve() };
    proc.exited = new Promise((resolve) => {
      const done = (): void => {
        proc.running = false;
        liveChildren.delete(child);
        resolve();
      };
      child.once('exit', done);
      child.once('error', done);
    });
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    liveChildren.add(child);
    this.processes[index] = proc;
    this.members[index].pid = child.pid;
  }

  async waitUntilServing(index: number, timeoutMs = START_TIMEOUT_MS): Promise<void> {
    const endpoints = [this.members[index].clientUrl];
    const outcome = await waitFor(async () => {
      if (this.processes[index]?.running !== true) return 'exited';
      // A member given an expired serving certificate is probed without verifying it.
      const skipVerify = this.servingCerts[index] ? ['--insecure-skip-tls-verify'] : [];
      const r = await this.etcdctl(['get', 'etcdtop-probe', '--dial-timeout=1s', '--command-timeout=1s', ...skipVerify], { endpoints });
      return r.code === 0 ? 'serving' : undefined;
    }, timeoutMs, `${this.members[index].name} to serve`).catch((error: unknown) => String(error));
    if (outcome !== 'serving') {
      throw new Error(`etcd member ${this.members[index].name} did not start (${outcome}).\n${this.logTails()}`);
    }
  }

  private async readMemberIds(): Promise<void> {
    const r = await this.etcdctl(['member', 'list', '-w', 'json']);
    if (r.code !== 0) throw new Error(`etcdctl member list failed: ${r.stderr}`);
    const list = parseEtcdJson(r.stdout) as { members: { ID: string; name: string }[] };
    for (const member of this.members) {
      const found = list.members.find((x) => x.name === member.name);
      if (found === undefined) throw new Error(`member list lacks ${member.name}: ${r.stdout}`);
      member.id = decimalIdToHex(found.ID);
    }
  }

  etcdctl(args: string[], opts: EtcdctlOptions = {}): Promise<EtcdctlResult> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      // The developer's own ETCDCTL_* settings must not leak into tests.
      if (!key.startsWith('ETCDCTL_') && value !== undefined) env[key] = value;
    }
    Object.assign(env, { ETCDCTL_API: '3' }, opts.env);
    const flags = [`--endpoints=${(opts.endpoints ?? this.endpoints).join(',')}`];
    const t = this.tls;
    if (t !== undefined) {
      const choice = opts.clientCert ?? 'client';
      const cert = choice === 'client' ? [t.clientCert, t.clientKey] : [t.rogueClientCert, t.rogueClientKey];
      if (env.ETCDCTL_CACERT === undefined) flags.push(`--cacert=${t.caCert}`);
      if (choice !== 'none' && env.ETCDCTL_CERT === undefined) flags.push(`--cert=${cert[0]}`);
      if (choice !== 'none' && env.ETCDCTL_KEY === undefined) flags.push(`--key=${cert[1]}`);
    }
    return runEtcdctl([...flags, ...args], env, opts.input, opts.timeoutMs ?? 30_000);
  }

  async kill(index: number): Promise<void> {
    const proc = this.processes[index];
    if (proc === undefined || !proc.running) return;
    proc.child.kill('SIGKILL');
    await proc.exited;
  }

  freeze(index: number): void {
    const child = this.processes[index]?.child;
    child?.kill('SIGSTOP');
    if (child?.pid !== undefined) waitUntilStopped(child.pid);
  }

  thaw(index: number): void {
    this.processes[index]?.child.kill('SIGCONT');
  }

  async restart(index: number): Promise<void> {
    await this.kill(index);
    await this.spawnMember(index, 'existing');
    await this.waitUntilServing(index);
  }

  async takeOver(index: number): Promise<void> {
    await this.kill(index);
    await rm(`${this.members[index].dataDir}-impostor`, { recursive: true, force: true });
    await this.spawnMember(index, 'new', true);
    await this.waitUntilServing(index);
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  // SIGKILL rather than SIGTERM: the data is thrown away, and a graceful stop of a leader
  // waits for a leadership transfer that peers being killed at the same time cannot take.
  private async stopNow(): Promise<void> {
    await Promise.all(this.processes.map(async (proc) => {
      if (proc === undefined || !proc.running) return;
      proc.child.kill('SIGCONT');
      proc.child.kill('SIGKILL');
      await proc.exited;
    }));
    await rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
    liveDirs.delete(this.dir);
  }

  async leaderIndex(): Promise<number | undefined> {
    const r = await this.etcdctl([
      'endpoint', 'status', '-w', 'json', '--dial-timeout=1s', '--command-timeout=2s',
    ]);
    // etcdctl prints the members that answered and exits 1 if any did not.
    if (!r.stdout.trim().startsWith('[')) return undefined;
    const statuses = parseEtcdJson(r.stdout) as { Status: { leader: string } }[];
    const leaders = new Set(statuses.map((s) => decimalIdToHex(s.Status.leader)));
    if (leaders.size !== 1) return undefined;
    const [leaderId] = leaders;
    const index = this.members.findIndex((m) => m.id === leaderId);
    return index >= 0 ? index : undefined;
  }

  memberLog(index: number): string {
    return readFileSync(this.members[index].logFile, 'utf8');
  }

  logsMention(text: string): boolean {
    return this.members.some((m) => existsSync(m.logFile) && readFileSync(m.logFile, 'utf8').includes(text));
  }

  private logTails(lines = 8): string {
    return this.members.map((m) => {
      const text = existsSync(m.logFile) ? readFileSync(m.logFile, 'utf8') : '';
      const tail = text.trimEnd().split('\n').slice(-lines).map((line) => `  ${line.slice(0, 400)}`);
      return `--- ${m.name} (${m.logFile}):\n${tail.join('\n')}`;
    }).join('\n');
  }

  async fillUntilNoSpace(): Promise<void> {
    const deadline = Date.now() + FILL_TIMEOUT_MS;
    let nextKey = 0;
    let done = false;
    const writer = async (): Promise<void> => {
      while (!done) {
        if (Date.now() > deadline) throw new Error(`no NOSPACE after ${FILL_TIMEOUT_MS} ms of puts`);
        const key = `etcdtop-fill/${nextKey++}`;
        const r = await this.etcdctl(['put', key], { input: FILL_VALUE });
        if (r.code === 0) continue;
        done = true;
        if (!r.stderr.includes('database space exceeded')) throw new Error(`put ${key} failed: ${r.stderr}`);
      }
    };
    // A few writers at once: each put waits for a raft round trip and an fsync.
    const results = await Promise.allSettled([writer(), writer(), writer()]);
    const failure = results.find((x): x is PromiseRejectedResult => x.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }
}

function runEtcdctl(args: string[], env: Record<string, string>, input: string | Buffer | undefined,
  timeoutMs: number): Promise<EtcdctlResult> {
  return new Promise((resolve) => {
    const child = spawn(ETCDCTL, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ stdout, stderr: `${stderr}${error.message}`, code: -1 });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? -1 });
    });
    // etcdctl may exit before reading stdin (e.g. a bad flag); that EPIPE is not our failure.
    child.stdin.once('error', () => undefined);
    child.stdin.end(input);
  });
}
