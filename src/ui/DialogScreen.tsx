// An operation's dialog, and the guided recovery while it runs, as a panel under the cluster:
// in a war room everyone keeps watching the members (and their DB sizes) while the operation
// defragments them. The banner and the members table stay on top, the DB pane under them when
// the dialog keeps the rows it needs, and the dialog at the bottom, right above the footer that
// lists its keys.
import { Box } from 'ink';
import type { MonitorState } from '../core/monitor-state.js';
import { bannerViewOf } from '../core/views/banner-view.js';
import { dbViewOf } from '../core/views/db-view.js';
import { membersViewOf } from '../core/views/members-view.js';
import { OperationDialog } from './overlays/OperationDialog.js';
import { Banner } from './panes/Banner.js';
import { DbPane } from './panes/DbPane.js';
import { MembersTable } from './panes/MembersTable.js';
import type { Dialog } from './use-maintenance.js';

export interface DialogScreenProps {
  dialog: Exclude<Dialog, { kind: 'closed' }>;
  state: MonitorState;
  nowMs: number;
  intervalMs: number;
  selectedMemberId: string | undefined;
  paused: boolean;
  readOnly: boolean;
  /** --insecure-skip-tls-verify: the banner says so over a dialog too, where it matters most. */
  tlsUnverified?: boolean;
  columns: number;
  rows: number;
  now: () => number;
}

const BANNER_ROWS = 2;
/** A recovery plan of a 3-member cluster with its prompt: the dialog is never squeezed below it. */
const DIALOG_MIN_ROWS = 13;

export function DialogScreen(props: DialogScreenProps) {
  const { dialog, state, nowMs, intervalMs, selectedMemberId, paused, readOnly, tlsUnverified = false, columns, rows, now } = props;
  const memberCount = state.rows.length;
  const membersRows = Math.max(0, Math.min(memberCount + 3, rows - BANNER_ROWS - DIALOG_MIN_ROWS));
  const below = Math.max(3, rows - BANNER_ROWS - membersRows);
  // One line per member and the frame: sizes and % of quota, the figures a defragment changes.
  const dbRows = memberCount + 2;
  const dbShown = below - dbRows >= DIALOG_MIN_ROWS;
  const dialogRows = dbShown ? below - dbRows : below;
  const banner = bannerViewOf(state, { width: columns, nowMs, intervalMs, paused, readOnly, tlsUnverified });
  const members = membersViewOf(state, { width: columns, height: membersRows, nowMs, intervalMs, selectedMemberId });
  return (
    <Box flexDirection="column" width={columns} height={rows} overflowY="hidden">
      <Banner view={banner} width={columns} height={BANNER_ROWS} />
      {membersRows >= 4 && <MembersTable view={members} width={columns} height={membersRows} />}
      {dbShown && <DbPane view={dbViewOf(state, columns, nowMs)} width={columns} height={dbRows} />}
      <Box width={columns} height={dialogRows} flexShrink={0} overflowY="hidden">
        <OperationDialog dialog={dialog} width={columns} height={dialogRows} now={now} />
      </Box>
    </Box>
  );
}
