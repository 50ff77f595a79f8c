/**
 * Shipdesk's normalised parcel statuses. Every carrier's own status codes map onto these through
 * one lookup table per carrier (packages/carriers/src/<carrier>/status-map.ts), and shop
 * connectors map these onto what their platform can take (Shopify fulfillment events, a Magento
 * order comment…).
 */
export const TRACKING_STATUSES = [
  'announced',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'delivery_failed',
  'awaiting_pickup',
  'returned_to_sender',
  'cancelled',
  'exception',
] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];
