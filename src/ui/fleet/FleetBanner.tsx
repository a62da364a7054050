// The fleet screen's top lines: what is shown and from where, what is not known, and the
// backend's own warnings (Thanos partial responses) or failures.
import { Box } from 'ink';
import type { FleetState } from '../../core/fleet/fleet-state.js';
import { formatClock } from '../../core/fleet/fleet-verdict.js';
import { PaintedText } from '../PaintedLine.js';
import { useTheme } from '../theme.js';

export interface FleetBannerProps {
  state: FleetState;
  backendUrl: string;
  refreshMs: number;
  width: number;
}

export function bannerLines(state: FleetState, backendUrl: string, refreshMs: number): { text: string; tone: 'primary' | 'muted' | 'warn' | 'error' }[] {
  const round = state.round;
  const head = round
    ? `fleet \u00b7 ${round.clusters.length} clusters by label "${round.clusterLabel}" \u00b7 ${backendUrl} \u00b7 refreshed ${formatClock(round.takenAtMs)} UTC, every ${Math.round(refreshMs / 1000)}s \u00b7 ${round.queryCount} queries in ${round.durationMs}ms`
    : `fleet \u00b7 ${backendUrl} \u00b7 asking the backend\u2026`;
  const lines: { text: string; tone: 'primary' | 'muted' | 'warn' | 'error' }[] = [
    { text: head, tone: 'primary' },
    { text: 'values lag by the scrape interval \u00b7 UP counts scrape targets, not raft members \u00b7 alarms unknown before etcd 3.6 \u00b7 read-only', tone: 'muted' },
  ];
  if (state.failure) lines.push({ text: `refresh failed at ${formatClock(state.failure.atMs)} UTC: ${state.failure.failure.message} (showing the last answer)`, tone: 'error' });
  if (round?.warnings.length) lines.push({ text: `backend warnings: ${round.warnings.join(' | ')}`, tone: 'warn' });
  if (round?.failures.length) lines.push({ text: `n/a this refresh: ${round.failures.map((f) => `${f.signal} (${f.failure.message})`).join('; ')}`, tone: 'warn' });
  return lines;
}

export function FleetBanner({ state, backendUrl, refreshMs, width }: FleetBannerProps) {
  const theme = useTheme();
  const color = { primary: theme.color('text.primary'), muted: theme.color('text.muted'), warn: theme.color('status.warn'), error: theme.color('status.error') };
  return (
    <Box flexDirection="column" width={width}>
      {bannerLines(state, backendUrl, refreshMs).map((line, i) => (
        <PaintedText key={i} text={line.text} color={color[line.tone]} width={width} />
      ))}
    </Box>
  );
}
