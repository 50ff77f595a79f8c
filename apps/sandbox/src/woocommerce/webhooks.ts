import { createHmac, randomBytes } from 'node:crypto';
import { WebhookDispatcher } from '../webhook-dispatch';

/**
 * WooCommerce webhook deliveries as WC_Webhook::deliver sends them (developer.woocommerce.com,
 * "Webhooks"): an HTTP POST of the resource's REST JSON with the headers X-WC-Webhook-Source
 * (the site URL), X-WC-Webhook-Topic (`order.updated`), X-WC-Webhook-Resource, X-WC-Webhook-Event,
 * X-WC-Webhook-Signature (base64 HMAC-SHA256 of the raw body, keyed with the webhook's secret),
 * X-WC-Webhook-ID (the webhook's id) and X-WC-Webhook-Delivery-ID (unique per delivery).
 */

export function signWooCommerceWebhook(rawBody: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

export interface WooWebhookDelivery {
  deliveryId: string;
  topic: string;
  body: string;
  headers: Record<string, string>;
  target: string | null;
  responseStatus: number | null;
  error: string | null;
}

export class WooWebhookSender {
  readonly deliveries: WooWebhookDelivery[] = [];
  private readonly dispatcher = new WebhookDispatcher();

  constructor(private readonly config: { secret: string; webhookId: number; source: string; target: () => string | undefined }) {}

  send(topic: string, payload: unknown): WooWebhookDelivery {
    const body = JSON.stringify(payload);
    const [resource = '', event = ''] = topic.split('.');
    const deliveryId = randomBytes(16).toString('hex');
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)',
      'X-WC-Webhook-Source': this.config.source,
      'X-WC-Webhook-Topic': topic,
      'X-WC-Webhook-Resource': resource,
      'X-WC-Webhook-Event': event,
      'X-WC-Webhook-Signature': signWooCommerceWebhook(body, this.config.secret),
      'X-WC-Webhook-ID': String(this.config.webhookId),
      'X-WC-Webhook-Delivery-ID': deliveryId,
    };
    const target = this.config.target() ?? null;
    const delivery: WooWebhookDelivery = { deliveryId, topic, body, headers, target, responseStatus: null, error: null };
    this.deliveries.push(delivery);
    if (target) {
      this.dispatcher.post(target, headers, body, delivery);
    }
    return delivery;
  }

  /** Waits until every delivery sent so far has been answered (or failed). */
  flush(): Promise<void> {
    return this.dispatcher.flush();
  }
}
