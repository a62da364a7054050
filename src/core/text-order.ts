// Orders for text the operator reads (finding messages, member names, versions, alarm kinds,
// fleet clusters and their targets), without String#localeCompare. Its first call builds ICU's
// collator: ~5 ms of a one-shot command, paid on the clusters in trouble, the only ones with
// findings to put in order. And its order is the machine's locale's: the same cluster could read
// in another order on another node.

/** By UTF-16 code unit: the same strings sort the same everywhere. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const RUNS = /\d+|\D+/g;
const DIGIT = /^\d/;

/**
 * Runs of digits by their value, the text between them ignoring case (etcd-2 before etcd-10,
 * infra-a before Infra-b); strings equal that way, by code unit.
 */
export function compareNatural(a: string, b: string): number {
  const runsA = a.match(RUNS) ?? [];
  const runsB = b.match(RUNS) ?? [];
  for (let i = 0; i < Math.min(runsA.length, runsB.length); i++) {
    const [x, y] = [runsA[i]!, runsB[i]!];
    const diff = DIGIT.test(x) && DIGIT.test(y) ? compareDigits(x, y) : compareText(x.toLowerCase(), y.toLowerCase());
    if (diff !== 0) return diff;
  }
  return runsA.length - runsB.length || compareText(a, b);
}

/** Two runs of digits by value, at any length (no Number: 20 digits would lose precision). */
function compareDigits(x: string, y: string): number {
  const [a, b] = [x.replace(/^0+(?=\d)/, ''), y.replace(/^0+(?=\d)/, '')];
  return a.length - b.length || compareText(a, b);
}
