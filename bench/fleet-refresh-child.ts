// Runs in a process of its own (started by fleet-bench.ts): fleet refreshes against a backend,
// each one exactly what `etcdtop fleet` computes per refresh (the instant queries, the verdicts,
// the rows and their text), and prints one JSON line with queries, times, CPU and RSS.
import { collectFleet, createFleetMemory } from '../src/core/fleet/collect-fleet.js';
import { fleetRows } from '../src/core/fleet/fleet-rows.js';
import { fleetColumns, fleetLine } from '../src/core/fleet/fleet-view.js';
import { keepYoungGenerationSmall } from '../src/cli/young-generation.js';
import { HttpPrometheusClient } from '../src/prometheus/client.js';

export interface RefreshFigures {
  clusters: number;
  queriesPerRefresh: number;
  refreshMs: number[];
  cpuMsPerRefresh: number;
  rssMaxBytes: number;
}

async function main(): Promise<void> {
  // As `etcdtop fleet` runs (src/cli.ts, screenCommand): young generation kept at its first size.
  keepYoungGenerationSmall();
  const [url = '', selector = '', countText = '5'] = process.argv.slice(2);
  const client = new HttpPrometheusClient({ baseUrl: url, headers: {}, timeoutMs: 30_000 });
  const query = { clusterLabel: 'cluster', fallbackToJob: false, etcdSelector: selector };
  const refreshMs: number[] = [];
  let rssMaxBytes = 0;
  let clusters = 0;
  let queries = 0;
  let cpuMicros = 0;
  // As `etcdtop fleet` does: one memory for the whole session.
  const memory = createFleetMemory();
  for (let i = 0; i <= Number(countText); i += 1) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await collectFleet(client, query, Date.now, memory);
    if (!result.ok) throw new Error(result.failure.message);
    const rows = fleetRows(result.round);
    const columns = fleetColumns(Date.now());
    const text = rows.map((row) => fleetLine(row, columns)).join('\n');
    const elapsed = performance.now() - started;
    const used = process.cpuUsage(cpu);
    // The first refresh warms up the JIT and the connection: not counted.
    if (i > 0) {
      refreshMs.push(elapsed);
      cpuMicros += used.user + used.system;
    }
    clusters = rows.length;
    queries = result.round.queryCount;
    rssMaxBytes = Math.max(rssMaxBytes, process.memoryUsage().rss);
    if (text.length === 0) throw new Error('no rows');
  }
  const figures: RefreshFigures = { clusters, queriesPerRefresh: queries, refreshMs, cpuMsPerRefresh: cpuMicros / 1000 / refreshMs.length, rssMaxBytes };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

if (process.argv[1]?.endsWith('fleet-refresh-child.js')) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
