import { describe, expect, it } from 'vitest';
import { CarrierError } from '../connector';
import { dhlError, parseCancel, parseOrder, parseTracking } from './response';
import { fromDhlTimestamp } from './time';

const PDF = Buffer.from('%PDF-1.7\n%fake\n').toString('base64');

describe('DHL response parsing', () => {
  it('reads problem bodies, status details and validation messages', () => {
    expect(
      dhlError(401, { title: 'Unauthorized', statusCode: 401, detail: 'Unauthorized for given resource.' }, 'x'),
    ).toMatchObject({
      carrierMessage: 'Unauthorized for given resource.',
      httpStatus: 401,
      retryable: false,
    });
    const validation = dhlError(
      400,
      {
        status: { title: 'Bad Request', status: 400 },
        items: [
          {
            sstatus: { title: 'Bad Request', status: 400 },
            validationMessages: [
              { property: 'details.weight', validationMessage: 'The weight is too high', validationState: 'Error' },
              { property: 'consignee.addressStreet', validationMessage: 'cannot be encoded', validationState: 'Warning' },
              { property: 'consignee.postalCode', validationMessage: 'Please enter a postal code.', validationState: 'Error' },
            ],
          },
        ],
      },
      'POST /orders',
    );
    expect(validation.carrierMessage).toBe(
      'details.weight: The weight is too high; consignee.postalCode: Please enter a postal code.',
    );
    expect(validation.retryable).toBe(false);
    expect(
      dhlError(400, { status: { title: 'Bad Request', status: 400, detail: 'profile is mandatory.' } }, 'x').carrierMessage,
    ).toBe('profile is mandatory.');
  });

  it('marks 429, 5xx and gateway text as retryable', () => {
    expect(dhlError(429, { title: 'Too Many Requests', status: 429 }, 'x')).toMatchObject({
      retryable: true,
      carrierMessage: 'Too Many Requests',
    });
    expect(dhlError(503, '<html>Service Unavailable</html>', 'x')).toMatchObject({
      retryable: true,
      carrierMessage: '<html>Service Unavailable</html>',
    });
    expect(dhlError(500, { title: 'Internal Server Error', status: 500, detail: 'backend down' }, 'x').carrierMessage).toBe(
      'Internal Server Error: backend down',
    );
    expect(dhlError(502, undefined, 'GET /y').carrierMessage).toBe('GET /y failed without an error message');
  });

  it('takes the shipment number and the PDF from the first item, or a label URL', () => {
    const label = parseOrder(200, {
      status: { title: 'OK', status: 200 },
      items: [{ shipmentNo: '3404', sstatus: { title: 'OK', status: 200 }, label: { b64: PDF, fileFormat: 'PDF' } }],
    });
    expect(label.shipmentNo).toBe('3404');
    expect(label.pdf!.subarray(0, 5).toString()).toBe('%PDF-');
    expect(
      parseOrder(200, { items: [{ shipmentNo: '3405', sstatus: { status: 200 }, label: { url: 'https://x/labels?token=t' } }] })
        .url,
    ).toBe('https://x/labels?token=t');
    expect(() =>
      parseOrder(200, { items: [{ shipmentNo: '3406', sstatus: { status: 200 }, label: { zpl2: '^XA', fileFormat: 'ZPL2' } }] }),
    ).toThrow(/ZPL2, not PDF/);
    const failed = (() => {
      try {
        parseOrder(207, { items: [{ sstatus: { title: 'Bad Request', status: 400, detail: 'Shipment rejected.' } }] });
      } catch (e) {
        return e as CarrierError;
      }
    })();
    expect(failed).toMatchObject({ httpStatus: 400, carrierMessage: 'Shipment rejected.', retryable: false });
  });

  it('accepts a deletion with status 200 and refuses one with 400', () => {
    expect(() => parseCancel({ items: [{ shipmentNo: '1', sstatus: { title: 'OK', status: 200 } }] }, '1')).not.toThrow();
    expect(() =>
      parseCancel(
        { items: [{ shipmentNo: '1', sstatus: { title: 'Bad Request', status: 400, detail: 'Shipment not found.' } }] },
        '1',
      ),
    ).toThrow('Shipment not found.');
  });

  it('orders tracking events oldest first, keeps the status over "unknown" and reads German local time', () => {
    const result = parseTracking(
      {
        shipments: [
          {
            id: '1',
            events: [
              {
                timestamp: '2026-03-03T10:00:00',
                statusCode: 'failure',
                status: 'Not delivered',
                description: 'The shipment could not be delivered',
              },
              { timestamp: '2026-03-03T08:00:00Z', statusCode: 'unknown', description: 'Something happened' },
              {
                timestamp: '2026-03-02T10:00:00+01:00',
                statusCode: 'transit',
                description: 'Processed',
                location: { address: { addressLocality: 'Bonn' } },
              },
            ],
          },
        ],
      },
      '1',
    );
    expect(result.events.map((e) => [e.happenedAt, e.status])).toEqual([
      ['2026-03-02T09:00:00.000Z', 'in_transit'],
      ['2026-03-03T08:00:00.000Z', 'in_transit'],
      ['2026-03-03T09:00:00.000Z', 'delivery_failed'],
    ]);
    expect(result.events[0]!.location).toBe('Bonn');
    expect(result.status).toBe('delivery_failed');
    expect(() => parseTracking({ shipments: [] }, '2')).toThrow(/no shipment 2/);
  });

  it('converts summer and winter local times', () => {
    expect(fromDhlTimestamp('2026-07-01T12:00:00')).toBe('2026-07-01T10:00:00.000Z');
    expect(fromDhlTimestamp('2026-01-01T12:00:00')).toBe('2026-01-01T11:00:00.000Z');
    expect(() => fromDhlTimestamp('yesterday')).toThrow();
  });
});
