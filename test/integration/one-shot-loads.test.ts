// What `status` and `check` load, read from Node's own list of the built-in modules a process
// loaded (process.moduleLoadList, written at exit by a preloaded hook). Two costs that no output
// shows and that once made up a third of a `status` (bench/README.md, "status and check"):
// - node:tls (under node:https): Node 26 then reads the system's CA store on a background thread
//   that the process waits for at exit. A plain-http cluster never uses TLS.
// - a built-in imported through its ESM facade: on Node 26, node:http's facade compiles the whole
//   of undici. scripts/bundle.mjs takes every built-in with process.getBuiltinModule instead.
// - node:http itself: the JSON gateway and /metrics go over src/etcd/http-exchange.ts (node:net).
// - node:fs/promises (~1.2 ms to load on Node 26): TLS files are read with node:fs, which Node
//   has loaded already.
// - perf_hooks, which Node loads with its `performance` global on first use (~1 ms on Node 26):
//   durations are read with process.hrtime (src/core/monotonic-clock.ts).
// .ci/run runs this file under Node 22, 24 and 26 as well (ETCDTOP_TEST_NODE).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { runCliRecordingAtExit } from '../helpers/run-cli.js';

const APP = fileURLToPath(new URL('../../dist/app/', import.meta.url));
const TLS_OR_UNDICI = /^NativeModule (tls|https|_tls_wrap|_tls_common|internal\/deps\/undici\/undici)$/;
const NODE_HTTP = /^NativeModule (http|_http_\w+)$/;
const FS_PROMISES = /^NativeModule fs\/promises$/;
const PERF_HOOKS = /^NativeModule (perf_hooks|internal\/perf\/performance)$/;

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startCluster({ members: 3 });
});

afterAll(async () => {
  await cluster?.stop();
});

/** Runs `etcdtop ARGS` as the tests' CLI does, and returns its exit code and the built-ins it loaded. */
async function loadsOf(args: string[]): Promise<{ code: number | null; stderr: string; loaded: string[] }> {
  const { code, stderr, recorded } = await runCliRecordingAtExit<string[]>(args, 'process.moduleLoadList');
  return { code, stderr, loaded: recorded };
}

describe('a one-shot command on a plain-http cluster', () => {
  it.each([['status'], ['check'], ['status', '-o', 'json']])('%s loads net, and neither http, TLS, undici, fs/promises nor perf_hooks', async (...command) => {
    const { code, stderr, loaded } = await loadsOf([...command, '--endpoints', cluster.endpoints[0]!]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The list is the real one: the JSON gateway's sockets are there.
    expect(loaded).toContain('NativeModule net');
    expect(loaded.filter((name) => TLS_OR_UNDICI.test(name) || NODE_HTTP.test(name) || FS_PROMISES.test(name) || PERF_HOOKS.test(name))).toEqual([]);
  });
});

describe('the app as bin/etcdtop.js runs it (dist/app)', () => {
  it('imports no built-in as an ES module: each is taken with process.getBuiltinModule', () => {
    const files = ['etcdtop.mjs', ...readdirSync(join(APP, 'chunks')).map((name) => join('chunks', name))];
    for (const file of files) {
      const source = readFileSync(join(APP, file), 'utf8');
      // The banner's too (require and __filename for CommonJS dependencies).
      const imports = [...source.matchAll(/^import .* from ["'](node:[^"']+|[a-z_]+)["'];$/gm)].map((m) => m[1]);
      expect({ file, imports }).toEqual({ file, imports: [] });
    }
  });
});
