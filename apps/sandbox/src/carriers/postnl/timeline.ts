/**
 * How a sandbox parcel moves through PostNL's network: a fixed route of status codes (from PostNL's
 * T&T status code reference) reached at offsets after the label was made, read against an
 * injectable clock. Phase codes: 1 collection, 2 sorting, 3 distribution, 4 delivery.
 */

export interface TimelineStep {
  /** Milliseconds after label creation. */
  afterMs: number;
  statusCode: string;
  statusNl: string;
  statusEn: string;
  phaseCode: string;
  phaseNl: string;
  phaseEn: string;
  /** Scan event code and its description. */
  eventCode: string;
  eventNl: string;
  eventEn: string;
  /** PostNL location code of the scan. */
  locationCode: string;
}

const HOUR = 3_600_000;

export interface TimelineOffsets {
  /** Parcel received at a PostNL location. Default 2 h. */
  receivedAfterMs: number;
  /** Parcel sorted. Default 8 h. */
  sortedAfterMs: number;
  /** Parcel with the deliverer. Default 20 h. */
  outForDeliveryAfterMs: number;
  /** Parcel delivered. Default 26 h. */
  deliveredAfterMs: number;
}

export const DEFAULT_OFFSETS: TimelineOffsets = {
  receivedAfterMs: 2 * HOUR,
  sortedAfterMs: 8 * HOUR,
  outForDeliveryAfterMs: 20 * HOUR,
  deliveredAfterMs: 26 * HOUR,
};

export function timeline(offsets: TimelineOffsets): TimelineStep[] {
  return [
    {
      afterMs: 0,
      statusCode: '1',
      statusNl: 'Zending voorgemeld',
      statusEn: 'Shipment pre-alerted',
      phaseCode: '1',
      phaseNl: 'Collectie',
      phaseEn: 'Collection',
      eventCode: 'A01',
      eventNl: 'Zending is aangemeld maar nog niet ontvangen door PostNL',
      eventEn: 'The shipment has been pre-alerted but not yet received by PostNL',
      locationCode: '888888',
    },
    {
      afterMs: offsets.receivedAfterMs,
      statusCode: '2',
      statusNl: 'Zending in ontvangst genomen',
      statusEn: 'Shipment received by PostNL',
      phaseCode: '1',
      phaseNl: 'Collectie',
      phaseEn: 'Collection',
      eventCode: 'B01',
      eventNl: 'Zending is ontvangen door PostNL',
      eventEn: 'The shipment has been received by PostNL',
      locationCode: '166551',
    },
    {
      afterMs: offsets.sortedAfterMs,
      statusCode: '5',
      statusNl: 'Zending gesorteerd',
      statusEn: 'Shipment sorted',
      phaseCode: '2',
      phaseNl: 'Sortering',
      phaseEn: 'Sorting',
      eventCode: 'J01',
      eventNl: 'Zending is gesorteerd',
      eventEn: 'The shipment has been sorted',
      locationCode: '157089',
    },
    {
      afterMs: offsets.outForDeliveryAfterMs,
      statusCode: '7',
      statusNl: 'Zending in distributieproces',
      statusEn: 'Shipment out for delivery',
      phaseCode: '3',
      phaseNl: 'Distributie',
      phaseEn: 'Distribution',
      eventCode: 'J05',
      eventNl: 'Bezorger is onderweg',
      eventEn: 'The deliverer is on the way',
      locationCode: '157089',
    },
    {
      afterMs: offsets.deliveredAfterMs,
      statusCode: '11',
      statusNl: 'Zending afgeleverd',
      statusEn: 'Shipment delivered',
      phaseCode: '4',
      phaseNl: 'Afgeleverd',
      phaseEn: 'Delivered',
      eventCode: 'I01',
      eventNl: 'Zending is afgeleverd',
      eventEn: 'The shipment has been delivered',
      locationCode: '157089',
    },
  ];
}

/** The steps reached at `now` for a parcel labelled at `createdAt`, oldest first. */
export function reachedSteps(steps: TimelineStep[], createdAt: Date, now: Date): { step: TimelineStep; at: Date }[] {
  const elapsed = now.getTime() - createdAt.getTime();
  return steps
    .filter((step) => step.afterMs <= Math.max(0, elapsed))
    .map((step) => ({ step, at: new Date(createdAt.getTime() + step.afterMs) }));
}
