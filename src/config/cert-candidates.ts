// Trying the CA/cert/key sets a distribution may have, in order of preference, and telling apart
// "not this distribution" (CA absent), "this distribution, but unusable" (permission denied,
// not PEM, no client pair next to the CA) and "usable".
import path from 'node:path';
import { readPem, tryRead, type FileReader, type ReadOutcome } from './pem-files.js';

/** Paths as read on this machine (already under the detection root). */
export interface CertTriple {
  ca: string;
  cert: string;
  key: string;
}

export interface LoadedTriple {
  files: CertTriple;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export type TripleOutcome =
  | { kind: 'found'; loaded: LoadedTriple }
  /** A file is there but cannot be used: permission denied, not PEM, a directory. */
  | { kind: 'broken'; path: string; outcome: Exclude<ReadOutcome, { kind: 'ok' | 'absent' }> }
  /** A CA is there but no client certificate and key pair next to it. */
  | { kind: 'incomplete'; caPath: string; missing: string[] }
  | { kind: 'absent'; lookedFor: string[] };

/** Filesystem access for one detection run; reads are memoised because candidates share a CA. */
export interface ProbeIo {
  hostname: string;
  /** An absolute path of the real machine, placed under the detection root. */
  under(absolutePath: string): string;
  readPem(filePath: string): Promise<ReadOutcome>;
  /** Text of a config file, or undefined when it is absent or unreadable (detection then falls back). */
  readText(filePath: string): Promise<string | undefined>;
}

export function createProbeIo(root: string, hostname: string, reader: FileReader): ProbeIo {
  const pems = new Map<string, Promise<ReadOutcome>>();
  return {
    hostname,
    under: (absolutePath) => path.join(root, absolutePath),
    readPem(filePath) {
      let pending = pems.get(filePath);
      if (pending === undefined) {
        pending = readPem(reader, filePath);
        pems.set(filePath, pending);
      }
      return pending;
    },
    async readText(filePath) {
      const outcome = await tryRead(reader, filePath);
      return outcome.kind === 'ok' ? outcome.data.toString('utf8') : undefined;
    },
  };
}

type Tally = {
  broken?: Extract<TripleOutcome, { kind: 'broken' }>;
  presentCa?: string;
  missing: string[];
};

function note(tally: Tally, filePath: string, outcome: ReadOutcome): void {
  if (outcome.kind === 'absent') {
    if (!tally.missing.includes(filePath)) tally.missing.push(filePath);
  } else if (outcome.kind !== 'ok') {
    tally.broken ??= { kind: 'broken', path: filePath, outcome };
  }
}

/** The first triple whose three files read as PEM wins; otherwise the most useful explanation. */
export async function loadFirstTriple(io: ProbeIo, triples: readonly CertTriple[]): Promise<TripleOutcome> {
  const tally: Tally = { missing: [] };
  for (const files of triples) {
    const ca = await io.readPem(files.ca);
    note(tally, files.ca, ca);
    // Without its CA a triple says nothing; skipping its other files keeps detection to a few reads.
    if (ca.kind !== 'ok') continue;
    tally.presentCa ??= files.ca;
    const [cert, key] = await Promise.all([io.readPem(files.cert), io.readPem(files.key)]);
    if (cert.kind === 'ok' && key.kind === 'ok') {
      return { kind: 'found', loaded: { files, ca: ca.data, cert: cert.data, key: key.data } };
    }
    note(tally, files.cert, cert);
    note(tally, files.key, key);
  }
  if (tally.broken !== undefined) return tally.broken;
  if (tally.presentCa !== undefined) {
    return { kind: 'incomplete', caPath: tally.presentCa, missing: tally.missing.filter((p) => p !== tally.presentCa) };
  }
  return { kind: 'absent', lookedFor: tally.missing };
}
