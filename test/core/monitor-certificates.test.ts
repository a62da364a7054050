// The monitor's certificates: one 'certificates' event (read at start, then hourly) puts its
// findings into every later round's verdict (the banner) and the days left into the CERT column.
import { describe, expect, it } from 'vitest';
import { DAY_MS, type CertificateReport } from '../../src/core/findings-certificates.js';
import { initialMonitorState, reduceMonitor, type MonitorState } from '../../src/core/monitor-state.js';
import { membersViewOf } from '../../src/core/views/members-view.js';
import { healthyCluster, memberIdAt, TAKEN_AT_MS } from '../helpers/snapshot-factory.js';

const HINTS = { server: 'renew it', client: 'renew yours' };
const cert = (days: number) => ({ subject: 'CN=etcd', sans: [], issuer: 'CN=ca', notBeforeMs: 0, notAfterMs: TAKEN_AT_MS + days * DAY_MS });

function report(days: number[]): CertificateReport {
  return { readAtMs: TAKEN_AT_MS, members: days.map((d, i) => ({ memberId: memberIdAt(i), name: `etcd-${i + 1}`, endpoint: `https://10.0.0.${i + 1}:2379`, certificate: cert(d) })) };
}

const round = (state: MonitorState) => reduceMonitor(state, { type: 'round', snapshot: healthyCluster() });
const view = (state: MonitorState, width = 160) => membersViewOf(state, { width, height: 10, nowMs: TAKEN_AT_MS, intervalMs: 1000, selectedMemberId: undefined });

describe('certificates in the monitor', () => {
  const start = round(initialMonitorState({ historyCapacity: 10 }));

  it('no certificate read: no CERT column, no finding', () => {
    expect(view(start).columns).not.toContain('cert');
    expect(start.verdict.findings.filter((f) => f.code === 'certificate-expiry')).toEqual([]);
  });

  it('after the event, the next round\u2019s verdict carries the findings, most urgent first', () => {
    const state = round(reduceMonitor(start, { type: 'certificates', report: report([400, 20, -1]), hints: HINTS }));
    expect(state.verdict.level).toBe('critical');
    expect(state.verdict.findings[0]).toMatchObject({ level: 'critical', code: 'certificate-expiry', memberId: memberIdAt(2), remedy: 'renew it' });
    expect(state.verdict.findings.find((f) => f.memberId === memberIdAt(1))?.level).toBe('warning');
  });

  it('the CERT column: days left, EXPIRED in words, critical tone under the threshold', () => {
    const state = round(reduceMonitor(start, { type: 'certificates', report: report([400, 3, -1]), hints: HINTS }));
    const shown = view(state);
    const at = shown.columns.indexOf('cert');
    expect(at).toBeGreaterThan(-1);
    expect(shown.lines.map((line) => line.cells[at]?.text.trim())).toEqual(['400d', '3d', 'EXPIRED']);
    expect(shown.lines.map((line) => line.cells[at]?.tone)).toEqual(['muted', 'critical', 'critical']);
  });

  it('is the first column to go when the terminal narrows', () => {
    const state = round(reduceMonitor(start, { type: 'certificates', report: report([400, 3, -1]), hints: HINTS }));
    expect(view(state, 80).columns).not.toContain('cert');
  });
});
