import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../server';
import { pdfBarcodes, pdfText, zbarimgPath } from '../read-label-pdf';
import { postnlSandbox, type PostnlSandbox } from './index';

const API_KEY = 'sandbox-postnl-key';
const HOUR = 3_600_000;
let clock = new Date('2026-03-02T09:00:00Z');
let postnl: PostnlSandbox;
let sandbox: RunningSandbox;
let base: string;

beforeAll(async () => {
  postnl = postnlSandbox({ apiKey: API_KEY, now: () => clock });
  sandbox = await startSandbox([postnl]);
  base = sandbox.baseUrl('postnl');
});
afterAll(() => sandbox.close());

function call(path: string, init: RequestInit & { apikey?: string | null } = {}) {
  const headers = new Headers(init.headers);
  if (init.apikey !== null) headers.set('apikey', init.apikey ?? API_KEY);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(`${base}${path}`, { ...init, headers });
}

function labelRequest(
  overrides: { shipment?: Record<string, unknown>; receiver?: Record<string, unknown>; printer?: string } = {},
) {
  return {
    Customer: {
      CustomerCode: 'DEVC',
      CustomerNumber: '11223344',
      CollectionLocation: '123456',
      Address: {
        AddressType: '02',
        CompanyName: 'Dune Goods B.V.',
        Street: 'Siriusdreef',
        HouseNr: '42',
        Zipcode: '2132WT',
        City: 'Hoofddorp',
        Countrycode: 'NL',
      },
    },
    Message: { MessageID: '1', MessageTimeStamp: '02-03-2026 10:00:00', Printertype: overrides.printer ?? 'GraphicFile|PDF' },
    Shipments: [
      {
        Addresses: [
          {
            AddressType: '01',
            FirstName: 'Peter',
            Name: 'de Ruiter',
            Street: 'Bilderdijkstraat',
            HouseNr: '9',
            HouseNrExt: 'a bis',
            Zipcode: '3532VA',
            City: 'Utrecht',
            Countrycode: 'NL',
            ...overrides.receiver,
          },
        ],
        Dimension: { Weight: 2000 },
        ProductCodeDelivery: '3085',
        Reference: '#1001',
        ...overrides.shipment,
      },
    ],
  };
}

describe('PostNL sandbox: authentication', () => {
  it('answers a missing apikey header with 401 and the gateway fault', async () => {
    const res = await call('/shipment/v1_1/barcode?CustomerCode=DEVC&CustomerNumber=11223344&Type=3S', { apikey: null });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      fault: {
        faultstring: 'Failed to resolve API Key variable request.header.apikey',
        detail: { errorcode: 'steps.oauth.v2.FailedToResolveAPIKey' },
      },
    });
  });

  it('answers a wrong apikey with 401 Invalid ApiKey', async () => {
    const res = await call('/shipment/v2_2/label', { method: 'POST', body: JSON.stringify(labelRequest()), apikey: 'nope' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      fault: { faultstring: 'Invalid ApiKey', detail: { errorcode: 'oauth.v2.InvalidApiKey' } },
    });
  });
});

describe('PostNL sandbox: barcode v1_1', () => {
  it('hands out 3S + customer code + 9-digit serial barcodes, unique per call', async () => {
    const get = async () =>
      (await (
        await call('/shipment/v1_1/barcode?CustomerCode=DEVC&CustomerNumber=11223344&Type=3S&Serie=000000000-999999999')
      ).json()) as { Barcode: string };
    const [a, b] = [await get(), await get()];
    expect(a.Barcode).toMatch(/^3SDEVC\d{9}$/);
    expect(b.Barcode).toMatch(/^3SDEVC\d{9}$/);
    expect(a.Barcode).not.toBe(b.Barcode);
  });

  it('stays inside the requested serie', async () => {
    const res = await call('/shipment/v1_1/barcode?CustomerCode=DEVC&CustomerNumber=11223344&Type=3S&Serie=500000000-600000000');
    const { Barcode } = (await res.json()) as { Barcode: string };
    expect(Number(Barcode.slice(6))).toBeGreaterThanOrEqual(500_000_000);
    expect(Number(Barcode.slice(6))).toBeLessThanOrEqual(600_000_000);
  });

  it('rejects a missing CustomerNumber and a foreign customer in the barcode error shape', async () => {
    const res = await call('/shipment/v1_1/barcode?CustomerCode=ABCD&Type=3S');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { ErrorMsg: string; ErrorNumber: string }[] };
    expect(body.errors.map((e) => e.ErrorMsg)).toContain('CustomerNumber is mandatory');
    const foreign = await call('/shipment/v1_1/barcode?CustomerCode=ABCD&CustomerNumber=99999999&Type=3S');
    expect(((await foreign.json()) as { errors: { ErrorMsg: string }[] }).errors[0]!.ErrorMsg).toMatch(
      /not known for this API key/,
    );
  });

  it('answers other methods with 405', async () => {
    expect((await call('/shipment/v1_1/barcode', { method: 'DELETE' })).status).toBe(405);
  });
});

