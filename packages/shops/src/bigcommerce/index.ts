export { createBigCommerceConnector, registerBigCommerceWebhooks, bigCommerceTrackingCarrier } from './connector';
export { verifyBigCommerceWebhook, BIGCOMMERCE_WEBHOOK_HEADER } from './webhook';
export { readBigCommerceRateLimit, bigCommerceWaitMs, bigCommerceErrorMessage, type BigCommerceRateLimitState } from './http';
