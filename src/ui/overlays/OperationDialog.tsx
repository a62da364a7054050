// The confirmation / progress / result box for every maintenance operation. It says what will
// happen and to whom, shows why it would be refused, and makes "cancel" the obvious default.
import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import type { RecoveryStep } from '../../core/maintenance/recovery.js';
import { formatDurationMs } from '../../core/format.js';
import { useTheme, type ThemeToken } from '../theme.js';
import { PaintedText } from '../PaintedLine.js';
import { innerWidth } from '../panes/TitledBox.js';
import type { Dialog } from '../use-maintenance.js';

export interface OperationDialogProps {
  dialog: Exclude<Dialog, { kind: 'closed' }>;
  width: number;
  height: number;
  now: () => number;
}

const STEP_MARK: Record<RecoveryStep['status'], [string, ThemeToken]> = {
  pending: ['[    ]', 'text.muted'],
  running: ['[RUN ]', 'accent'],
  done: ['[DONE]', 'status.ok'],
  skipped: ['[SKIP]', 'status.warn'],
  failed: ['[FAIL]', 'status.error'],
};

function useElapsed(startedAtMs: number | undefined, now: () => number): number {
  const [, tick] = useState(0);
  useEffect(() => {
    if (startedAtMs === undefined) return undefined;
    // A commit per second only while an operation runs: the elapsed time is the progress.
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [startedAtMs]);
  return startedAtMs === undefined ? 0 : now() - startedAtMs;
}

function Steps({ steps }: { steps: RecoveryStep[] }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      {steps.map((step) => {
        const [mark, token] = STEP_MARK[step.status];
        return (
          // Wrapped, never cut: a result such as "16 MB → 9 MB" must keep its last figure.
          <Text key={step.id} wrap="wrap">
            <Text color={theme.color(token)}>{mark}</Text> {step.title}{step.message ? ` \u2014 ${step.message}` : ''}
          </Text>
        );
      })}
    </Box>
  );
}

function Body({ dialog, elapsedMs, width }: { dialog: OperationDialogProps['dialog']; elapsedMs: number; width: number }) {
  const theme = useTheme();
  switch (dialog.kind) {
    case 'asking':
    case 'editing': {
      const { proposal } = dialog;
      return (
        <Box flexDirection="column">
          {proposal.lines.map((line) => <Text key={line} wrap="wrap">{line}</Text>)}
          {proposal.warnings.map((line) => <Text key={line} color={theme.color('status.warn')} wrap="wrap">WARNING: {line}</Text>)}
          {dialog.kind === 'editing' && <Text>File: <Text inverse>{dialog.draft}</Text>_  (Enter to keep, Esc to undo)</Text>}
          {proposal.refusal
            ? <Text color={theme.color('status.error')} wrap="wrap">REFUSED: {proposal.refusal}</Text>
            : dialog.kind === 'asking' && <Text bold>Run it? y = yes, n / Esc = cancel (default)</Text>}
        </Box>
      );
    }
    case 'asking-recovery':
      return (
        <Box flexDirection="column">
          <Text>The plan, one step at a time; it stops at the first failure:</Text>
          <Steps steps={dialog.steps} />
          {dialog.warnings?.map((line) => <Text key={line} color={theme.color('status.warn')} wrap="wrap">WARNING: {line}</Text>)}
          {dialog.refusal
            ? <Text color={theme.color('status.error')}>REFUSED: {dialog.refusal}</Text>
            : <Text bold>Run the plan? y = yes, n / Esc = cancel (default). While it runs: s skips the next step, a aborts.</Text>}
        </Box>
      );
    case 'running':
      return (
        <Box flexDirection="column">
          {/* Changes every second for as long as the operation runs: painted, see PaintedLine. */}
          <PaintedText text={`RUNNING for ${formatDurationMs(elapsedMs)} \u2014 other operations are blocked until it ends`} color={theme.color('accent')} width={width} />
          {dialog.steps && <Steps steps={dialog.steps} />}
        </Box>
      );
    case 'finished':
      return (
        <Box flexDirection="column">
          {dialog.steps && <Steps steps={dialog.steps} />}
          <Text color={theme.color(dialog.ok ? 'status.ok' : 'status.error')} wrap="wrap">{dialog.ok ? 'DONE' : dialog.refused ? 'REFUSED' : 'FAILED'}: {dialog.message}</Text>
          {dialog.hint && <Text wrap="wrap">Next: {dialog.hint}</Text>}
          <Text color={theme.color('text.muted')}>Enter or Esc to close</Text>
        </Box>
      );
  }
}

export function OperationDialog({ dialog, width, height, now }: OperationDialogProps) {
  const theme = useTheme();
  const elapsedMs = useElapsed(dialog.kind === 'running' ? dialog.startedAtMs : undefined, now);
  const title = 'proposal' in dialog ? dialog.proposal.title : 'title' in dialog ? dialog.title : 'NOSPACE recovery';
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={theme.color('status.warn')} paddingX={1}>
      <Text bold>{title}</Text>
      <Body dialog={dialog} elapsedMs={elapsedMs} width={innerWidth(width)} />
    </Box>
  );
}
