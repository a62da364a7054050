// For `npm run bench -- --soak`: with ETCDTOP_HEAP_LOG=FILE the monitor appends its heap and RSS
// as JSON lines every HEAP_LOG_EVERY_MS, the one figure the bench cannot read from outside the
// process. Off unless the variable is set; a write error stops it quietly (never the monitor).
// The young generation's capacity is there for the executable's test: a screen restarts with a
// smaller one than `status` gets (cli/screen-heap.ts).
import { appendFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

export const HEAP_LOG_EVERY_MS = 10_000;

export function startHeapLog(path: string | undefined = process.env.ETCDTOP_HEAP_LOG): () => void {
  if (!path) return () => undefined;
  const write = () => {
    const { heapUsed, rss } = process.memoryUsage();
    const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    const youngGenerationBytes = young ? young.space_used_size + young.space_available_size : undefined;
    appendFileSync(path, `${JSON.stringify({ atMs: Date.now(), heapUsedBytes: heapUsed, rssBytes: rss, youngGenerationBytes })}\n`);
  };
  const timer = setInterval(() => {
    try {
      write();
    } catch {
      clearInterval(timer);
    }
  }, HEAP_LOG_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
