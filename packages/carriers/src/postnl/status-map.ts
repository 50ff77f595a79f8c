import type { TrackingStatus } from '@shipdesk/domain';

/**
 * THE lookup table from PostNL's T&T status codes (Shippingstatus v2: Status.StatusCode and
 * OldStatus[].StatusCode; reference "T&T status codes" on developer.postnl.nl) to Shipdesk's
 * statuses. `null` means the code says nothing about where the parcel is ("not applicable"):
 * such an event keeps the status of the event before it.
 */
export const POSTNL_STATUS_CODES: Readonly<Record<string, { description: string; status: TrackingStatus | null }>> = {
  '1': { description: 'Shipment pre-alerted (Zending voorgemeld)', status: 'announced' },
  '2': { description: 'Shipment received by PostNL (Zending in ontvangst genomen)', status: 'in_transit' },
  '3': { description: 'Shipment collected by PostNL (Zending afgehaald)', status: 'in_transit' },
  '4': { description: 'Shipment not collected (Zending niet afgehaald)', status: 'exception' },
  '5': { description: 'Shipment sorted (Zending gesorteerd)', status: 'in_transit' },
  '6': { description: 'Shipment not sorted (Zending niet gesorteerd)', status: 'exception' },
  '7': { description: 'Shipment out for delivery (Zending in distributieproces)', status: 'out_for_delivery' },
  '8': { description: 'Shipment not delivered (Zending niet afgeleverd)', status: 'delivery_failed' },
  '9': { description: 'Shipment at customs (Zending bij douane)', status: 'in_transit' },
  '11': { description: 'Shipment delivered (Zending afgeleverd)', status: 'delivered' },
  '12': {
    description: 'Shipment available at pickup location (Zending beschikbaar op afhaallocatie)',
    status: 'awaiting_pickup',
  },
  '13': { description: 'Pre-alerted, not yet received (Voorgemeld: nog niet aangenomen)', status: 'announced' },
  '14': { description: 'Pre-alerted, definitively not received (Voorgemeld: definitief niet aangenomen)', status: 'cancelled' },
  '15': { description: 'Missing in collection (Manco collectie)', status: 'exception' },
  '16': { description: 'Missing in sorting (Manco sortering)', status: 'exception' },
  '17': { description: 'Missing in distribution (Manco distributie)', status: 'exception' },
  '19': { description: 'Shipment rejected (Zending afgekeurd)', status: 'exception' },
  '20': { description: 'Shipment in customs clearance (Zending in inklaringsproces)', status: 'in_transit' },
  '21': { description: 'Shipment held in stock (Zending in voorraad)', status: 'exception' },
  '22': { description: 'Shipment collected from the post office (Zending afgehaald van postkantoor)', status: 'delivered' },
  '23': { description: 'Collection order collected (Afhaalopdracht gecollecteerd)', status: 'in_transit' },
  '27': { description: 'Returned: undeliverable (Retour onbestelbaar)', status: 'returned_to_sender' },
  '28': { description: 'Returned: wrong delivery code (Retour foutieve aflevercode)', status: 'returned_to_sender' },
  '31': {
    description: 'Ready for transport to the destination country (Zending klaar voor transport naar land van bestemming)',
    status: 'in_transit',
  },
  '99': { description: 'Not applicable (Niet van toepassing)', status: null },
};

/** Shipdesk's status for a PostNL status code; null for "not applicable" and for codes not in the table. */
export function postnlStatus(statusCode: string): TrackingStatus | null {
  const key = String(Number(statusCode.trim()));
  return POSTNL_STATUS_CODES[key]?.status ?? null;
}
