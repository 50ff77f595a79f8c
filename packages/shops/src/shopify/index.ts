export { createShopifyConnector, SHIPDESK_HOLD_HANDLE } from './shopify-connector';
export { SHOPIFY_API_VERSION } from './api-version';
export { FULFILLMENT_EVENT_STATUS, type FulfillmentEventStatus } from './status-map';
export { verifyShopifyWebhook } from './verify-webhook';
