// Starts and stops the lab's etcd members. Everything lives in one temporary folder (data, logs,
// the pid files that let a later lab clean up after a SIGKILLed one); members write only to
// their log files and read nothing, so the monitor's screen and keyboard stay untouched.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, closeSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigProblem } from '../config/connection-config.js';
import { isExecutableFile } from './etcd-binary.js';
import { freePorts } from './free-ports.js';
import { memberHealthy, readLog, whyMemberStopped } from './member-health.js';
import { PORTS_PER_MEMBER, memberArgs, planMembers, spawnCommand, type ClusterPlan, type LabMember } from './member-plan.js';

export const LAB_DIR_PREFIX = 'etcdtop-lab-';
export const OWNER_PID_FILE = 'etcdtop.pid';
export const MEMBER_PIDS_FILE = 'members.pid';
const SETPRIV = '/usr/bin/setpriv';
const PORT_CLASH_ATTEMPTS = 3;

export interface LabClusterOptions {
  etcdBin: string;
  members: number;
  quotaBytes?: number;
  /** Where the lab's folder is made; default os.tmpdir(). */
  tmpRoot?: string;
  startTimeoutMs?: number;
  /** How long members get to stop on SIGTERM before SIGKILL. */
  stopGraceMs?: number;
  /** Called as soon as a cluster exists, before any member runs, so a signal can clean it up. */
  onCreated?: (cluster: LabCluster) => void;
}

export type StartResult = { ok: true; cluster: LabCluster } | { ok: false; problem: ConfigProblem };

interface MemberProcess {
  child: ChildProcess;
  running: boolean;
  exited: Promise<void>;
}

export class LabCluster {
  private readonly processes: MemberProcess[] = [];
  private stopping: Promise<void> | undefined;

  private constructor(readonly dir: string, readonly plan: ClusterPlan, private readonly options: LabClusterOptions) {}

  get members(): LabMember[] {
    return this.plan.members;
  }

  static async create(options: LabClusterOptions): Promise<LabCluster> {
    const dir = await mkdtemp(join(options.tmpRoot ?? tmpdir(), LAB_DIR_PREFIX));
    writeFileSync(join(dir, OWNER_PID_FILE), `${process.pid}\n`);
    try {
      const members = planMembers(options.members, await freePorts(options.members * PORTS_PER_MEMBER), dir);
      const plan: ClusterPlan = { members, token: `etcdtop-lab-${randomUUID()}`, ...(options.quotaBytes !== undefined ? { quotaBytes: options.quotaBytes } : {}) };
      return new LabCluster(dir, plan, options);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Starts every member and waits until each one reports healthy (which needs a leader). */
  async boot(): Promise<{ ok: true } | { ok: false; reason: string; portClash: boolean }> {
    const setpriv = isExecutableFile(SETPRIV) ? SETPRIV : undefined;
    for (const member of this.members) this.spawnMember(member, setpriv);
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 30_000);
    for (;;) {
      const stopped = this.members.findIndex((_, i) => this.processes[i]?.running !== true);
      if (stopped >= 0) {
        const log = readLog(this.members[stopped]!.logFile);
        return { ok: false, reason: `${this.members[stopped]!.name} stopped: ${whyMemberStopped(log)}`, portClash: log.includes('address already in use') };
      }
      const healthy = await Promise.all(this.members.map((m) => memberHealthy(m.metricsUrl)));
      if (healthy.every(Boolean)) return { ok: true };
      if (Date.now() > deadline) {
        const waiting = this.members.filter((_, i) => !healthy[i]).map((m) => m.name).join(', ');
        return { ok: false, reason: `${waiting} not healthy after ${Math.round((this.options.startTimeoutMs ?? 30_000) / 1000)} s`, portClash: false };
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  private spawnMember(member: LabMember, setpriv: string | undefined): void {
    const [command, argv] = spawnCommand(this.options.etcdBin, memberArgs(member, this.plan), setpriv);
    const log = openSync(member.logFile, 'a');
    let child: ChildProcess;
    try {
      // detached: its own process group, so the terminal's Ctrl-C or hang-up reaches etcdtop,
      // which stops the members in order, rather than every member at once behind its back.
      child = spawn(command, argv, { stdio: ['ignore', log, log], detached: true });
    } finally {
      closeSync(log);
    }
    const proc: MemberProcess = { child, running: true, exited: Promise.resolve() };
    proc.exited = new Promise((resolve) => {
      const done = () => {
        proc.running = false;
        resolve();
      };
      child.once('exit', done);
      child.once('error', (error) => {
        appendFileSync(member.logFile, `could not start ${command}: ${error.message}\n`);
        done();
      });
    });
    this.processes.push(proc);
    if (child.pid !== undefined) appendFileSync(join(this.dir, MEMBER_PIDS_FILE), `${child.pid}\n`);
  }

  /** SIGTERM, SIGKILL after the grace period, then the folder goes. Safe to call repeatedly. */
  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    const running = this.processes.filter((proc) => proc.running);
    for (const proc of running) proc.child.kill('SIGTERM');
    const allExited = Promise.all(running.map((proc) => proc.exited));
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.stopGraceMs ?? 1_000)));
    await Promise.race([allExited, graceOver]);
    clearTimeout(timer);
    for (const proc of running) if (proc.running) proc.child.kill('SIGKILL');
    await allExited;
    await rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }

  /** For process 'exit', where nothing asynchronous runs: SIGKILL and delete, synchronously. */
  killNow(): void {
    for (const proc of this.processes) if (proc.running) proc.child.kill('SIGKILL');
    try {
      rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // The next lab's start-up sweep removes what is left.
    }
  }
}

/** Creates and boots a cluster, retrying with fresh ports when another process took one. */
export async function startLabCluster(options: LabClusterOptions): Promise<StartResult> {
  for (let attempt = 1; ; attempt += 1) {
    const cluster = await LabCluster.create(options).catch((error: unknown) => error as Error);
    if (cluster instanceof Error) {
      return { ok: false, problem: { message: `cannot prepare the lab in ${options.tmpRoot ?? tmpdir()}: ${cluster.message}`, hint: 'set TMPDIR to a writable folder with some free space' } };
    }
    options.onCreated?.(cluster);
    const booted = await cluster.boot();
    if (booted.ok) return { ok: true, cluster };
    await cluster.stop();
    if (!booted.portClash || attempt >= PORT_CLASH_ATTEMPTS) {
      return { ok: false, problem: { message: `the lab cluster did not start: ${booted.reason}`, hint: 'try again, or run the etcd binary by hand (or pass --etcd-bin) to see what it needs' } };
    }
  }
}
