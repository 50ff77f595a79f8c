import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { nl } from './nl';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'nl', name: 'Nederlands' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

export const resources = { en: { translation: en }, nl: { translation: nl } } as const;

const STORAGE_KEY = 'shipdesk.language';

const isLanguage = (value: unknown): value is Language => LANGUAGES.some((l) => l.code === value);

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/** The language to start in: the one the person picked before, else Dutch for a Dutch browser, else English. */
export function initialLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage can be blocked; fall back to the browser's language.
  }
  const first = browserLanguages()[0]?.toLowerCase() ?? '';
  return first === 'nl' || first.startsWith('nl-') ? 'nl' : 'en';
}

/**
 * The BCP 47 locale for dates and numbers in a language: the browser's own variant when it has
 * one for that language (en-US, en-GB, nl-BE…), else the usual one for a Dutch merchant.
 */
export function localeFor(language: string): string {
  // Asked for each date and number on the page, so remembered until the browser's languages change.
  let locale = locales.get(language);
  if (locale === undefined) {
    const variant = browserLanguages().find((l) => l.toLowerCase() === language || l.toLowerCase().startsWith(`${language}-`));
    locale = variant ?? (language === 'nl' ? 'nl-NL' : 'en-GB');
    locales.set(language, locale);
  }
  return locale;
}
const locales = new Map<string, string>();
if (typeof window !== 'undefined') window.addEventListener('languagechange', () => locales.clear());

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
}

/** Switches the language, remembers it for the next visit and tells the page (`<html lang>`). */
export async function setLanguage(language: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but switched.
  }
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES.map((l) => l.code),
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export { i18n };
