// The bundle edits Ink's Output so a frame reuses what the previous frame computed (styled
// characters of unchanged texts, the text of unchanged rows). Frames must stay byte for byte what
// Ink alone writes: Ink's Output is bundled here with and without the edits, and both are given
// the same sequence of frames (rows that stay, rows that change, styles, wide characters, clips).
import { build, type Plugin } from 'esbuild';
import { Chalk } from 'chalk';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const INK_OUTPUT = join(ROOT, 'node_modules', 'ink', 'build', 'output.js');

interface Write {
  x: number;
  y: number;
  text: string;
  transformers?: ((line: string, index: number) => string)[];
}
type Op = Write | { clip: { x1?: number; x2?: number; y1?: number; y2?: number } } | 'unclip';
interface OutputInstance {
  write(x: number, y: number, text: string, options: { transformers: ((line: string, index: number) => string)[] }): void;
  clip(clip: object): void;
  unclip(): void;
  get(): { output: string; height: number };
}
type OutputClass = new (size: { width: number; height: number }) => OutputInstance;

const scratch = mkdtempSync(join(tmpdir(), 'etcdtop-ink-output-'));
let plain: OutputClass;
let patched: OutputClass;
let patchedSource = '';

interface Tokenizer {
  tokenize(text: string, endChar?: number): unknown[];
  styledCharsFromTokens(tokens: unknown[]): unknown[];
  styledCharsToString(chars: unknown[]): string;
}
let plainTokenizer: Tokenizer;
let patchedTokenizer: Tokenizer;

/** ansi-tokenize as Ink's Output imports it. */
async function bundleTokenizer(name: string, plugins: Plugin[]): Promise<Tokenizer> {
  const outfile = join(scratch, `${name}.mjs`);
  const stdin = { contents: "export { tokenize, styledCharsFromTokens, styledCharsToString } from '@alcalzone/ansi-tokenize';", resolveDir: join(ROOT, 'node_modules', 'ink', 'build') };
  await build({ stdin, bundle: true, platform: 'node', format: 'esm', outfile, plugins, logLevel: 'silent' });
  return (await import(pathToFileURL(outfile).href)) as Tokenizer;
}

async function bundleOutput(name: string, plugins: Plugin[]): Promise<OutputClass> {
  const outfile = join(scratch, `${name}.mjs`);
  await build({ entryPoints: [INK_OUTPUT], bundle: true, platform: 'node', format: 'esm', outfile, plugins, logLevel: 'silent' });
  if (name === 'patched') patchedSource = readFileSync(outfile, 'utf8');
  const module = (await import(pathToFileURL(outfile).href)) as { default: OutputClass };
  return module.default;
}

