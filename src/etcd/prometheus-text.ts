// Parser for the Prometheus text exposition format 0.0.4, the format etcd serves on /metrics.
// A scrape is data from a member we do not control (a proxy, another version, a truncated body):
// a line we cannot read is skipped, never thrown on, so one odd line cannot hide the others.

export interface Sample {
  /** Sample name as written, e.g. `etcd_disk_wal_fsync_duration_seconds_bucket`. */
  name: string;
  labels: Readonly<Record<string, string>>;
  /** May be NaN or ±Infinity: the format allows them. */
  value: number;
  /** Milliseconds since the epoch, when the line carries one (etcd never does). */
  timestampMs?: number;
}

export interface PrometheusText {
  /** Samples keyed by sample name (a histogram's `_bucket`, `_sum` and `_count` are separate keys). */
  samples: Map<string, Sample[]>;
  /** Metric family name → `counter` | `gauge` | `histogram` | `summary` | `untyped`, from `# TYPE`. */
  types: Map<string, string>;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
// Decimal floats only: Number() alone would also accept "", "0x1f" and "Infinity".
const DECIMAL_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^-?\d+$/;

/**
 * `keep`, when given, names the samples worth reading: etcd serves ~1 300 samples on ~1 500 lines
 * and etcdtop uses a few dozen. They are then found by searching the text for each name (a native
 * string search) instead of walking every line: a one-shot command runs this once per member, in
 * code not yet compiled, where the walk cost 4-5 ms of a 150 KiB scrape. Every `# TYPE` is read
 * either way, and both ways read the same samples (test/etcd/prometheus-text-skip.test.ts).
 */
export function parsePrometheusText(text: string, keep?: ReadonlySet<string>): PrometheusText {
  const parsed: PrometheusText = { samples: new Map(), types: new Map() };
  if (keep !== undefined) {
    readTypeLines(text, parsed.types);
    for (const name of keep) readSamplesNamed(text, name, parsed.samples);
    return parsed;
  }
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (!isHelpComment(text, lineStart, lineEnd)) readLine(text.slice(lineStart, lineEnd).trim(), parsed);
    lineStart = lineEnd + 1;
  }
  return parsed;
}

function readLine(line: string, parsed: PrometheusText): void {
  if (line === '') return;
  if (line.startsWith('#')) {
    readTypeComment(line, parsed.types);
    return;
  }
  const sample = parseSampleLine(line);
  if (sample !== undefined) addSample(parsed.samples, sample);
}

function addSample(samples: Map<string, Sample[]>, sample: Sample): void {
  const series = samples.get(sample.name);
  if (series) series.push(sample);
  else samples.set(sample.name, [sample]);
}

/** The line holding `text[at]`: from after the previous newline to before the next one. */
function lineAround(text: string, at: number): { start: number; end: number } {
  const newline = text.indexOf('\n', at);
  return { start: text.lastIndexOf('\n', at - 1) + 1, end: newline === -1 ? text.length : newline };
}

// Only blanks (as String.prototype.trim sees them) between a line's start and a sample's name.
const BLANKS = /^\s*$/;

/**
 * The sample lines of one name, in order. A sample line is its name after nothing but blanks, so
 * only the first occurrence on a line can start one (a later one sits in a label value or a
 * comment): the search goes on from the end of each line it looked at.
 */
function readSamplesNamed(text: string, name: string, samples: Map<string, Sample[]>): void {
  let at = text.indexOf(name);
  while (at !== -1) {
    const { start, end } = lineAround(text, at);
    if (at === start || BLANKS.test(text.slice(start, at))) {
      // The line's own name may be longer (`etcd_server_id` in `etcd_server_idx 1`).
      const sample = parseSampleLine(text.slice(start, end).trim());
      if (sample?.name === name) addSample(samples, sample);
    }
    at = text.indexOf(name, end);
  }
}

