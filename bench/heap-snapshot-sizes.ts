// How much of the heap is the program's data, and how much is V8's own compiled code, from a heap
// snapshot (what DevTools' Memory tab reads). Why not heapUsed alone: over the first thousands of
// frames V8's optimiser keeps compiling more of Ink, React and the views — about 0.9 MB of code,
// deoptimisation data and feedback over 2 500 frames on the fixed build — which would hide a
// leak of the size we look for (under 1 KB a frame). That code is bounded by the program's size, not
// by its uptime; the data is what a leak is made of.
//
// Through an inspector session rather than v8.getHeapSnapshot(): after a snapshot V8 keeps
// tracking every object the collector moves, which made each later frame cost ~45 % more CPU;
// disabling the session's HeapProfiler stops that.
import { Session } from 'node:inspector/promises';

interface HeapSnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapSnapshotSizes {
  /** Every node's own size: JS objects, strings, arrays, closures, and native memory they hold. */
  totalBytes: number;
  /**
   * Nodes of type "code" (machine code, bytecode, feedback vectors, deoptimisation data, source
   * positions, inline-cache handlers: DevTools' "(compiled code)") and V8's weak lists that tie
   * optimised code to the objects it depends on ("system / WeakArrayList"; JavaScript cannot
   * create one).
   */
  compiledCodeBytes: number;
}

const WEAK_CODE_LIST = 'system / WeakArrayList';

async function takeHeapSnapshot(): Promise<string> {
  const session = new Session();
  session.connect();
  const chunks: string[] = [];
  session.on('HeapProfiler.addHeapSnapshotChunk', (message) => chunks.push(message.params.chunk));
  try {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    await session.post('HeapProfiler.disable');
  } finally {
    session.disconnect();
  }
  return chunks.join('');
}

/** Takes a snapshot (V8 collects garbage first) and sums its nodes' self sizes. */
export async function heapSnapshotSizes(): Promise<HeapSnapshotSizes> {
  const snapshot = JSON.parse(await takeHeapSnapshot()) as HeapSnapshotJson;
  const fields = snapshot.snapshot.meta.node_fields;
  const typeNames = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field)) as [number, number, number];
  const { nodes, strings } = snapshot;
  let totalBytes = 0;
  let compiledCodeBytes = 0;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const size = nodes[i + sizeAt]!;
    const type = typeNames[nodes[i + typeAt]!];
    totalBytes += size;
    if (type === 'code' || (type === 'hidden' && strings[nodes[i + nameAt]!] === WEAK_CODE_LIST)) compiledCodeBytes += size;
  }
  return { totalBytes, compiledCodeBytes };
}
