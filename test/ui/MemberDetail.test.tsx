// The member detail at 80x24 and 120x40 (what App gives it: two rows fewer), over the same
// fixtures as the dashboard: the words that matter, within the size, nothing cut mid-value.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/core/findings-certificates.js';
import { reduceMonitor } from '../../src/core/monitor-state.js';
import { MemberDetail } from '../../src/ui/panes/MemberDetail.js';
import { INTERVAL_MS, NOW_MS } from '../helpers/monitor-fixtures.js';
import { frameLines, renderAtSize, widestLine } from '../helpers/render-at-size.js';
import { fixture } from './frame-cases.js';

const SIZES = [[80, 22], [120, 38]] as const;

function detail(name: Parameters<typeof fixture>[0], index: number, columns: number, rows: number, withCertificate = false) {
  let state = fixture(name);
  const row = state.rows[index]!;
  if (withCertificate) {
    state = reduceMonitor(state, { type: 'certificates', hints: { server: 's', client: 'c' }, report: { readAtMs: NOW_MS, members: [{ memberId: row.id, name: row.name, endpoint: row.endpoint ?? '',
      certificate: { subject: 'CN=etcd-1', sans: ['DNS:localhost', 'IP:127.0.0.1'], issuer: 'CN=etcd-ca', notBeforeMs: 0, notAfterMs: NOW_MS + 3.5 * DAY_MS } }] } });
  }
  return renderAtSize(<MemberDetail state={state} memberId={row.id} nowMs={NOW_MS} intervalMs={INTERVAL_MS} paused={false} readOnly={false} columns={columns} rows={rows} />, columns, rows + 2);
}

describe('MemberDetail', () => {
  it.each(SIZES)('a healthy member at %ix%i: identity, status, latency, history, within the size', (columns, rows) => {
    const frame = detail('healthy', 0, columns, rows);
    for (const word of ['etcd-1 (', 'UP · LEADER · voter · version 3.5.15', 'client URLs  https://10.0.0.1:2379', 'peer URLs    https://10.0.0.1:2380', 'in use 23 MiB', 'term 2', 'applied 100590', 'revision     911', 'WAL fsync 4.0ms ok', 'DB history', '▁', 'Its events (UTC)']) {
      expect(frame).toContain(word);
    }
    expect(frame).toMatch(/^ OK /m);
    expect(widestLine(frame)).toBeLessThanOrEqual(columns);
    expect(frameLines(frame).length).toBeLessThanOrEqual(rows);
  });

  it.each(SIZES)('a member that is down at %ix%i: DOWN with the reason, figures unknown', (columns, rows) => {
    const state = fixture('memberDown');
    const down = state.rows.findIndex((row) => row.state === 'down');
    const frame = detail('memberDown', down, columns, rows);
    expect(frame).toContain('DOWN timed out after 1.5s');
    expect(frame).toMatch(/index —/);
    expect(frame).toMatch(/\d\d:\d\d:\d\d etcd-2 \(\w+\) DOWN: timed out after 1\.5s/);
  });

  it('the certificate section: expiry in words, subject, SANs, issuer', () => {
    const frame = detail('healthy', 0, 120, 38, true);
    expect(frame).toMatch(/certificate\s+3 days left · notAfter 20\d\d-\d\d-\d\d · CN=etcd-1/);
    expect(frame).toContain('DNS:localhost, IP:127.0.0.1');
    expect(frame).toContain('CN=etcd-ca');
  });

  it('wraps a long value under its label instead of cutting it', () => {
    const frame = detail('healthy', 0, 80, 22, true);
    const lines = frameLines(frame).filter((line) => line.startsWith('│'));
    expect(lines.some((line) => line.includes('…'))).toBe(false);
    // The certificate line is longer than 76 cells: its issuer continues on the next line.
    const at = lines.findIndex((line) => line.includes('certificate'));
    expect(lines[at + 1]).toMatch(/^│ {14}\S/);
    expect(lines.map((line) => line.slice(1, -1).trim()).join(' ')).toContain('issuer CN=etcd-ca');
  });
});
