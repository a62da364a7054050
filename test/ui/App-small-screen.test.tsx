import { afterEach, describe, expect, it } from 'vitest';
import { appAtSize, type AppAtSize } from '../helpers/app-at-size.js';
import { fixture } from './frame-cases.js';

let app: AppAtSize | undefined;
afterEach(() => app?.unmount());

describe('App below 80x24 ("terminal too small")', () => {
  // The issue: `d` opened a defrag dialog for a member the operator could not see, text cut.
  it.each(['d', 'c', 'A', 'm', 's', 'R'])('%s opens nothing and says why in one line', async (key) => {
    app = await appAtSize(fixture('noSpace'), 70, 20);
    expect(app.frame()).toContain('terminal too small');
    await app.press(key);
    const frame = app.frame();
    expect(frame).toContain('terminal too small: need 80x24');
    expect(frame).toMatch(/^maintenance keys are off while the terminal is too small$/m);
    expect(frame).not.toMatch(/REFUSED|Run it\?|Run the plan\?/);
  });

  it('at 80x24 the same key opens its dialog', async () => {
    app = await appAtSize(fixture('noSpace'), 80, 24);
    await app.press('d');
    expect(app.frame()).toContain('Defragment etcd-1');
  });
});
