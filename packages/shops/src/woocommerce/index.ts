export { createWooCommerceConnector } from './connector';
export { verifyWooCommerceWebhook } from './webhook';
export { probeWooCommerceFulfillments, type WooFulfillmentJson } from './fulfillments';
