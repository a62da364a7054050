// The name of the npm build's one-shot code cache comes from the hash the build writes at the
// script's end (src/cli/script-one-shot.ts): V8 checks only the source's length against a cache,
// so a script without a well-formed hash gets no cache at all.
import { describe, expect, it } from 'vitest';
import { codeCacheFile, scriptHash } from '../../src/cli/script-one-shot.js';
import { SCRIPT_HASH_MARK } from '../../src/cli/sea-one-shot.js';

const SHA256 = '8a0265a26ee7595b9d5865de614afbee82f53faba82e3163ba40c2de5a50124b';
const SCRIPT = '(function (exports, require, module) {"use strict";\n})';

describe('scriptHash', () => {
  it('reads the first 16 hex digits of the hash on the last line', () => {
    expect(scriptHash(`${SCRIPT}${SCRIPT_HASH_MARK}${SHA256}\n`)).toBe('8a0265a26ee7595b');
  });

  it('finds none in a script without that line, or with a line that holds no hash', () => {
    expect(scriptHash(SCRIPT)).toBeUndefined();
    expect(scriptHash(`${SCRIPT}${SCRIPT_HASH_MARK}\n`)).toBeUndefined();
    expect(scriptHash(`${SCRIPT}${SCRIPT_HASH_MARK}8a0265a2/../../x\n`)).toBeUndefined();
    expect(scriptHash(`${SCRIPT}${SCRIPT_HASH_MARK}8A0265A26EE7595B9D\n`)).toBeUndefined();
  });
});

describe('codeCacheFile', () => {
  it('names the script build, the command, the Node and the CPU, in the folder one-shot/', () => {
    expect(codeCacheFile('/home/op/.cache/etcdtop', '8a0265a26ee7595b', 'check'))
      .toBe(`/home/op/.cache/etcdtop/one-shot/8a0265a26ee7595b-check-node${process.version}-${process.arch}.cache`);
  });
});
