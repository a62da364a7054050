// `--record` then `replay`, as the README shows them: a recording made on the (fake kubeadm) node in
// the working folder, then played back from it at the recorded pace and ten times as fast.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { forThisMachine } from '../../helpers/fake-kubeadm-node.js';
import { key } from '../../helpers/monitor-screen.js';
import { memberNames, openInTerminal, quitWithQ, showsCluster } from './full-screen.js';
import { onNode, type ReadmeWorld, type Runner } from './world.js';

const RECORDING = 'incident.jsonl';

/** Records a few rounds to incident.jsonl in the working folder, readable by its owner only. */
export const recordsRounds: Runner = async (world, command) => {
  const node = await world.node();
  const session = await openInTerminal(world, forThisMachine(command, node), { cwd: world.work, env: onNode(node) });
  await session.waitForScreen((s) => showsCluster(memberNames(node.cluster))(s) && s.includes('recording every round to'), 30_000);
  // Enough rounds that playing them at ×1 and at ×10 take clearly different times.
  await expect.poll(() => recordedRounds(world).length, { timeout: 15_000, interval: 250 }).toBeGreaterThanOrEqual(5);
  await quitWithQ(session);
  expect(statSync(join(world.work, RECORDING)).mode & 0o777).toBe(0o600);
};

/**
 * Plays the recording to its end, read-only, showing every member, and checks the pace: from the
 * first REPLAY line to "end of recording" takes about the recorded time divided by `speed`.
 */
export function replaysAtSpeed(speed: number): Runner {
  return async (world, command) => {
    const node = await world.node();
    const rounds = recordedRounds(world);
    expect(rounds.length, `run the --record line first: no ${RECORDING} in ${world.work}`).toBeGreaterThanOrEqual(2);
    const recordedMs = rounds.at(-1)!.takenAtMs - rounds[0]!.takenAtMs;
    const session = await openInTerminal(world, command, { cwd: world.work });
    await session.waitForScreen(/^ REPLAY /m, 15_000);
    const started = performance.now();
    const screen = await session.waitForScreen(/end of recording/, recordedMs / speed + 15_000);
    const playedMs = performance.now() - started;
    for (const name of memberNames(node.cluster)) expect(screen).toContain(name);
    expect(screen).toContain('READ-ONLY');
    if (speed === 1) expect(playedMs).toBeGreaterThan(recordedMs * 0.6);
    else expect(playedMs).toBeLessThan(recordedMs * 0.5);
    // A replay changes nothing: the defragment key is not there.
    await key(session, 'd');
    expect(await session.screen()).not.toMatch(/Defragment/);
    await quitWithQ(session);
  };
}

function recordedRounds(world: ReadmeWorld): { takenAtMs: number }[] {
  const path = join(world.work, RECORDING);
  if (!existsSync(path)) return [];
  const [, ...rounds] = readFileSync(path, 'utf8').trim().split('\n');
  return rounds.map((line) => (JSON.parse(line) as { round: { takenAtMs: number } }).round);
}
