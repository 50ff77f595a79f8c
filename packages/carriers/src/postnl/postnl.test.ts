import {
  pdfBarcodes,
  pdfPageSize,
  pdfText,
  postnlSandbox,
  startSandbox,
  zbarimgPath,
  type PostnlSandbox,
  type RunningSandbox,
} from '@shipdesk/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CarrierError, type CarrierConnector, type CreateLabelInput } from '../connector';
import { createPostnlConnector } from './connector';

const API_KEY = 'connector-test-key';
const HOUR = 3_600_000;
let clock: Date;
let postnl: PostnlSandbox;
let sandbox: RunningSandbox;
let connector: CarrierConnector;

beforeAll(async () => {
  postnl = postnlSandbox({ apiKey: API_KEY, now: () => clock });
  sandbox = await startSandbox([postnl]);
  connector = createPostnlConnector({
    baseUrl: sandbox.baseUrl('postnl'),
    apiKey: API_KEY,
    customerCode: 'DEVC',
    customerNumber: '11223344',
    now: () => clock,
  });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  clock = new Date('2026-03-02T09:00:00Z');
});

const input: CreateLabelInput = {
  reference: 'SHP-1001-1',
  sender: {
    name: 'Jan Jansen',
    company: 'Dune Goods B.V.',
    street: 'Siriusdreef 42',
    postalCode: '2132 WT',
    city: 'Hoofddorp',
    country: 'NL',
  },
  receiver: {
    name: 'Peter de Ruiter',
    street: 'Bilderdijkstraat 9 a bis',
    postalCode: '3532va',
    city: 'Utrecht',
    country: 'NL',
    email: 'peter@example.com',
  },
  parcel: { weightGrams: 1840, lengthCm: 20, widthCm: 35, heightCm: 8 },
  format: 'A6',
};

