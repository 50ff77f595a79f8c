const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));

export const formatMoney = (cents: number, currency = 'EUR') =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);

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
