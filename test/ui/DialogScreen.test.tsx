// A dialog leaves the cluster in view: banner, members table and (where there is room) the DB
// pane stay on screen while it asks, runs or reports; long step results wrap instead of being cut.
import { describe, expect, it } from 'vitest';
import type { RecoveryStep } from '../../src/core/maintenance/recovery.js';
import { propose } from '../../src/core/maintenance/operations.js';
import { maintenanceContextOf } from '../../src/core/maintenance/context.js';
import { DialogScreen } from '../../src/ui/DialogScreen.js';
import type { Dialog } from '../../src/ui/use-maintenance.js';
import { INTERVAL_MS, NOW_MS } from '../helpers/monitor-fixtures.js';
import { frameLines, renderAtSize, widestLine } from '../helpers/render-at-size.js';
import { fixture } from './frame-cases.js';

const state = fixture('healthy');
const STEPS: RecoveryStep[] = [
  { id: 'compact', title: 'Compact to the current revision (whole cluster)', status: 'done', message: 'compacted the cluster to revision 911' },
  { id: 'defrag-follower-x', title: `Defragment follower ${state.rows[1]!.name} (${state.rows[1]!.id}), then check its health`, status: 'done',
    message: `defragmented ${state.rows[1]!.name} (${state.rows[1]!.id}): 16 MB → 9.2 MB in 0.4s; it answers again` },
  { id: 'defrag-leader', title: 'Defragment the leader last', status: 'running' },
];

function screen(dialog: Exclude<Dialog, { kind: 'closed' }>, columns: number, rows: number) {
  return renderAtSize(<DialogScreen dialog={dialog} state={state} nowMs={NOW_MS} intervalMs={INTERVAL_MS} selectedMemberId={state.rows[0]!.id}
    paused={false} readOnly={false} columns={columns} rows={rows} now={() => NOW_MS + 3000} />, columns, rows + 2);
}

describe('DialogScreen', () => {
  const asking: Exclude<Dialog, { kind: 'closed' }> = { kind: 'asking', proposal: propose({ kind: 'defragment', memberId: state.rows[1]!.id }, maintenanceContextOf(state)) };
  const running: Exclude<Dialog, { kind: 'closed' }> = { kind: 'running', title: 'NOSPACE recovery', startedAtMs: NOW_MS, steps: STEPS };

  it.each([[80, 22], [120, 38]] as const)('at %ix%i the banner and every member stay above the dialog', (columns, rows) => {
    for (const dialog of [asking, running]) {
      const frame = screen(dialog, columns, rows);
      expect(frame).toMatch(/^ OK /m);
      expect(frame).toContain('Members');
      for (const row of state.rows) expect(frame).toMatch(new RegExp(`^│[› ] ${row.name} .* UP `, 'm'));
      expect(frame).toMatch(dialog.kind === 'asking' ? /Defragment .* Run it\? y = yes/s : /RUNNING for 3s/);
      expect(widestLine(frame)).toBeLessThanOrEqual(columns);
      expect(frameLines(frame).length).toBeLessThanOrEqual(rows);
    }
  });

  it('with rows to spare (120x38) the DB pane sits between the members and the dialog', () => {
    const frame = screen(running, 120, 38);
    const lines = frameLines(frame);
    const db = lines.findIndex((line) => line.includes('DB · quota'));
    expect(db).toBeGreaterThan(lines.findIndex((line) => line.includes('Members')));
    expect(db).toBeLessThan(lines.findIndex((line) => line.startsWith('╔')));
    expect(lines[db + 1]).toMatch(/│ etcd-1 +29 MiB/);
  });

  it('wraps a long step result: the size after the arrow stays on screen', () => {
    const frame = screen(running, 80, 22);
    expect(frame).toContain('16 MB →');
    expect(frame.replace(/[║│]/g, ' ').replace(/\s+/g, ' ')).toContain('16 MB → 9.2 MB in 0.4s; it answers again');
  });
});
