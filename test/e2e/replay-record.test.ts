// Record a real incident with `etcdtop --record`, quit, and replay it: the same members, the
// member that was killed DOWN with its event, REPLAY and READ-ONLY on screen, and no key that
// changes anything.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { RELAXED_LATENCY } from '../helpers/run-cli.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

describe('record, then replay', () => {
  let cluster: TestCluster;
  let dir: string;
  const sessions: TmuxSession[] = [];
  beforeAll(async () => {
    cluster = await startCluster();
    dir = mkdtempSync(join(tmpdir(), 'etcdtop-replay-'));
  });
  afterAll(async () => {
    for (const session of sessions) await session.kill();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays the recorded members and the recorded DOWN event, and ends on the last state', async () => {
    const file = join(dir, 'incident.jsonl');
    const victim = cluster.members[2]!;
    const live = await startMonitor({ args: ['--endpoints', cluster.endpoints[0]!, '--interval', '500ms', '--record', file, ...RELAXED_LATENCY] });
    sessions.push(live);
    await live.waitForScreen((s) => cluster.members.every((m) => s.includes(m.name)) && s.includes('LEADER'));
    await live.waitForScreen(/recording every round to/);
    await cluster.kill(2);
    await live.waitForScreen(new RegExp(`${victim.name} \\(${victim.id}\\) DOWN`), 15_000);
    await live.press('q');
    await expect.poll(() => live.alive(), { timeout: 5000 }).toBe(false);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('{"etcdtopRecording":2,')).toBe(true);
    expect(text.trim().split('\n').length).toBeGreaterThanOrEqual(3); // the header, a round before the kill, one after

    const replay = await startMonitor({ args: ['replay', file, '--speed', '5'] });
    sessions.push(replay);
    // A frame is painted in several writes: the header can read "end of recording" in a capture
    // taken before the events pane below it is painted (seen once in CI).
    const downEvent = new RegExp(`${victim.name} \\(${victim.id}\\) DOWN`);
    const screen = await replay.waitForScreen((s) => /end of recording/.test(s) && downEvent.test(s), 20_000);
    expect(screen).toMatch(/^ REPLAY {2}end of recording {2}round (\d+)\/\1 /m);
    for (const member of cluster.members) expect(screen).toContain(member.name);
    expect(screen).toMatch(new RegExp(`${victim.name}\\s.*DOWN`));
    expect(screen).toMatch(downEvent);
    expect(screen).toContain('READ-ONLY');
    await replay.press('d');
    expect(await replay.screen()).not.toMatch(/Defragment/);
    expect(await replay.alive()).toBe(true);
    await replay.press('q');
    await expect.poll(() => replay.alive(), { timeout: 5000 }).toBe(false);
  });

  it('a damaged recording is one line with its number, before any screen', async () => {
    const { writeFileSync } = await import('node:fs');
    const { runCli } = await import('../helpers/run-cli.js');
    const file = join(dir, 'damaged.jsonl');
    writeFileSync(file, '{"etcdtopRecording":1,"startedAt":"x","intervalMs":1000,"endpoints":[]}\n{"round": nope}\n');
    const result = await runCli(['replay', file]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(new RegExp(`^etcdtop: recording ${file} line 2: not valid JSON \\(.*\\)\\n  hint: .*\\n$`));
  });
});
