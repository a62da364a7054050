// The member detail screen (Enter on a member, Esc back): the banner stays on top, so a finding
// that fires while an operator reads one member still shows; below it the member in full.
import { Box } from 'ink';
import type { MonitorState } from '../../core/monitor-state.js';
import { bannerViewOf } from '../../core/views/banner-view.js';
import { memberDetailOf } from '../../core/views/member-detail-view.js';
import { Banner } from './Banner.js';
import { PaneLines } from './PaneLines.js';
import { TitledBox, innerWidth } from './TitledBox.js';

export interface MemberDetailProps {
  state: MonitorState;
  memberId: string;
  nowMs: number;
  intervalMs: number;
  paused: boolean;
  readOnly: boolean;
  /** --insecure-skip-tls-verify: the same badge as the dashboard's banner. */
  tlsUnverified?: boolean;
  columns: number;
  rows: number;
}

/** The narrow layout's banner: two lines, whatever the width, leaving the rows to the member. */
const BANNER_ROWS = 2;

export function MemberDetail({ state, memberId, nowMs, intervalMs, paused, readOnly, tlsUnverified = false, columns, rows }: MemberDetailProps) {
  const banner = bannerViewOf(state, { width: columns, nowMs, intervalMs, paused, readOnly, tlsUnverified });
  const height = Math.max(3, rows - BANNER_ROWS);
  const detail = memberDetailOf(state, memberId, innerWidth(columns), nowMs);
  return (
    <Box flexDirection="column" width={columns} height={rows} overflowY="hidden">
      <Banner view={banner} width={columns} height={BANNER_ROWS} />
      <TitledBox title={detail.title} width={columns} height={height}>
        <PaneLines lines={detail.lines} maxLines={height - 2} width={innerWidth(columns)} />
      </TitledBox>
    </Box>
  );
}
