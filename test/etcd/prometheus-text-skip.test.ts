// The monitor parses a scrape with `keep` (isUsedSample), which skips the lines it does not use
// without copying them. Whatever it skips, it must read exactly the samples, values and types the
// full parse reads, on every recorded etcd 3.4 and 3.5 scrape and on odd spellings of the format.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isUsedSample } from '../../src/etcd/metrics.js';
import { parsePrometheusText, parseSampleLine, type PrometheusText, type Sample } from '../../src/etcd/prometheus-text.js';

const FIXTURES = new URL('../fixtures/metrics/', import.meta.url);
const recorded = readdirSync(FIXTURES).filter((name) => name.endsWith('.txt'));

/** The full parse, restricted to the names `keep` accepts. */
function kept(parsed: PrometheusText, keep: (name: string) => boolean): Map<string, Sample[]> {
  return new Map([...parsed.samples].filter(([name]) => keep(name)));
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
    const used = parsePrometheusText(text, isUsedSample);
    expect(used.samples).toEqual(kept(everything, isUsedSample));
    expect(used.types).toEqual(everything.types);
    // The full parse itself reads every sample line the way a line-by-line reading does.
    expect(everything.samples).toEqual(lineByLine(text));
  });

  it('reads the used samples of a real scrape, not nothing', () => {
    const text = readFileSync(new URL('etcd-3.5.30-defrag-inflight.txt', FIXTURES), 'utf8');
    const used = parsePrometheusText(text, isUsedSample);
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
    for (const keep of [isUsedSample, (name: string) => name.startsWith('etcd_server_is'), (name: string) => name.startsWith(':')]) {
      const used = parsePrometheusText(text, keep);
      expect(used.samples).toEqual(kept(everything, keep));
      expect(used.types).toEqual(everything.types);
    }
    expect(everything.samples).toEqual(lineByLine(text));
    expect(everything.samples.get('etcd_server_has_leader')?.[0]?.value).toBe(1);
    expect(everything.samples.get('etcd_server_leader_changes_seen_total')?.[0]?.value).toBe(2);
    expect(everything.types.get('etcd_server_is_leader')).toBe('gauge');
  });
});
