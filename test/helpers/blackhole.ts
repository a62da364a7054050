// Blackholes a member: its client, peer and metrics ports on the loopback stop answering (every
// packet to them is dropped, so calls hang until their deadline, as with a dead network path),
// while the process keeps running. Rules carry a comment naming this test process, are scoped to
// the member's own ports, and are removed by the returned function (call it in finally).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** iptables needs root; CI runs as root (.ci/run installs iptables). */
export const canBlackhole = typeof process.getuid === 'function' && process.getuid() === 0;

function portOf(url: string): string {
  return new URL(url).port;
}

export async function blackhole(urls: readonly string[]): Promise<() => Promise<void>> {
  const comment = `etcdtop-test-${process.pid}`;
  const rules = urls.map((url) => ['INPUT', '-i', 'lo', '-p', 'tcp', '--dport', portOf(url), '-j', 'DROP', '-m', 'comment', '--comment', comment]);
  const added: string[][] = [];
  const remove = async () => {
    for (const rule of added.splice(0)) await run('iptables', ['-w', '-D', ...rule]).catch(() => undefined);
  };
  try {
    for (const rule of rules) {
      await run('iptables', ['-w', '-I', ...rule]);
      added.push(rule);
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return remove;
}
