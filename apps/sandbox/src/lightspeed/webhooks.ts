import { createHash } from 'node:crypto';
import { WebhookDispatcher } from '../webhook-dispatch';

/**
 * Lightspeed eCom (C-Series, formerly SEOshop) outgoing webhooks, as documented in the
 * "Webhooks" tutorial (developers.seoshop.com/api/tutorials/webhooks, now
 * developers.lightspeedhq.com/ecom/tutorials/webhooks):
 *
 * - an app registers one with `POST /{lang}/webhooks.json`
 *   `{webhook:{isActive, itemGroup, itemAction, language, format, address}}`;
 * - groups: customers, invoices, orders, products, quotes, reviews, shipments, subscriptions,
 *   tickets, variants; actions: created, updated, deleted, paid and shipped (orders only),
 *   answered (tickets only);
 * - each delivery is a POST of the resource to `address` with the headers X-Shop-Id, X-Format,
 *   X-Language and X-{Group}-Id (the id of the object involved);
 * - X-Signature is md5(raw payload . app secret), lowercase hex (Lightspeed community threads
 *   "Securing webhook request" and "Webhook signature verification", answered by Lightspeed staff
 *   and users; the tutorial text we could read stops before that part).
 *
 * Lightspeed sends no delivery id and no event/action header: the action is only known from the
 * address an app registered for it.
 */

export const LIGHTSPEED_WEBHOOK_GROUPS = ['customers', 'invoices', 'orders', 'products', 'quotes', 'reviews', 'shipments', 'subscriptions', 'tickets', 'variants'] as const;
export const LIGHTSPEED_WEBHOOK_ACTIONS = ['created', 'updated', 'deleted', 'paid', 'shipped', 'answered'] as const;

export type LightspeedWebhookGroup = (typeof LIGHTSPEED_WEBHOOK_GROUPS)[number];
export type LightspeedWebhookAction = (typeof LIGHTSPEED_WEBHOOK_ACTIONS)[number];

export function signLightspeedWebhook(rawBody: string | Buffer, secret: string): string {
  return createHash('md5')
    .update(Buffer.concat([Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8'), Buffer.from(secret, 'utf8')]))
    .digest('hex');
}

export interface LightspeedWebhook {
  id: number;
  createdAt: string;
  updatedAt: string;
  isActive: boolean;
  itemGroup: LightspeedWebhookGroup;
  /** One of the documented actions, or `*` for all of them (accepted by the sandbox). */
  itemAction: LightspeedWebhookAction | '*';
  language: string;
  format: 'json';
  address: string;
}

export interface LightspeedWebhookDelivery {
  webhookId: number;
  group: LightspeedWebhookGroup;
  action: LightspeedWebhookAction;
  objectId: number;
  body: string;
  headers: Record<string, string>;
  target: string;
  responseStatus: number | null;
  error: string | null;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export class LightspeedWebhookSender {
  readonly webhooks = new Map<number, LightspeedWebhook>();
  readonly deliveries: LightspeedWebhookDelivery[] = [];
  private readonly dispatcher = new WebhookDispatcher();
  private nextId = 1;

  constructor(private readonly config: { secret: string; shopId: number; now: () => string }) {}

  register(input: Omit<LightspeedWebhook, 'id' | 'createdAt' | 'updatedAt'>): LightspeedWebhook {
    const at = this.config.now();
    const webhook: LightspeedWebhook = { id: this.nextId++, createdAt: at, updatedAt: at, ...input };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  /**
   * Sends the event to every active webhook registered for its group and action; `render` gives
   * the payload in the webhook's language.
   */
  send(group: LightspeedWebhookGroup, action: LightspeedWebhookAction, objectId: number, render: (language: string) => unknown): LightspeedWebhookDelivery[] {
    const sent: LightspeedWebhookDelivery[] = [];
    for (const webhook of this.webhooks.values()) {
      if (!webhook.isActive || webhook.itemGroup !== group || (webhook.itemAction !== '*' && webhook.itemAction !== action)) continue;
      const body = JSON.stringify(render(webhook.language));
      const headers: Record<string, string> = {
        'Content-Type': 'application/json; charset=utf-8',
        'X-Shop-Id': String(this.config.shopId),
        'X-Format': 'json',
        'X-Language': webhook.language,
        [`X-${capitalise(group)}-Id`]: String(objectId),
        'X-Signature': signLightspeedWebhook(body, this.config.secret),
      };
      const delivery: LightspeedWebhookDelivery = { webhookId: webhook.id, group, action, objectId, body, headers, target: webhook.address, responseStatus: null, error: null };
      this.deliveries.push(delivery);
      sent.push(delivery);
      this.dispatcher.post(webhook.address, headers, body, delivery);
    }
    return sent;
  }

  /** Waits until every delivery sent so far has been answered (or failed). */
  flush(): Promise<void> {
    return this.dispatcher.flush();
  }
}
