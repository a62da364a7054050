import { describe, expect, it } from 'vitest';
import { parseThresholdArgs, rangeText, thresholdOptions } from '../../src/cli/threshold-options.js';
import { closest, editDistance, explainParseFailure } from '../../src/cli/suggest.js';

describe('threshold flags', () => {
  it.each([
    [{ dbCriticalPercent: 'abc' }, /invalid --db-critical-percent 'abc'/],
    [{ dbWarnPercent: 'abc' }, /invalid --db-warn-percent 'abc'/],
    [{ walFsyncWarnMs: '10ms' }, /invalid --wal-fsync-warn-ms '10ms'/],
    [{ dbWarnPercent: -5 }, /invalid --db-warn-percent '-5'/],
    [{ maxFragmentationPercent: 101 }, /0-100/],
    [{ dbWarnPercent: 96 }, /--db-warn-percent 96 is above --db-critical-percent 95/],
    [{ walFsyncWarnMs: 50, walFsyncCriticalMs: 20 }, /--wal-fsync-warn-ms 50 is above --wal-fsync-critical-ms 20/],
    [{ peerRoundTripWarnMs: true }, /invalid --peer-round-trip-warn-ms ''/],
  ])('%j is refused', (args, pattern) => {
    const parsed = parseThresholdArgs(args);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.message).toMatch(pattern);
  });

  it('accepts numbers given as text or numbers, and keeps the defaults otherwise', () => {
    const parsed = parseThresholdArgs({ dbWarnPercent: '70', walFsyncWarnMs: 12.5 });
    expect(parsed.ok && parsed.thresholds).toMatchObject({ dbWarnPercent: 70, walFsyncWarnMs: 12.5, dbCriticalPercent: 95 });
  });

  it('every flag states its range in --help', () => {
    for (const option of Object.values(thresholdOptions)) expect(option.describe).toMatch(/0-100|≥ 0/);
    expect(rangeText('dbWarnPercent')).toBe('0-100, at most --db-critical-percent');
  });
});

describe('suggestions for typos', () => {
  it.each([
    ['stauts', 'status', 1],
    ['endpoint', 'endpoints', 1],
    ['cacrt', 'cacert', 1],
  ])('%s is %i edit(s) from %s', (typed, meant, distance) => {
    expect(editDistance(typed, meant)).toBe(distance);
  });

  it('suggests nothing far away', () => {
    expect(closest('zzzzzz', ['status', 'check'])).toBeUndefined();
  });

  it.each([
    ['Unknown argument: endpoint', ['status', '--endpoint', 'x'], /unknown option --endpoint: did you mean --endpoints\?/],
    ['Unknown argument: cacrt', ['--cacrt=ca.pem'], /did you mean --cacert\?/],
    ['Unknown argument: stauts', ['stauts'], /'stauts': did you mean status\?/],
    ['Unknown arguments: 1, s', ['--interval', '-1s'], /--interval -1s: negative values are not accepted/],
    ['Unknown argument: zzzzzz', ['--zzzzzz'], /^Unknown argument: zzzzzz$/],
  ])('%s → %s', (message, argv, pattern) => {
    expect(explainParseFailure(message, argv).message).toMatch(pattern);
  });
});