beforeAll(async () => {
  const patches = (await import(pathToFileURL(join(ROOT, 'scripts', 'ink-output-patches.mjs')).href)) as {
    inkOutputAcrossFrames: Plugin;
    styledCharsSameStyles: Plugin;
    tokenizeAsciiPath: Plugin;
  };
  const all = [patches.inkOutputAcrossFrames, patches.styledCharsSameStyles, patches.tokenizeAsciiPath];
  plain = await bundleOutput('plain', []);
  patched = await bundleOutput('patched', all);
  plainTokenizer = await bundleTokenizer('tokenizer-plain', []);
  patchedTokenizer = await bundleTokenizer('tokenizer-patched', all);
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function frame(Output: OutputClass, size: { width: number; height: number }, ops: Op[]): string {
  const output = new Output(size);
  for (const op of ops) {
    if (op === 'unclip') output.unclip();
    else if ('clip' in op) output.clip(op.clip);
    else output.write(op.x, op.y, op.text, { transformers: op.transformers ?? [] });
  }
  return output.get().output;
}

const c = new Chalk({ level: 3 });
const SIZE = { width: 40, height: 8 };

/** Frame `n` of a screen like the monitor's: a box, a clock that ticks, rows that change now and then. */
function monitorLikeFrame(n: number): Op[] {
  return [
    { x: 0, y: 0, text: c.green.bold(' OK ') + ' all 3 members healthy' },
    { x: 0, y: 1, text: `╭─ Members ${'─'.repeat(28)}╮\n│${' '.repeat(38)}│\n│${' '.repeat(38)}│\n╰${'─'.repeat(38)}╯` },
    { x: 2, y: 2, text: `etcd-0 ${c.inverse('LEADER')} ${n % 3 === 0 ? c.red('DOWN') : c.green('UP')}` },
    { x: 2, y: 3, text: `age ${n}s ${c.dim('·')} 漢字 ${n % 2 === 0 ? '🙂' : 'ok'}` },
    { x: 0, y: 5, text: `leading for ${n}s`, transformers: [(line) => c.cyan(line)] },
    { x: 0, y: 6, text: n % 4 < 2 ? c.yellow('WARN: fsync >10ms') : '' },
    { clip: { x1: 0, x2: 10, y1: 0, y2: 8 } },
    { x: 0, y: 7, text: `${c.bgBlue('clipped')} tail beyond the clip ${n}` },
    'unclip',
  ];
}

describe("Ink's Output with the bundle's edits", () => {
  it('is edited: the row cache is in the bundled code', () => {
    expect(patchedSource).toContain('rowText(cells, y)');
    expect(patchedSource).toContain('OutputCaches.forNextFrame()');
    expect(patchedSource).toContain('segments.containing(index)');
    expect(patchedSource).toMatch(/styles\d* \?\?= \[\.\.\.codes\]/);
  });

  it('writes the same frames as Ink alone, frame after frame, as rows change and stay', () => {
    for (let n = 0; n < 12; n++) {
      const ops = monitorLikeFrame(n);
      expect(frame(patched, SIZE, ops)).toBe(frame(plain, SIZE, ops));
    }
  });

  it('writes the same frames when the size changes between frames and when a frame repeats', () => {
    const sizes = [SIZE, { width: 30, height: 5 }, { width: 30, height: 5 }, SIZE, { width: 50, height: 9 }, { width: 30.5, height: 5 }, { width: 0, height: 2 }, SIZE];
    sizes.forEach((size, n) => {
      const ops = monitorLikeFrame(n === 2 ? 1 : n);
      expect(frame(patched, size, ops)).toBe(frame(plain, size, ops));
    });
  });

  it('does not reuse a row whose cells moved sideways though its text is the same', () => {
    const at = (x: number): Op[] => [{ x, y: 0, text: c.red('moved') }];
    for (const x of [0, 3, 3, 0]) expect(frame(patched, SIZE, at(x))).toBe(frame(plain, SIZE, at(x)));
    expect(frame(patched, SIZE, at(3))).toContain(`   ${c.red('moved')}`);
  });
});

// Pieces a line can be made of: ASCII, controls, escape codes of every kind the tokenizer knows
// (SGR, compound, 8- and 24-bit colours, links, the C1 CSI, unterminated), and graphemes that
// join across characters (combining marks, CR LF, ZWJ emoji, flags, VS16, Hangul, Indic, lone
// surrogates), next to ASCII on either side.
const PIECES = [
  'a', 'Z', ' ', '9', '~', '\t', '\r', '\n', '\r\n', '\x7f', '\x1b', '\u0301', '\u200d', '\ufe0f',
  '\x1b[31m', '\x1b[39m', '\x1b[1;38;5;196m', '\x1b[38;2;1;2;3m', '\x1b[0m', '\x1b[7m', '\x1b[31', '\u009b32m',
  '\x1b]8;;http://127.0.0.1/\x07', '\x1b]8;;\x07', '─', '│', '╭', '›', '·', '…', '▁', '█', '漢', '字',
  '👩\u200d💻', '🇩🇪', '☺\ufe0f', '🙂', '\u1100\u1161\u11a8', 'क्षि', '\u0600', '\ud800', '\udc00', 'e\u0301',
];

/** A deterministic pseudo-random line of `count` pieces (xorshift, so every run tries the same lines). */
function lineOf(seed: number, count: number): string {
  let state = seed * 2654435761 + 1;
  let line = '';
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    line += PIECES[(state >>> 0) % PIECES.length];
  }
  return line;
}

describe("ansi-tokenize with the bundle's ASCII path", () => {
  const lines = [
    '',
    'plain ASCII only',
    `${c.green.bold(' OK ')} all 3 members healthy`,
    'a\r\nb\rc\r',
    '\x1b[31mm\u0301 combining after a code',
    ...Array.from({ length: 3000 }, (_, seed) => lineOf(seed, 1 + (seed % 12))),
  ];

  it('splits lines into the same tokens, styled characters and text as ansi-tokenize alone', () => {
    for (const line of lines) {
      const tokens = patchedTokenizer.tokenize(line);
      expect(tokens, JSON.stringify(line)).toEqual(plainTokenizer.tokenize(line));
      const chars = patchedTokenizer.styledCharsFromTokens(tokens);
      expect(chars, JSON.stringify(line)).toEqual(plainTokenizer.styledCharsFromTokens(tokens));
      expect(patchedTokenizer.styledCharsToString(chars)).toBe(plainTokenizer.styledCharsToString(chars));
    }
  });

  it('stops at the same visible width when asked to', () => {
    for (const line of lines.slice(0, 500)) {
      for (const endChar of [1, 3, 8]) {
        expect(patchedTokenizer.tokenize(line, endChar), JSON.stringify(line)).toEqual(plainTokenizer.tokenize(line, endChar));
      }
    }
  });
});
