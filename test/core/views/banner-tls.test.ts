// --insecure-skip-tls-verify: the banner must say that no server certificate is checked.
import { describe, expect, it } from 'vitest';
import { bannerViewOf } from '../../../src/core/views/banner-view.js';
import { fixtures, INTERVAL_MS, NOW_MS } from '../../helpers/monitor-fixtures.js';

describe('banner with TLS verification off', () => {
  const healthy = fixtures.healthy();
  const base = { width: 100, nowMs: NOW_MS, intervalMs: INTERVAL_MS, paused: false, readOnly: true };

  it('shows TLS UNVERIFIED next to READ-ONLY, and keeps the bar its width', () => {
    const view = bannerViewOf(healthy, { ...base, tlsUnverified: true });
    expect(view.badges).toEqual(['READ-ONLY', 'TLS UNVERIFIED']);
    expect(view.bar).toMatch(/READ-ONLY {2}TLS UNVERIFIED $/);
    expect([...view.bar]).toHaveLength(100);
  });

  it('says nothing when certificates are verified', () => {
    expect(bannerViewOf(healthy, base).badges).toEqual(['READ-ONLY']);
  });
});
