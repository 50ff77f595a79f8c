import type { TrackingStatus } from '@shipdesk/domain';
import type { Platform, ShopOrder } from './types';

/** What a platform can do, declared by its connector; the integrations page shows it. */
export interface ShopCapabilities {
  /** shipment_level: tracking goes to a shop shipment (Shopify: fulfillment); order_level: to the order. */
  level: 'shipment_level' | 'order_level';
  /** The shop can create a shipment for a subset of the order's items, with quantities. */
  createsShipments: boolean;
  /** The shop can take a status update for a shipment (or order) after it was created. */
  takesStatus: boolean;
  /** The shop can hold quantities back for a backorder (Shopify: fulfillment order hold). */
  holdsBackorder: boolean;
}

/** Where and how to reach one shop: a base URL (the real platform or the sandbox) and its secrets. */
export interface ShopConnection {
  baseUrl: string;
  credentials: Record<string, string>;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Injected for tests; defaults to setTimeout-based sleep. Used for rate-limit waits and backoff. */
  sleep?: (ms: number) => Promise<void>;
}

export interface ListOrdersParams {
  /** Only orders created or changed at or after this instant (ISO 8601). */
  updatedSince?: string;
  /** Opaque cursor from the previous page; omit for the first page. */
  cursor?: string | null;
  pageSize?: number;
}

export interface ShopOrdersPage {
  orders: ShopOrder[];
  nextCursor: string | null;
}

export interface TrackingInfo {
  number: string;
  /** Carrier name as the shop knows it, e.g. "PostNL", "DHL Express", "UPS". */
  company: string;
  url?: string;
}

export interface CreateShipmentInput {
  orderExternalId: string;
  lines: { lineExternalId: string; quantity: number }[];
  tracking?: TrackingInfo;
  notifyCustomer?: boolean;
}

export interface WebhookEvent {
  /** The platform's delivery id, used to ignore duplicate deliveries. */
  deliveryId: string;
  topic: string;
  /** The order the event is about, when it is about one. */
  orderExternalId?: string;
  payload: unknown;
}

/** One shop platform, spoken over its real wire protocol against a base URL. */
export interface ShopConnector {
  readonly platform: Platform;
  readonly capabilities: ShopCapabilities;
  listOrders(params: ListOrdersParams): Promise<ShopOrdersPage>;
  getOrder(orderExternalId: string): Promise<ShopOrder | null>;
  /** Creates a shop shipment for some items; returns its id in the shop. Shipment level only. */
  createShipment(input: CreateShipmentInput): Promise<{ externalId: string }>;
  /** Sets the tracking code of a shop shipment (shipment level) or of the order (order level). */
  updateTracking(input: { orderExternalId: string; shipmentExternalId?: string; tracking: TrackingInfo; notifyCustomer?: boolean }): Promise<void>;
  /** Passes a parcel status on to the shop, where the platform can take it. */
  reportStatus(input: { orderExternalId: string; shipmentExternalId?: string; status: TrackingStatus; happenedAt: string; message?: string }): Promise<void>;
  holdForBackorder?(input: { orderExternalId: string; lines: { lineExternalId: string; quantity: number }[]; note?: string }): Promise<void>;
  releaseBackorder?(input: { orderExternalId: string }): Promise<void>;
  /**
   * Stock per SKU, for the SKUs asked (those the shop does not track are left out): what the shop
   * has available to sell, net of its unfulfilled orders — negative while oversold — as in
   * `ShopOrderLine.stock`. Platforms without stock in their API leave this out.
   */
  getStock?(skus: string[]): Promise<Map<string, number>>;
  /**
   * Checks a webhook's signature on the raw body and returns the event, or null when the
   * signature is missing or wrong. Needs the webhook secret in the credentials.
   */
  verifyWebhook(rawBody: Buffer, headers: Record<string, string | undefined>): WebhookEvent | null;
}

/**
 * An error from a shop: its HTTP status (0 when unreachable), whether trying again later can help
 * (outage, rate limit, 5xx), and the shop's own message for the sync state shown to support.
 */
export class ShopError extends Error {
  constructor(
    readonly platform: Platform,
    message: string,
    readonly options: { status: number; retryable: boolean; retryAfterMs?: number; body?: unknown },
  ) {
    super(message);
    this.name = 'ShopError';
  }
  get status() {
    return this.options.status;
  }
  get retryable() {
    return this.options.retryable;
  }
  /** How long the shop asked us to wait (Retry-After), read by the job worker's backoff. */
  get retryAfterMs() {
    return this.options.retryAfterMs;
  }
}
