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
 * monitor uses a few dozen, so the others are skipped before their labels are parsed.
 */
export function parsePrometheusText(text: string, keep?: (sampleName: string) => boolean): PrometheusText {
  const parsed: PrometheusText = { samples: new Map(), types: new Map() };
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      readTypeComment(line, parsed.types);
      continue;
    }
    if (keep !== undefined && !keep(METRIC_NAME.exec(line)?.[0] ?? '')) continue;
    const sample = parseSampleLine(line);
    if (sample === undefined) continue;
    const series = parsed.samples.get(sample.name);
    if (series) series.push(sample);
    else parsed.samples.set(sample.name, [sample]);
  }
  return parsed;
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
