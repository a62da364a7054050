#!/usr/bin/env node
// `npm run bundle`: dist/etcdtop.mjs, ONE self-contained file that runs with nothing but Node ≥ 20
// beside it (copy it to a control-plane node and run `node etcdtop.mjs`). Everything is inlined:
//  - etcd3 reads its gRPC service definitions from proto/*.proto next to its own files at load
//    time; the plugin below parses them here, at build time, and has etcd3 build the same package
//    definition from the embedded JSON instead (checked against the on-disk load below).
//  - yoga-layout (Ink's layout engine) ships its WASM base64-encoded inside a JS module and
//    loads it with top-level await: nothing to copy, and ESM output keeps the await legal.
//  - CommonJS dependencies (etcd3, grpc-js, protobufjs, react) call require() for Node built-ins;
//    the banner gives ESM a real require, plus __filename/__dirname.
// Usage: node scripts/bundle.mjs [--outfile dist/etcdtop.mjs]
import { build } from 'esbuild';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { outfile: { type: 'string', default: join(root, 'dist/etcdtop.mjs') } } });
const outfile = values.outfile;

// Resolved the way etcd3 itself resolves them, whatever npm hoisted where.
const etcd3Require = createRequire(createRequire(join(root, 'package.json')).resolve('etcd3'));
const protoLoader = etcd3Require('@grpc/proto-loader');
const protobuf = createRequire(etcd3Require.resolve('@grpc/proto-loader'))('protobufjs');
const ETCD3_LIB = dirname(etcd3Require.resolve('etcd3'));
const RPC_PROTO = join(ETCD3_LIB, '../proto/rpc.proto');
// The options etcd3 passes to loadSync (lib/connection-pool.js).
const LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };
const LOAD_CALL = '(0, proto_loader_1.loadSync)(`${__dirname}/../proto/rpc.proto`, {';

function etcdProtosAsJson() {
  const protoRoot = new protobuf.Root().loadSync(RPC_PROTO, { keepCase: LOADER_OPTIONS.keepCase });
  const json = protoRoot.toJSON({ keepComments: false });
  assertSameDefinition(protoLoader.loadSync(RPC_PROTO, LOADER_OPTIONS), protoLoader.fromJSON(json, LOADER_OPTIONS));
  return json;
}

/** Every service, method path and message type etcd3 would load from disk, from the JSON too. */
function assertSameDefinition(fromDisk, fromJson) {
  const shape = (definition) => JSON.stringify(Object.keys(definition).sort().map((name) => {
    const entry = definition[name];
    // Messages have fields, enums values, services methods.
    if (entry.format) return [name, (entry.type.field ?? entry.type.value).map((f) => `${f.name}:${f.number}:${f.type ?? ''}:${f.typeName ?? ''}`)];
    return [name, Object.entries(entry).map(([method, m]) => `${method} ${m.path} ${m.requestType.type.name} ${m.responseType.type.name} ${m.requestStream}${m.responseStream}`)];
  }));
  if (shape(fromDisk) !== shape(fromJson)) throw new Error('etcd3 protos: the embedded JSON does not describe the same services as the .proto files');
}

const embedEtcdProtos = {
  name: 'embed-etcd3-protos',
  setup(pluginBuild) {
    const json = JSON.stringify(etcdProtosAsJson());
    pluginBuild.onLoad({ filter: /[\\/]etcd3[\\/]lib[\\/]connection-pool\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(LOAD_CALL)) {
        throw new Error(`${args.path} no longer loads proto/rpc.proto the way scripts/bundle.mjs expects: update the plugin`);
      }
      return { contents: source.replace(LOAD_CALL, `(0, proto_loader_1.fromJSON)(${json}, {`), loader: 'js' };
    });
  },
};

// Ink loads React DevTools (`react-devtools-core`, not a dependency) only when DEV=true. Left
// external, its import would be hoisted to the top of the bundle and fail on every start.
const withoutInkDevtools = {
  name: 'without-ink-devtools',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]ink[\\/]build[\\/]devtools\.js$/ }, () => ({
      contents: "process.emitWarning('React DevTools (DEV=true) are not part of the single-file etcdtop build');",
      loader: 'js',
    }));
  },
};

// yargs' .version() reads the version from the package.json it finds above the running file:
// beside a lone etcdtop.mjs there is none (or, worse, some other project's). Pin it.
const VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const GUESS_VERSION = 'ver = this[kGuessVersion]();';
const pinnedVersion = {
  name: 'pinned-version',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]yargs[\\/]build[\\/]lib[\\/]yargs-factory\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(GUESS_VERSION)) throw new Error(`${args.path} no longer guesses the version the way scripts/bundle.mjs expects`);
      return { contents: source.replace(GUESS_VERSION, `ver = ${JSON.stringify(VERSION)};`), loader: 'js' };
    });
  },
};

const BANNER = [
  '#!/usr/bin/env node',
  "import { createRequire as __etcdtopCreateRequire } from 'node:module';",
  "import { fileURLToPath as __etcdtopFileURLToPath } from 'node:url';",
  'const require = __etcdtopCreateRequire(import.meta.url);',
  'const __filename = __etcdtopFileURLToPath(import.meta.url);',
  "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
].join('\n');

const result = await build({
  entryPoints: [join(root, 'src/cli.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: { js: BANNER },
  // React and Ink's production builds: smaller, faster, and what an operator should run.
  // ETCDTOP_BUNDLED_VERSION: src/cli/version.ts reads package.json only when it is not defined.
  define: { 'process.env.NODE_ENV': '"production"', ETCDTOP_BUNDLED_VERSION: JSON.stringify(VERSION) },
  plugins: [embedEtcdProtos, withoutInkDevtools, pinnedVersion],
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
const bytes = statSync(outfile).size;
const inputs = Object.keys(result.metafile.inputs).length;
process.stdout.write(`${outfile}: ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${inputs} modules\n`);
