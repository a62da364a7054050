// Active alarms per member, when each was first seen, and the runbook's first steps.
import { fitAlarmLines, type AlarmsView } from '../../core/views/alarms-view.js';
import { PaneLines } from './PaneLines.js';
import { TitledBox, innerWidth } from './TitledBox.js';

export interface AlarmsPaneProps {
  view: AlarmsView;
  width: number;
  height: number;
}

export function AlarmsPane({ view, width, height }: AlarmsPaneProps) {
  return (
    <TitledBox title={view.title} width={width} height={height}>
      <PaneLines lines={fitAlarmLines(view, height - 2)} maxLines={height - 2} width={innerWidth(width)} overflow="cut" />
    </TitledBox>
  );
}
