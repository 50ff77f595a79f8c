import { describe, expect, it } from 'vitest';
import { CarrierError } from '../connector';
import { parseLabel, parseStatus, postnlError } from './response';

const PDF = Buffer.from('%PDF-1.7\n%fake\n').toString('base64');

describe('PostNL response parsing', () => {
  it('reads gateway faults, labelling Errors and barcode errors', () => {
    const fault = postnlError(
      429,
      { fault: { faultstring: 'Rate limit quota violation', detail: { errorcode: 'policies.ratelimit.QuotaViolation' } } },
      'GET x',
    );
    expect(fault).toMatchObject({
      carrierMessage: 'Rate limit quota violation',
      httpStatus: 429,
      retryable: true,
      code: 'policies.ratelimit.QuotaViolation',
    });

    const labelling = postnlError(
      400,
      {
        Errors: [
          {
            Error: 'Validation failed for shipment: 3SDEVC949511897',
            Code: '1280202',
            Description: 'Incorrect address specified in address type Sender',
          },
        ],
      },
      'POST y',
    );
    expect(labelling.carrierMessage).toBe(
      'Validation failed for shipment: 3SDEVC949511897: Incorrect address specified in address type Sender',
    );
    expect(labelling.retryable).toBe(false);

    const barcode = postnlError(400, { errors: [{ ErrorMsg: 'CustomerCode is mandatory', ErrorNumber: '1' }] }, 'GET z');
    expect(barcode).toMatchObject({ carrierMessage: 'CustomerCode is mandatory', code: '1' });

    expect(postnlError(502, '<html>Bad gateway</html>', 'GET z')).toMatchObject({
      retryable: true,
      carrierMessage: '<html>Bad gateway</html>',
    });
    expect(postnlError(500, undefined, 'GET z').carrierMessage).toBe('GET z failed without an error message');
  });

  it('takes the label from the shipment, or from MergedLabels', () => {
    const single = parseLabel(
      {
        MergedLabels: [],
        ResponseShipments: [
          { Barcode: '3SDEVC1', Labels: [{ Content: PDF, Labeltype: 'Label', OutputType: 'PDF' }], Errors: [] },
        ],
      },
      '3SDEVC1',
    );
    expect(single.trackingNumber).toBe('3SDEVC1');
    expect(single.labelPdf.subarray(0, 5).toString()).toBe('%PDF-');
    const merged = parseLabel(
      {
        MergedLabels: [{ Barcodes: ['3SDEVC2'], Labels: [{ Content: PDF, Labeltype: 'Label', OutputType: 'PDF' }] }],
        ResponseShipments: [{ Barcode: '3SDEVC2', Labels: [] }],
      },
      '3SDEVC2',
    );
    expect(merged.labelPdf.length).toBeGreaterThan(0);
  });

  it('turns per-shipment Errors in a 200 answer into a CarrierError', () => {
    const parse = () =>
      parseLabel(
        { ResponseShipments: [{ Barcode: '3SDEVC1', Labels: [], Errors: [{ Code: '9', Description: 'Product not allowed' }] }] },
        '3SDEVC1',
      );
    expect(parse).toThrow(CarrierError);
    expect(parse).toThrow(/Product not allowed/);
  });

  it('refuses a label that is not a PDF', () => {
    expect(() =>
      parseLabel(
        {
          ResponseShipments: [
            {
              Barcode: 'B',
              Labels: [{ Content: Buffer.from('GIF89a').toString('base64'), Labeltype: 'Label', OutputType: 'PDF' }],
            },
          ],
        },
        'B',
      ),
    ).toThrow(/not a PDF/);
  });

  it('builds events from Status and OldStatus, oldest first, deduplicated, with "not applicable" keeping the status before', () => {
    const result = parseStatus(
      {
        CompleteStatus: {
          Shipment: [
            {
              Barcode: '3SDEVC1',
              Status: { TimeStamp: '03-03-2026 12:00:00', StatusCode: '99', StatusDescription: 'Not applicable' },
              OldStatus: [
                { TimeStamp: '03-03-2026 12:00:00', StatusCode: '99', StatusDescription: 'Not applicable' },
                { TimeStamp: '03-03-2026 08:00:00', StatusCode: '7', StatusDescription: 'Shipment out for delivery' },
                { TimeStamp: '02-03-2026 10:00:00', StatusCode: '1', StatusDescription: 'Shipment pre-alerted' },
              ],
              Event: [{ Code: 'J05', TimeStamp: '03-03-2026 08:00:00', LocationCode: '157089' }],
            },
          ],
        },
      },
      '3SDEVC1',
    );
    expect(result.status).toBe('out_for_delivery');
    expect(result.events).toEqual([
      { code: '1', description: 'Shipment pre-alerted', status: 'announced', happenedAt: '2026-03-02T09:00:00.000Z' },
      {
        code: '7',
        description: 'Shipment out for delivery',
        status: 'out_for_delivery',
        happenedAt: '2026-03-03T07:00:00.000Z',
        location: '157089',
      },
      { code: '99', description: 'Not applicable', status: 'out_for_delivery', happenedAt: '2026-03-03T11:00:00.000Z' },
    ]);
  });

  it('reads the CurrentStatus shape too', () => {
    const result = parseStatus(
      {
        CurrentStatus: {
          Shipment: {
            Barcode: 'B',
            Status: { TimeStamp: '08-11-2022 10:13:20', StatusCode: '7', StatusDescription: 'Shipment out for delivery' },
          },
        },
      },
      'B',
    );
    expect(result).toEqual({
      status: 'out_for_delivery',
      events: [
        {
          code: '7',
          description: 'Shipment out for delivery',
          status: 'out_for_delivery',
          happenedAt: '2022-11-08T09:13:20.000Z',
        },
      ],
    });
  });

  it('reports an unknown barcode as not found', () => {
    expect(() => parseStatus({ Warnings: [{ Code: '1', Description: 'No shipment found' }] }, 'B')).toThrow(
      /no shipment B in PostNL's tracking: No shipment found/,
    );
  });
});
