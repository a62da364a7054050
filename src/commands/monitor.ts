// Placeholder until the live monitor lands: prints status so `etcdtop` alone is useful.
import type { ConnectionArgs } from '../cli/connection-options.js';
import { statusCommand } from './status.js';

export async function monitorCommand(args: ConnectionArgs & Record<string, unknown>): Promise<number> {
  return statusCommand({ ...args, output: 'table' });
}
