// A member's snapshot (etcdctl snapshot save), streamed over gRPC to a file: written as FILE.part
// and renamed once whole, with its size, revision and sha256 counted on the way.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Etcd3 } from 'etcd3';
import { deadlineIn } from './deadline.js';
import type { CallTimeouts, SnapshotResult } from './gateway.js';

export async function streamSnapshot(client: Etcd3, path: string, timeouts: Pick<CallTimeouts, 'readMs' | 'snapshotMs'>): Promise<SnapshotResult> {
  const partPath = `${path}.part`;
  // etcd before 3.6 sends no header with the snapshot chunks (the result said "revision 0"):
  // the member's revision just before the stream opens is exact on a quiet cluster, and never
  // more than the snapshot holds (a write landing in between is in the file too).
  const before = await client.maintenance.status(deadlineIn(timeouts.readMs));
  const stream = await client.maintenance.snapshot(deadlineIn(timeouts.snapshotMs));
  const hash = createHash('sha256');
  let sizeBytes = 0;
  let revision: bigint | undefined;
  // grpc-js streams are Node Readables in object mode, hence async-iterable.
  async function* blobs() {
    for await (const chunk of stream as unknown as AsyncIterable<{ header?: { revision: string }; blob: Buffer }>) {
      if (revision === undefined && chunk.header?.revision && chunk.header.revision !== '0') revision = BigInt(chunk.header.revision);
      hash.update(chunk.blob);
      sizeBytes += chunk.blob.length;
      yield chunk.blob;
    }
  }
  try {
    // Leaving the generator early (a write failed) ends the for-await, which destroys the stream.
    // pipeline turns a file that cannot be opened or written (no folder, disk full) into a
    // rejection; a bare write stream would emit it as an 'error' event that kills the process.
    await pipeline(blobs, createWriteStream(partPath, { mode: 0o600 }));
    // Written under a temporary name so an interrupted snapshot never looks like a good one.
    await rename(partPath, path);
  } catch (error) {
    await unlink(partPath).catch(() => undefined);
    throw error;
  }
  return { path, sizeBytes, revision: revision ?? BigInt(before.header.revision), sha256: hash.digest('hex') };
}
