export { bigcommerceSandbox, BigCommerceSandboxState, BIGCOMMERCE_TRACKING_CARRIERS, type BigCommerceSandboxOptions } from './bigcommerce-sandbox';
export { BigCommerceStore, BIGCOMMERCE_ORDER_STATUSES, bcDate } from './store';
export type { BcOrder, BcOrderProduct, BcShipment, BcShippingAddress, BcAddress } from './store';
export { BigCommerceRateLimiter } from './rate-limit';
export { BigCommerceWebhookSender, scopeMatches, type BigCommerceHook, type BigCommerceWebhookDelivery } from './webhooks';