describe('PostNL connector against the sandbox', () => {
  it('creates a label: a 3S barcode and a PDF whose text and barcode hold it', async () => {
    const label = await connector.createLabel(input);
    expect(label.trackingNumber).toMatch(/^3SDEVC\d{9}$/);
    const text = await pdfText(label.labelPdf);
    expect(text).toContain(label.trackingNumber);
    expect(text).toContain('Peter de Ruiter');
    expect(text).toContain('Bilderdijkstraat 9 a bis');
    expect(text).toContain('3532VA Utrecht');
    expect(text).toContain('3085 Standard shipment');
    if (zbarimgPath) expect(await pdfBarcodes(label.labelPdf)).toEqual([`CODE-128:${label.trackingNumber}`]);

    // What went over the wire, as the sandbox saw it.
    const parcel = postnl.parcels().find((p) => p.barcode === label.trackingNumber)!;
    expect(parcel.confirmed).toBe(true);
    expect(parcel.shipment).toMatchObject({
      Barcode: label.trackingNumber,
      ProductCodeDelivery: '3085',
      Reference: 'SHP-1001-1',
      Dimension: { Weight: 1840, Length: 350, Width: 200, Height: 80 },
      Contacts: [{ ContactType: '01', Email: 'peter@example.com' }],
    });
    expect((parcel.shipment.Addresses as unknown[])[0]).toEqual({
      AddressType: '01',
      FirstName: 'Peter',
      Name: 'de Ruiter',
      Street: 'Bilderdijkstraat',
      HouseNr: '9',
      HouseNrExt: 'a bis',
      Zipcode: '3532VA',
      City: 'Utrecht',
      Countrycode: 'NL',
    });
  });

  it('creates an A6 label', async () => {
    const { width, height } = await pdfPageSize((await connector.createLabel(input)).labelPdf);
    expect([Math.round((width * 25.4) / 72), Math.round((height * 25.4) / 72)]).toEqual([105, 148]);
  });

  it('creates an A4 label (merged sheet) when asked', async () => {
    const label = await connector.createLabel({ ...input, format: 'A4' });
    expect(await pdfText(label.labelPdf)).toContain(label.trackingNumber);
    const { width, height, pages } = await pdfPageSize(label.labelPdf);
    expect([Math.round(width), Math.round(height), pages]).toEqual([595, 842, 1]);
  });

  it("surfaces PostNL's validation message as a non-retryable CarrierError", async () => {
    const error = await connector
      .createLabel({ ...input, receiver: { ...input.receiver, postalCode: '' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CarrierError);
    const carrierError = error as CarrierError;
    expect(carrierError.httpStatus).toBe(400);
    expect(carrierError.retryable).toBe(false);
    expect(carrierError.carrierMessage).toContain('Zipcode of the receiver is mandatory for shipments to NL');
    expect(carrierError.message).toMatch(/^PostNL: .*Zipcode of the receiver is mandatory.*\(HTTP 400\)$/);
  });

  it('reports a weight out of range the way PostNL words it', async () => {
    const error = (await connector
      .createLabel({ ...input, parcel: { weightGrams: 40_000 } })
      .catch((e: unknown) => e)) as CarrierError;
    expect(error.carrierMessage).toContain('Dimension.Weight 40000 is out of range');
    expect(error.retryable).toBe(false);
  });

  it('is refused with a wrong apikey', async () => {
    const wrong = createPostnlConnector({
      baseUrl: sandbox.baseUrl('postnl'),
      apiKey: 'wrong',
      customerCode: 'DEVC',
      customerNumber: '11223344',
    });
    const error = (await wrong.createLabel(input).catch((e: unknown) => e)) as CarrierError;
    expect(error).toBeInstanceOf(CarrierError);
    expect(error.httpStatus).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.carrierMessage).toBe('Invalid ApiKey');
    expect(error.code).toBe('oauth.v2.InvalidApiKey');
  });

  it('sends customs outside the EU and none inside it', async () => {
    const customs = {
      items: [
        {
          description: 'Enamel mug',
          quantity: 2,
          valueCents: 1250,
          currency: 'USD',
          hsCode: '6912.00',
          originCountry: 'nl',
          weightGrams: 400,
        },
      ],
    };
    const us = await connector.createLabel({
      ...input,
      receiver: { name: 'Ann Smith', street: '350 5th Ave', postalCode: '10118', city: 'New York', country: 'US' },
      customs,
    });
    const usShipment = postnl.parcels().find((p) => p.barcode === us.trackingNumber)!.shipment;
    expect(usShipment.ProductCodeDelivery).toBe('4945');
    expect(usShipment.Customs).toEqual({
      Currency: 'USS',
      ShipmentType: 'Commercial Goods',
      Invoice: true,
      InvoiceNr: 'SHP-1001-1',
      HandleAsNonDeliverable: false,
      Content: [{ Description: 'Enamel mug', Quantity: 2, Weight: 800, Value: 25, HSTariffNr: '691200', CountryOfOrigin: 'NL' }],
    });

    const de = await connector.createLabel({
      ...input,
      receiver: { name: 'Max Muster', street: 'Hauptstr. 5', postalCode: '10115', city: 'Berlin', country: 'DE' },
      customs,
    });
    const deShipment = postnl.parcels().find((p) => p.barcode === de.trackingNumber)!.shipment;
    expect(deShipment.Customs).toBeUndefined();
    expect(deShipment.ProductCodeDelivery).toBe('4944');
  });

  it("lets PostNL refuse a non-EU parcel without customs, in PostNL's words", async () => {
    const error = (await connector
      .createLabel({
        ...input,
        receiver: { name: 'Ann Smith', street: '350 5th Ave', postalCode: '10118', city: 'New York', country: 'US' },
      })
      .catch((e: unknown) => e)) as CarrierError;
    expect(error.carrierMessage).toContain('Customs is mandatory for shipments to US');
  });

  it('tracks a parcel as it advances with the clock', async () => {
    const { trackingNumber } = await connector.createLabel(input);
    const first = await connector.track(trackingNumber);
    expect(first.status).toBe('announced');
    expect(first.events).toEqual([
      {
        code: '1',
        description: 'Shipment pre-alerted',
        status: 'announced',
        happenedAt: '2026-03-02T09:00:00.000Z',
        location: '888888',
      },
    ]);

    clock = new Date(clock.getTime() + 10 * HOUR);
    expect((await connector.track(trackingNumber)).status).toBe('in_transit');

    clock = new Date(clock.getTime() + 11 * HOUR);
    expect((await connector.track(trackingNumber)).status).toBe('out_for_delivery');

    clock = new Date(clock.getTime() + 6 * HOUR);
    const delivered = await connector.track(trackingNumber);
    expect(delivered.status).toBe('delivered');
    expect(delivered.events.map((e) => [e.code, e.status])).toEqual([
      ['1', 'announced'],
      ['2', 'in_transit'],
      ['5', 'in_transit'],
      ['7', 'out_for_delivery'],
      ['11', 'delivered'],
    ]);
    expect(delivered.events.at(-1)!.happenedAt).toBe('2026-03-03T11:00:00.000Z');
  });

  it('says clearly when PostNL does not know a barcode', async () => {
    const error = (await connector.track('3SDEVC000999999').catch((e: unknown) => e)) as CarrierError;
    expect(error).toBeInstanceOf(CarrierError);
    expect(error.code).toBe('not_found');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('no shipment 3SDEVC000999999');
  });

  it('cannot cancel a label, and says so', async () => {
    expect(connector.capabilities.cancelLabel).toBe(false);
    await expect(connector.cancelLabel('3SDEVC000000001')).rejects.toMatchObject({ code: 'unsupported', retryable: false });
  });

  it('marks an unreachable PostNL as retryable', async () => {
    const down = createPostnlConnector({
      baseUrl: 'http://127.0.0.1:1',
      apiKey: API_KEY,
      customerCode: 'DEVC',
      customerNumber: '11223344',
    });
    const error = (await down.track('3SDEVC000000001').catch((e: unknown) => e)) as CarrierError;
    expect(error).toBeInstanceOf(CarrierError);
    expect(error.retryable).toBe(true);
    expect(error.httpStatus).toBeUndefined();
    expect(error.code).toBe('network');
  });

  it('links to the public track & trace page', () => {
    expect(connector.trackingUrl('3SDEVC000000001', '3532 va', 'nl')).toBe(
      'https://jouw.postnl.nl/track-and-trace/3SDEVC000000001-NL-3532VA',
    );
    expect(connector.trackingUrl('3SDEVC000000001')).toBe('https://jouw.postnl.nl/track-and-trace/3SDEVC000000001');
  });
});
