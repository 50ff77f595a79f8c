import { TRACKING_STATUSES } from '@shipdesk/domain';
import { describe, expect, it } from 'vitest';
import { POSTNL_STATUS_CODES, postnlStatus } from './status-map';

describe('PostNL status lookup table', () => {
  it.each([
    ['1', 'announced'],
    ['2', 'in_transit'],
    ['5', 'in_transit'],
    ['7', 'out_for_delivery'],
    ['8', 'delivery_failed'],
    ['11', 'delivered'],
    ['12', 'awaiting_pickup'],
    ['13', 'announced'],
    ['14', 'cancelled'],
    ['17', 'exception'],
    ['27', 'returned_to_sender'],
    ['28', 'returned_to_sender'],
  ])('maps status code %s to %s', (code, status) => {
    expect(postnlStatus(code)).toBe(status);
  });

  it('reads zero-padded and spaced codes the same', () => {
    expect(postnlStatus('07')).toBe('out_for_delivery');
    expect(postnlStatus(' 11 ')).toBe('delivered');
  });

  it('has no status for "not applicable" or unknown codes', () => {
    expect(postnlStatus('99')).toBeNull();
    expect(postnlStatus('42')).toBeNull();
    expect(postnlStatus('')).toBeNull();
  });

  it('only maps onto Shipdesk statuses', () => {
    for (const { status } of Object.values(POSTNL_STATUS_CODES)) {
      if (status !== null) expect(TRACKING_STATUSES).toContain(status);
    }
  });
});
