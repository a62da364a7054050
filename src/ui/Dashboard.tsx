// The monitor's screen: picks a layout for the space it is given, turns the state into one view
// per shown pane (pure selectors in core/views) and hands each pane its view and exact size.
// Nothing here reads the terminal or the clock: everything arrives in props.
import { Box } from 'ink';
import type { ReactNode } from 'react';
import type { MonitorState } from '../core/monitor-state.js';
import { alarmsViewOf, type AlarmsView } from '../core/views/alarms-view.js';
import { bannerViewOf } from '../core/views/banner-view.js';
import { dbViewOf } from '../core/views/db-view.js';
import { eventsViewOf } from '../core/views/events-view.js';
import { latencyViewOf } from '../core/views/latency-view.js';
import { leaderViewOf } from '../core/views/leader-view.js';
import { membersViewOf } from '../core/views/members-view.js';
import { raftViewOf } from '../core/views/raft-view.js';
import { CenteredMessage } from './CenteredMessage.js';
import { APP_RESERVED_ROWS, layoutFor, type Layout, type Slot } from './layout.js';
import { AlarmsPane } from './panes/AlarmsPane.js';
import { Banner } from './panes/Banner.js';
import { DbPane } from './panes/DbPane.js';
import { EventsPane } from './panes/EventsPane.js';
import { LatencyPane } from './panes/LatencyPane.js';
import { LeaderPane } from './panes/LeaderPane.js';
import { MembersTable } from './panes/MembersTable.js';
import { RaftPane } from './panes/RaftPane.js';

export interface DashboardProps {
  state: MonitorState;
  nowMs: number;
  intervalMs: number;
  selectedMemberId: string | undefined;
  paused: boolean;
  readOnly: boolean;
  /** --insecure-skip-tls-verify is on: the banner says so. */
  tlsUnverified?: boolean;
  /** The space the dashboard may use: the App has already taken its footer rows. */
  columns: number;
  rows: number;
  /** What the first round is waiting on (e.g. the endpoints), shown until it arrives. */
  connectingTo?: string;
  /**
   * Rows the App keeps below the dashboard. "Terminal too small" names terminal sizes, which is
   * what an operator can change; it defaults to what App.tsx reserves.
   */
  reservedRows?: number;
}

/** The layout the dashboard uses for this state and space, and the alarms view it was fitted to. */
export function dashboardLayout(state: MonitorState, nowMs: number, columns: number, rows: number): { layout: Layout; alarms: AlarmsView } {
  const memberCount = state.rows.length;
  // Pane widths depend on the terminal only, so the alarms' width is known before their height:
  // wrap them to it, then lay out again with the lines they really take.
  const draft = layoutFor(columns, rows, { memberCount });
  const alarms = alarmsViewOf(state, nowMs, alarmsWidth(draft) ?? columns);
  return { layout: layoutFor(columns, rows, { memberCount, alarmLines: alarms.lines.length }), alarms };
}

export function Dashboard(props: DashboardProps) {
  const { state, nowMs, columns, rows } = props;
  const { layout, alarms } = dashboardLayout(state, nowMs, columns, rows);

  if (layout.kind === 'too-small') {
    const reserved = props.reservedRows ?? APP_RESERVED_ROWS;
    const text = `terminal too small: need ${layout.need.columns}x${layout.need.rows + reserved}, have ${columns}x${rows + reserved}`;
    return <CenteredMessage text={text} width={columns} height={rows} />;
  }
  if (!state.latest) {
    return <CenteredMessage text={`connecting to ${props.connectingTo ?? 'etcd'}…`} width={columns} height={rows} />;
  }

  const { banner, members, below } = layout;
  const { intervalMs, paused, readOnly, selectedMemberId } = props;
  // The thick banner (4 rows) has a blank third line: a long headline continues there.
  const bannerView = bannerViewOf(state, { width: banner.width, nowMs, intervalMs, paused, readOnly, tlsUnverified: props.tlsUnverified === true, headlineLines: banner.height >= 4 ? 2 : 1 });
  const membersView = membersViewOf(state, { ...members, nowMs, intervalMs, selectedMemberId });
  return (
    <Box flexDirection="column" width={columns} height={rows} overflowY="hidden">
      <Banner view={bannerView} width={banner.width} height={banner.height} />
      <MembersTable view={membersView} width={members.width} height={members.height} />
      <Box flexDirection="row" flexShrink={0}>
        {below.map((stack, i) => (
          <Box key={i} flexDirection="column" width={stack[0]?.width ?? 0} flexShrink={0}>
            {stack.map((slot) => (
              <Box key={slot.pane} width={slot.width} height={slot.height} flexShrink={0} overflowY="hidden">
                {paneFor(slot, state, nowMs, alarms)}
              </Box>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

function alarmsWidth(layout: Layout): number | undefined {
  return layout.kind === 'too-small' ? undefined : layout.below.flat().find((slot) => slot.pane === 'alarms')?.width;
}

// Views are computed only for the panes the layout shows.
function paneFor(slot: Slot, state: MonitorState, nowMs: number, alarms: AlarmsView): ReactNode {
  const { width, height } = slot;
  switch (slot.pane) {
    case 'leader':
      return <LeaderPane view={leaderViewOf(state, nowMs)} width={width} height={height} />;
    case 'raft':
      return <RaftPane view={raftViewOf(state, width)} width={width} height={height} />;
    case 'db':
      return <DbPane view={dbViewOf(state, width, nowMs)} width={width} height={height} />;
    case 'alarms':
      return <AlarmsPane view={alarms} width={width} height={height} />;
    case 'latency':
      return <LatencyPane view={latencyViewOf(state)} width={width} height={height} />;
    case 'events':
      return <EventsPane view={eventsViewOf(state)} width={width} height={height} />;
  }
}
