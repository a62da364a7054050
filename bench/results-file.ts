// bench/results/latest.md (the printed table, etcdtop's last screen, its debug log) and
// latest.json (every figure, every run) — overwritten by each run.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResults } from './report.js';

const LOG_LINES_KEPT = 40;

function fence(text: string): string {
  return ['```', text.replace(/\n+$/, ''), '```'].join('\n');
}

function markdown(results: BenchResults, table: string): string {
  const etcdtop = results.monitor.subjects.find((s) => s.id === 'etcdtop');
  const log = results.monitor.etcdtopLog.trim().split('\n').slice(-LOG_LINES_KEPT).join('\n');
  const parts = [
    '# etcdtop bench: latest run',
    `Written by \`npm run bench\` on ${results.machine.date}. What each figure means: [bench/README.md](../README.md).`,
    fence(table),
  ];
  if (etcdtop?.window) parts.push('## etcdtop at the end of the window (120x40, as tmux shows it)', fence(etcdtop.window.finalScreen));
  if (log !== '') parts.push(`## etcdtop debug log (last ${LOG_LINES_KEPT} lines)`, fence(log));
  return `${parts.join('\n\n')}\n`;
}

// bigint never appears in the results; Maps do not either (row rates are arrays).
function json(results: BenchResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

export async function writeResults(outDir: string, results: BenchResults, table: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files = [join(outDir, 'latest.md'), join(outDir, 'latest.json')];
  await writeFile(files[0]!, markdown(results, table));
  await writeFile(files[1]!, json(results));
  return files;
}
