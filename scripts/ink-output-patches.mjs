// Edits to Ink 6's frame output that scripts/bundle.mjs applies while bundling (esbuild plugins),
// kept apart so test/scripts/ink-output-patches.test.ts can bundle Ink's Output with and without
// them and compare the frames they produce. Every edit keeps the frame text byte for byte; they
// only avoid recomputing what the previous frame already computed.
import { readFileSync } from 'node:fs';

// Ink lays out every frame into a new Output, whose caches of each text's styled characters and
// width start empty: the monitor re-tokenized its whole 120x40 screen of ANSI text every second,
// the largest part of its CPU and of its garbage. Each Output here also looks in the previous
// frame's caches (and only that one's, so nothing accumulates: two frames' texts at most, see
// ink#986): a row that did not change costs a map lookup. The objects cached are the ones a
// frame already shares between its writes; nothing mutates them.
const INK_OUTPUT_EDITS = [
  ['class OutputCaches {', `class OutputCaches {
    previous;
    static last;
    static forNextFrame() {
        const next = new OutputCaches();
        next.previous = OutputCaches.last;
        if (next.previous) next.previous.previous = undefined;
        OutputCaches.last = next;
        return next;
    }`],
  ['cached = styledCharsFromTokens(tokenize(line));', 'cached = this.previous?.styledChars.get(line) ?? styledCharsFromTokens(tokenize(line));'],
  ['cached = stringWidth(text);', 'cached = this.previous?.widths.get(text) ?? stringWidth(text);'],
  ['caches = new OutputCaches();', 'caches = OutputCaches.forNextFrame();'],
  // Every cell of a frame started as a new blank object with a new styles array: 4 800 objects
  // and arrays a frame at 120x40. One blank, never mutated (cells are replaced, not changed).
  // Each row is allocated at its width at once, not grown push by push (a copy per growth).
  [`            const row = [];
            for (let x = 0; x < this.width; x++) {
                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });
            }`, '            const row = new Array(this.width > 0 ? Math.ceil(this.width) : 0).fill(BLANK_CELL);'],
  ['export default class Output {', "const BLANK_CELL = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });\nexport default class Output {"],
  // Every row of every frame was turned back into text (a filtered copy of its 120 cells, a style
  // diff and a string piece per cell: the largest share of the monitor's garbage), though at 1 s
  // only the few rows whose data moved differ from the previous frame. A row made of the very
  // same cell objects as the previous frame's row at that height (the caches above hand out the
  // same objects for an unchanged text, and nothing mutates them) has the same text: reused.
  [`        const generatedOutput = output
            .map(line => {
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
            return styledCharsToString(lineWithoutEmptyItems).trimEnd();
        })`, `        const generatedOutput = output
            .map((line, y) => this.caches.rowText(line, y))`],
  ['    getStringWidth(text) {', `    rows = [];
    rowText(cells, y) {
        const before = this.previous?.rows[y];
        const text = before !== undefined && sameCells(before.cells, cells)
            ? before.text
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
            : styledCharsToString(cells.filter(item => item !== undefined)).trimEnd();
        this.rows[y] = { cells, text };
        return text;
    }
    getStringWidth(text) {`],
  ['class OutputCaches {', `function sameCells(before, now) {
    if (before.length !== now.length) return false;
    for (let x = 0; x < now.length; x++) {
        if (before[x] !== now[x]) return false;
    }
    return true;
}
class OutputCaches {`],
];
// Turning a row of styled cells back into text diffed the styles of every two neighbouring cells
// (three Sets and three arrays each, ~30 000 objects a frame at 120x40), though neighbours nearly
// always carry the same styles, whose difference is empty. Equal styles are recognised first.
const SAME_STYLE_EDITS = [
  ['            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
    '            if (!sameCodes(chars[i - 1].styles, char.styles)) ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));'],
  ['export function styledCharsToString(chars) {', `function sameCodes(from, to) {
    if (from === to) return true;
    if (from.length !== to.length) return false;
    for (let i = 0; i < from.length; i++) {
        if (from[i] !== to[i] && (from[i].code !== to[i].code || from[i].endCode !== to[i].endCode)) return false;
    }
    return true;
}
export function styledCharsToString(chars) {`],
  // Each character of a tokenized line got its own copy of the styles in force, though a run of
  // characters shares them: one copy per run (nothing mutates a cell's styles), which also lets
  // sameCodes above answer at \`from === to\`.
  [`    let codes = [];
    const ret = [];`, `    let codes = [];
    let styles;
    const ret = [];`],
  ['            codes = reduceAnsiCodesIncremental(codes, [token]);', `            codes = reduceAnsiCodesIncremental(codes, [token]);
            styles = undefined;`],
  ['                styles: [...codes],', '                styles: (styles ??= [...codes]),'],
];
export const styledCharsSameStyles = {
  name: 'styled-chars-same-styles',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/ }, (args) => ({ contents: edited(args.path, SAME_STYLE_EDITS), loader: 'js' }));
  },
};

