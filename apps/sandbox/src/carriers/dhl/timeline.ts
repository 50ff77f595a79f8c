/**
 * How a sandbox parcel moves through DHL's network as DHL's Shipment Tracking – Unified API
 * reports it: events with a `statusCode` (pre-transit, transit, delivered, failure, unknown), a
 * short `status` and a longer `description`, reached at offsets after the label was made, read
 * against an injectable clock. Texts follow DHL Paket's public tracking wording.
 */

export type UnifiedStatusCode = 'pre-transit' | 'transit' | 'delivered' | 'failure' | 'unknown';

export interface TimelineStep {
  /** Milliseconds after label creation. */
  afterMs: number;
  statusCode: UnifiedStatusCode;
  status: { en: string; de: string };
  description: { en: string; de: string };
  /** Where the scan happened: the shipper's city, the consignee's city, or nowhere in particular. */
  at: 'origin' | 'destination' | null;
}

const HOUR = 3_600_000;

export interface TimelineOffsets {
  /** Processed in the parcel center of origin (handed over; the shipment can no longer be deleted). Default 3 h. */
  originCenterAfterMs: number;
  /** Processed in the destination parcel center. Default 10 h. */
  destinationCenterAfterMs: number;
  /** Loaded onto the delivery vehicle. Default 20 h. */
  outForDeliveryAfterMs: number;
  /** Delivered. Default 26 h. */
  deliveredAfterMs: number;
}

export const DEFAULT_OFFSETS: TimelineOffsets = {
  originCenterAfterMs: 3 * HOUR,
  destinationCenterAfterMs: 10 * HOUR,
  outForDeliveryAfterMs: 20 * HOUR,
  deliveredAfterMs: 26 * HOUR,
};

export function timeline(offsets: TimelineOffsets): TimelineStep[] {
  return [
    {
      afterMs: 0,
      statusCode: 'pre-transit',
      status: { en: 'Shipment information received', de: 'Sendungsdaten übermittelt' },
      description: {
        en: 'The instruction data for this shipment have been provided by the sender to DHL electronically',
        de: 'Die Auftragsdaten zu dieser Sendung wurden vom Absender elektronisch an DHL übermittelt.',
      },
      at: null,
    },
    {
      afterMs: offsets.originCenterAfterMs,
      statusCode: 'transit',
      status: { en: 'In transit', de: 'In Zustellung' },
      description: {
        en: 'The shipment has been processed in the parcel center of origin',
        de: 'Die Sendung wurde im Start-Paketzentrum bearbeitet.',
      },
      at: 'origin',
    },
    {
      afterMs: offsets.destinationCenterAfterMs,
      statusCode: 'transit',
      status: { en: 'In transit', de: 'In Zustellung' },
      description: {
        en: 'The shipment has been processed in the destination parcel center',
        de: 'Die Sendung wurde im Ziel-Paketzentrum bearbeitet.',
      },
      at: 'destination',
    },
    {
      afterMs: offsets.outForDeliveryAfterMs,
      statusCode: 'transit',
      status: { en: 'Out for delivery', de: 'In Zustellung' },
      description: {
        en: 'The shipment has been loaded onto the delivery vehicle',
        de: 'Die Sendung wurde in das Zustellfahrzeug geladen.',
      },
      at: 'destination',
    },
    {
      afterMs: offsets.deliveredAfterMs,
      statusCode: 'delivered',
      status: { en: 'Delivered', de: 'Zugestellt' },
      description: {
        en: 'The shipment has been successfully delivered',
        de: 'Die Sendung wurde erfolgreich zugestellt.',
      },
      at: 'destination',
    },
  ];
}

/** The steps reached at `now` for a parcel labelled at `createdAt`, oldest first. */
export function reachedSteps(steps: TimelineStep[], createdAt: Date, now: Date): { step: TimelineStep; at: Date }[] {
  const elapsed = Math.max(0, now.getTime() - createdAt.getTime());
  return steps
    .filter((step) => step.afterMs <= elapsed)
    .map((step) => ({ step, at: new Date(createdAt.getTime() + step.afterMs) }));
}
