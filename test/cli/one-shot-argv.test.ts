// The yargs-free reader of `status` and `check` command lines: it reads what it understands
// completely, as yargs would hand it to the command, and leaves everything else to yargs.
// (test/integration/one-shot-argv.test.ts runs both readers on a real cluster and compares.)
import { describe, expect, it } from 'vitest';
import { oneShotArgv } from '../../src/cli/one-shot-argv.js';
import { parseThresholdArgs } from '../../src/cli/threshold-options.js';

describe('command lines read without yargs', () => {
  it('status with connection flags, both spellings of a value', () => {
    const read = oneShotArgv(['status', '--endpoints', 'http://a:2379,http://b:2379', '--command-timeout=1.5s', '--insecure-skip-tls-verify']);
    expect(read?.command).toBe('status');
    expect(read?.args).toMatchObject({
      endpoints: 'http://a:2379,http://b:2379',
      'command-timeout': '1.5s',
      commandTimeout: '1.5s',
      'insecure-skip-tls-verify': true,
      insecureSkipTlsVerify: true,
      output: 'table',
    });
  });

  it('the output flag under each of its names, with its default per command', () => {
    for (const flag of ['-o', '-w', '--output', '--write-out']) expect(oneShotArgv(['status', flag, 'json'])?.args.output).toBe('json');
    expect(oneShotArgv(['status', '--output=json'])?.args.output).toBe('json');
    expect(oneShotArgv(['check'])?.args.output).toBe('text');
    expect(oneShotArgv(['check', '-o', 'json'])?.args.output).toBe('json');
  });

  it('thresholds arrive as numbers, as from yargs, and the threshold check reads them the same', () => {
    const read = oneShotArgv(['check', '--db-warn-percent', '70', '--max-apply-lag=5000', '--latency-window', '0']);
    expect(read?.args).toMatchObject({ dbWarnPercent: 70, 'db-warn-percent': 70, maxApplyLag: 5000, latencyWindow: '0' });
    const thresholds = parseThresholdArgs(read!.args);
    expect(thresholds.ok && [thresholds.thresholds.dbWarnPercent, thresholds.thresholds.maxApplyLag]).toEqual([70, 5000]);
  });

  it('a password given as a flag is read (and hidden from the process list by the runner)', () => {
    expect(oneShotArgv(['status', '--user', 'root', '--password', 'pw'])?.args).toMatchObject({ user: 'root', password: 'pw' });
  });
});

describe('command lines left to yargs', () => {
  it.each([
    [[]],
    [['status', '--help']],
    [['status', '-h']],
    [['status', '--version']],
    [['monitor']],
    [['defrag']],
    [['status', 'extra']],
    [['status', '--endpoints']],
    [['status', '--endpoints', '--cacert', 'x']],
    [['status', '--endpoints', 'a', '--endpoints', 'b']],
    [['status', '--unknown', 'x']],
    [['status', '--commandTimeout', '2s']],
    [['status', '--no-insecure-skip-tls-verify']],
    [['status', '--insecure-skip-tls-verify=false']],
    [['status', '-o', 'yaml']],
    [['status', '-o', 'text']],
    [['check', '-o', 'table']],
    [['status', '-o=json']],
    [['status', '--latency-window', '2s']],
    [['check', '--prometheus', 'http://p:9090']],
    [['check', '--db-warn-percent', '1e3']],
    [['check', '--db-warn-percent', '-1']],
    [['check', '--db-warn-percent', 'abc']],
    [['status', '--', '--endpoints', 'x']],
    [['status', '-x']],
  ])('%j', (argv) => {
    expect(oneShotArgv(argv)).toBeUndefined();
  });
});
