// The monitor as a person drives it, one key at a time, looking at the screen after each key:
// selection, pause, poll interval, help, quitting; and how it lays itself out at 80x24, on a
// resize, and below the smallest size it supports. One cluster for the file, left untouched.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeKeymap, keyLabel } from '../../src/ui/keymap.js';
import { startCluster, waitFor, type TestCluster } from '../helpers/etcd-cluster.js';
import { memberLines, numberUnder } from '../helpers/monitor-screen.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

const run = promisify(execFile);
const FIRST_DATA_MS = 30_000;
/** How long a person would wait for a key or a resize to show before calling it broken. */
const REACTS_WITHIN_MS = 5_000;

/** Every pane below the banner is whole: each row starts and ends on a border at the last column. */
function panesIntact(screen: string, columns: number): boolean {
  const lines = screen.split('\n');
  const last = lines.findLastIndex((line) => line.startsWith('╰'));
  const body = lines.slice(lines.findIndex((line) => line.startsWith('╭')), last + 1);
  return body.length >= 10 && body.every((line) => line.length === columns && '╭│╰'.includes(line[0]!) && '╮│╯'.includes(line.at(-1)!));
}

/** The banner's "cluster … · polling every …" line (the second of a narrow banner, the fourth of a wide one). */
const bannerMeta = (screen: string) => screen.split('\n').find((line) => line.startsWith(' cluster ')) ?? '';
/** Every banner line: what is above the first pane. */
const bannerText = (screen: string) => screen.split('\n').slice(0, Math.max(0, screen.split('\n').findIndex((line) => line.startsWith('╭')))).join('\n');

