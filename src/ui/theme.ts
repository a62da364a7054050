// Semantic colour tokens: components ask for `status.error`, never for "red". With colour off
// (--no-color or NO_COLOR) every token maps to undefined and Ink prints plain text; nothing is
// lost because every state is also a word (LEADER, DOWN, NOSPACE, STALE).
import { createContext, useContext } from 'react';

export type ThemeToken =
  | 'text.primary'
  | 'text.muted'
  | 'status.ok'
  | 'status.warn'
  | 'status.error'
  | 'accent'
  | 'border'
  | 'selection';

/** The colours the palette uses: chalk's foreground names, which Ink's `color` prop takes too. */
export type ThemeColor = 'white' | 'gray' | 'green' | 'yellow' | 'red' | 'cyan' | 'blue';

export interface Theme {
  color(token: ThemeToken): ThemeColor | undefined;
  /** Whether bold/inverse may be used for emphasis (kept even without colour: it is not hue). */
  readonly colorEnabled: boolean;
}

const PALETTE: Record<ThemeToken, ThemeColor> = {
  'text.primary': 'white',
  'text.muted': 'gray',
  'status.ok': 'green',
  'status.warn': 'yellow',
  'status.error': 'red',
  accent: 'cyan',
  border: 'gray',
  selection: 'blue',
};

export function createTheme(colorEnabled: boolean): Theme {
  return {
    colorEnabled,
    color: (token) => (colorEnabled ? PALETTE[token] : undefined),
  };
}

/** NO_COLOR (https://no-color.org): any non-empty value turns colour off. */
export function colorWanted(flag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return flag && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

export const ThemeContext = createContext<Theme>(createTheme(false));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** Maps a health level to its token, so every pane colours levels the same way. */
export function levelToken(level: 'ok' | 'warning' | 'critical' | 'unknown' | 'info'): ThemeToken {
  switch (level) {
    case 'ok':
      return 'status.ok';
    case 'warning':
      return 'status.warn';
    case 'critical':
      return 'status.error';
    default:
      return 'text.muted';
  }
}
