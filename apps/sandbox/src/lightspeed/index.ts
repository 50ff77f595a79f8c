export { lightspeedSandbox, LightspeedSandboxState, type LightspeedSandboxOptions } from './lightspeed-sandbox';
export { LightspeedStore, lightspeedDate } from './store';
export type { LightspeedOrder, LightspeedOrderProduct, LightspeedShipment, LightspeedShipmentProduct, LightspeedShipmentStatus } from './store';
export { RateLimiter, LIGHTSPEED_DEFAULT_LIMITS, type RateWindow } from './rate-limit';
export {
  signLightspeedWebhook,
  LightspeedWebhookSender,
  LIGHTSPEED_WEBHOOK_ACTIONS,
  LIGHTSPEED_WEBHOOK_GROUPS,
  type LightspeedWebhook,
  type LightspeedWebhookAction,
  type LightspeedWebhookDelivery,
  type LightspeedWebhookGroup,
} from './webhooks';
