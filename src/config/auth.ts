// etcd user/password, resolved the way etcdctl does it, minus the prompt: this version never
// asks interactively, because the monitor owns the terminal and `check` runs from cron.
// No message built here contains a password.
import type { ConfigProblem, ConnectionConfig } from './connection-config.js';
import { pickString, type Env, type SettingOrigins } from './setting-sources.js';

export interface AuthFlags {
  user?: string;
  password?: string;
}

export type AuthResult = { ok: true; auth: ConnectionConfig['auth'] } | { ok: false; problem: ConfigProblem };

const PASSWORD_HINT =
  'export ETCDCTL_PASSWORD (preferred: --password and --user name:password are visible to other users in the process list)';

/**
 * etcdctl's rule: with a password given (--password or ETCDCTL_PASSWORD) the user is taken
 * whole, so a name may contain ':'; without one, "name:password" is split at the first ':'.
 */
export function resolveAuth(flags: AuthFlags, env: Env, origins: SettingOrigins): AuthResult {
  const user = pickString(flags.user, '--user', env, 'ETCDCTL_USER');
  const password = pickString(flags.password, '--password', env, 'ETCDCTL_PASSWORD');
  if (user === undefined) {
    if (password === undefined) return { ok: true, auth: undefined };
    return {
      ok: false,
      problem: { message: `a password is set (${password.label}) but no user`, hint: 'pass --user NAME or set ETCDCTL_USER' },
    };
  }
  origins.note(user);
  origins.note(password);
  if (password !== undefined) return { ok: true, auth: { username: user.value, password: password.value } };
  const colon = user.value.indexOf(':');
  const name = colon < 0 ? user.value : user.value.slice(0, colon);
  if (name === '') {
    return { ok: false, problem: { message: `${user.label} has an empty user name before ':'`, hint: 'write --user NAME' } };
  }
  const inlinePassword = colon < 0 ? '' : user.value.slice(colon + 1);
  if (inlinePassword === '') {
    return { ok: false, problem: { message: `${user.label} names user "${name}" but no password was given (etcdtop never prompts)`, hint: PASSWORD_HINT } };
  }
  return { ok: true, auth: { username: name, password: inlinePassword } };
}
