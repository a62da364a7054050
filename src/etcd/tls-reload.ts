// Certificate rotation: kubeadm, cert-manager and Kubespray replace the CA, certificate and key
// files in place. The gateway read them once at start; when a call then fails, it re-reads them
// (at most every TLS_RECHECK_MS) and, if they changed, reconnects with the new ones. Without this
// a monitor left open across a rotation would show every member DOWN (TLS) until restarted.
import { readFileSync } from 'node:fs';
import type { TlsMaterial } from '../config/connection-config.js';

export const TLS_RECHECK_MS = 2_000;

/** The files as they are now, if they differ from `current` and all of them can be read. */
export function rotatedTls(current: TlsMaterial): TlsMaterial | undefined {
  const next: TlsMaterial = { ...current };
  let changed = false;
  for (const kind of ['ca', 'cert', 'key'] as const) {
    const path = current[`${kind}File`];
    if (!path) continue;
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch {
      // Mid-rotation (file briefly absent) or unreadable: keep what works, look again later.
      return undefined;
    }
    if (data.length === 0) return undefined;
    const before = current[kind];
    if (!before || !before.equals(data)) changed = true;
    next[kind] = data;
  }
  return changed ? next : undefined;
}
