// src/etcd/status-errors.ts: the alarms etcd lists in StatusResponse.errors as protobuf text.
import { describe, expect, it } from 'vitest';
import { memberIdFromDecimal, memberIdToDecimal } from '../../src/etcd/gateway.js';
import { alarmsFromStatusErrors } from '../../src/etcd/status-errors.js';
import { MEMBER_IDS } from '../helpers/snapshot-factory.js';

describe('alarmsFromStatusErrors', () => {
  it.each([
    // Above 2^53: a Number would give 8e9e05c521646800.
    { errors: ['memberID:10276657743932975437 alarm:NOSPACE '], expected: [{ memberId: '8e9e05c52164694d', alarm: 'NOSPACE' }] },
    { errors: ['memberID:10276657743932975437 alarm:CORRUPT '], expected: [{ memberId: '8e9e05c52164694d', alarm: 'CORRUPT' }] },
    // etcdctl prints ids with %x: no zero padding.
    { errors: ['memberID:1 alarm:NOSPACE '], expected: [{ memberId: '1', alarm: 'NOSPACE' }] },
    { errors: ['memberID:18446744073709551615 alarm:NOSPACE'], expected: [{ memberId: 'ffffffffffffffff', alarm: 'NOSPACE' }] },
    { errors: ['memberID: 42  alarm: NOSPACE'], expected: [{ memberId: '2a', alarm: 'NOSPACE' }] },
    {
      errors: ['memberID:10276657743932975437 alarm:NOSPACE ', 'etcdserver: no leader', 'memberID:5518589444163576138 alarm:NOSPACE '],
      expected: [
        { memberId: '8e9e05c52164694d', alarm: 'NOSPACE' },
        { memberId: '4c95f7dc5897214a', alarm: 'NOSPACE' },
      ],
    },
    { errors: ['etcdserver: no leader'], expected: [] },
    { errors: [], expected: [] },
    { errors: ['', 'memberID: alarm:NOSPACE', 'alarm:NOSPACE', 'memberID:12 alarm:'], expected: [] },
  ])('$errors → $expected', ({ errors, expected }) => {
    expect(alarmsFromStatusErrors(errors)).toEqual(expected);
  });

  it.each(MEMBER_IDS)('reads back member %s from its decimal form', (id) => {
    expect(alarmsFromStatusErrors([`memberID:${memberIdToDecimal(id)} alarm:NOSPACE `])).toEqual([{ memberId: id, alarm: 'NOSPACE' }]);
  });
});

describe('member id conversion', () => {
  it.each([
    { decimal: '10276657743932975437', hex: '8e9e05c52164694d' },
    { decimal: '1', hex: '1' },
    { decimal: '18446744073709551615', hex: 'ffffffffffffffff' },
  ])('$decimal ↔ $hex', ({ decimal, hex }) => {
    expect(memberIdFromDecimal(decimal)).toBe(hex);
    expect(memberIdToDecimal(hex)).toBe(decimal);
  });
});
