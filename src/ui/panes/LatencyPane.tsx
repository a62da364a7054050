// Latency pane: WAL fsync, backend commit and worst-peer round-trip p99s per member, each with
// its word (ok, WARN, BAD), and failed or pending proposals. Layout lives in latency-pane-lines.ts.
import type { LatencyView } from '../../core/views/latency-view.js';
import { latencyPaneLines } from './latency-pane-lines.js';
import { SegmentLines } from './SegmentLines.js';
import { TitledBox, innerWidth } from './TitledBox.js';

export interface LatencyPaneProps {
  view: LatencyView;
  width: number;
  height: number;
}

export function LatencyPane({ view, width, height }: LatencyPaneProps) {
  const inner = innerWidth(width);
  return (
    <TitledBox title={view.title} width={width} height={height}>
      <SegmentLines lines={latencyPaneLines(view, inner, Math.max(0, height - 2))} width={inner} />
    </TitledBox>
  );
}
