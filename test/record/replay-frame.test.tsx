// Frames from a real recording (test/fixtures/recordings/member-killed.jsonl, written by
// scripts/record-fixture.mjs from a 3-member etcd with etcd-2 killed after three rounds): the
// reducer folds the recorded rounds, and the screen shows what the live monitor showed.
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import { initialMonitorState, reduceMonitor, type MonitorState } from '../../src/core/monitor-state.js';
import { createStore } from '../../src/core/store.js';
import { RecordingCursor, scanRecording } from '../../src/record/recording-reader.js';
import { createReplaySource } from '../../src/record/replay-source.js';
import { App } from '../../src/ui/App.js';
import { Dashboard } from '../../src/ui/Dashboard.js';
import { renderAtSize } from '../helpers/render-at-size.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/recordings/member-killed.jsonl', import.meta.url));

function recordedRounds(): ClusterSnapshot[] {
  const cursor = new RecordingCursor(FIXTURE);
  const rounds: ClusterSnapshot[] = [];
  for (let item = cursor.next(); item; item = cursor.next()) if (item.kind === 'round') rounds.push(item.snapshot);
  cursor.close();
  return rounds;
}

/** The fixture replayed through the monitor's App at `speed`, started. */
function replayInApp(speed: number) {
  const scan = scanRecording(FIXTURE);
  if (!scan.ok) throw new Error(scan.problem.message);
  const source = createReplaySource({ summary: scan.summary, speed, color: false });
  const store = createStore(initialMonitorState({ historyCapacity: 3600 }), reduceMonitor);
  const player = source.attach(store);
  const instance = render(source.frame(<App store={store} poller={player} readOnly color={false} now={source.now} />));
  mounted.push(instance);
  player.start();
  const frame = () => stripVTControlCharacters(instance.lastFrame() ?? '');
  return { instance, player, frame };
}

function folded(rounds: ClusterSnapshot[]): MonitorState {
  return rounds.reduce((state, snapshot) => reduceMonitor(state, { type: 'round', snapshot }), initialMonitorState({ historyCapacity: 3600 }));
}

const mounted: { unmount: () => void }[] = [];
afterEach(() => {
  for (const instance of mounted.splice(0)) instance.unmount();
});

describe('a recorded incident: etcd-2 killed', () => {
  const rounds = recordedRounds();
  const last = rounds.at(-1)!;

  it('holds a healthy start and a member down at the end', () => {
    expect(rounds.length).toBeGreaterThanOrEqual(5);
    expect(rounds[0]!.members.every((m) => m.status?.ok)).toBe(true);
    expect(last.members.filter((m) => m.status?.ok === false).map((m) => m.member.name)).toEqual(['etcd-2']);
  });

  it.each([[80, 22], [120, 40]])('at %ix%i the dashboard shows every member and etcd-2 DOWN, with the event', (columns, rows) => {
    const state = folded(rounds);
    const frame = renderAtSize(
      <Dashboard state={state} nowMs={last.takenAtMs + last.durationMs} intervalMs={1000} selectedMemberId={undefined}
        paused={false} readOnly columns={columns} rows={rows} />,
      columns, rows + 2,
    );
    for (const name of ['etcd-0', 'etcd-1', 'etcd-2', 'LEADER']) expect(frame).toContain(name);
    expect(frame).toMatch(/etcd-2.*DOWN/);
    expect(frame).toContain('WARNING');
    if (rows >= 40) expect(frame).toMatch(/etcd-2 \([0-9a-f]+\) DOWN/);
  });

  it('replays through the monitor App: REPLAY and READ-ONLY on screen, DOWN, then "end of recording"', async () => {
    const { player, frame } = replayInApp(1000);
    await vi.waitFor(() => expect(frame()).toContain('end of recording'), { timeout: 5000 });
    expect(frame()).toMatch(/^ REPLAY {2}end of recording {2}round (\d+)\/\1 /);
    expect(frame()).toContain('READ-ONLY');
    expect(frame()).toMatch(/etcd-2.*DOWN/);
    // The recording's clock, not today's: the banner is not STALE, answering members are UP.
    expect(frame().split('\n')[1]).not.toContain('STALE');
    expect(frame()).toMatch(/etcd-0 +(LEADER|follower) +UP/);
    expect(frame()).toContain('polling every 1s');
    player.stop();
  });

  // The issue: "-" (faster) changed "polling every" to 250ms although the recording was made at 1s.
  it('+ and - change the replay speed, not the interval the recording was made at', async () => {
    const { instance, player, frame } = replayInApp(1);
    await vi.waitFor(() => expect(frame()).toContain('polling every 1s'));
    instance.stdin.write('-');
    await vi.waitFor(() => expect(frame()).toMatch(/^ REPLAY ×2 /));
    instance.stdin.write('-');
    await vi.waitFor(() => expect(frame()).toMatch(/^ REPLAY ×4 /));
    expect(frame()).toContain('polling every 1s');
    expect(frame()).not.toMatch(/polling every 250ms|poll interval/);
    // ] seeks a minute on: past the end of this short recording.
    instance.stdin.write(']');
    await vi.waitFor(() => expect(frame()).toContain('end of recording'));
    // g: go to a time, typed into the footer; a bad one is said, a good one goes back there.
    const first = new Date(recordedRounds()[0]!.takenAtMs).toISOString().slice(11, 19);
    const type = async (key: string, shows: string) => {
      instance.stdin.write(key);
      await vi.waitFor(() => expect(frame()).toContain(shows));
    };
    await type('g', 'go to (UTC, HH:MM or HH:MM:SS): _');
    await type('x', 'HH:MM:SS): x_');
    await type('\r', 'not a time: "x"');
    await type('\x15', 'HH:MM:SS): _');
    for (let i = 1; i <= first.length; i++) await type(first[i - 1]!, `HH:MM:SS): ${first.slice(0, i)}_`);
    instance.stdin.write('\r');
    await vi.waitFor(() => expect(frame()).toMatch(new RegExp(`round 1/\\d+ +\\S+ ${first} UTC`)));
    instance.stdin.write('?');
    await vi.waitFor(() => expect(frame()).toContain('Replay: one minute back'));
    expect(frame()).toContain('Replay: go to a time (UTC)');
    player.stop();
  });
});
