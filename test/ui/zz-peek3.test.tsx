import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { Dashboard } from '../../src/ui/Dashboard.js';
import { NOW_MS, replay } from '../helpers/monitor-fixtures.js';
import { healthyCluster, withAlarm, withNoSpace } from '../helpers/snapshot-factory.js';
import { renderAtSize } from '../helpers/render-at-size.js';
it('peek', () => {
  const s = replay(10, () => withAlarm(withNoSpace(withNoSpace(withNoSpace(healthyCluster(), 0), 1), 2), 1, 'CORRUPT'));
  let out = '';
  for (const [c, r] of [[120, 38], [80, 22]] as const) out += renderAtSize(<Dashboard state={s} nowMs={NOW_MS} intervalMs={1000} selectedMemberId={undefined} paused={false} readOnly={false} columns={c} rows={r} />, c, r + 2) + '\n';
  writeFileSync('/tmp/h14b/alarms.txt', out);
});
