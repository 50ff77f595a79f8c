export { lightspeedSandbox, LightspeedSandboxState, type LightspeedSandboxOptions } from './lightspeed-sandbox';
export { LightspeedStore, lightspeedDate } from './store';
export type { LightspeedOrder, LightspeedOrderProduct, LightspeedShipment, LightspeedShipmentProduct, LightspeedShipmentStatus } from './store';
export { RateLimiter, LIGHTSPEED_DEFAULT_LIMITS, type RateWindow } from './rate-limit';
