// Is a lab member serving? etcd answers GET /health on its metrics listener with
// {"health":"true"} once it has a leader and a read goes through raft. Plain HTTP on 127.0.0.1,
// so node:http is enough: the etcd client (grpc) is not loaded before the monitor needs it.
import { get } from 'node:http';
import { readFileSync } from 'node:fs';

export function memberHealthy(metricsUrl: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get(`${metricsUrl}/health`, { timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(response.statusCode === 200 && /"health"\s*:\s*"true"/.test(body)));
      response.on('error', () => resolve(false));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * The line of a member's log that says why it stopped: the last fatal/error entry of etcd's
 * JSON (zap) log as "message: error", else the last line; at most `maxChars`.
 */
export function whyMemberStopped(logText: string, maxChars = 240): string {
  const lines = logText.trimEnd().split('\n').filter((line) => line.trim() !== '');
  const serious = [...lines].reverse().find((line) => /"level":"(fatal|panic|error)"/.test(line) || /\b(fatal|panic|error)\b/i.test(line));
  const line = serious ?? lines[lines.length - 1] ?? 'no log output';
  let text = line;
  try {
    const entry = JSON.parse(line) as { msg?: string; error?: string };
    if (entry.msg) text = entry.error ? `${entry.msg}: ${entry.error}` : entry.msg;
  } catch {
    // Not JSON (capnslog, or setpriv's own message): the raw line says it.
  }
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

export function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