/** `path`'s source with each [from, to] replaced; each `from` must occur exactly once. */
function edited(path, edits) {
  return editedSource(path, readFileSync(path, 'utf8'), edits);
}

function editedSource(path, source, edits) {
  let contents = source;
  for (const [from, to] of edits) {
    if (contents.split(from).length !== 2) throw new Error(`${path} no longer has "${from.trim().slice(0, 60)}" once, as scripts/bundle.mjs expects`);
    contents = contents.replace(from, to);
  }
  return contents;
}

export const inkOutputAcrossFrames = {
  name: 'ink-output-caches-across-frames',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]ink[\\/]build[\\/]output\.js$/ }, (args) => ({ contents: edited(args.path, INK_OUTPUT_EDITS), loader: 'js' }));
  },
};

// ansi-tokenize split every line into graphemes with Intl.Segmenter: an iterator step and a
// segment object per character, for lines that are nearly all ASCII. An ASCII character other
// than CR followed by an ASCII character (or by nothing) is a grapheme of its own (Unicode's
// rules GB3-GB999: nothing joins two ASCII characters but CR LF), so it is taken as is; anything
// else asks the segmenter for the grapheme at that index. The loop body is Ink's, unchanged.
const TOKENIZE_EDITS = [
  [`    for (const { segment, index } of segmenter.segment(str)) {
        // Skip segments consumed as part of an ANSI sequence
        if (index < codeEndIndex)
            continue;`, `    let segments;
    for (let index = 0, segment = ""; index < str.length; index += segment.length) {
        const unit = str.charCodeAt(index);
        if (unit < 0x7f && unit !== 0x0d && (index + 1 === str.length || str.charCodeAt(index + 1) < 0x80)) {
            segment = str[index];
        }
        else {
            segments ??= segmenter.segment(str);
            const found = segments.containing(index);
            // Never expected (every index here starts a grapheme): the rest of that grapheme is skipped, as the iterator would.
            segment = found.index === index ? found.segment : found.segment.slice(index - found.index);
            if (found.index !== index)
                continue;
        }
        // Skip segments consumed as part of an ANSI sequence
        if (index < codeEndIndex)
            continue;`],
];

/** ansi-tokenize's tokenize.js with the ASCII path; bundle.mjs's lazy segmenter edit composes with it. */
export function tokenizeWithAsciiPath(path, source = readFileSync(path, 'utf8')) {
  return editedSource(path, source, TOKENIZE_EDITS);
}

export const TOKENIZE_FILE = /[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/;

/** The ASCII path alone, for the tests (the bundle applies it inside its lazy-segmenters plugin). */
export const tokenizeAsciiPath = {
  name: 'tokenize-ascii-path',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: TOKENIZE_FILE }, (args) => ({ contents: tokenizeWithAsciiPath(args.path), loader: 'js' }));
  },
};
