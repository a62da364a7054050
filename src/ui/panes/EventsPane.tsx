// What changed between rounds, newest first; the oldest fall off the bottom of the pane.
import { fitEventLines, type EventsView } from '../../core/views/events-view.js';
import { PaneLines } from './PaneLines.js';
import { TitledBox, innerWidth } from './TitledBox.js';

export interface EventsPaneProps {
  view: EventsView;
  width: number;
  height: number;
}

export function EventsPane({ view, width, height }: EventsPaneProps) {
  return (
    <TitledBox title={view.title} width={width} height={height}>
      <PaneLines lines={fitEventLines(view, innerWidth(width), height - 2)} maxLines={height - 2} width={innerWidth(width)} overflow="cut" />
    </TitledBox>
  );
}
