// Rows the monitor redraws with live data must go through PaintedLine, never Ink's <Text>: Ink
// keeps every distinct string a <Text> ever showed (see src/ui/PaintedLine.tsx), so one <Text>
// holding a clock or a counter grows the heap for as long as the monitor is open. This keeps
// <Text> to the files that show a few fixed or short-lived strings.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/** Where <Text> stays, and why that is bounded. */
const ALLOWED: Record<string, string> = {
  'ui/overlays/HelpOverlay.tsx': 'the keymap: a fixed set of strings',
  'ui/overlays/OperationDialog.tsx': 'one proposal and its result per operation; the running clock is painted',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

function importsInkText(source: string): boolean {
  return [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'ink'/g)].some((match) => /\bText\b/.test(match[1]!));
}

describe("Ink's <Text>", () => {
  const users = sourceFiles(SRC)
    .filter((file) => importsInkText(readFileSync(file, 'utf8')))
    .map((file) => relative(SRC, file));

  it('is used only where the strings it shows are few', () => {
    expect(users.sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it('is recognised in an import among other names', () => {
    expect(importsInkText("import { Box, Text } from 'ink';")).toBe(true);
    expect(importsInkText("import { Box, Transform } from 'ink';")).toBe(false);
  });
});
