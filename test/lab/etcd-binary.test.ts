import { describe, expect, it } from 'vitest';
import { DEBIAN_ETCD, findEtcdBinary } from '../../src/lab/etcd-binary.js';

const only = (...paths: string[]) => (path: string) => paths.includes(path);

describe('findEtcdBinary', () => {
  it('takes --etcd-bin when it is executable, without looking further', () => {
    expect(findEtcdBinary({ flag: '/opt/etcd', pathEnv: '/usr/local/bin', isExecutable: only('/opt/etcd', '/usr/local/bin/etcd') }))
      .toEqual({ ok: true, path: '/opt/etcd' });
  });

  it('refuses a --etcd-bin that is not there, with the install hint, rather than falling back', () => {
    const result = findEtcdBinary({ flag: '/nonexistent', pathEnv: '/usr/bin', isExecutable: only(DEBIAN_ETCD) });
    expect(result).toMatchObject({ ok: false, problem: { message: '--etcd-bin /nonexistent: no executable file there' } });
    expect(!result.ok && result.problem.hint).toMatch(/apt-get install etcd-server.*--etcd-bin PATH/);
  });

  it('looks on PATH in order, then at /usr/bin/etcd', () => {
    expect(findEtcdBinary({ pathEnv: '/a:/b:/c', isExecutable: only('/b/etcd', '/c/etcd', DEBIAN_ETCD) })).toEqual({ ok: true, path: '/b/etcd' });
    expect(findEtcdBinary({ pathEnv: '/a', isExecutable: only(DEBIAN_ETCD) })).toEqual({ ok: true, path: DEBIAN_ETCD });
    expect(findEtcdBinary({ pathEnv: '::', isExecutable: only(DEBIAN_ETCD) })).toEqual({ ok: true, path: DEBIAN_ETCD });
  });

  it('says how to install one when there is none', () => {
    const result = findEtcdBinary({ pathEnv: '/a:/b', isExecutable: only() });
    expect(result).toEqual({
      ok: false,
      problem: { message: 'no etcd binary found (looked on PATH and at /usr/bin/etcd)', hint: "install one with 'sudo apt-get install etcd-server', or pass --etcd-bin PATH" },
    });
  });
});
