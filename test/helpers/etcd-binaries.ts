// Which etcd the tests run: ETCDTOP_TEST_ETCD_DIR names a folder holding `etcd` and `etcdctl`
// (scripts/fetch-etcd.sh fills one with Debian sid's 3.5.30); unset, Debian's /usr/bin. One
// setting, so that .ci/run can run the same suites against each etcd version.
import { join } from 'node:path';

export const TEST_ETCD_DIR_VARIABLE = 'ETCDTOP_TEST_ETCD_DIR';

export function testEtcdDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env[TEST_ETCD_DIR_VARIABLE];
  return dir === undefined || dir === '' ? '/usr/bin' : dir;
}

export const TEST_ETCD = join(testEtcdDir(), 'etcd');
export const TEST_ETCDCTL = join(testEtcdDir(), 'etcdctl');

/**
 * The arguments that make `etcdtop lab` run the tests' etcd: none by default (the lab's own
 * search, PATH then /usr/bin/etcd, is what a user gets), `--etcd-bin DIR/etcd` when the
 * setting names another folder.
 */
export function labEtcdArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dir = env[TEST_ETCD_DIR_VARIABLE];
  return dir === undefined || dir === '' ? [] : ['--etcd-bin', join(dir, 'etcd')];
}
