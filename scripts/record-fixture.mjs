#!/usr/bin/env node
// Records test/fixtures/recordings/member-killed.jsonl from a real cluster: a 3-member etcd on
// 127.0.0.1, a few rounds healthy, then one member killed (SIGKILL) and a few rounds more. It
// uses the built modules (run `npm run build` first) exactly as `etcdtop --record` does.
//   node scripts/record-fixture.mjs [OUT]     (needs /usr/bin/etcd, e.g. Debian's etcd-server)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = process.argv[2] ?? join(root, 'test/fixtures/recordings/member-killed.jsonl');
const ETCD = process.env.ETCD_BIN ?? '/usr/bin/etcd';
const INTERVAL_MS = 1000;
const ROUNDS_BEFORE = 3;
const ROUNDS_AFTER = 4;

const { resolveConfig, openConnection } = await import(join(root, 'dist/commands/connect.js'));
const { openRecorder } = await import(join(root, 'dist/record/recording-writer.js'));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startMembers(dir) {
  const members = [];
  for (let i = 0; i < 3; i += 1) {
    members.push({ name: `etcd-${i}`, client: `http://127.0.0.1:${await freePort()}`, peer: `http://127.0.0.1:${await freePort()}` });
  }
  const initial = members.map((m) => `${m.name}=${m.peer}`).join(',');
  return members.map((m) => spawn(ETCD, [
    `--name=${m.name}`, `--data-dir=${join(dir, m.name)}`,
    `--listen-client-urls=${m.client}`, `--advertise-client-urls=${m.client}`,
    `--listen-peer-urls=${m.peer}`, `--initial-advertise-peer-urls=${m.peer}`,
    `--initial-cluster=${initial}`, '--initial-cluster-token=etcdtop-fixture', '--initial-cluster-state=new',
    '--heartbeat-interval=100', '--election-timeout=1000', '--log-level=error',
  ], { stdio: 'ignore' })).map((child, i) => ({ ...members[i], child }));
}

const dir = mkdtempSync(join(tmpdir(), 'etcdtop-fixture-'));
const members = await startMembers(dir);
try {
  process.env.ETCDTOP_DETECT_ROOT = '/nonexistent-etcdtop-root';
  const resolved = await resolveConfig({ endpoints: members.map((m) => m.client).join(',') });
  if (!resolved.ok) throw new Error(resolved.problem.message);
  const connection = await openConnection(resolved.config);
  for (let up = 0; up < 3; await sleep(500)) {
    const snapshot = await connection.collect();
    up = snapshot.members.filter((m) => m.status?.ok && m.health?.ok && m.health.value.healthy).length;
  }
  rmSync(out, { force: true });
  const opened = openRecorder(out, { intervalMs: INTERVAL_MS, endpoints: resolved.config.endpoints });
  if (!opened.ok) throw new Error(opened.problem.message);
  for (let round = 0; round < ROUNDS_BEFORE + ROUNDS_AFTER; round += 1) {
    if (round === ROUNDS_BEFORE) members[2].child.kill('SIGKILL');
    const started = Date.now();
    opened.recorder.record(await connection.collect());
    await sleep(INTERVAL_MS - (Date.now() - started));
  }
  opened.recorder.close();
  connection.gateway.close();
  process.stdout.write(`wrote ${out}\n`);
} catch (error) {
  try {
    unlinkSync(out);
  } catch {
    // nothing written yet
  }
  throw error;
} finally {
  for (const m of members) m.child.kill('SIGKILL');
  await sleep(200);
  rmSync(dir, { recursive: true, force: true });
}
