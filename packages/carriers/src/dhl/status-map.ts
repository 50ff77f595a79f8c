import type { TrackingStatus } from '@shipdesk/domain';

/**
 * THE lookup table from DHL's Shipment Tracking – Unified API to Shipdesk's statuses. Each event
 * carries a coarse `statusCode` (pre-transit, transit, delivered, failure, unknown) and a detailed
 * text (`status` / `description`, English or German). Rules are read top to bottom: the first rule
 * whose statusCode matches and whose `text` pattern (if any) matches the event's text wins.
 * `null` means the event says nothing about where the parcel is: it keeps the status before it.
 */
export interface DhlStatusRule {
  statusCode: 'pre-transit' | 'transit' | 'delivered' | 'failure' | 'unknown';
  /** Matched against "<status> <description>"; null matches any text. */
  text: RegExp | null;
  status: TrackingStatus | null;
  /** Why, for the next reader. */
  note: string;
}

const PICKUP_READY = /(?:ready|available) for (?:pick-?up|collection)|abholbereit|zur abholung bereit|liegt .*zur abholung/i;
const BACK_TO_SENDER =
  /(?:returned|return(?:ing)?|on (?:its|the) way back) to (?:the )?sender|rücksendung|zurück an den absender|an den absender zurück/i;
const NOT_DELIVERED = /could not be delivered|not (?:be )?delivered|delivery attempt|nicht zugestellt|zustellversuch/i;

export const DHL_STATUS_TABLE: readonly DhlStatusRule[] = [
  {
    statusCode: 'pre-transit',
    text: null,
    status: 'announced',
    note: 'label data sent electronically; DHL has not seen the parcel',
  },
  {
    statusCode: 'transit',
    text: /loaded onto the delivery vehicle|out for delivery|in (?:das )?zustellfahrzeug geladen|in zustellung/i,
    status: 'out_for_delivery',
    note: 'with the deliverer today',
  },
  {
    statusCode: 'transit',
    text: PICKUP_READY,
    status: 'awaiting_pickup',
    note: 'at a Packstation, retail outlet or parcel shop',
  },
  { statusCode: 'transit', text: BACK_TO_SENDER, status: 'returned_to_sender', note: 'on its way back to the shipper' },
  { statusCode: 'transit', text: null, status: 'in_transit', note: 'any other movement: pick-up, parcel centers, customs' },
  {
    statusCode: 'delivered',
    text: PICKUP_READY,
    status: 'awaiting_pickup',
    note: 'dropped at a pick-up point, not yet collected',
  },
  { statusCode: 'delivered', text: BACK_TO_SENDER, status: 'returned_to_sender', note: 'delivered back to the shipper' },
  { statusCode: 'delivered', text: null, status: 'delivered', note: 'delivered to the recipient, a neighbour, or collected' },
  { statusCode: 'failure', text: BACK_TO_SENDER, status: 'returned_to_sender', note: 'undeliverable, going back' },
  {
    statusCode: 'failure',
    text: NOT_DELIVERED,
    status: 'delivery_failed',
    note: 'a delivery attempt failed; DHL tries again or redirects',
  },
  { statusCode: 'failure', text: /refused|verweigert/i, status: 'delivery_failed', note: 'refused by the recipient' },
  { statusCode: 'failure', text: null, status: 'exception', note: 'damaged, lost, address problems and anything else' },
  { statusCode: 'unknown', text: null, status: null, note: 'DHL cannot classify the event' },
];

/** Shipdesk's status for a DHL event; null for "unknown" and status codes not in the table. */
export function dhlStatus(statusCode: string, text = ''): TrackingStatus | null {
  const code = statusCode.trim().toLowerCase();
  const rule = DHL_STATUS_TABLE.find((r) => r.statusCode === code && (r.text === null || r.text.test(text)));
  return rule?.status ?? null;
}
