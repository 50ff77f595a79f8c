import { i18n, localeFor } from '../i18n';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function formatter<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: (locale: string) => T): T {
  const locale = localeFor(i18n.resolvedLanguage ?? 'en');
  const id = `${locale}|${key}`;
  let found = cache.get(id) as T | undefined;
  if (!found) {
    found = make(locale);
    cache.set(id, found);
  }
  return found;
}

/** A moment, as a date and a time in the active language's locale ("3 mrt 2026, 14:05" in Dutch). */
export const formatDateTime = (iso: string) =>
  formatter('datetime', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(iso));

/** A count or amount in the active language's locale ("1,234" in English, "1.234" in Dutch). */
export const formatNumber = (value: number) => formatter('number', (l) => new Intl.NumberFormat(l)).format(value);

export const formatMoney = (cents: number, currency = 'EUR') =>
  formatter(`money-${currency}`, (l) => new Intl.NumberFormat(l, { style: 'currency', currency })).format(cents / 100);

export const PLATFORM_NAMES: Record<string, string> = {
  shopify: 'Shopify',
  magento2: 'Magento 2',
  magento1: 'Magento 1',
  woocommerce: 'WooCommerce',
  lightspeed: 'Lightspeed',
  prestashop: 'PrestaShop',
  bigcommerce: 'BigCommerce',
  shopware6: 'Shopware 6',
};

export const platformName = (platform: string) => PLATFORM_NAMES[platform] ?? platform;
