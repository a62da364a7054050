// Flags of the headless maintenance commands (`etcdtop defrag`, `etcdtop snapshot`), and their
// exit codes: one table for the code, --help and the README.
import type { Options } from 'yargs';
import { monitorOptions } from './monitor-options.js';

export const MAINTENANCE_GROUP = 'Maintenance:';

/** Exit codes of `defrag` and `snapshot`; 3 is every command's "bad input / nothing reachable". */
export const MAINTENANCE_EXIT = { done: 0, refused: 1, failed: 2, unknown: 3 } as const;

export const maintenanceOptions = {
  member: {
    type: 'string',
    describe: 'Only this member: its hex id (as `etcdctl member list` prints it) or its name',
  },
  'audit-log': monitorOptions['audit-log'],
} as const satisfies Record<string, Options>;

export const defragOptions = {
  ...maintenanceOptions,
  'if-db-over-percent': { type: 'number', describe: 'Only members whose DB file is over this % of the quota' },
  'if-unused-over': { type: 'string', describe: 'Only members with more than this not in use (a defragment gives it back), e.g. 500MB, 1GiB' },
  'if-unused-over-percent': { type: 'number', describe: 'Only members with more than this % of the DB file not in use' },
  'dry-run': { type: 'boolean', default: false, describe: 'Say what would be done, and why, without doing it' },
  'defrag-timeout': monitorOptions['defrag-timeout'],
} as const satisfies Record<string, Options>;

export interface MaintenanceArgs {
  member?: string;
  auditLog?: string;
}

export interface DefragArgs extends MaintenanceArgs {
  ifDbOverPercent?: number;
  ifUnusedOver?: string;
  ifUnusedOverPercent?: number;
  dryRun: boolean;
  defragTimeout?: string;
}
