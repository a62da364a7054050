// The settings that need no file access: timeouts, TLS switches, metrics URLs and auth.
import { resolveAuth, type AuthFlags } from './auth.js';
import type { ConfigProblem, ConnectionConfig } from './connection-config.js';
import { parseDuration } from './duration.js';
import { parseMetricsUrls, splitList } from './endpoints.js';
import { pickBool, pickList, pickString, type Env, type SettingOrigins } from './setting-sources.js';

/** etcdctl's --dial-timeout default. */
export const DEFAULT_DIAL_TIMEOUT_MS = 2_000;
/**
 * etcdctl's --command-timeout default is 5 s; etcdtop's reads default to 1.5 s so that a frozen
 * member costs one poll round at most 1.5 s, and the screen keeps moving.
 */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1_500;

export interface SettingFlags extends AuthFlags {
  dialTimeout?: string;
  commandTimeout?: string;
  metricsUrls?: string | readonly string[];
  insecureSkipTlsVerify?: boolean;
  insecureTransport?: boolean;
}

export interface Settings {
  dialTimeoutMs: number;
  commandTimeoutMs: number;
  insecureSkipVerify: boolean;
  /** etcdctl's --insecure-transport (default true): false means bare host:port endpoints get https. */
  insecureTransport: boolean;
  metricsUrls: string[];
  auth: ConnectionConfig['auth'];
}

type Result<T> = { ok: true; value: T } | { ok: false; problem: ConfigProblem };

const DURATION_HINT = 'write a duration with a unit, as etcdctl does: 2s, 500ms, 1m30s';

function timeout(flagValue: string | undefined, flagName: string, env: Env, envName: string, defaultMs: number, origins: SettingOrigins): Result<number> {
  const picked = pickString(flagValue, flagName, env, envName);
  if (picked === undefined) return { ok: true, value: defaultMs };
  const ms = parseDuration(picked.value);
  if (ms === undefined) {
    return { ok: false, problem: { message: `${picked.label} "${picked.value}" is not a duration`, hint: DURATION_HINT } };
  }
  if (ms <= 0) return { ok: false, problem: { message: `${picked.label} must be longer than 0`, hint: DURATION_HINT } };
  origins.note(picked);
  // Timers work in whole milliseconds; rounding up keeps "250us" from becoming "no time at all".
  return { ok: true, value: Math.ceil(ms) };
}

function flag(flagValue: boolean | undefined, flagName: string, env: Env, envName: string, defaultValue: boolean, origins: SettingOrigins): Result<boolean> {
  const picked = pickBool(flagValue, flagName, env, envName);
  if (!picked.ok) {
    return { ok: false, problem: { message: `${picked.label}="${picked.text}" is not a boolean`, hint: `set ${picked.label} to true or false` } };
  }
  origins.note(picked.picked);
  return { ok: true, value: picked.picked?.value ?? defaultValue };
}

function metricsUrls(input: SettingFlags, env: Env, origins: SettingOrigins): Result<string[]> {
  const picked = pickList(input.metricsUrls, '--metrics-urls', env, 'ETCDTOP_METRICS_URLS');
  if (picked === undefined) return { ok: true, value: [] };
  const parsed = parseMetricsUrls(splitList(picked.value) ?? [], picked.label);
  if (!parsed.ok) return parsed;
  origins.note(picked);
  return { ok: true, value: parsed.urls };
}

export function resolveSettings(input: SettingFlags, env: Env, origins: SettingOrigins): Result<Settings> {
  const dial = timeout(input.dialTimeout, '--dial-timeout', env, 'ETCDCTL_DIAL_TIMEOUT', DEFAULT_DIAL_TIMEOUT_MS, origins);
  if (!dial.ok) return dial;
  const command = timeout(input.commandTimeout, '--command-timeout', env, 'ETCDCTL_COMMAND_TIMEOUT', DEFAULT_COMMAND_TIMEOUT_MS, origins);
  if (!command.ok) return command;
  const skipVerify = flag(input.insecureSkipTlsVerify, '--insecure-skip-tls-verify', env, 'ETCDCTL_INSECURE_SKIP_TLS_VERIFY', false, origins);
  if (!skipVerify.ok) return skipVerify;
  const transport = flag(input.insecureTransport, '--insecure-transport', env, 'ETCDCTL_INSECURE_TRANSPORT', true, origins);
  if (!transport.ok) return transport;
  const metrics = metricsUrls(input, env, origins);
  if (!metrics.ok) return metrics;
  const auth = resolveAuth(input, env, origins);
  if (!auth.ok) return auth;
  return {
    ok: true,
    value: {
      dialTimeoutMs: dial.value,
      commandTimeoutMs: command.value,
      insecureSkipVerify: skipVerify.value,
      insecureTransport: transport.value,
      metricsUrls: metrics.value,
      auth: auth.auth,
    },
  };
}
