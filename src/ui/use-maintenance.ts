// The confirmation dialog as a tagged union, and the only way from a key to an operation:
// open (propose) → confirm (re-check against a fresh poll, then execute) → finished. Cancel is
// the default: anything but an explicit "y" leaves the cluster alone.
import { useRef, useState } from 'react';
import { maintenanceContextOf } from '../core/maintenance/context.js';
import { confirmRefusal, keepRevisionChoices, propose, type OperationRequest, type Proposal } from '../core/maintenance/operations.js';
import { recoveryPlan, type RecoveryControl, type RecoveryStep } from '../core/maintenance/recovery.js';
import type { MonitorEvent, MonitorState } from '../core/monitor-state.js';
import type { Store } from '../core/store.js';
import type { Mode } from './keymap.js';
import { applyLineEdit, type LineEdit } from './line-edit.js';
import type { MaintenancePort } from './maintenance-port.js';

export type Dialog =
  | { kind: 'closed' }
  | { kind: 'asking'; proposal: Proposal }
  | { kind: 'editing'; proposal: Proposal; draft: string }
  | { kind: 'asking-recovery'; steps: RecoveryStep[]; snapshotPath?: string; refusal?: string; warnings?: string[] }
  | { kind: 'running'; title: string; startedAtMs: number; steps?: RecoveryStep[] }
  /** refused: a safety rule stopped it and nothing was done (said REFUSED, not FAILED). */
  | { kind: 'finished'; title: string; ok: boolean; refused?: boolean; message: string; hint?: string; steps?: RecoveryStep[] };

export function modeOf(dialog: Dialog): Mode | undefined {
  switch (dialog.kind) {
    case 'closed':
      return undefined;
    case 'asking':
    case 'asking-recovery':
      return 'confirm';
    case 'editing':
      return 'edit';
    case 'running':
      return 'running';
    case 'finished':
      return 'result';
  }
}