/** Every `# TYPE` line: a line readTypeComment can use holds "TYPE", so it is searched for. */
function readTypeLines(text: string, types: Map<string, string>): void {
  let at = text.indexOf('TYPE');
  while (at !== -1) {
    const { start, end } = lineAround(text, at);
    const line = text.slice(start, end).trim();
    if (line.startsWith('#')) readTypeComment(line, types);
    at = text.indexOf('TYPE', end);
  }
}

const HASH = 0x23;

/** A `# HELP` line, told from its first characters without copying it (most of a scrape's comments). */
function isHelpComment(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start) !== HASH) return false;
  let i = start + 1;
  while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  return text.startsWith('HELP', i);
}

/** Go's ParseFloat spellings as Prometheus writes them: `+Inf`, `-Inf`, `NaN`, `1.5e+09`. */
export function parseSampleValue(token: string): number | undefined {
  const lower = token.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  return DECIMAL_FLOAT.test(token) ? Number(token) : undefined;
}

/** One sample line, already trimmed; undefined when it is malformed. */
export function parseSampleLine(line: string): Sample | undefined {
  const name = METRIC_NAME.exec(line)?.[0];
  if (name === undefined) return undefined;
  let rest = line.slice(name.length).trimStart();
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const read = readLabels(rest);
    if (read === undefined) return undefined;
    labels = read.labels;
    rest = read.rest;
  }
  const tokens = rest.split(/[ \t]+/).filter((token) => token !== '');
  if (tokens.length < 1 || tokens.length > 2) return undefined;
  const value = parseSampleValue(tokens[0]!);
  if (value === undefined) return undefined;
  if (tokens.length === 1) return { name, labels, value };
  if (!INTEGER.test(tokens[1]!)) return undefined;
  return { name, labels, value, timestampMs: Number(tokens[1]) };
}

/** Reads `{a="x",b="y",}` from the start of `text`; a trailing comma is allowed by the format. */
function readLabels(text: string): { labels: Record<string, string>; rest: string } | undefined {
  const labels: Record<string, string> = {};
  let rest = text.slice(1).trimStart();
  while (!rest.startsWith('}')) {
    const labelName = LABEL_NAME.exec(rest)?.[0];
    if (labelName === undefined) return undefined;
    rest = rest.slice(labelName.length).trimStart();
    if (!rest.startsWith('=')) return undefined;
    rest = rest.slice(1).trimStart();
    const quoted = readQuoted(rest);
    if (quoted === undefined) return undefined;
    labels[labelName] = quoted.value;
    rest = quoted.rest.trimStart();
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
    else if (!rest.startsWith('}')) return undefined;
  }
  return { labels, rest: rest.slice(1) };
}

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', n: '\n' };

/** Reads a double-quoted label value; only \\, \" and \n are valid escapes in 0.0.4. */
function readQuoted(text: string): { value: string; rest: string } | undefined {
  if (!text.startsWith('"')) return undefined;
  // Nearly every value has no escape: one slice, not a string built a character at a time.
  const close = text.indexOf('"', 1);
  const backslash = text.indexOf('\\', 1);
  if (close !== -1 && (backslash === -1 || backslash > close)) return { value: text.slice(1, close), rest: text.slice(close + 1) };
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') return { value, rest: text.slice(i + 1) };
    if (char !== '\\') {
      value += char;
      continue;
    }
    const escaped = ESCAPES[text[i + 1] ?? ''];
    if (escaped === undefined) return undefined;
    value += escaped;
    i++;
  }
  return undefined;
}

/** `# TYPE name kind`; `# HELP` and free comments carry nothing we use. */
function readTypeComment(line: string, types: Map<string, string>): void {
  const parts = line.slice(1).trim().split(/[ \t]+/);
  if (parts[0] !== 'TYPE' || parts.length !== 3) return;
  const [, family, kind] = parts as [string, string, string];
  if (METRIC_NAME.exec(family)?.[0] === family) types.set(family, kind);
}
