import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_BYTES_PER_SECOND, defaultLoadRate, labSettingsFromArgs, loadKeyCount, type LabArgs } from '../../src/lab/lab-options.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const base: LabArgs = { members: 3, valueSize: '16KiB' };

describe('labSettingsFromArgs', () => {
  it('starts three members with etcd\u2019s own quota and no load by default', () => {
    expect(labSettingsFromArgs(base)).toEqual({ ok: true, settings: { members: 3 } });
  });

  it('reads the quota, the load and the binary', () => {
    const result = labSettingsFromArgs({ ...base, members: 5, quota: '16MiB', load: '1MiB/s', etcdBin: '/opt/etcd' });
    expect(result).toEqual({
      ok: true,
      settings: { members: 5, quotaBytes: 16 * MiB, etcdBin: '/opt/etcd', load: { bytesPerSecond: MiB, valueBytes: 16 * KiB, keyCount: 64 } },
    });
  });

  it('--load alone picks the default rate for the quota', () => {
    const result = labSettingsFromArgs({ ...base, quota: '16MiB', load: '' });
    expect(result.ok && result.settings.load?.bytesPerSecond).toBe(defaultLoadRate(16 * MiB));
  });

  it.each([
    [{ members: 2 }, /--members '2'/, /1, 3 or 5/],
    [{ quota: '16M' }, /--quota '16M'/, /16MiB, 64MB/],
    [{ quota: '100KiB' }, /--quota '100KiB'/, /from 1.0 MiB/],
    [{ quota: '64GiB' }, /--quota '64GiB'/, /to 8.0 GiB/],
    [{ load: 'lots' }, /--load 'lots'/, /200KiB\/s/],
    [{ load: '100MiB/s' }, /--load '100MiB\/s'/, /up to 16 MiB\/s/],
    [{ load: '', valueSize: '2MiB' }, /--value-size '2MiB'/, /up to 1.0 MiB/],
    [{ load: '', valueSize: 'big' }, /--value-size 'big'/, /e\.g\./],
  ] as [Partial<LabArgs>, RegExp, RegExp][])('%j is one problem with a hint', (overrides, message, hint) => {
    const result = labSettingsFromArgs({ ...base, ...overrides });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.message).toMatch(message);
    expect(result.problem.hint).toMatch(hint);
  });

  it('takes the last of a repeated flag, and --no-load as no load', () => {
    const result = labSettingsFromArgs({ ...base, quota: ['16MiB', '32MiB'], load: ['1MiB/s', '2MiB/s'], valueSize: ['1KiB', '4KiB'] });
    expect(result).toMatchObject({ ok: true, settings: { quotaBytes: 32 * MiB, load: { bytesPerSecond: 2 * MiB, valueBytes: 4 * KiB } } });
    expect(labSettingsFromArgs({ ...base, load: false })).toEqual({ ok: true, settings: { members: 3 } });
  });

  it('ignores --value-size without --load', () => {
    expect(labSettingsFromArgs({ ...base, valueSize: 'big' }).ok).toBe(true);
  });
});

describe('defaultLoadRate', () => {
  it.each([
    [undefined, DEFAULT_LOAD_BYTES_PER_SECOND],
    [4 * MiB, DEFAULT_LOAD_BYTES_PER_SECOND],
    [16 * MiB, Math.ceil((16 * MiB) / 30)],
    [2 * 1024 * MiB, MiB],
  ])('quota %s → %d B/s', (quota, rate) => {
    expect(defaultLoadRate(quota)).toBe(rate);
  });

  it('fills a 16 MiB quota well within a minute', () => {
    expect((16 * MiB) / defaultLoadRate(16 * MiB)).toBeLessThanOrEqual(30);
  });
});

describe('loadKeyCount', () => {
  it.each([
    [16 * KiB, undefined, 64],
    [16 * KiB, 2 * MiB, 8],
    [MiB, 16 * MiB, 1],
    [100, undefined, 64],
  ])('values of %d B under quota %s → %d keys', (valueBytes, quota, keys) => {
    expect(loadKeyCount(valueBytes, quota)).toBe(keys);
  });

  it('keeps the live data a small share of the quota', () => {
    for (const quota of [MiB, 16 * MiB, 64 * MiB]) {
      expect(loadKeyCount(16 * KiB, quota) * 16 * KiB).toBeLessThanOrEqual(Math.max(16 * KiB, quota / 16));
    }
  });
});
