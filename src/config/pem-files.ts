// Reading certificate files without throwing: a missing, unreadable or non-PEM file is an
// operator mistake to report in one line, and detection must go on past a permission error.
import { readFile } from 'node:fs';

/** Injected so tests can simulate EACCES: they run as root, where chmod 000 does not stop reads. */
export type FileReader = (path: string) => Promise<Buffer>;

/**
 * node:fs's callback form, which Node has loaded before any of this runs: importing
 * node:fs/promises costs a one-shot command ~1.2 ms, also on a cluster where it reads no file.
 */
export const readFileFromDisk: FileReader = (path) =>
  new Promise((resolve, reject) => readFile(path, (error, data) => (error ? reject(error) : resolve(data))));

export type ReadOutcome =
  | { kind: 'ok'; data: Buffer }
  | { kind: 'absent'; reason: string }
  /** Permission denied: the file (or a folder above it) exists but this user cannot read it. */
  | { kind: 'unreadable'; reason: string }
  | { kind: 'invalid'; reason: string };

const ABSENT_CODES = new Set(['ENOENT', 'ENOTDIR']);
const DENIED_CODES = new Set(['EACCES', 'EPERM']);

function describeError(error: unknown): ReadOutcome {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && ABSENT_CODES.has(code)) return { kind: 'absent', reason: 'no such file' };
  if (code !== undefined && DENIED_CODES.has(code)) return { kind: 'unreadable', reason: 'permission denied' };
  if (code === 'EISDIR') return { kind: 'invalid', reason: 'is a directory, not a file' };
  const text = error instanceof Error ? error.message : String(error);
  return { kind: 'invalid', reason: code ?? text };
}

export async function tryRead(reader: FileReader, path: string): Promise<ReadOutcome> {
  try {
    return { kind: 'ok', data: await reader(path) };
  } catch (error) {
    return describeError(error);
  }
}

/** Like tryRead, but a file without a PEM header is invalid: DER or a wrong file fails here, not in the TLS handshake. */
export async function readPem(reader: FileReader, path: string): Promise<ReadOutcome> {
  const outcome = await tryRead(reader, path);
  if (outcome.kind === 'ok' && !outcome.data.includes('-----BEGIN')) {
    return { kind: 'invalid', reason: 'not a PEM file (no "-----BEGIN" line)' };
  }
  return outcome;
}
