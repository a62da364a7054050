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
 * `keep`, when given, picks the sample names worth reading: etcd serves ~1 300 samples and the
 * monitor uses a few dozen, so the others are skipped before their labels are parsed. Lines are
 * walked in place: a skipped sample line or a `# HELP` costs a scan of its name, not a copy of the
 * line, a trimmed copy and a regular-expression match (most of the garbage of a scrape).
 */
export function parsePrometheusText(text: string, keep?: (sampleName: string) => boolean): PrometheusText {
  const parsed: PrometheusText = { samples: new Map(), types: new Map() };
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (!skippable(text, lineStart, lineEnd, keep)) readLine(text.slice(lineStart, lineEnd).trim(), parsed, keep);
    lineStart = lineEnd + 1;
  }
  return parsed;
}

function readLine(line: string, parsed: PrometheusText, keep?: (sampleName: string) => boolean): void {
  if (line === '') return;
  if (line.startsWith('#')) {
    readTypeComment(line, parsed.types);
    return;
  }
  if (keep !== undefined && !keep(METRIC_NAME.exec(line)?.[0] ?? '')) return;
  const sample = parseSampleLine(line);
  if (sample === undefined) return;
  const series = parsed.samples.get(sample.name);
  if (series) series.push(sample);
  else parsed.samples.set(sample.name, [sample]);
}

const HASH = 0x23;

/**
 * True for a line readLine would drop, told from its first characters without copying it: a
 * sample line that starts with a name `keep` refuses, or a `# HELP` comment. Anything else (a
 * line starting with blanks, a kept name) goes the long way, so both ways read the same samples.
 */
function skippable(text: string, start: number, end: number, keep?: (sampleName: string) => boolean): boolean {
  const first = text.charCodeAt(start);
  if (first === HASH) {
    let i = start + 1;
    while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
    return text.startsWith('HELP', i);
  }
  if (keep === undefined || !isNameChar(first, true)) return false;
  let nameEnd = start + 1;
  while (nameEnd < end && isNameChar(text.charCodeAt(nameEnd), false)) nameEnd++;
  return !keep(text.slice(start, nameEnd));
}

/** [a-zA-Z_:], and digits after the first character: METRIC_NAME, one character at a time. */
function isNameChar(code: number, first: boolean): boolean {
  const letter = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code === 0x3a;
  return letter || (!first && code >= 0x30 && code <= 0x39);
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
