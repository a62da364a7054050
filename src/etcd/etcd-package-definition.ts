// etcd's gRPC services for etcd3, built from its protos as JSON (embedded by scripts/bundle.mjs),
// lazily. etcd3 loads rpc.proto with @grpc/proto-loader, which parses the file, resolves all ~150
// message types and encodes a descriptor of each one for gRPC reflection, at every start: most of
// `etcdtop status`'s CPU after Node's own start-up. A client needs only each method's path and
// its (de)serializers, and a command uses a handful of methods: the types behind a method are
// looked up the first time it is called, and protobufjs generates their code then.
//
// The (de)serializers do exactly what proto-loader's do, with the options etcd3 passes
// (keepCase, longs: String, enums: String, defaults, oneofs); scripts/bundle.mjs checks at build
// time that every service, method path and type matches proto-loader's definition from disk.
// A layer over etcd's messages (fields of newer etcd versions) belongs in `json` before this is
// called: the serializers are built from that JSON and nothing else.

/** The parts of protobufjs used here (the bundle passes etcd3's own copy). */
export interface Protobuf {
  Root: { fromJSON(json: ProtoJson): ProtoRoot };
}
interface ProtoRoot {
  lookupService(path: string): { methods: Record<string, ProtoMethod> };
}
interface ProtoMethod {
  resolve(): ProtoMethod;
  resolvedRequestType: ProtoType | null;
  resolvedResponseType: ProtoType | null;
}
interface ProtoType {
  fromObject(object: object): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
  toObject(message: unknown, options: object): object;
}

/** protobufjs' JSON form of a package (Root#toJSON): namespaces, types and services, nested. */
export interface ProtoJson {
  nested?: Record<string, ProtoJson>;
  methods?: Record<string, { requestStream?: boolean; responseStream?: boolean }>;
  [key: string]: unknown;
}

/** What grpc-js' loadPackageDefinition reads of a method to build a client for it. */
export interface MethodDefinition {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  requestSerialize(value: object): Uint8Array;
  requestDeserialize(bytes: Uint8Array): object;
  responseSerialize(value: object): Uint8Array;
  responseDeserialize(bytes: Uint8Array): object;
  originalName: string;
}

export type PackageDefinition = Record<string, Record<string, MethodDefinition>>;

/**
 * Every service in `json` (by full name, as proto-loader names them) with lazily built
 * (de)serializers. `camelCase` is proto-loader's (lodash's), for the methods' lower-case names;
 * `toObjectOptions` are proto-loader's options (etcd3's: longs, enums, defaults…), last so that
 * the bundle can put this call where etcd3 calls loadSync(path, options).
 */
export function lazyPackageDefinition(
  protobuf: Protobuf,
  json: ProtoJson,
  camelCase: (name: string) => string,
  toObjectOptions: object,
): PackageDefinition {
  let root: ProtoRoot | undefined;
  const lookupRoot = () => (root ??= protobuf.Root.fromJSON(json));
  const definition: PackageDefinition = {};
  for (const [serviceName, methods] of servicesIn(json, '')) {
    const service: Record<string, MethodDefinition> = {};
    for (const [methodName, method] of Object.entries(methods)) {
      let resolved: { request: ProtoType; response: ProtoType } | undefined;
      const types = () => (resolved ??= resolveMethod(lookupRoot(), serviceName, methodName));
      service[methodName] = {
        path: `/${serviceName}/${methodName}`,
        requestStream: !!method.requestStream,
        responseStream: !!method.responseStream,
        requestSerialize: (value) => serialize(types().request, value),
        requestDeserialize: (bytes) => types().request.toObject(types().request.decode(bytes), toObjectOptions),
        responseSerialize: (value) => serialize(types().response, value),
        responseDeserialize: (bytes) => types().response.toObject(types().response.decode(bytes), toObjectOptions),
        originalName: camelCase(methodName),
      };
    }
    definition[serviceName] = service;
  }
  return definition;
}

function* servicesIn(json: ProtoJson, prefix: string): Generator<[string, NonNullable<ProtoJson['methods']>]> {
  for (const [name, nested] of Object.entries(json.nested ?? {})) {
    const fullName = prefix ? `${prefix}.${name}` : name;
    if (nested.methods) yield [fullName, nested.methods];
    else yield* servicesIn(nested, fullName);
  }
}

function resolveMethod(root: ProtoRoot, serviceName: string, methodName: string) {
  const method = root.lookupService(serviceName).methods[methodName]?.resolve();
  if (!method?.resolvedRequestType || !method.resolvedResponseType) throw new Error(`etcd protos: ${serviceName}.${methodName} has no request or response type`);
  return { request: method.resolvedRequestType, response: method.resolvedResponseType };
}

function serialize(type: ProtoType, value: object): Uint8Array {
  // proto-loader's check: an array would otherwise be encoded as an object with index keys.
  if (Array.isArray(value)) throw new Error(`Failed to serialize message: expected object with ${String((type as { name?: string }).name)} structure, got array instead`);
  return type.encode(type.fromObject(value)).finish();
}
