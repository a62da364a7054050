// DB pane: each member's DB file against the quota, how fast it grows and when it hits NOSPACE
// at that rate. Layout and degradation live in db-pane-lines.ts; this only draws them.
import type { DbView } from '../../core/views/db-view.js';
import { dbPaneLines } from './db-pane-lines.js';
import { SegmentLines } from './SegmentLines.js';
import { TitledBox, innerWidth } from './TitledBox.js';

export interface DbPaneProps {
  view: DbView;
  width: number;
  height: number;
}

export function DbPane({ view, width, height }: DbPaneProps) {
  const inner = innerWidth(width);
  return (
    <TitledBox title={view.title} width={width} height={height}>
      <SegmentLines lines={dbPaneLines(view, inner, Math.max(0, height - 2))} width={inner} />
    </TitledBox>
  );
}
