#!/usr/bin/env node
// Run by scripts/build-exe.mjs with the executable's own Node.js runtime and flags: compiles the
// one-shot asset (scripts/bundle.mjs --one-shot-asset) as the executable does
// (src/cli/sea-one-shot.ts), runs `status` and `check` with it against stand-in members, and
// writes V8's code cache of the script at the end, when it holds every function those runs
// compiled. The stand-ins listen on 127.0.0.1 only: three over HTTP, three over HTTPS with client
// certificates (the test fixtures' throwaway CA), answering as etcd 3.4.23 does (/metrics is a
// recorded scrape). Their answers only need to take the paths an operator's runs take: a healthy
// cluster, table and JSON, plain and mTLS.
// Usage: node --min-semi-space-size=4 scripts/one-shot-warm-up.mjs ASSET CACHE_OUT
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { importTypeScript } from './import-typescript.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const [asset, cacheOut] = process.argv.slice(2);
if (!asset || !cacheOut) throw new Error('usage: one-shot-warm-up.mjs ASSET CACHE_OUT');

// The loader itself, so that the script is compiled and called exactly as the executable does.
const { ONE_SHOT_FILENAME, instantiate } = await importTypeScript(join(root, 'src/cli/sea-one-shot.ts'));

const fixture = (path) => join(root, 'test/fixtures', path);
const METRICS = readFileSync(fixture('metrics/etcd-3.4.23-single.txt'), 'utf8');
const TLS = { ca: fixture('metrics/tls/ca.pem'), cert: fixture('metrics/tls/client.pem'), key: fixture('metrics/tls/client-key.pem') };
const CLUSTER_ID = '13634750164078391692';

/** Three members answering as etcd does; resolves with their client URLs. */
async function standIns(scheme) {
  const ids = ['15221085390279540968', '4852136658731679321', '9223372036854775907'];
  const urls = [];
  const servers = ids.map((id, index) => {
    const metrics = METRICS.replace(/server_id="[0-9a-f]+"/, `server_id="${BigInt(id).toString(16)}"`)
      .replace(/^etcd_server_is_leader 1$/m, `etcd_server_is_leader ${index === 0 ? 1 : 0}`);
    const header = { cluster_id: CLUSTER_ID, member_id: id, revision: '1', raft_term: '2' };
    const answers = {
      '/v3/cluster/member/list': () => ({ header, members: ids.map((member, i) => ({ ID: member, name: `etcd-${i}`, peerURLs: [`${scheme}://127.0.0.1:1`], clientURLs: [urls[i]] })) }),
      '/v3/maintenance/status': () => ({ header, version: '3.4.23', dbSize: '20480', leader: ids[0], raftIndex: '344', raftTerm: '2', raftAppliedIndex: '344', dbSizeInUse: '16384' }),
      '/v3/kv/range': () => ({ header }),
    };
    const handler = (request, response) => {
      request.resume();
      request.on('end', () => {
        if (request.url === '/metrics') {
          response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(metrics);
          return;
        }
        const answer = answers[request.url];
        if (answer) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer()));
        else response.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
      });
    };
    return scheme === 'https'
      ? https.createServer({ cert: readFileSync(fixture('metrics/tls/server.pem')), key: readFileSync(fixture('metrics/tls/server-key.pem')), ca: readFileSync(TLS.ca), requestCert: true, rejectUnauthorized: true }, handler)
      : http.createServer(handler);
  });
  for (const server of servers) {
    await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
    urls.push(`${scheme}://127.0.0.1:${server.address().port}`);
  }
  return { urls, close: () => servers.forEach((server) => server.close()) };
}

const plain = await standIns('http');
const secure = await standIns('https');
const tlsFlags = ['--cacert', TLS.ca, '--cert', TLS.cert, '--key', TLS.key];
const runs = [
  ['status', '--endpoints', plain.urls[0]],
  ['check', '--endpoints', plain.urls[0]],
  ['status', '--endpoints', plain.urls[0], '-o', 'json'],
  ['check', '--endpoints', plain.urls[0], '-o', 'json'],
  ['status', '--endpoints', secure.urls[0], ...tlsFlags],
  ['check', '--endpoints', secure.urls[0], ...tlsFlags],
];

const script = new Script(readFileSync(asset, 'utf8'), { filename: ONE_SHOT_FILENAME });
const { runOneShot, oneShotArgv } = instantiate(script.runInThisContext());
// Each command ends with process.exit: here it returns, and the next run starts.
const exit = process.exit;
const codes = [];
process.exit = (code) => void codes.push(code ?? 0);
for (const argv of runs) {
  const oneShot = oneShotArgv(argv);
  if (!oneShot) throw new Error(`not a one-shot command line: ${argv.join(' ')}`);
  await runOneShot(oneShot, argv);
}
process.exit = exit;
plain.close();
secure.close();
// A warm-up that failed would cache the paths of a failure: every run must have said OK.
if (codes.length !== runs.length || codes.some((code) => code !== 0)) {
  process.stderr.write(`one-shot warm-up: exit codes ${JSON.stringify(codes)} for ${runs.length} runs, expected all 0\n`);
  process.exit(1);
}
writeFileSync(cacheOut, script.createCachedData());
process.exit(0);
