import { TRACKING_STATUSES } from '@shipdesk/domain';
import { describe, expect, it } from 'vitest';
import { DHL_STATUS_TABLE, dhlStatus } from './status-map';

describe('DHL status lookup table', () => {
  it.each([
    ['pre-transit', 'The instruction data for this shipment have been provided by the sender to DHL electronically', 'announced'],
    ['transit', 'The shipment has been processed in the parcel center of origin', 'in_transit'],
    ['transit', 'The shipment has been loaded onto the delivery vehicle', 'out_for_delivery'],
    ['transit', 'Die Sendung wurde in das Zustellfahrzeug geladen.', 'out_for_delivery'],
    ['transit', 'The shipment is available for pick-up at the PACKSTATION', 'awaiting_pickup'],
    ['transit', 'The shipment is on its way back to the sender', 'returned_to_sender'],
    ['delivered', 'The shipment has been successfully delivered', 'delivered'],
    ['delivered', 'The shipment has been delivered to the retail outlet and is ready for pick-up', 'awaiting_pickup'],
    ['delivered', 'The shipment has been returned to the sender', 'returned_to_sender'],
    ['failure', 'The shipment could not be delivered, and the recipient has been notified', 'delivery_failed'],
    ['failure', 'Die Annahme der Sendung wurde verweigert', 'delivery_failed'],
    ['failure', 'The shipment has been damaged', 'exception'],
  ])('maps %s "%s" to %s', (code, text, status) => {
    expect(dhlStatus(code, text)).toBe(status);
  });

  it('reads status codes case-insensitively and maps a bare code by its default rule', () => {
    expect(dhlStatus(' Transit ')).toBe('in_transit');
    expect(dhlStatus('DELIVERED')).toBe('delivered');
  });

  it('has no status for "unknown" or codes not in the table', () => {
    expect(dhlStatus('unknown', 'anything')).toBeNull();
    expect(dhlStatus('lost-in-space')).toBeNull();
    expect(dhlStatus('')).toBeNull();
  });

  it('only maps onto Shipdesk statuses, and every code ends in a catch-all rule', () => {
    for (const { status } of DHL_STATUS_TABLE) if (status !== null) expect(TRACKING_STATUSES).toContain(status);
    for (const code of ['pre-transit', 'transit', 'delivered', 'failure', 'unknown'])
      expect(DHL_STATUS_TABLE.filter((r) => r.statusCode === code).at(-1)!.text).toBeNull();
  });
});
