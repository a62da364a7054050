#!/usr/bin/env node
// `npm run bundle`: dist/etcdtop.mjs, ONE self-contained file that runs with nothing but Node ≥ 20
// beside it (copy it to a control-plane node and run `node etcdtop.mjs`).
// `--app`: the same program as dist/app/etcdtop.mjs plus chunks, what bin/etcdtop.js runs
// (`npm run build` makes it): one file per command's modules, so `status` never loads Ink and
// React, and no module resolution at start (Node's loader took ~150 ms for ~860 files).
// Everything is inlined:
//  - etcd3 reads its gRPC service definitions from proto/*.proto next to its own files at load
//    time; the plugin below parses them here, at build time, and has etcd3 take its services from
//    the embedded JSON, built lazily by src/etcd/etcd-package-definition.ts (checked against the
//    on-disk load below).
//  - yoga-layout (Ink's layout engine) ships its WASM base64-encoded inside a JS module and
//    loads it with top-level await: nothing to copy, and ESM output keeps the await legal.
//  - CommonJS dependencies (etcd3, grpc-js, protobufjs, react) call require() for Node built-ins;
//    the banner gives ESM a real require, plus __filename/__dirname.
// `--one-shot-asset`: `status` and `check` alone (src/cli/one-shot-asset.ts) as a classic script,
// one function expression, that the single executable holds beside its main and runs with a code
// cache made after a warm-up (scripts/build-exe.mjs, src/cli/sea-one-shot.ts). `--app` writes the
// same script as dist/app/one-shot.js, which the npm build runs with a code cache it makes on the
// operator's machine (src/cli/script-one-shot.ts).
// Usage: node scripts/bundle.mjs [--outfile dist/etcdtop.mjs] | --app [--outdir dist/app]
//        | --one-shot-asset --outfile FILE
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importTypeScript } from './import-typescript.mjs';
import { inkOutputAcrossFrames, styledCharsSameStyles, TOKENIZE_FILE, tokenizeWithAsciiPath } from './ink-output-patches.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    outfile: { type: 'string', default: join(root, 'dist/etcdtop.mjs') },
    app: { type: 'boolean', default: false },
    'one-shot-asset': { type: 'boolean', default: false },
    outdir: { type: 'string', default: join(root, 'dist/app') },
  },
});

// Resolved the way etcd3 itself resolves them, whatever npm hoisted where.
const etcd3Require = createRequire(createRequire(join(root, 'package.json')).resolve('etcd3'));
const protoLoader = etcd3Require('@grpc/proto-loader');
const protoLoaderRequire = createRequire(etcd3Require.resolve('@grpc/proto-loader'));
const protobuf = protoLoaderRequire('protobufjs');
const PACKAGE_DEFINITION_MODULE = join(root, 'src/etcd/etcd-package-definition.ts');
const ETCD3_LIB = dirname(etcd3Require.resolve('etcd3'));
const RPC_PROTO = join(ETCD3_LIB, '../proto/rpc.proto');
// The options etcd3 passes to loadSync (lib/connection-pool.js).
const LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };
const LOAD_CALL = '(0, proto_loader_1.loadSync)(`${__dirname}/../proto/rpc.proto`, {';
const LOADER_REQUIRE = 'const proto_loader_1 = require("@grpc/proto-loader");';

async function etcdProtosAsJson() {
  const protoRoot = new protobuf.Root().loadSync(RPC_PROTO, { keepCase: LOADER_OPTIONS.keepCase });
  const json = protoRoot.toJSON({ keepComments: false });
  const fromDisk = protoLoader.loadSync(RPC_PROTO, LOADER_OPTIONS);
  assertSameDefinition(fromDisk, protoLoader.fromJSON(json, LOADER_OPTIONS));
  const { lazyPackageDefinition } = await importTypeScript(PACKAGE_DEFINITION_MODULE);
  assertSameServices(fromDisk, lazyPackageDefinition(protobuf, json, protoLoaderRequire('lodash.camelcase'), LOADER_OPTIONS));
  return json;
}

/**
 * The lazy services: the same services, methods, paths and names as proto-loader's, and for every
 * method the same request and response, field by field with their defaults, from an empty message.
 */