describe('monitor keys and layout', () => {
  let cluster: TestCluster;
  let leaderName: string;
  const sessions: TmuxSession[] = [];

  const open = async (columns: number, rows: number): Promise<TmuxSession> => {
    const tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints[0]!], columns, rows });
    sessions.push(tmux);
    await tmux.waitForScreen((s) => memberLines(s).length === cluster.members.length && /\bLEADER\b/.test(s), FIRST_DATA_MS);
    return tmux;
  };
  const resize = (tmux: TmuxSession, columns: number, rows: number) =>
    run('tmux', ['-L', tmux.name, 'resize-window', '-t', 'm', '-x', String(columns), '-y', String(rows)]);

  beforeAll(async () => {
    cluster = await startCluster();
    const index = await waitFor(async () => {
      const found = await cluster.leaderIndex();
      return found === undefined ? undefined : { found };
    }, 20_000, 'a leader');
    leaderName = cluster.members[index.found]!.name;
  });

  afterEach(async () => {
    for (const tmux of sessions.splice(0)) await tmux.kill();
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('at 80x24 still shows the banner, every member with the leader, and the alarms', async () => {
    const tmux = await open(80, 24);
    const screen = await tmux.waitForScreen((s) => s.includes('No active alarms'));
    const lines = screen.split('\n');
    expect(lines[0]).toMatch(/^ (OK|WARNING|CRITICAL) /);
    expect(bannerMeta(screen)).toMatch(new RegExp(`^ cluster [0-9a-f]+ · leader ${leaderName} · 3/3 answering · polling every 1s`));
    const rows = memberLines(screen);
    expect(rows.map((row) => row.name).sort()).toEqual(cluster.members.map((m) => m.name).sort());
    expect(rows.filter((row) => /\bLEADER\b/.test(row.line)).map((row) => row.name)).toEqual([leaderName]);
    expect(screen).toMatch(/╭─ Alarms /);
    expect(panesIntact(screen, 80)).toBe(true);
    expect(lines.every((line) => line.length <= 80)).toBe(true);
  });

  describe('one monitor at 120x40, keys pressed one at a time', () => {
    let tmux: TmuxSession;
    beforeAll(async () => {
      tmux = await open(120, 40);
      // Not registered for afterEach: these tests share it; the last one quits it.
      sessions.splice(sessions.indexOf(tmux), 1);
    });
    afterAll(async () => {
      await tmux?.kill();
    });

    const selected = (screen: string) => memberLines(screen).findIndex((row) => row.selected);

    it('j/↓ and k/↑ move the › marker to the next and previous row, wrapping around', async () => {
      const count = cluster.members.length;
      let at = selected(await tmux.waitForScreen((s) => selected(s) >= 0));
      for (const [key, step] of [['j', 1], ['Down', 1], ['j', 1], ['k', -1], ['Up', -1], ['Up', -1]] as const) {
        const expected = (at + step + count) % count;
        await tmux.press(key);
        const screen = await tmux.waitForScreen((s) => selected(s) === expected, REACTS_WITHIN_MS);
        expect(memberLines(screen).filter((row) => row.selected), `after ${key}`).toHaveLength(1);
        at = expected;
      }
      // An arrow held down: its repeats reach the monitor together, in one read, and each must
      // still move one row (tmux sends the keys of one send-keys in one write).
      await run('tmux', ['-L', tmux.name, 'send-keys', '-t', 'm', 'Down', 'Down']);
      const expected = (at + 2) % count;
      await tmux.waitForScreen((s) => selected(s) === expected, REACTS_WITHIN_MS);
    });

    it('+ and - change the poll interval shown in the banner', async () => {
      await tmux.waitForScreen((s) => bannerMeta(s).endsWith('polling every 1s'));
      for (const [key, shown] of [['+', '2s'], ['+', '5s'], ['-', '2s'], ['-', '1s'], ['-', '500ms'], ['-', '250ms'], ['-', '250ms']] as const) {
        await tmux.press(key);
        const screen = await tmux.waitForScreen((s) => bannerMeta(s).endsWith(`polling every ${shown}`) && s.includes(`poll interval ${shown}`), REACTS_WITHIN_MS);
        expect(bannerMeta(screen), `after ${key}`).toMatch(new RegExp(`polling every ${shown}$`));
      }
      // "+" tapped twice in quick succession (one read, as tmux sends one send-keys): two steps.
      await run('tmux', ['-L', tmux.name, 'send-keys', '-t', 'm', '+', '+']);
      await tmux.waitForScreen((s) => bannerMeta(s).endsWith('polling every 1s'), REACTS_WITHIN_MS);
    });

    it('p freezes the screen while etcd moves on, and p again shows where it got to', async () => {
      // At 250 ms, a second and a half of frozen screen spans six poll rounds.
      for (let i = 0; i < 4 && !bannerMeta(await tmux.screen()).endsWith('polling every 250ms'); i++) {
        const before = bannerMeta(await tmux.screen());
        await tmux.press('-');
        await tmux.waitForScreen((s) => bannerMeta(s) !== before, REACTS_WITHIN_MS);
      }
      expect(bannerMeta(await tmux.screen())).toMatch(/polling every 250ms$/);
      await tmux.press('p');
      const frozen = await tmux.waitForScreen((s) => /\bPAUSED\b/.test(bannerText(s)) && s.includes('PAUSED: display frozen'), REACTS_WITHIN_MS);
      const shownIndex = numberUnder(frozen, leaderName, 'RAFT IDX');
      expect(shownIndex).toBeDefined();

      const writes = 10;
      for (let i = 0; i < writes; i++) {
        const put = await cluster.etcdctl(['put', `monitor-e2e/pause/${i}`, 'v']);
        expect(put.code, put.stderr).toBe(0);
      }
      const watchUntil = Date.now() + 1_500;
      while (Date.now() < watchUntil) {
        expect(await tmux.screen(), 'nothing on a paused screen changes').toBe(frozen);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      await tmux.press('p');
      // The whole frame, banner to footer: tmux may have drawn only the top of a big repaint.
      await tmux.waitForScreen((s) => !/\bPAUSED\b/.test(bannerText(s)) && !s.includes('PAUSED: display frozen')
        && (numberUnder(s, leaderName, 'RAFT IDX') ?? 0) >= shownIndex! + writes, REACTS_WITHIN_MS);
    });

    it('? lists every key with what it does, Esc closes it', async () => {
      await tmux.press('?');
      const help = await tmux.waitForScreen(/etcdtop keys/, REACTS_WITHIN_MS);
      expect(memberLines(help)).toHaveLength(0);
      // The live monitor's table: the replay's keys exist only in `etcdtop replay`.
      for (const binding of activeKeymap(false).filter((b) => b.modes.includes('normal'))) {
        expect(help, binding.id).toContain(`${keyLabel(binding).padEnd(10)} ${binding.label}`);
      }
      await tmux.press('Escape');
      const back = await tmux.waitForScreen((s) => !s.includes('etcdtop keys') && memberLines(s).length === cluster.members.length, REACTS_WITHIN_MS);
      expect(back).toMatch(/\bLEADER\b/);
    });

    it('q quits: the process in the pane ends', async () => {
      expect(await tmux.alive()).toBe(true);
      await tmux.press('q');
      await expect.poll(() => tmux.alive(), { timeout: REACTS_WITHIN_MS }).toBe(false);
    });
  });

  it('Ctrl-C quits too', async () => {
    const tmux = await open(100, 30);
    await tmux.press('C-c');
    await expect.poll(() => tmux.alive(), { timeout: REACTS_WITHIN_MS }).toBe(false);
  });

  it('re-lays out at once on a resize, and below 80x24 says which size it needs', async () => {
    const tmux = await open(120, 40);
    await tmux.waitForScreen((s) => s.includes('─ Latency') && panesIntact(s, 120));

    let resizedAt = Date.now();
    await resize(tmux, 80, 24);
    // Narrow: one column of panes, no room for the latency pane; every pane whole, and nothing
    // left over from the wider frame (the banner's second line included).
    const narrow = await tmux.waitForScreen((s) => !s.includes('─ Latency') && panesIntact(s, 80), REACTS_WITHIN_MS);
    expect(Date.now() - resizedAt).toBeLessThan(3_000);
    expect(bannerMeta(narrow)).toMatch(new RegExp(`^ cluster [0-9a-f]+ · leader ${leaderName} · `));
    expect(memberLines(narrow).map((row) => row.name).sort()).toEqual(cluster.members.map((m) => m.name).sort());
    expect(narrow).toMatch(/╭─ Alarms /);

    resizedAt = Date.now();
    await resize(tmux, 60, 20);
    await tmux.waitForScreen(/terminal too small: need 80x24, have 60x20/, REACTS_WITHIN_MS);
    expect(Date.now() - resizedAt).toBeLessThan(3_000);

    await resize(tmux, 120, 40);
    // 120x40 is the richer layout: every pane, the DB chart included.
    const wide = await tmux.waitForScreen((s) => ['─ Latency', '─ DB', '─ Raft', '─ Events', '─ Leader'].every((title) => s.includes(title))
      && panesIntact(s, 120) && memberLines(s).length === cluster.members.length, REACTS_WITHIN_MS);
    expect(wide).not.toContain('terminal too small');
    expect(await tmux.alive()).toBe(true);
  });
});
