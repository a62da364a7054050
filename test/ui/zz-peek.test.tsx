import { it } from 'vitest';
import { Dashboard } from '../../src/ui/Dashboard.js';
import { INTERVAL_MS, NOW_MS } from '../helpers/monitor-fixtures.js';
import { renderAtSize } from '../helpers/render-at-size.js';
import { FIXTURE_NAMES, fixture } from './frame-cases.js';
import { writeFileSync } from 'node:fs';
it('peek', () => {
  let out = '';
  for (const name of FIXTURE_NAMES) for (const [c, r] of [[120, 38], [80, 22]] as const) {
    const s = fixture(name);
    out += `==== ${name} ${c}x${r}\n` + renderAtSize(<Dashboard state={s} nowMs={NOW_MS} intervalMs={INTERVAL_MS} selectedMemberId={s.rows[0]?.id} paused={false} readOnly={false} columns={c} rows={r} />, c, r + 2) + '\n';
  }
  writeFileSync('/tmp/h14b/peek.txt', out);
});