function assertSameServices(fromDisk, lazy) {
  const services = (definition) => Object.keys(definition).filter((name) => !definition[name].format).sort();
  const empty = new Uint8Array();
  const shape = (m) => JSON.stringify([m.path, m.originalName, m.requestStream, m.responseStream, m.requestDeserialize(empty), m.responseDeserialize(empty)]);
  const same = JSON.stringify(services(fromDisk)) === JSON.stringify(services(lazy)) && services(fromDisk).every((name) =>
    Object.keys(fromDisk[name]).length === Object.keys(lazy[name]).length
    && Object.entries(fromDisk[name]).every(([method, m]) => lazy[name][method] && shape(m) === shape(lazy[name][method])));
  if (!same) throw new Error('etcd3 protos: src/etcd/etcd-package-definition.ts does not build the services proto-loader builds');
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
  async setup(pluginBuild) {
    const json = JSON.stringify(await etcdProtosAsJson());
    const lazyDefinition = [
      `require(${JSON.stringify(PACKAGE_DEFINITION_MODULE)}).lazyPackageDefinition(`,
      `require(${JSON.stringify(protoLoaderRequire.resolve('protobufjs'))}), ${json}, `,
      `require(${JSON.stringify(protoLoaderRequire.resolve('lodash.camelcase'))}), {`,
    ].join('');
    pluginBuild.onLoad({ filter: /[\\/]etcd3[\\/]lib[\\/]connection-pool\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(LOAD_CALL) || !source.includes(LOADER_REQUIRE)) {
        throw new Error(`${args.path} no longer loads proto/rpc.proto the way scripts/bundle.mjs expects: update the plugin`);
      }
      // proto-loader itself is not loaded at all: it would bring protobufjs' descriptor extension.
      return { contents: source.replace(LOADER_REQUIRE, '').replace(LOAD_CALL, lazyDefinition), loader: 'js' };
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

// string-width, slice-ansi and ansi-tokenize each build an Intl.Segmenter when they load: the
// first one reads ICU's grapheme data, 20-40 ms. yargs loads string-width for its help layout,
// so `status` paid that for a help text it never prints. Built on first use instead, the same
// segmenter does the same work for the monitor, which uses them at once.
const SEGMENTER_AT_LOAD = /^const (\w+) = new Intl\.Segmenter\(([^;]*)\);$/m;
// string-width also compiles /^\p{RGI_Emoji}$/v when it loads: V8 builds the set of every emoji
// sequence for it, 15-90 ms on this machine, the largest single cost of `status` once gRPC was
// gone. It is only tested against a grapheme that is not plain ASCII: built on first use.
const RGI_EMOJI_AT_LOAD = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
// Only the top-level string-width (Ink's, yargs' help) has it; older copies nested in other
// packages (cliui, wrap-ansi) use emoji-regex.
const TOP_STRING_WIDTH = /^(?!.*node_modules.*node_modules).*[\\/]node_modules[\\/]string-width[\\/]index\.js$/;
function lazyEmojiRegex(path, contents) {
  if (contents.split(RGI_EMOJI_AT_LOAD).length !== 2 || contents.split('rgiEmojiRegex').length !== 3) {
    throw new Error(`${path} no longer compiles its RGI_Emoji regex the way scripts/bundle.mjs expects`);
  }
  // A function, not a string: the replacement's "$'" would be read as a pattern.
  return contents.replace(RGI_EMOJI_AT_LOAD, () => "let rgiEmojiRegexBuilt;\nconst rgiEmojiRegex = { test: (text) => (rgiEmojiRegexBuilt ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(text) };");
}
const lazySegmenters = {
  name: 'lazy-segmenters',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/](string-width[\\/]index|slice-ansi[\\/]tokenize-ansi|ansi-tokenize[\\/]build[\\/]tokenize)\.js$/ }, (args) => {
      const read = readFileSync(args.path, 'utf8');
      // ansi-tokenize's tokenizer also gets its ASCII path (scripts/ink-output-patches.mjs).
      const source = TOKENIZE_FILE.test(args.path) ? tokenizeWithAsciiPath(args.path, read) : read;
      if (!SEGMENTER_AT_LOAD.test(source)) throw new Error(`${args.path} no longer builds its Intl.Segmenter the way scripts/bundle.mjs expects`);
      let contents = source.replace(SEGMENTER_AT_LOAD, (_line, name, options) =>
        `let ${name}Built;\nconst ${name} = { segment: (text) => (${name}Built ??= new Intl.Segmenter(${options})).segment(text) };`);
      if (TOP_STRING_WIDTH.test(args.path)) contents = lazyEmojiRegex(args.path, contents);
      return { contents, loader: 'js' };
    });
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

// Node's built-ins imported as ESM (`import http from 'node:http'`) go through their ESM facade,
// which reads every export once to list them: on Node 26, node:http's lazy undici getters load
// and compile the whole of undici (fetch, WebSocket, HTTP/2 client), ~20 ms of every `status`.
// Taken with process.getBuiltinModule (Node >= 20.16), the same module object comes without a
// facade, and esbuild's interop reads each name where it is used. require() calls (grpc-js,
// protobufjs) were never facaded and stay as they are.
const builtinsWithoutFacade = {
  name: 'builtins-without-esm-facade',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[a-z_:/0-9]+$/ }, (args) => {
      if (args.kind !== 'import-statement' || !isBuiltin(args.path)) return undefined;
      return { path: `node:${args.path.replace(/^node:/, '')}`, namespace: 'builtin-without-facade' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'builtin-without-facade' }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

// CommonJS modules in the bundle read require, __filename and __dirname as free variables: the
// banner defines them under names no bundled module declares (yargs' ESM shim has its own
// top-level __dirname, which would clash in a chunk of its own), and `define` points the free
// uses at them.
// Taken with process.getBuiltinModule, as every built-in (above): not even node:module and
// node:url get an ESM facade (~2 ms of the executable's `status`).
const BANNER = [
  '#!/usr/bin/env node',
  "const { createRequire: __etcdtopCreateRequire } = process.getBuiltinModule('node:module');",
  "const { fileURLToPath: __etcdtopFileURLToPath } = process.getBuiltinModule('node:url');",
  'const require = __etcdtopCreateRequire(import.meta.url);',
  'const __etcdtopFilename = __etcdtopFileURLToPath(import.meta.url);',
  "const __etcdtopDirname = __etcdtopFilename.slice(0, __etcdtopFilename.lastIndexOf('/'));",
].join('\n');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: { js: BANNER },
  plugins: [builtinsWithoutFacade, embedEtcdProtos, withoutInkDevtools, pinnedVersion, lazySegmenters, inkOutputAcrossFrames, styledCharsSameStyles],
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
};
const FREE_PATHS = { __dirname: '__etcdtopDirname', __filename: '__etcdtopFilename' };
// src/cli/version.ts reads package.json only when this is not defined: beside a lone etcdtop.mjs,
// inside an executable, or from dist/app/chunks/, no package.json sits where it would look.
const BUNDLED = { ...FREE_PATHS, ETCDTOP_BUNDLED_VERSION: JSON.stringify(VERSION) };

/**
 * `status` and `check` alone (src/cli/one-shot-asset.ts) as a classic script: CommonJS inside a
 * function whose parameters are what the loaders pass (src/cli/sea-one-shot.ts), no banner, a
 * require is given. ASCII without whitespace, as the executable's main. Its last line is the
 * SHA-256 of what precedes it, which names the npm build's code caches (src/cli/script-one-shot.ts):
 * V8 checks only a source's length against a cache.
 */
async function writeOneShotScript(outfile) {
  const result = await build({
    ...common,
    entryPoints: [join(root, 'src/cli/one-shot-asset.ts')],
    format: 'cjs',
    banner: {},
    write: false,
    outfile,
    minifyWhitespace: true,
    charset: 'ascii',
    define: { 'process.env.NODE_ENV': '"production"', ...BUNDLED },
  });
  const code = result.outputFiles[0].text;
  if (/[^\x00-\x7f]/.test(code)) throw new Error('the one-shot asset has a character esbuild cannot escape: write it as an escape');
  const script = `(function (exports, require, module, __etcdtopFilename, __etcdtopDirname) {${code}\n})`;
  const { SCRIPT_HASH_MARK } = await importTypeScript(join(root, 'src/cli/sea-one-shot.ts'));
  writeFileSync(outfile, `${script}${SCRIPT_HASH_MARK}${createHash('sha256').update(script).digest('hex')}\n`);
  return { bytes: statSync(outfile).size, modules: Object.keys(result.metafile.inputs).length };
}

if (values.app) {
  // React's production build only, as in the single file: its development build (~750 KB of the
  // Ink chunk) was parsed at every monitor start and never run, since bin/etcdtop.js sets
  // NODE_ENV=production. (React in development mode: run dist/cli.js, the tsc build.) Chunk names
  // carry a hash of their contents: emptied first, so no chunk of an earlier build lingers.
  rmSync(values.outdir, { recursive: true, force: true });
  const result = await build({
    ...common,
    entryPoints: { etcdtop: join(root, 'src/main.ts') },
    outdir: values.outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    define: { 'process.env.NODE_ENV': '"production"', ...BUNDLED },
  });
  const outputs = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.mjs'));
  const bytes = outputs.reduce((sum, [, output]) => sum + output.bytes, 0);
  // `status` and `check` once more, as the script src/cli/script-one-shot.ts runs with a code cache.
  const oneShot = await writeOneShotScript(join(values.outdir, 'one-shot.js'));
  process.stdout.write(`${values.outdir}: ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${outputs.length} files, and one-shot.js (${(oneShot.bytes / 1024).toFixed(0)} KiB)\n`);
} else if (values['one-shot-asset']) {
  const { bytes, modules } = await writeOneShotScript(values.outfile);
  process.stdout.write(`${values.outfile}: ${(bytes / 1024).toFixed(0)} KiB, ${modules} modules\n`);
} else {
  const outfile = values.outfile;
  const result = await build({
    ...common,
    entryPoints: [join(root, 'src/main.ts')],
    outfile,
    // React and Ink's production builds: smaller, faster, and what an operator should run.
    define: { 'process.env.NODE_ENV': '"production"', ...BUNDLED },
  });
  chmodSync(outfile, 0o755);
  const bytes = statSync(outfile).size;
  const inputs = Object.keys(result.metafile.inputs).length;
  process.stdout.write(`${outfile}: ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${inputs} modules\n`);
}
