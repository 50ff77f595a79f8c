export { woocommerceSandbox, WooCommerceSandboxState, type WooCommerceSandboxOptions, type WooFulfillment } from './woocommerce-sandbox';
export { WooStore, wooDate, WOO_ORDER_STATUSES } from './store';
export type { WooOrder, WooLineItem, WooNote, WooTrackingItem, WooOrderStatus, WooProduct } from './store';
export { signWooCommerceWebhook, WooWebhookSender, type WooWebhookDelivery } from './webhooks';
