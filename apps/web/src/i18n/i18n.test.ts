import { afterEach, describe, expect, it, vi } from 'vitest';
import { en } from './en';
import { nl } from './nl';
import { i18n, initialLanguage, localeFor, setLanguage } from './index';
import { formatDateTime, formatMoney, formatNumber } from '../lib/format';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const english = flatten(en);
const dutch = flatten(nl);
const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}|<(\w+)>/g)].map((m) => m[1] ?? `<${m[2]}>`).sort();

describe('the texts', () => {
  it('have every English key in Dutch and no Dutch key that English lacks', () => {
    expect([...english.keys()].filter((k) => !dutch.has(k))).toEqual([]);
    expect([...dutch.keys()].filter((k) => !english.has(k))).toEqual([]);
  });

  it('have no empty text, and the same placeholders and tags in both languages', () => {
    for (const [key, text] of english) {
      const translated = dutch.get(key)!;
      expect(text.trim(), key).not.toBe('');
      expect(translated.trim(), key).not.toBe('');
      expect(placeholders(translated), key).toEqual(placeholders(text));
    }
  });

  it('use the words a Dutch merchant uses', () => {
    expect(nl.layout.orders).toBe('Bestellingen');
    expect(nl.layout.shipments).toBe('Zendingen');
    expect(nl.layout.backorders).toBe('Nabestellingen');
    expect(nl.layout.pack).toBe('Inpakken');
    expect(nl.shipmentActions.packingSlip).toBe('Pakbon');
    expect(nl.shipments.columns.tracking).toBe('Track & trace');
  });

  it('translate with plurals and interpolation in both languages', async () => {
    await i18n.changeLanguage('en');
    expect(i18n.t('orderDetail.askRest', { count: 1 })).toContain('1 item is in no shipment');
    expect(i18n.t('orderDetail.askRest', { count: 3 })).toContain('3 items are in no shipment');
    await i18n.changeLanguage('nl');
    expect(i18n.t('orderDetail.askRest', { count: 1 })).toContain('1 artikel zit');
    expect(i18n.t('orderDetail.askRest', { count: 3 })).toContain('3 artikelen zitten');
    expect(i18n.t('orders.title')).toBe('Bestellingen');
    await i18n.changeLanguage('en');
  });
});

describe('choosing the language', () => {
  afterEach(() => {
    localStorage.clear();
    vi.unstubAllGlobals();
  });

  it('starts in the language picked before, else Dutch for a Dutch browser, else English', () => {
    vi.stubGlobal('navigator', { language: 'nl-NL', languages: ['nl-NL', 'en'] });
    expect(initialLanguage()).toBe('nl');
    vi.stubGlobal('navigator', { language: 'en-US', languages: ['en-US'] });
    expect(initialLanguage()).toBe('en');
    vi.stubGlobal('navigator', { language: 'de-DE', languages: ['de-DE', 'nl'] });
    expect(initialLanguage()).toBe('en');
    localStorage.setItem('shipdesk.language', 'nl');
    expect(initialLanguage()).toBe('nl');
    localStorage.setItem('shipdesk.language', 'fr');
    expect(initialLanguage()).toBe('en');
  });

  it('remembers a switch and sets the language of the page', async () => {
    await setLanguage('nl');
    expect(localStorage.getItem('shipdesk.language')).toBe('nl');
    expect(document.documentElement.lang).toBe('nl');
    expect(i18n.t('layout.logOut')).toBe('Uitloggen');
    await setLanguage('en');
    expect(document.documentElement.lang).toBe('en');
    expect(i18n.t('layout.logOut')).toBe('Log out');
  });

  it("formats in the browser's variant of the language, else the usual one", () => {
    vi.stubGlobal('navigator', { language: 'en-US', languages: ['en-US', 'nl-BE'] });
    // Remembered until the browser says its languages changed.
    window.dispatchEvent(new Event('languagechange'));
    expect(localeFor('en')).toBe('en-US');
    expect(localeFor('nl')).toBe('nl-BE');
    vi.stubGlobal('navigator', { language: 'de-DE', languages: ['de-DE'] });
    expect(localeFor('en')).toBe('en-US');
    window.dispatchEvent(new Event('languagechange'));
    expect(localeFor('en')).toBe('en-GB');
    expect(localeFor('nl')).toBe('nl-NL');
  });
});

describe('dates and numbers in the active language', () => {
  afterEach(async () => {
    vi.unstubAllGlobals();
    await i18n.changeLanguage('en');
  });

  it('writes dates, numbers and money the Dutch way in Dutch and the English way in English', async () => {
    vi.stubGlobal('navigator', { language: 'en-US', languages: ['en-US'] });
    window.dispatchEvent(new Event('languagechange'));
    const march = '2026-03-14T12:00:00Z';
    await i18n.changeLanguage('nl');
    expect(formatDateTime(march)).toMatch(/^14 mrt 2026/);
    expect(formatNumber(1234567.5)).toBe('1.234.567,5');
    expect(formatMoney(123456)).toMatch(/^€\s?1\.234,56$/);
    await i18n.changeLanguage('en');
    expect(formatDateTime(march)).toMatch(/^Mar 14, 2026/);
    expect(formatNumber(1234567.5)).toBe('1,234,567.5');
    expect(formatMoney(123456)).toBe('€1,234.56');
  });
});
