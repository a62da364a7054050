// Maps a view's tone to the theme: the one place where "critical" becomes a colour token.
import type { Tone } from '../core/views/view-text.js';
import type { Theme, ThemeColor, ThemeToken } from './theme.js';

const TOKENS: Record<Tone, ThemeToken> = {
  normal: 'text.primary',
  muted: 'text.muted',
  accent: 'accent',
  ok: 'status.ok',
  warning: 'status.warn',
  critical: 'status.error',
};

export function toneColor(theme: Theme, tone: Tone): ThemeColor | undefined {
  return theme.color(TOKENS[tone]);
}
