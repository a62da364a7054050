// --insecure-skip-tls-verify: any server could be answering. The banner's TLS UNVERIFIED badge
// stays on every screen the monitor draws, above all over a dialog that is about to act on a
// member (defragment) and in a member's detail, not only on the dashboard.
import { afterEach, describe, expect, it } from 'vitest';
import { appAtSize, type AppAtSize } from '../helpers/app-at-size.js';
import { fakePort } from '../helpers/maintenance-fakes.js';
import { fixture } from './frame-cases.js';

let app: AppAtSize | undefined;
afterEach(() => app?.unmount());

const port = () => fakePort({ refresh: async () => { throw new Error('not called'); } }).port;
const bannerOf = (frame: string) => frame.split('\n').slice(0, 2).join('\n');

describe('TLS UNVERIFIED on every screen', () => {
  it.each([
    { screen: 'the dashboard', keys: [] as string[], shows: /Members/ },
    { screen: 'a defragment dialog', keys: ['d'], shows: /Run it\? y = yes/ },
    { screen: "a member's detail", keys: ['\r'], shows: /peer URLs/ },
  ])('$screen carries the badge in its banner', async ({ keys, shows }) => {
    app = await appAtSize(fixture('healthy'), 120, 40, { maintenance: port(), tlsUnverified: true });
    for (const key of keys) await app.press(key);
    expect(app.frame()).toMatch(shows);
    expect(bannerOf(app.frame())).toContain('TLS UNVERIFIED');
  });

  it('a verified connection shows no badge on those screens', async () => {
    for (const keys of [['d'], ['\r']]) {
      app = await appAtSize(fixture('healthy'), 120, 40, { maintenance: port() });
      for (const key of keys) await app.press(key);
      expect(app.frame()).not.toContain('TLS UNVERIFIED');
      app.unmount();
      app = undefined;
    }
  });
});
