// Fixture roots and readers shared by the config tests.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileReader } from '../../src/config/pem-files.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/config/', import.meta.url));

export function fixture(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

/** Tests run as root, where chmod 000 does not stop a read; this reader fails the way a non-root user would. */
export function denyingReader(isDenied: (filePath: string) => boolean): FileReader {
  return async (filePath) => {
    if (isDenied(filePath)) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${filePath}'`), { code: 'EACCES', path: filePath });
    }
    return readFile(filePath);
  };
}

const tempRoots: string[] = [];

export async function tempRoot(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'etcdtop-config-'));
  tempRoots.push(root);
  return root;
}

/** For afterAll: temp roots may hold mode-000 files, which rm removes all the same. */
export async function removeTempRoots(): Promise<void> {
  await Promise.all(tempRoots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
}

export const runningAsRoot = process.getuid?.() === 0;

/** What a dummy fixture PEM says it is ("kubeadm healthcheck-client cert"). */
export function fixtureLabel(pem: Buffer | undefined): string | undefined {
  const body = pem?.toString('utf8').split('\n')[1];
  return body === undefined ? undefined : Buffer.from(body, 'base64').toString('utf8').replace('etcdtop test fixture: ', '');
}
