import type { TrackingStatus } from '@shipdesk/domain';

/**
 * Shopify's FulfillmentEventStatus values (Admin GraphQL 2025-10,
 * https://shopify.dev/docs/api/admin-graphql/2025-10/enums/FulfillmentEventStatus).
 */
export type FulfillmentEventStatus =
  | 'ATTEMPTED_DELIVERY'
  | 'CARRIER_PICKED_UP'
  | 'CONFIRMED'
  | 'DELAYED'
  | 'DELIVERED'
  | 'FAILURE'
  | 'IN_TRANSIT'
  | 'LABEL_PRINTED'
  | 'LABEL_PURCHASED'
  | 'OUT_FOR_DELIVERY'
  | 'READY_FOR_PICKUP';

/**
 * Shipdesk's parcel status → the fulfillment event Shopify shows the customer. `null`: Shopify has
 * no event for it, so nothing is sent (a cancelled label is not a delivery failure).
 */
export const FULFILLMENT_EVENT_STATUS: Record<TrackingStatus, FulfillmentEventStatus | null> = {
  announced: 'LABEL_PURCHASED',
  in_transit: 'IN_TRANSIT',
  out_for_delivery: 'OUT_FOR_DELIVERY',
  delivered: 'DELIVERED',
  delivery_failed: 'ATTEMPTED_DELIVERY',
  awaiting_pickup: 'READY_FOR_PICKUP',
  returned_to_sender: 'FAILURE',
  cancelled: null,
  exception: 'DELAYED',
};
