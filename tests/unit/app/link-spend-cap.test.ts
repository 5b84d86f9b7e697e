import { describe, expect, it } from 'vitest';
import { capNotice, cappedSpend, LINK_CAP_KEY, linkCapUsd, parseLinkCap, rememberLinkCap } from '../../../src/app/settings/link-spend-cap';
import { sessionLimitsOf } from '../../../src/app/settings/limits-settings';

/** sessionStorage's shape, in memory. */
function storage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('the workshop link spend cap (?cap=)', () => {
  it('reads an amount in US dollars', () => {
    expect(parseLinkCap('0.50')).toEqual({ usd: 0.5 });
    expect(parseLinkCap('$2')).toEqual({ usd: 2 });
    expect(parseLinkCap(' .25 ')).toEqual({ usd: 0.25 });
  });

  it('refuses anything else, saying why and that it is ignored', () => {
    for (const bad of ['', 'lots', '0', '-1', '1e3', '0.5.0', '5000', 'Infinity']) {
      const parsed = parseLinkCap(bad);
      expect('problem' in parsed && parsed.problem).toMatch(/is not an amount in US dollars .* so it is ignored\.$/);
    }
  });

  it('says the cap in cents', () => {
    expect(capNotice(0.5)).toBe('This workshop caps spending at $0.50');
    expect(capNotice(3)).toBe('This workshop caps spending at $3.00');
  });

  it('is kept for the tab session, and a later link can lower it but never raise it', () => {
    const tab = storage();
    expect(linkCapUsd(tab)).toBeUndefined();
    expect(rememberLinkCap(0.5, tab)).toBe(0.5);
    expect(rememberLinkCap(5, tab)).toBe(0.5);
    expect(rememberLinkCap(0.2, tab)).toBe(0.2);
    expect(linkCapUsd(tab)).toBe(0.2);
    tab.setItem(LINK_CAP_KEY, 'garbage');
    expect(linkCapUsd(tab)).toBeUndefined();
  });

  it('holds over the learner’s own cap: the session gets the lower one', () => {
    expect(cappedSpend(undefined, 0.5)).toBe(0.5);
    expect(cappedSpend(2, 0.5)).toBe(0.5);
    expect(cappedSpend(0.1, 0.5)).toBe(0.1);
    expect(cappedSpend(2, undefined)).toBe(2);
    expect(sessionLimitsOf({ spendCapUsd: 10 }, undefined, 0.5).spendCapUsd).toBe(0.5);
    expect(sessionLimitsOf(undefined, undefined, 0.5).spendCapUsd).toBe(0.5);
    expect(sessionLimitsOf({ spendCapUsd: 10 }, undefined, undefined).spendCapUsd).toBe(10);
  });
});
