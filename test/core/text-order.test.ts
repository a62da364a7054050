import { describe, expect, it } from 'vitest';
import { compareNatural, compareText } from '../../src/core/text-order.js';

describe('compareText', () => {
  it('orders by code unit, equal strings as equal', () => {
    expect(['b', 'B', 'a', 'ab', ''].sort(compareText)).toEqual(['', 'B', 'a', 'ab', 'b']);
    expect(compareText('same', 'same')).toBe(0);
  });
});

describe('compareNatural', () => {
  it('puts etcd-2 before etcd-10, as an operator counts members', () => {
    expect(['etcd-10', 'etcd-2', 'etcd-1'].sort(compareNatural)).toEqual(['etcd-1', 'etcd-2', 'etcd-10']);
  });

  it('ignores case between the numbers, and only then tells the cases apart', () => {
    expect(['infra-b', 'Infra-a', 'infra-a'].sort(compareNatural)).toEqual(['Infra-a', 'infra-a', 'infra-b']);
  });

  it('reads numbers of any length and leading zeros by value', () => {
    expect(compareNatural('m-99999999999999999999', 'm-100000000000000000000')).toBeLessThan(0);
    expect(compareNatural('m-007', 'm-8')).toBeLessThan(0);
    expect(compareNatural('m-10', 'm-09')).toBeGreaterThan(0);
  });

  it('puts a name before the longer names it begins, and a number before text', () => {
    expect(['etcd-1a', 'etcd-1', 'etcd'].sort(compareNatural)).toEqual(['etcd', 'etcd-1', 'etcd-1a']);
    expect(compareNatural('1', 'a')).toBeLessThan(0);
  });

  it('orders member ids (hex) and empty names without throwing', () => {
    expect(['10', '', '8e9e05c52164694d'].sort(compareNatural)).toEqual(['', '8e9e05c52164694d', '10']);
  });
});
