// The lab's lesson end to end: a 16 MiB quota and the default load reach NOSPACE within a
// minute, and the guided recovery (R, y) clears the alarm while the load waits for it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labEtcdArgs } from '../helpers/etcd-binaries.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';
import { labDirs, makeLabRoot, processesUnder, removeLabRoot } from '../lab/lab-processes.js';

describe('etcdtop lab --quota 16MiB --load', () => {
  let root: string;
  let tmux: TmuxSession | undefined;
  beforeEach(() => {
    root = makeLabRoot();
  });
  afterEach(async () => {
    await tmux?.kill();
    tmux = undefined;
    removeLabRoot(root);
  });

  it('fills the DB to NOSPACE, and R then y recover it', async () => {
    const log = join(root, 'etcdtop.log');
    tmux = await startMonitor({ args: ['lab', '--quota', '16MiB', '--load', ...labEtcdArgs(), '--log', log], env: { TMPDIR: root } });
    // The alarms pane's own line, not the footer's "R NOSPACE recovery".
    await tmux.waitForScreen(/NOSPACE on etcd-\d/, 60_000);
    // The alarm can reach the screen (the monitor's poll) before the load's write in flight comes
    // back refused and is logged: seen once on a busy machine.
    await expect.poll(() => readFileSync(log, 'utf8'), { timeout: 10_000 }).toMatch(/lab: load: NOSPACE, writes paused/);
    await tmux.press('R');
    await tmux.waitForScreen(/Run the plan\?/, 10_000);
    await tmux.press('y');
    await tmux.waitForScreen(/recovery complete/, 40_000);
    await tmux.press('Escape');
    await tmux.waitForScreen(/No active alarms/, 10_000);
    const [dir] = labDirs(root);
    await tmux.press('q');
    await expect.poll(() => tmux!.alive(), { timeout: 10_000 }).toBe(false);
    expect(processesUnder(root)).toEqual([]);
    expect(existsSync(dir!)).toBe(false);
  }, 100_000);
});
