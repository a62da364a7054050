import { afterEach, describe, expect, it, vi } from 'vitest';
import { appAtSize, type AppAtSize } from '../helpers/app-at-size.js';
import { fakePort } from '../helpers/maintenance-fakes.js';
import { replay } from '../helpers/monitor-fixtures.js';
import { failure, healthyCluster, withMemberDown } from '../helpers/snapshot-factory.js';
import { fixture } from './frame-cases.js';

let app: AppAtSize | undefined;
afterEach(() => app?.unmount());

const footer = (frame: string) => frame.split('\n').filter((line) => line.trim() !== '').at(-1) ?? '';
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const port = () => fakePort({ refresh: async () => { throw new Error('not called'); } }).port;

describe('the footer notice', () => {
  it.each([
    { keys: ['c', 'n'], notice: 'cancelled: nothing was done' },
    { keys: ['+'], notice: 'poll interval 2s' },
  ])('"$notice" answers the key, then goes and the keys come back', async ({ keys, notice }) => {
    const shown = await appAtSize(fixture('healthy'), 120, 40, { noticeMs: 60_000, maintenance: port() });
    app = shown;
    for (const key of keys) await shown.press(key);
    expect(footer(shown.frame())).toBe(notice);
    shown.unmount();
    app = await appAtSize(fixture('healthy'), 120, 40, { noticeMs: 50, maintenance: port() });
    for (const key of keys) await app.press(key);
    // Before the change it stayed until the next key (half a minute in the issue).
    await vi.waitFor(() => expect(footer(app?.frame() ?? '')).toMatch(/^j\/↓ select .* q\/Ctrl-C quit$/), { timeout: 3000, interval: 20 });
  });

  it('PAUSED stays for as long as the display is paused', async () => {
    app = await appAtSize(fixture('healthy'), 120, 40, { noticeMs: 50 });
    await app.press('p');
    await wait(300);
    expect(footer(app.frame())).toBe('PAUSED: display frozen, polling continues (p to resume)');
  });
});

describe('a maintenance key in read-only mode', () => {
  it.each([
    ['d', 'read-only mode: defragment the selected member is off'],
    ['c', 'read-only mode: compact the keyspace (whole cluster) is off'],
    ['R', 'read-only mode: guided nospace recovery is off'],
  ])('%s says it is off rather than doing nothing', async (key, notice) => {
    app = await appAtSize(fixture('noSpace'), 120, 40, { readOnly: true });
    await app.press(key);
    expect(footer(app.frame())).toBe(notice);
    expect(app.frame()).not.toMatch(/Run it\?|REFUSED/);
  });
});

describe('the file-name editor', () => {
  const draft = (frame: string) => /File: (.*)_ {2}\(Enter/.exec(frame)?.[1];

  it('Ctrl-U deletes the line and Ctrl-W the word before the cursor, as shells do', async () => {
    app = await appAtSize(fixture('healthy'), 120, 40, { maintenance: port() });
    await app.press('s');
    await app.press('e');
    expect(draft(app.frame())).toMatch(/^\/backups\/etcd-snapshot-\d+\.db$/);
    await app.press('\x15');
    expect(draft(app.frame())).toBe('');
    for (const key of ['a', ' ', 'b', 'c']) await app.press(key);
    expect(draft(app.frame())).toBe('a bc');
    await app.press('\x17');
    expect(draft(app.frame())).toBe('a ');
    await app.press('\x17');
    expect(draft(app.frame())).toBe('');
  });
});

describe('a refused dialog', () => {
  it('does not offer "y yes, run it", and y says why it is refused', async () => {
    app = await appAtSize(fixture('healthy'), 120, 40, { maintenance: port() });
    await app.press('R');
    expect(app.frame()).toContain('REFUSED: no alarm is active');
    expect(footer(app.frame())).toMatch(/n\/Esc cancel/);
    expect(footer(app.frame())).not.toContain('y yes');
    await app.press('y');
    expect(footer(app.frame())).toBe('Yes, run it: refused: no alarm is active: there is nothing to recover from');
  });

  it('a dialog that may run offers y', async () => {
    app = await appAtSize(fixture('healthy'), 120, 40, { maintenance: port() });
    await app.press('c');
    expect(footer(app.frame())).toMatch(/^y yes, run it {2}n\/Esc cancel/);
  });
});

describe('i: the full reason a member is not UP', () => {
  it('says what the table shortens, with the hint', async () => {
    const why = failure('unreachable', 'unreachable: connect ECONNREFUSED 127.0.0.1:22379', 'check that etcd runs there');
    app = await appAtSize(replay(3, () => withMemberDown(healthyCluster(), 1, why)), 120, 40);
    expect(app.frame()).toContain('DOWN unreachable');
    await app.press('j');
    await app.press('i');
    expect(footer(app.frame())).toBe('etcd-2: unreachable: connect ECONNREFUSED 127.0.0.1:22379 · check that etcd runs there');
  });

  it('for a member that is up, says so', async () => {
    app = await appAtSize(fixture('healthy'), 120, 40);
    await app.press('i');
    expect(footer(app.frame())).toBe('etcd-1 is UP');
  });
});
