// The single executable restarts a screen's command line with a 1 MiB young generation
// (src/cli/screen-heap.ts). Which command lines restart, and that the operator's NODE_OPTIONS is
// what the restarted process hands on. test/e2e/executable.test.ts checks the restart itself.
import { describe, expect, it } from 'vitest';
import { RESTARTED_FROM, SCREEN_HEAP_OPTION, opensAScreen, restartEnvironment, restoreEnvironment } from '../../src/cli/screen-heap.js';

describe('which command lines open a screen', () => {
  it.each([
    [[]],
    [['--endpoints', 'https://10.0.0.1:2379', '--cacert', 'ca.crt']],
    [['--read-only']],
    [['lab', '--quota', '16MiB']],
    [['replay', 'incident.jsonl']],
    [['fleet', '--prometheus', 'http://prometheus:9090']],
  ])('%j: a screen', (argv) => {
    expect(opensAScreen(argv)).toBe(true);
  });

  it.each([
    [['status']],
    [['check', '--prometheus', 'http://prometheus:9090']],
    [['defrag', '--dry-run']],
    [['snapshot', 'backup.db']],
    [['completion']],
    [['--help']],
    [['lab', '-h']],
    [['--version']],
    [['--endpoints', 'http://127.0.0.1:2379', 'status', '-o', 'json']],
  ])('%j: no screen', (argv) => {
    expect(opensAScreen(argv)).toBe(false);
  });
});

describe('NODE_OPTIONS across the restart', () => {
  it('adds the young generation\'s size to what the operator set, and gives theirs back after', () => {
    const restarted = restartEnvironment({ NODE_OPTIONS: '--max-old-space-size=512', HOME: '/root' });
    expect(restarted).toEqual({ NODE_OPTIONS: `--max-old-space-size=512 ${SCREEN_HEAP_OPTION}`, HOME: '/root', [RESTARTED_FROM]: '--max-old-space-size=512' });
    expect(restoreEnvironment(restarted)).toBe(true);
    expect(restarted).toEqual({ NODE_OPTIONS: '--max-old-space-size=512', HOME: '/root' });
  });

  it('leaves NODE_OPTIONS unset after, when the operator had not set it', () => {
    const restarted = restartEnvironment({ HOME: '/root' });
    expect(restarted.NODE_OPTIONS).toBe(SCREEN_HEAP_OPTION);
    expect(restoreEnvironment(restarted)).toBe(true);
    expect(restarted).toEqual({ HOME: '/root' });
  });

  it('an empty NODE_OPTIONS stays empty', () => {
    const restarted = restartEnvironment({ NODE_OPTIONS: '' });
    expect(restarted.NODE_OPTIONS).toBe(SCREEN_HEAP_OPTION);
    expect(restoreEnvironment(restarted)).toBe(true);
    expect(restarted).toEqual({ NODE_OPTIONS: '' });
  });

  it('a process that was not restarted is left alone, and so restarts at most once', () => {
    const env = { NODE_OPTIONS: '--max-old-space-size=512' };
    expect(restoreEnvironment(env)).toBe(false);
    expect(env).toEqual({ NODE_OPTIONS: '--max-old-space-size=512' });
  });
});
