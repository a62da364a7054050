// Each setting comes from a flag, else an ETCDCTL_* variable (etcdctl's names), else a default or
// detection. A picked value remembers its label so a message names what the operator typed.

export type Env = Readonly<Record<string, string | undefined>>;

export interface Picked<T> {
  value: T;
  /** "--dial-timeout" or "ETCDCTL_DIAL_TIMEOUT": what to name in a message. */
  label: string;
  /** "flags", "ETCDCTL_* environment", or the variable's own name for ETCDTOP_* ones. */
  origin: string;
}

export const FLAGS_ORIGIN = 'flags';
const ETCDCTL_ORIGIN = 'ETCDCTL_* environment';

function envOrigin(envName: string): string {
  return envName.startsWith('ETCDCTL_') ? ETCDCTL_ORIGIN : envName;
}

/**
 * Unlike etcdctl, which refuses to run when a flag and its ETCDCTL_* variable are both set, the
 * flag wins: an exported variable in a shell profile should not block a one-off override.
 * An empty value counts as not given, as it does for etcdctl.
 */
export function pickString(flagValue: string | undefined, flagName: string, env: Env, envName: string): Picked<string> | undefined {
  if (flagValue !== undefined && flagValue.trim() !== '') return { value: flagValue, label: flagName, origin: FLAGS_ORIGIN };
  const fromEnv = env[envName];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { value: fromEnv, label: envName, origin: envOrigin(envName) };
  return undefined;
}

/** Flag arrays (yargs may give string[]) are kept as they are; splitting happens in endpoints.ts. */
export function pickList(
  flagValue: string | readonly string[] | undefined,
  flagName: string,
  env: Env,
  envName: string,
): Picked<string | readonly string[]> | undefined {
  const flagGiven = typeof flagValue === 'string' ? flagValue.trim() !== '' : flagValue !== undefined && flagValue.some((v) => v.trim() !== '');
  if (flagGiven && flagValue !== undefined) return { value: flagValue, label: flagName, origin: FLAGS_ORIGIN };
  return pickString(undefined, flagName, env, envName);
}

// strconv.ParseBool's spellings, which is what etcdctl accepts in its variables.
const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export type PickedBool = { ok: true; picked: Picked<boolean> | undefined } | { ok: false; label: string; text: string };

export function pickBool(flagValue: boolean | undefined, flagName: string, env: Env, envName: string): PickedBool {
  if (flagValue !== undefined) return { ok: true, picked: { value: flagValue, label: flagName, origin: FLAGS_ORIGIN } };
  const text = env[envName]?.trim();
  if (text === undefined || text === '') return { ok: true, picked: undefined };
  if (TRUE_WORDS.has(text)) return { ok: true, picked: { value: true, label: envName, origin: envOrigin(envName) } };
  if (FALSE_WORDS.has(text)) return { ok: true, picked: { value: false, label: envName, origin: envOrigin(envName) } };
  return { ok: false, label: envName, text };
}

const ORIGIN_RANK = (origin: string): number => (origin === FLAGS_ORIGIN ? 0 : origin === ETCDCTL_ORIGIN ? 1 : 2);

/** Collects where settings came from for ConnectionConfig.source; never holds a value, so never a secret. */
export class SettingOrigins {
  private readonly origins: string[] = [];

  add(origin: string | undefined): void {
    if (origin !== undefined && !this.origins.includes(origin)) this.origins.push(origin);
  }

  note(picked: { origin: string } | undefined): void {
    this.add(picked?.origin);
  }

  describe(): string {
    const sorted = [...this.origins].sort((a, b) => ORIGIN_RANK(a) - ORIGIN_RANK(b));
    return sorted.length === 0 ? 'defaults' : sorted.join(' + ');
  }
}
