export * from './types';
export * from './connector';
export * from './platforms';
export * from './magento2';
export * from './shopify';
export * from './woocommerce';
export * from './lightspeed';
export * from './bigcommerce';
