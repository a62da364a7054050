// Flags that used to be accepted and silently change the verdict (a threshold of "abc" switched
// CRITICAL off), and typos that got no suggestion: each is one line, a hint and exit 3, before
// any connection is tried (the endpoint here listens nowhere).
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const NOWHERE = ['--endpoints', 'http://127.0.0.1:1'];

describe('bad flags are refused before connecting', () => {
  it.each([
    [['check', '--db-critical-percent', 'abc'], /invalid --db-critical-percent 'abc'/],
    [['check', '--db-warn-percent', 'abc'], /invalid --db-warn-percent 'abc'/],
    [['status', '--wal-fsync-warn-ms', '10ms'], /invalid --wal-fsync-warn-ms '10ms'/],
    [['check', '--db-warn-percent', '97'], /--db-warn-percent 97 is above --db-critical-percent 95/],
    [['check', '--endpoint', 'http://127.0.0.1:1'], /did you mean --endpoints\?/],
    [['status', '--cacrt', 'ca.pem'], /did you mean --cacert\?/],
    [['stauts'], /did you mean status\?/],
    [['--interval', '-1s'], /--interval -1s: negative values are not accepted/],
  ])('%j', async (args, pattern) => {
    const result = await runCli([...args, ...(args.includes('--endpoint') ? [] : NOWHERE)]);
    const lines = result.stderr.trimEnd().split('\n');
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toBe('');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(pattern);
    expect(lines[1]).toMatch(/^ {2}hint: /);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('--help gives every threshold its range', async () => {
    const result = await runCli(['check', '--help']);
    expect(result.stdout).toMatch(/--db-warn-percent[\s\S]*0-100, at most --db-critical-percent/);
    expect(result.stdout).toMatch(/--wal-fsync-warn-ms[\s\S]*≥ 0, at most\s+--wal-fsync-critical-ms/);
  });
});
