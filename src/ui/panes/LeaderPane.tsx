// Who leads, for how long, every leader change this session saw, and members that disagree.
import type { LeaderView } from '../../core/views/leader-view.js';
import { PaneLines } from './PaneLines.js';
import { TitledBox, innerWidth } from './TitledBox.js';

export interface LeaderPaneProps {
  view: LeaderView;
  width: number;
  height: number;
}

export function LeaderPane({ view, width, height }: LeaderPaneProps) {
  return (
    <TitledBox title={view.title} width={width} height={height}>
      {/* The view orders lines by importance: who leads first, the change log last. */}
      <PaneLines lines={view.lines} maxLines={height - 2} width={innerWidth(width)} overflow="cut" />
    </TitledBox>
  );
}
