// Raft pane: how far each member's log is behind the leader's and how much it has not applied,
// now and as a trend. Layout and degradation live in raft-pane-lines.ts; this only draws them.
import type { RaftView } from '../../core/views/raft-view.js';
import { raftPaneLines } from './raft-pane-lines.js';
import { SegmentLines } from './SegmentLines.js';
import { TitledBox, innerWidth } from './TitledBox.js';

export interface RaftPaneProps {
  view: RaftView;
  width: number;
  height: number;
}

export function RaftPane({ view, width, height }: RaftPaneProps) {
  const inner = innerWidth(width);
  return (
    <TitledBox title={view.title} width={width} height={height}>
      <SegmentLines lines={raftPaneLines(view, Math.max(0, height - 2))} width={inner} />
    </TitledBox>
  );
}
