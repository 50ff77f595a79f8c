export { createWooCommerceConnector } from './connector';
export { verifyWooCommerceWebhook } from './webhook';
