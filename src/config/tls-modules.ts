// node:https, node:tls and node:crypto, loaded when TLS is known to be needed (a resolved
// configuration with TLS, commands/connect.ts) rather than when a module that may use it loads.
// Loading node:tls makes Node 26 read the system's CA store on a background thread, and the
// process waits for that thread at exit: about 8 ms of every `status` on a plain-http cluster,
// which never uses TLS. process.getBuiltinModule (Node >= 20.16) returns
// the same module object as an import, from the built-in module cache after the first call.
import type * as Crypto from 'node:crypto';
import type * as Https from 'node:https';
import type * as Tls from 'node:tls';

export const httpsModule = (): typeof Https => process.getBuiltinModule('node:https');
export const tlsModule = (): typeof Tls => process.getBuiltinModule('node:tls');
export const cryptoModule = (): typeof Crypto => process.getBuiltinModule('node:crypto');