describe('PostNL sandbox: labelling v2_2', () => {
  it('returns a base64 PDF label per shipment with the barcode on it', async () => {
    const res = await call('/shipment/v2_2/label', {
      method: 'POST',
      body: JSON.stringify(labelRequest({ shipment: { Barcode: '3SDEVC123456789' } })),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      MergedLabels: unknown[];
      ResponseShipments: {
        Barcode: string;
        ProductCodeDelivery: string;
        Labels: { Content: string; Labeltype: string; OutputType: string }[];
        Errors: unknown[];
      }[];
    };
    expect(body.MergedLabels).toEqual([]);
    const [shipment] = body.ResponseShipments;
    expect(shipment).toMatchObject({ Barcode: '3SDEVC123456789', ProductCodeDelivery: '3085', Errors: [] });
    expect(shipment!.Labels).toHaveLength(1);
    expect(shipment!.Labels[0]).toMatchObject({ Labeltype: 'Label', OutputType: 'PDF' });
    const pdf = Buffer.from(shipment!.Labels[0]!.Content, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('3SDEVC123456789');
    expect(text).toContain('Peter de Ruiter');
    expect(text).toContain('Bilderdijkstraat 9 a bis');
    expect(text).toContain('Dune Goods B.V.');
    if (zbarimgPath) expect(await pdfBarcodes(pdf)).toEqual(['CODE-128:3SDEVC123456789']);
  });

  it('generates a barcode when the request leaves it out', async () => {
    const res = await call('/shipment/v2_2/label', { method: 'POST', body: JSON.stringify(labelRequest()) });
    const body = (await res.json()) as { ResponseShipments: { Barcode: string }[] };
    expect(body.ResponseShipments[0]!.Barcode).toMatch(/^3SDEVC\d{9}$/);
  });

  it('puts an A4 sheet in MergedLabels for a Merge printer type', async () => {
    const res = await call('/shipment/v2_2/label', {
      method: 'POST',
      body: JSON.stringify(labelRequest({ printer: 'GraphicFile|PDF|MergeA', shipment: { Barcode: '3SDEVC123450000' } })),
    });
    const body = (await res.json()) as {
      MergedLabels: { Barcodes: string[]; Labels: { Content: string }[] }[];
      ResponseShipments: { Labels: unknown[] }[];
    };
    expect(body.ResponseShipments[0]!.Labels).toEqual([]);
    expect(body.MergedLabels[0]!.Barcodes).toEqual(['3SDEVC123450000']);
    expect(await pdfText(Buffer.from(body.MergedLabels[0]!.Labels[0]!.Content, 'base64'))).toContain('3SDEVC123450000');
  });

  it('lists every validation problem in the Errors shape', async () => {
    const res = await call('/shipment/v2_2/label', {
      method: 'POST',
      body: JSON.stringify(labelRequest({ receiver: { Zipcode: undefined }, shipment: { Dimension: { Weight: 40_000 } } })),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { Errors: { Error: string; Code: string; Description: string }[] };
    const descriptions = body.Errors.map((e) => e.Description);
    expect(descriptions).toContain('Zipcode of the receiver is mandatory for shipments to NL');
    expect(descriptions).toContain('Dimension.Weight 40000 is out of range: 1 to 31500 grams');
    expect(body.Errors[0]!.Error).toBe('Validation failed for shipment: #1');
    expect(postnl.parcels().some((p) => p.weightGrams === 40_000)).toBe(false);
  });

  it('checks the message, the customer and the product', async () => {
    const request = labelRequest({ shipment: { ProductCodeDelivery: '12' } });
    const res = await call('/shipment/v2_2/label', {
      method: 'POST',
      body: JSON.stringify({
        ...request,
        Customer: { ...request.Customer, CustomerNumber: '99' },
        Message: { MessageID: '1', MessageTimeStamp: '2026-03-02T10:00:00Z', Printertype: 'GraphicFile|PDF' },
      }),
    });
    const descriptions = ((await res.json()) as { Errors: { Description: string }[] }).Errors.map((e) => e.Description);
    expect(descriptions).toEqual(
      expect.arrayContaining([
        'Combination of CustomerCode DEVC and CustomerNumber 99 is not known for this API key',
        'MessageTimeStamp is mandatory, format dd-MM-yyyy HH:mm:ss',
        'ProductCodeDelivery 12 must be 4 or 5 digits',
      ]),
    );
  });

  it('wants Customs outside the EU and refuses it inside', async () => {
    const us = await call('/shipment/v2_2/label', {
      method: 'POST',
      body: JSON.stringify(
        labelRequest({
          receiver: { Countrycode: 'US', Zipcode: '10001', HouseNr: undefined, City: 'New York' },
          shipment: { ProductCodeDelivery: '4945' },
        }),
      ),
    });
    expect(((await us.json()) as { Errors: { Description: string }[] }).Errors.map((e) => e.Description)).toContain(
      'Customs is mandatory for shipments to US (outside the EU)',
    );

    const customs = {
      Currency: 'EUR',
      ShipmentType: 'Commercial Goods',
      Invoice: true,
      InvoiceNr: 'INV-1',
      Content: [{ Description: 'Mug', Quantity: 1, Weight: 400, Value: 12.5, HSTariffNr: '691200', CountryOfOrigin: 'NL' }],
    };
    const nl = await call('/shipment/v2_2/label', {
      method: 'POST',
      body: JSON.stringify(labelRequest({ shipment: { Customs: customs } })),
    });
    expect(((await nl.json()) as { Errors: { Description: string }[] }).Errors.map((e) => e.Description)).toContain(
      'Customs is not allowed for shipments to NL (inside the EU)',
    );

    const usOk = await call('/shipment/v2_2/label', {
      method: 'POST',
      body: JSON.stringify(
        labelRequest({
          receiver: { Countrycode: 'US', Zipcode: '10001', HouseNr: undefined, City: 'New York' },
          shipment: { ProductCodeDelivery: '4945', Customs: customs },
        }),
      ),
    });
    expect(usOk.status).toBe(200);
  });

  it('answers malformed JSON with a 400 fault', async () => {
    const res = await call('/shipment/v2_2/label', { method: 'POST', body: '{"Customer":' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { fault: { faultstring: string } }).fault.faultstring).toMatch(/Invalid JSON/);
  });
});

describe('PostNL sandbox: shippingstatus v2', () => {
  it('moves a parcel from pre-alerted to delivered as the clock runs', async () => {
    clock = new Date('2026-03-02T09:00:00Z');
    await call('/shipment/v2_2/label', {
      method: 'POST',
      body: JSON.stringify(labelRequest({ shipment: { Barcode: '3SDEVC777000001' } })),
    });
    const current = async () => {
      const body = (await (await call('/shipment/v2/status/barcode/3SDEVC777000001')).json()) as {
        CurrentStatus: { Shipment: { Status: { StatusCode: string; TimeStamp: string; PhaseCode: string } } };
      };
      return body.CurrentStatus.Shipment.Status;
    };
    expect(await current()).toMatchObject({ StatusCode: '1', PhaseCode: '1', TimeStamp: '02-03-2026 10:00:00' });
    clock = new Date(clock.getTime() + 3 * HOUR);
    expect((await current()).StatusCode).toBe('2');
    clock = new Date(clock.getTime() + 6 * HOUR);
    expect((await current()).StatusCode).toBe('5');
    clock = new Date(clock.getTime() + 12 * HOUR);
    expect(await current()).toMatchObject({ StatusCode: '7', PhaseCode: '3' });
    clock = new Date(clock.getTime() + 6 * HOUR);
    expect(await current()).toMatchObject({ StatusCode: '11', PhaseCode: '4', TimeStamp: '03-03-2026 12:00:00' });
  });

  it('gives the history newest first with detail=true, in English with language=EN', async () => {
    const res = await call('/shipment/v2/status/barcode/3SDEVC777000001?detail=true&language=EN');
    const body = (await res.json()) as {
      CompleteStatus: { Shipment: { OldStatus: { StatusCode: string; StatusDescription: string }[]; Event: { Code: string }[] } };
    };
    expect(body.CompleteStatus.Shipment.OldStatus.map((s) => s.StatusCode)).toEqual(['11', '7', '5', '2', '1']);
    expect(body.CompleteStatus.Shipment.OldStatus[0]!.StatusDescription).toBe('Shipment delivered');
    expect(body.CompleteStatus.Shipment.Event.map((e) => e.Code)).toEqual(['I01', 'J05', 'J01', 'B01', 'A01']);
  });

  it('does not know a parcel that was labelled with confirm=false', async () => {
    await call('/shipment/v2_2/label?confirm=false', {
      method: 'POST',
      body: JSON.stringify(labelRequest({ shipment: { Barcode: '3SDEVC777000002' } })),
    });
    const body = (await (await call('/shipment/v2/status/barcode/3SDEVC777000002')).json()) as { Warnings?: unknown[] };
    expect(body.Warnings).toHaveLength(1);
  });

  it('answers an unknown barcode with a warning', async () => {
    const res = await call('/shipment/v2/status/barcode/3SDEVC000000999?language=EN');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ Warnings: [{ Code: '1', Description: 'No shipment found for barcode 3SDEVC000000999' }] });
  });
});