export function useMaintenance(port: MaintenancePort | undefined, store: Store<MonitorState, MonitorEvent>, now: () => number) {
  const [dialog, setDialog] = useState<Dialog>({ kind: 'closed' });
  const control = useRef<RecoveryControl>({ skipNext: false, abort: false });
  // Set synchronously by "y": a second "y" handled before React re-renders still sees the dialog
  // as 'asking' in its closure, and must not start the operation a second time.
  const busy = useRef(false);
  const context = () => maintenanceContextOf(store.getState());
  // Checked when the dialog opens, so the operator reads it before "y", not after.
  const auditWarning = useRef<string | undefined>(undefined);
  const proposeHere = (request: OperationRequest): Proposal => {
    const proposal = propose(request, context());
    return auditWarning.current ? { ...proposal, warnings: [...proposal.warnings, auditWarning.current] } : proposal;
  };

  const open = (request: OperationRequest | 'recovery') => {
    const auditProblem = port?.auditProblem?.();
    auditWarning.current = auditProblem ? `this operation will not be audited: ${auditProblem}` : undefined;
    if (request === 'recovery') {
      const snapshotPath = port?.defaultSnapshotPath(now());
      const ctx = context();
      const refusal = ctx.clusterMismatch ?? (ctx.running ? `${ctx.running} is still running` : ctx.alarms.length === 0 ? 'no alarm is active: there is nothing to recover from' : undefined);
      setDialog({
        kind: 'asking-recovery', steps: recoveryPlan(ctx, snapshotPath ? { snapshotPath } : {}), ...(snapshotPath ? { snapshotPath } : {}),
        ...(refusal ? { refusal } : {}), ...(auditWarning.current ? { warnings: [auditWarning.current] } : {}),
      });
      return;
    }
    const withPath = request.kind === 'snapshot' ? { ...request, path: port?.defaultSnapshotPath(now()) ?? 'etcd-snapshot.db' } : request;
    setDialog({ kind: 'asking', proposal: proposeHere(withPath) });
  };

  // Only bugs throw past the port (expected failures are values), but one must still end the
  // dialog and clear "running", or every later operation is refused for the rest of the session.
  const guarded = async (title: string, run: (started: () => void) => Promise<void>) => {
    busy.current = true;
    let started = false;
    try {
      await run(() => {
        started = true;
        store.dispatch({ type: 'operation-started', label: title, atMs: now() });
      });
    } catch (error) {
      const message = `${title} failed: ${error instanceof Error ? error.message : String(error)}`;
      if (started) store.dispatch({ type: 'operation-finished', label: title, atMs: now(), ok: false, message });
      setDialog({ kind: 'finished', title, ok: false, message });
    } finally {
      busy.current = false;
    }
  };

  const runOperation = (proposal: Proposal) => guarded(proposal.title, async (started) => {
    if (!port) return;
    setDialog({ kind: 'running', title: proposal.title, startedAtMs: now() });
    const fresh = await port.refresh();
    const refusal = confirmRefusal(proposal, fresh);
    if (refusal) {
      setDialog({ kind: 'finished', title: proposal.title, ok: false, refused: true, message: refusal });
      return;
    }
    started();
    const result = await port.execute(proposal, fresh);
    const defragmentedId = proposal.request.kind === 'defragment' ? proposal.request.memberId : undefined;
    store.dispatch({ type: 'operation-finished', label: proposal.title, atMs: now(), ok: result.ok, message: result.message, ...(defragmentedId ? { defragmentedId } : {}) });
    setDialog({ kind: 'finished', title: proposal.title, ok: result.ok, ...(result.refused ? { refused: true } : {}), message: result.message, ...(result.hint ? { hint: result.hint } : {}) });
  });

  const runRecovery = (steps: RecoveryStep[]) => guarded('NOSPACE recovery', async (started) => {
    if (!port) return;
    const title = 'NOSPACE recovery';
    control.current = { skipNext: false, abort: false };
    setDialog({ kind: 'running', title, startedAtMs: now(), steps });
    started();
    let latest = steps;
    const outcome = await port.recover(steps, control.current, (next) => {
      latest = next;
      setDialog((d) => (d.kind === 'running' ? { ...d, steps: next } : d));
    });
    store.dispatch({ type: 'operation-finished', label: title, atMs: now(), ok: outcome.ok, message: `${title}: ${outcome.message}` });
    setDialog({ kind: 'finished', title, ok: outcome.ok, ...(outcome.refused ? { refused: true } : {}), message: outcome.message, ...(outcome.nextStep ? { hint: outcome.nextStep } : {}), steps: latest });
  });

  return {
    dialog,
    open,
    /** "y": the only key that starts anything. Returns why nothing happened, if so. */
    confirm(): string | undefined {
      if (busy.current) return 'an operation is already running';
      if (dialog.kind === 'asking') {
        if (dialog.proposal.refusal) return dialog.proposal.refusal;
        void runOperation(dialog.proposal);
      } else if (dialog.kind === 'asking-recovery') {
        if (dialog.refusal) return dialog.refusal;
        void runRecovery(dialog.steps);
      }
      return undefined;
    },
    cancel: () => setDialog({ kind: 'closed' }),
    close: () => setDialog((d) => (d.kind === 'finished' ? { kind: 'closed' } : d)),
    /** "+" / "-" on compaction. Returns why nothing changed, if so. */
    keep(direction: 1 | -1): string | undefined {
      if (dialog.kind !== 'asking' || dialog.proposal.request.kind !== 'compact') return undefined;
      const choices = keepRevisionChoices(context());
      const kept = dialog.proposal.request.keepRevisions ?? 0;
      const at = Math.max(0, choices.indexOf(kept));
      const keepRevisions = choices[Math.min(choices.length - 1, Math.max(0, at + direction))] ?? 0;
      if (keepRevisions === kept) {
        return direction > 0 ? `keeping more revisions would leave nothing to compact at revision ${dialog.proposal.revision ?? '?'}` : 'already compacting to the current revision';
      }
      setDialog({ kind: 'asking', proposal: proposeHere({ ...dialog.proposal.request, keepRevisions }) });
      return undefined;
    },
    editPath() {
      if (dialog.kind === 'asking' && dialog.proposal.request.kind === 'snapshot') {
        setDialog({ kind: 'editing', proposal: dialog.proposal, draft: dialog.proposal.request.path ?? '' });
      }
    },
    type(edit: LineEdit) {
      // From the latest draft, not this render's: a key typed before the screen caught up with
      // the previous one would otherwise overwrite it (characters were lost at typing speed).
      setDialog((d) => (d.kind !== 'editing' ? d : { ...d, draft: applyLineEdit(d.draft, edit) }));
    },
    finishEdit(keep: boolean) {
      // The latest draft too: Enter right after the last character must not drop it.
      setDialog((d) => {
        if (d.kind !== 'editing') return d;
        const request = { ...d.proposal.request, path: keep ? d.draft.trim() : d.proposal.request.path ?? '' };
        return { kind: 'asking', proposal: proposeHere(request) };
      });
    },
    skipStep: () => {
      control.current.skipNext = true;
    },
    abort: () => {
      control.current.abort = true;
    },
  };
}
