import { createHash } from 'node:crypto';
import { WebhookDispatcher } from '../webhook-dispatch';

/**
 * BigCommerce webhooks as the "Webhooks Overview" (developer.bigcommerce.com/docs/integrations/webhooks)
 * and the Webhooks v3 reference describe them:
 *
 * - registered with `POST /v3/hooks {scope, destination, is_active, headers}`; `scope` is an event
 *   such as `store/order/updated` or a wildcard such as `store/order/*`; `headers` is an object of
 *   custom headers that BigCommerce sends with every delivery of that hook;
 * - a delivery is a POST of a light payload `{scope, store_id, data: {type, id, …}, hash, created_at,
 *   producer: "stores/{store_hash}"}`; `hash` is the SHA-1 of the payload as JSON (not keyed with
 *   any secret: "If a hook fires twice for the same event, both request bodies rely on the same hash");
 * - there is no HMAC signature: the documented way to authenticate deliveries is a secret custom
 *   header set at creation, and TLS.
 */

export interface BigCommerceHook {
  id: number;
  client_id: string;
  store_hash: string;
  scope: string;
  destination: string;
  is_active: boolean;
  headers: Record<string, string> | null;
  created_at: number;
  updated_at: number;
}

export interface BigCommerceWebhookDelivery {
  hookId: number;
  scope: string;
  body: string;
  headers: Record<string, string>;
  target: string;
  responseStatus: number | null;
  error: string | null;
}

/** Whether a hook's scope (an event or a `store/order/*` wildcard) covers an event. */
export const scopeMatches = (hookScope: string, event: string) =>
  hookScope === event || (hookScope.endsWith('/*') && event.startsWith(hookScope.slice(0, -1)));

export class BigCommerceWebhookSender {
  readonly hooks = new Map<number, BigCommerceHook>();
  readonly deliveries: BigCommerceWebhookDelivery[] = [];
  private readonly dispatcher = new WebhookDispatcher();
  private nextId = 18048287;

  constructor(private readonly config: { storeHash: string; storeId: string; clientId: string; now: () => number }) {}

  register(input: Pick<BigCommerceHook, 'scope' | 'destination' | 'is_active' | 'headers'>): BigCommerceHook {
    const at = Math.floor(this.config.now() / 1000);
    const hook: BigCommerceHook = { id: this.nextId++, client_id: this.config.clientId, store_hash: this.config.storeHash, created_at: at, updated_at: at, ...input };
    this.hooks.set(hook.id, hook);
    return hook;
  }

  /** Sends an event to every active hook whose scope covers it. */
  send(scope: string, data: Record<string, unknown>): BigCommerceWebhookDelivery[] {
    const sent: BigCommerceWebhookDelivery[] = [];
    for (const hook of this.hooks.values()) {
      if (!hook.is_active || !scopeMatches(hook.scope, scope)) continue;
      const payload: Record<string, unknown> = {
        created_at: Math.floor(this.config.now() / 1000),
        store_id: this.config.storeId,
        producer: `stores/${this.config.storeHash}`,
        scope,
        data,
      };
      payload.hash = createHash('sha1').update(JSON.stringify(payload)).digest('hex');
      const body = JSON.stringify(payload);
      const headers: Record<string, string> = { ...(hook.headers ?? {}), 'Content-Type': 'application/json' };
      const delivery: BigCommerceWebhookDelivery = { hookId: hook.id, scope, body, headers, target: hook.destination, responseStatus: null, error: null };
      this.deliveries.push(delivery);
      sent.push(delivery);
      this.dispatcher.post(hook.destination, headers, body, delivery);
    }
    return sent;
  }

  flush(): Promise<void> {
    return this.dispatcher.flush();
  }
}
