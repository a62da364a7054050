// etcd's gRPC-JSON gateway answers, as recorded from etcd 3.4.23 on 127.0.0.1 (curl -X POST
// http://127.0.0.1:2379/v3/…), turned into the domain types; and what counts as an answer.
import { describe, expect, it } from 'vitest';
import { answerOf, postJson } from '../../src/etcd/json-call.js';
import { looksLikeEtcd, memberListOfJson, statusOfJson, tokenOfJson } from '../../src/etcd/json-answers.js';

const STATUS_34 = {
  header: { cluster_id: '385926575987642974', member_id: '7383792418829112008', revision: '1', raft_term: '2' },
  version: '3.4.23', dbSize: '20480', leader: '38712720341031407', raftIndex: '8', raftTerm: '2', raftAppliedIndex: '8', dbSizeInUse: '16384',
};

const MEMBERS_34 = {
  header: { cluster_id: '385926575987642974', member_id: '7383792418829112008', raft_term: '2' },
  members: [
    { ID: '38712720341031407', name: 'm2', peerURLs: ['http://127.0.0.1:42382'], clientURLs: ['http://127.0.0.1:42372'] },
    // A member added but not started yet: no name, no client URLs; a learner.
    { ID: '2153012361009272853', peerURLs: ['http://127.0.0.1:42381'], isLearner: true },
  ],
};

describe('status over the JSON gateway', () => {
  it('reads every field, with ids in hex as etcdctl prints them', () => {
    expect(statusOfJson(STATUS_34)).toEqual({
      memberId: '667880157b8812c8',
      clusterId: '55b162d1720525e',
      version: '3.4.23',
      dbSizeBytes: 20480,
      dbSizeInUseBytes: 16384,
      leaderId: '898903983759ef',
      raftTerm: 2n,
      raftIndex: 8n,
      raftAppliedIndex: 8n,
      revision: 1n,
      isLearner: false,
      errors: [],
      alarms: [],
    });
  });

  it('fields the gateway leaves out are their defaults: no leader, no errors, not a learner', () => {
    const { leader: _leader, dbSizeInUse: _inUse, ...rest } = STATUS_34;
    const status = statusOfJson(rest);
    expect(status.leaderId).toBeNull();
    expect(status.dbSizeInUseBytes).toBe(0);
    expect(status.isLearner).toBe(false);
  });

  it('alarms come from errors, attributed by member id, as over gRPC', () => {
    const status = statusOfJson({ ...STATUS_34, errors: ['memberID:7383792418829112008 alarm:NOSPACE '] });
    expect(status.alarms).toEqual([{ memberId: '667880157b8812c8', alarm: 'NOSPACE' }]);
  });

  it("etcd 3.6's fields: storage version, quota, downgrade; a quota of 0 is unknown", () => {
    const status = statusOfJson({ ...STATUS_34, storageVersion: '3.6.0', dbSizeQuota: '2147483648', downgradeInfo: { targetVersion: '3.5' } });
    expect(status).toMatchObject({ storageVersion: '3.6.0', dbSizeQuotaBytes: 2147483648, downgrade: { enabled: false, targetVersion: '3.5' } });
    expect(statusOfJson({ ...STATUS_34, dbSizeQuota: '0' }).dbSizeQuotaBytes).toBeUndefined();
    expect(statusOfJson(STATUS_34)).not.toHaveProperty('storageVersion');
  });

  it('header fields in lowerCamelCase (protojson) read the same', () => {
    const { header, ...rest } = STATUS_34;
    const camel = { ...rest, header: { clusterId: header.cluster_id, memberId: header.member_id, revision: header.revision } };
    expect(statusOfJson(camel)).toEqual(statusOfJson(STATUS_34));
  });
});

describe('member list over the JSON gateway', () => {
  it('reads members with their defaults', () => {
    expect(memberListOfJson(MEMBERS_34)).toEqual({
      clusterId: '55b162d1720525e',
      answeredBy: '667880157b8812c8',
      members: [
        { id: '898903983759ef', name: 'm2', peerUrls: ['http://127.0.0.1:42382'], clientUrls: ['http://127.0.0.1:42372'], isLearner: false },
        { id: '1de10955cefb9815', name: '', peerUrls: ['http://127.0.0.1:42381'], clientUrls: [], isLearner: true },
      ],
    });
  });
});

describe('what counts as an answer', () => {
  it("an answer without etcd's header is not etcd's (a 3.4 alarm list, another server's JSON)", () => {
    expect(looksLikeEtcd(STATUS_34)).toBe(true);
    expect(looksLikeEtcd({})).toBe(false);
    expect(looksLikeEtcd({ header: { cluster_id: '0', member_id: '1' } })).toBe(false);
  });

  it('200 with a JSON object is an answer; a 404 page or broken JSON is no gateway', () => {
    expect(answerOf(200, 'application/json', JSON.stringify(STATUS_34))).toEqual({ kind: 'answer', body: STATUS_34 });
    expect(answerOf(404, 'text/plain; charset=utf-8', '404 page not found\n')).toEqual({ kind: 'no-gateway' });
    expect(answerOf(200, 'application/json', '{"header":')).toEqual({ kind: 'no-gateway' });
    expect(answerOf(200, 'text/html', '<html></html>')).toEqual({ kind: 'no-gateway' });
    expect(answerOf(200, 'application/json', '[1]')).toEqual({ kind: 'no-gateway' });
  });

  it("an error answer carries etcd's text", () => {
    const body = JSON.stringify({ error: 'etcdserver: permission denied', code: 7, message: 'etcdserver: permission denied' });
    expect(answerOf(403, 'application/json', body)).toEqual({ kind: 'etcd-error', message: 'etcdserver: permission denied' });
    expect(answerOf(500, 'application/json', '{}')).toEqual({ kind: 'no-gateway' });
  });

  it('the token of /v3/auth/authenticate', () => {
    expect(tokenOfJson({ header: {}, token: 'abc.7' })).toBe('abc.7');
    expect(tokenOfJson({ header: {} })).toBeUndefined();
  });
});

describe('endpoints the JSON gateway cannot serve', () => {
  it.each(['unix:///var/run/etcd.sock', 'not a url'])('%s: no gateway, at once and without a throw', async (endpoint) => {
    expect(await postJson(endpoint, '/v3/maintenance/status', {}, { tls: undefined, timeoutMs: 1000 })).toEqual({ kind: 'no-gateway' });
  });
});
