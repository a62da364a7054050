// Flags of the live monitor (the default command).
import type { Options } from 'yargs';

export const monitorOptions = {
  interval: {
    type: 'string',
    default: '1s',
    describe: 'Poll interval, e.g. 500ms, 1s, 2s (+ and - change it live)',
    // Given twice, the last one wins (as with etcdctl's flags), rather than an array.
    coerce: (value: string | string[]) => (Array.isArray(value) ? value[value.length - 1] : value),
  },
  color: {
    type: 'boolean',
    default: true,
    describe: 'Colour output; --no-color or NO_COLOR=1 turn it off (words still carry every state)',
  },
  'read-only': {
    type: 'boolean',
    default: false,
    describe: 'Remove every key that changes the cluster (for shared screens)',
  },
  'defrag-timeout': {
    type: 'string',
    default: '120s',
    describe: 'Deadline of one defragment (it blocks the member while it runs; never retried)',
  },
  'audit-log': {
    type: 'string',
    describe: 'JSON-lines audit log of operations (default ~/.local/state/etcdtop/audit.log)',
  },
  log: {
    type: 'string',
    describe: 'Debug log file; nothing is ever printed behind the screen (env ETCDTOP_LOG)',
  },
  record: {
    type: 'string',
    describe: 'Append every poll round to FILE (JSON lines, no credentials) for `etcdtop replay FILE`',
  },
} as const satisfies Record<string, Options>;

export interface MonitorArgs {
  interval: string;
  color: boolean;
  readOnly: boolean;
  defragTimeout?: string;
  auditLog?: string;
  log?: string;
  record?: string;
}
