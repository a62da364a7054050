// The monitor and the one-shot commands parse a scrape with `keep` (USED_SAMPLES): the named
// samples are searched for, and the other lines never read. Whatever it skips, it must read exactly the samples, values and types the
// full parse reads, on every recorded etcd 3.4 and 3.5 scrape and on odd spellings of the format.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USED_SAMPLES } from '../../src/etcd/metrics.js';
import { parsePrometheusText, parseSampleLine, type PrometheusText, type Sample } from '../../src/etcd/prometheus-text.js';

const FIXTURES = new URL('../fixtures/metrics/', import.meta.url);
const recorded = readdirSync(FIXTURES).filter((name) => name.endsWith('.txt'));

/** The full parse, restricted to the names `keep` accepts. */
function kept(parsed: PrometheusText, keep: ReadonlySet<string>): Map<string, Sample[]> {
  return new Map([...parsed.samples].filter(([name]) => keep.has(name)));
}

/** Line by line, as the parser read before it skipped in place: split, trim, parse, by name. */
function lineByLine(text: string): Map<string, Sample[]> {
  const byName = new Map<string, Sample[]>();
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  for (const sample of lines.flatMap((line) => parseSampleLine(line) ?? [])) {
    byName.set(sample.name, [...(byName.get(sample.name) ?? []), sample]);
  }
  return byName;
}

describe('parsing only the samples the monitor uses', () => {
  it('has recorded scrapes of etcd 3.4 and 3.5 to compare on', () => {
    expect(recorded.some((name) => name.startsWith('etcd-3.4'))).toBe(true);
    expect(recorded.some((name) => name.startsWith('etcd-3.5'))).toBe(true);
  });

  it.each(recorded)('reads the same samples and types as the full parse (%s)', (name) => {
    const text = readFileSync(new URL(name, FIXTURES), 'utf8');
    const everything = parsePrometheusText(text);
    const used = parsePrometheusText(text, USED_SAMPLES);
    expect(used.samples).toEqual(kept(everything, USED_SAMPLES));
    expect(used.types).toEqual(everything.types);
    // The full parse itself reads every sample line the way a line-by-line reading does.
    expect(everything.samples).toEqual(lineByLine(text));
  });

  it('reads the used samples of a real scrape, not nothing', () => {
    const text = readFileSync(new URL('etcd-3.5.30-defrag-inflight.txt', FIXTURES), 'utf8');
    const used = parsePrometheusText(text, USED_SAMPLES);
    expect(used.samples.get('etcd_server_quota_backend_bytes')?.[0]?.value).toBeGreaterThan(0);
    expect(used.samples.get('etcd_disk_wal_fsync_duration_seconds_bucket')?.length).toBeGreaterThan(5);
    expect(used.samples.has('etcd_server_version')).toBe(false);
  });

  it('reads odd spellings the same way: CRLF, blanks before a name, comments of every shape', () => {
    const text = [
      '# HELP etcd_server_is_leader Whether or not this member is a leader.',
      '#HELP etcd_server_has_leader no blank after the hash',
      '#\tTYPE etcd_server_has_leader gauge',
      '# TYPE etcd_server_is_leader gauge\r',
      'etcd_server_is_leader 1\r',
      '   etcd_server_has_leader 1',
      '\tetcd_server_version{server_version="3.5.30"} 1',
      'etcd_server_versionx 1',
      'etcd_server_is_leaderx 7',
      'etcd_server_id{server_id="8e9e05c52164694d"} 1 1700000000000',
      'etcd_server_quota_backend_bytes',
      'etcd_server_proposals_pending NaN',
      ':odd_name 3',
      '9bad 1',
      '',
      '\u00a0etcd_server_leader_changes_seen_total 2',
      'process_start_time_seconds 1.7e+09',
      '# free comment',
      '#',
      'etcd_mvcc_db_total_size_in_use_in_bytes{} 20480',
    ].join('\n');
    const everything = parsePrometheusText(text);
    for (const keep of [USED_SAMPLES, new Set(['etcd_server_is_leader', 'etcd_server_is_leaderx']), new Set([':odd_name']), new Set(['9bad', 'etcd_server_version'])]) {
      const used = parsePrometheusText(text, keep);
      expect(used.samples).toEqual(kept(everything, keep));
      expect(used.types).toEqual(everything.types);
    }
    expect(everything.samples).toEqual(lineByLine(text));
    expect(everything.samples.get('etcd_server_has_leader')?.[0]?.value).toBe(1);
    expect(everything.samples.get('etcd_server_leader_changes_seen_total')?.[0]?.value).toBe(2);
    expect(everything.types.get('etcd_server_is_leader')).toBe('gauge');
  });

  it('finds a name only where a sample line starts with it, in order, first line to last', () => {
    const text = [
      'etcd_server_id{server_id="a"} 0',
      '# HELP etcd_server_id the TYPE etcd_server_id counter is in a help text',
      'other{label="etcd_server_id 9"} 1 etcd_server_id 5',
      'etcd_server_idx{server_id="z"} 1',
      '  etcd_server_id_extra 3',
      '# TYPE etcd_server_id gauge',
      '#TYPE  other   untyped',
      'etcd_server_id{server_id="b"} 1',
      'etcd_server_id{server_id="c"} 0',
    ].join('\n');
    const keep = new Set(['etcd_server_id', 'other']);
    const everything = parsePrometheusText(text);
    const used = parsePrometheusText(text, keep);
    expect(used.samples).toEqual(kept(everything, keep));
    expect(used.types).toEqual(everything.types);
    expect(used.samples.get('etcd_server_id')?.map((sample) => sample.labels['server_id'])).toEqual(['a', 'b', 'c']);
    expect(used.samples.get('other')).toBeUndefined();
    expect(used.types).toEqual(new Map([['etcd_server_id', 'gauge'], ['other', 'untyped']]));
  });
});
