// The footer's notice: the answer to the last key (why it did nothing, what it changed). It goes
// after a few seconds: a notice left up for half a minute ("cancelled: nothing was done") reads
// as the state of the cluster, and hides the keys. The paused notice is a state, and stays.
import { useEffect, useState } from 'react';

export const NOTICE_MS = 4000;

interface Notice {
  text: string;
  /** Bumped on every set, so the same text said again starts its time again. */
  serial: number;
  sticky: boolean;
  longer?: number;
}

export interface NoticeOptions {
  /** Stays until replaced (the paused notice). */
  sticky?: boolean;
  /** Stays this much longer than a plain notice (a reason to read, not a confirmation). */
  longer?: number;
}

export function useNotice(noticeMs = NOTICE_MS): [string | undefined, (text: string | undefined, options?: NoticeOptions) => void] {
  const [notice, setState] = useState<Notice | undefined>(undefined);
  useEffect(() => {
    if (!notice || notice.sticky) return undefined;
    const timer = setTimeout(() => setState((current) => (current?.serial === notice.serial ? undefined : current)), noticeMs * (notice.longer ?? 1));
    return () => clearTimeout(timer);
  }, [notice, noticeMs]);
  const set = (text: string | undefined, options: NoticeOptions = {}) =>
    setState((previous) => (text === undefined ? undefined : {
      text, serial: (previous?.serial ?? 0) + 1, sticky: options.sticky ?? false, ...(options.longer ? { longer: options.longer } : {}),
    }));
  return [notice?.text, set];
}
