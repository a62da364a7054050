// Flags of `etcdtop lab`, and their translation into checked settings. Every bad value is one
// problem line and one hint, before any process starts.
import type { Options } from 'yargs';
import { monitorOptions } from '../cli/monitor-options.js';
import type { ConfigProblem } from '../config/connection-config.js';
import { formatBytesIEC } from '../core/format.js';
import { SIZE_EXAMPLES, parseRate, parseSize } from './sizes.js';

export const LAB_GROUP = 'Lab (a throw-away local cluster):';

export const labOptions = {
  members: { type: 'number', choices: [1, 3, 5], default: 3, describe: 'How many etcd members to start' },
  quota: {
    type: 'string',
    describe: `--quota-backend-bytes of every member, ${SIZE_EXAMPLES} (default etcd's own, 2 GiB)`,
  },
  load: {
    type: 'string',
    describe: 'Write keys at this rate, e.g. 500KiB/s; alone: 200 KiB/s, or fast enough to fill --quota in about 30 s',
  },
  'value-size': { type: 'string', default: '16KiB', describe: 'Size of each value --load writes' },
  'etcd-bin': { type: 'string', describe: 'The etcd binary (default: etcd on PATH, then /usr/bin/etcd)' },
} as const satisfies Record<string, Options>;

/** Every flag of `etcdtop lab`: the monitor's (its audit log kept with the lab), then the lab's own. */
export const labCommandOptions = {
  ...monitorOptions,
  'audit-log': { type: 'string', describe: 'JSON-lines audit log of operations (default: in the lab\u2019s folder, deleted with it)' },
  ...labOptions,
} as const satisfies Record<string, Options>;

/**
 * As yargs hands them over: typed `string`, but a repeated flag arrives as an array (the last
 * one wins, as in etcdctl) and `--no-load` as false.
 */
export interface LabArgs {
  members: number;
  quota?: unknown;
  /** '' when --load is given without a rate. */
  load?: unknown;
  valueSize: unknown;
  etcdBin?: unknown;
}

export interface LoadSettings {
  bytesPerSecond: number;
  valueBytes: number;
  /** The load overwrites this many keys in turn, so compaction can free almost everything it wrote. */
  keyCount: number;
}

export interface LabSettings {
  members: number;
  quotaBytes?: number;
  load?: LoadSettings;
  etcdBin?: string;
}

export type LabSettingsResult = { ok: true; settings: LabSettings } | { ok: false; problem: ConfigProblem };

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;
export const DEFAULT_LOAD_BYTES_PER_SECOND = 200 * KIB;
const MAX_DEFAULT_LOAD_BYTES_PER_SECOND = MIB;
/** A newcomer should see NOSPACE within about this long, not after an hour. */
const FILL_QUOTA_IN_SECONDS = 30;
const MAX_LOAD_BYTES_PER_SECOND = 16 * MIB;
/** Under etcd's default --max-request-bytes (1.5 MiB), or every put would be refused. */
const MAX_VALUE_BYTES = MIB;
const MIN_QUOTA_BYTES = MIB;
/** etcd's documented upper bound for the backend. */
const MAX_QUOTA_BYTES = 8 * GIB;
const MAX_LOAD_KEYS = 64;
/** What the load keeps live at most: a small share of the quota, so a recovery frees room. */
const LIVE_BYTES_BUDGET = MIB;

/** 200 KiB/s, or faster (up to 1 MiB/s) when that fills the quota in about 30 s. */
export function defaultLoadRate(quotaBytes: number | undefined): number {
  if (quotaBytes === undefined) return DEFAULT_LOAD_BYTES_PER_SECOND;
  const toFill = Math.ceil(quotaBytes / FILL_QUOTA_IN_SECONDS);
  return Math.min(MAX_DEFAULT_LOAD_BYTES_PER_SECOND, Math.max(DEFAULT_LOAD_BYTES_PER_SECOND, toFill));
}

/** Enough keys to spread writes, few enough that the live data stays a small share of the quota. */
export function loadKeyCount(valueBytes: number, quotaBytes: number | undefined): number {
  const budget = Math.min(LIVE_BYTES_BUDGET, quotaBytes === undefined ? LIVE_BYTES_BUDGET : quotaBytes / 16);
  return Math.max(1, Math.min(MAX_LOAD_KEYS, Math.floor(budget / valueBytes)));
}

function sizeProblem(flag: string, value: string, range: string): ConfigProblem {
  return { message: `invalid ${flag} '${value}'`, hint: `use a size ${range}, ${SIZE_EXAMPLES}` };
}

/** The flag's text: the last of a repeated flag; undefined when absent or negated (--no-load). */
export function flagText(value: unknown): string | undefined {
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  if (last === undefined || last === false || last === null) return undefined;
  return last === true ? '' : String(last);
}

function parseQuota(text: string | undefined): { ok: true; bytes?: number } | { ok: false; problem: ConfigProblem } {
  if (text === undefined) return { ok: true };
  const bytes = parseSize(text);
  if (bytes === undefined || bytes < MIN_QUOTA_BYTES || bytes > MAX_QUOTA_BYTES) {
    return { ok: false, problem: sizeProblem('--quota', text, `from ${formatBytesIEC(MIN_QUOTA_BYTES)} to ${formatBytesIEC(MAX_QUOTA_BYTES)}`) };
  }
  return { ok: true, bytes };
}

function parseLoad(args: LabArgs, quotaBytes: number | undefined): { ok: true; load?: LoadSettings } | { ok: false; problem: ConfigProblem } {
  const rate = flagText(args.load);
  if (rate === undefined) return { ok: true };
  const valueSize = flagText(args.valueSize) ?? '';
  const valueBytes = parseSize(valueSize);
  if (valueBytes === undefined || valueBytes > MAX_VALUE_BYTES) {
    return { ok: false, problem: sizeProblem('--value-size', valueSize, `up to ${formatBytesIEC(MAX_VALUE_BYTES)} (etcd refuses larger requests)`) };
  }
  const bytesPerSecond = rate.trim() === '' ? defaultLoadRate(quotaBytes) : parseRate(rate);
  if (bytesPerSecond === undefined || bytesPerSecond > MAX_LOAD_BYTES_PER_SECOND) {
    return {
      ok: false,
      problem: { message: `invalid --load '${rate}'`, hint: `use a rate up to ${formatBytesIEC(MAX_LOAD_BYTES_PER_SECOND)}/s, e.g. 200KiB/s or 1MiB/s, or --load alone` },
    };
  }
  return { ok: true, load: { bytesPerSecond, valueBytes, keyCount: loadKeyCount(valueBytes, quotaBytes) } };
}

export function labSettingsFromArgs(args: LabArgs): LabSettingsResult {
  if (![1, 3, 5].includes(args.members)) {
    return { ok: false, problem: { message: `invalid --members '${args.members}'`, hint: 'use 1, 3 or 5' } };
  }
  const quota = parseQuota(flagText(args.quota));
  if (!quota.ok) return quota;
  const load = parseLoad(args, quota.bytes);
  if (!load.ok) return load;
  const etcdBin = flagText(args.etcdBin);
  return {
    ok: true,
    settings: {
      members: args.members,
      ...(quota.bytes !== undefined ? { quotaBytes: quota.bytes } : {}),
      ...(load.load ? { load: load.load } : {}),
      ...(etcdBin !== undefined ? { etcdBin } : {}),
    },
  };
}
