export { createLightspeedConnector } from './connector';
export { verifyLightspeedWebhook } from './webhook';
export { readRateLimit, waitForRateLimit, type RateLimitState } from './http';
