import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePrometheusText, parseSampleLine, parseSampleValue } from '../../src/etcd/prometheus-text.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/metrics/${name}`, import.meta.url), 'utf8');

describe('parseSampleValue', () => {
  it.each([
    ['1', 1],
    ['-2.5', -2.5],
    ['2.147483648e+09', 2147483648],
    ['1.6777216e+07', 16777216],
    ['1E-3', 0.001],
    ['.5', 0.5],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['Inf', Infinity],
  ])('%s → %d', (token, expected) => {
    expect(parseSampleValue(token)).toBe(expected);
  });

  it('reads NaN', () => {
    expect(parseSampleValue('NaN')).toBeNaN();
  });

  it.each(['', 'abc', '0x10', 'Infinity', '1,5', '1e', '--1'])('rejects %j', (token) => {
    expect(parseSampleValue(token)).toBeUndefined();
  });
});

describe('parseSampleLine', () => {
  it.each([
    ['up 1', { name: 'up', labels: {}, value: 1 }],
    ['up\t \t1', { name: 'up', labels: {}, value: 1 }],
    ['a:b_c 2 1700000000000', { name: 'a:b_c', labels: {}, value: 2, timestampMs: 1700000000000 }],
    ['m{} 3', { name: 'm', labels: {}, value: 3 }],
    ['m{le="+Inf"} 7', { name: 'm', labels: { le: '+Inf' }, value: 7 }],
    ['m{a="1",b="2",} 4', { name: 'm', labels: { a: '1', b: '2' }, value: 4 }],
    ['m { a = "1" , b="2" } 4', { name: 'm', labels: { a: '1', b: '2' }, value: 4 }],
    ['m{path="C:\\\\dir"} 1', { name: 'm', labels: { path: 'C:\\dir' }, value: 1 }],
    ['m{msg="say \\"hi\\""} 1', { name: 'm', labels: { msg: 'say "hi"' }, value: 1 }],
    ['m{msg="two\\nlines"} 1', { name: 'm', labels: { msg: 'two\nlines' }, value: 1 }],
    ['m{msg="a,b}c=d"} 1', { name: 'm', labels: { msg: 'a,b}c=d' }, value: 1 }],
    ['m{msg=""} 1', { name: 'm', labels: { msg: '' }, value: 1 }],
    // A plain value (read with one slice) before one with an escape (read a character at a time).
    ['m{a="1",b="x\\\\y\\"z"} 1', { name: 'm', labels: { a: '1', b: 'x\\y"z' }, value: 1 }],
    ['m{x="1"}-Inf', { name: 'm', labels: { x: '1' }, value: -Infinity }],
  ])('%j', (line, expected) => {
    expect(parseSampleLine(line)).toEqual(expected);
  });

  it.each([
    ['no value', 'up'],
    ['bad value', 'up one'],
    ['too many tokens', 'up 1 2 3'],
    ['fractional timestamp', 'up 1 1.5'],
    ['unterminated label set', 'm{a="1" 1'],
    ['unterminated label value', 'm{a="1} 1'],
    ['unquoted label value', 'm{a=1} 1'],
    ['missing comma', 'm{a="1" b="2"} 1'],
    ['invalid escape', 'm{a="\\t"} 1'],
    ['bad label name', 'm{1a="x"} 1'],
    ['bad metric name', '1m 1'],
  ])('rejects %s', (_why, line) => {
    expect(parseSampleLine(line)).toBeUndefined();
  });
});

describe('parsePrometheusText', () => {
  it('skips malformed lines, blank lines and comments, and keeps the rest', () => {
    const parsed = parsePrometheusText(
      [
        '# HELP up Whether it is up. With a \\\\ backslash.',
        '# TYPE up gauge',
        '# a free comment',
        '',
        'up 1',
        'garbage {{{',
        '  up{instance="b"} 0  ',
        'down NaNa',
      ].join('\r\n'),
    );
    expect(parsed.types.get('up')).toBe('gauge');
    expect(parsed.samples.get('up')?.map((s) => s.value)).toEqual([1, 0]);
    expect(parsed.samples.get('up')?.[1]?.labels).toEqual({ instance: 'b' });
    expect(parsed.samples.has('down')).toBe(false);
  });

  it('never throws, whatever the input', () => {
    for (const text of ['', '\n\n', '{', '}', '"', '#', '# TYPE', 'x{a="\\', '\u0000 1']) {
      expect(() => parsePrometheusText(text)).not.toThrow();
    }
  });

  it('reads every sample line of a real etcd 3.4.23 scrape', () => {
    const text = fixture('etcd-3.4.23-single.txt');
    const sampleLines = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    const parsed = parsePrometheusText(text);
    const parsedCount = [...parsed.samples.values()].reduce((sum, series) => sum + series.length, 0);
    expect(parsedCount).toBe(sampleLines.length);
    expect(parsed.types.get('etcd_disk_wal_fsync_duration_seconds')).toBe('histogram');
    expect(parsed.samples.get('etcd_server_quota_backend_bytes')?.[0]?.value).toBe(2147483648);
  });
});
