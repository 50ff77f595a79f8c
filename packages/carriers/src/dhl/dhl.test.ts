import {
  dhlSandbox,
  pdfBarcodes,
  pdfPageSize,
  pdfText,
  startSandbox,
  zbarimgPath,
  type DhlSandbox,
  type RunningSandbox,
} from '@shipdesk/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CarrierError, type CarrierConnector, type CreateLabelInput } from '../connector';
import { createDhlConnector, type DhlConnection } from './connector';

const API_KEY = 'connector-test-key';
const HOUR = 3_600_000;
let clock: Date;
let dhl: DhlSandbox;
let sandbox: RunningSandbox;
let connection: DhlConnection;
let connector: CarrierConnector;

beforeAll(async () => {
  dhl = dhlSandbox({ apiKey: API_KEY, now: () => clock });
  sandbox = await startSandbox([dhl]);
  connection = {
    baseUrl: sandbox.baseUrl('dhl'),
    apiKey: API_KEY,
    username: 'user-valid',
    password: 'SandboxPasswort2023!',
    ekp: '3333333333',
    participation: { V01PAK: '02' },
  };
  connector = createDhlConnector(connection);
});
afterAll(() => sandbox.close());
beforeEach(() => {
  clock = new Date('2026-03-02T09:00:00Z');
});

const input: CreateLabelInput = {
  reference: 'SHP-1001-1',
  sender: {
    name: 'Max Mustermann',
    company: 'Dune Goods GmbH',
    street: 'Sträßchensweg 10',
    postalCode: '53113',
    city: 'Bonn',
    country: 'DE',
  },
  receiver: {
    name: 'Maria Musterfrau',
    street: 'Kurt-Schumacher-Str. 20',
    postalCode: '53113',
    city: 'Bonn',
    country: 'DE',
    email: 'maria@example.com',
    phone: '+49 170 1234567',
  },
  parcel: { weightGrams: 1840, lengthCm: 35, widthCm: 20, heightCm: 8 },
  format: 'A6',
};
const shipmentOf = (trackingNumber: string) => dhl.shipments().find((s) => s.shipmentNo === trackingNumber)!;

describe('DHL connector against the sandbox', () => {
  it('creates a label: a shipment number and a PDF whose text and barcode hold it', async () => {
    const label = await connector.createLabel(input);
    expect(label.trackingNumber).toMatch(/^\d{18}$/);
    const text = await pdfText(label.labelPdf);
    expect(text).toContain(label.trackingNumber);
    expect(text).toContain('Maria Musterfrau');
    expect(text).toContain('Kurt-Schumacher-Str. 20');
    expect(text).toContain('53113 Bonn');
    expect(text).toContain('V01PAK DHL Paket');
    if (zbarimgPath) expect(await pdfBarcodes(label.labelPdf)).toEqual([`CODE-128:${label.trackingNumber}`]);
    const { width, height } = await pdfPageSize(label.labelPdf);
    expect([Math.round((width * 25.4) / 72), Math.round((height * 25.4) / 72)]).toEqual([105, 148]);

    // What went over the wire, as the sandbox saw it.
    const sent = shipmentOf(label.trackingNumber);
    expect(sent.query).toMatchObject({ docFormat: 'PDF', printFormat: '910-300-300', mustEncode: 'false' });
    expect(sent.shipment).toEqual({
      product: 'V01PAK',
      billingNumber: '33333333330102',
      refNo: 'SHP-1001-1',
      shipper: {
        name1: 'Dune Goods GmbH',
        name2: 'Max Mustermann',
        addressStreet: 'Sträßchensweg 10',
        postalCode: '53113',
        city: 'Bonn',
        country: 'DEU',
      },
      // No phone within Germany: DHL cannot transmit it there.
      consignee: {
        name1: 'Maria Musterfrau',
        addressStreet: 'Kurt-Schumacher-Str. 20',
        postalCode: '53113',
        city: 'Bonn',
        country: 'DEU',
        email: 'maria@example.com',
      },
      details: { weight: { uom: 'g', value: 1840 }, dim: { uom: 'cm', length: 35, width: 20, height: 8 } },
    });
  });

  it('creates an A4 label when asked', async () => {
    const label = await connector.createLabel({ ...input, format: 'A4' });
    expect(shipmentOf(label.trackingNumber).printFormat).toBe('A4');
    const { width, height } = await pdfPageSize(label.labelPdf);
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
  });

  it("surfaces DHL's validation messages, joined, as a non-retryable CarrierError", async () => {
    const error = (await connector
      .createLabel({ ...input, receiver: { ...input.receiver, postalCode: '' }, parcel: { weightGrams: 40_000 } })
      .catch((e: unknown) => e)) as CarrierError;
    expect(error).toBeInstanceOf(CarrierError);
    expect(error.httpStatus).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.carrierMessage).toBe(
      'consignee.postalCode: The postal code of the consignee is missing.; ' +
        'details.weight: The weight is too high: 40 kg, the maximum for V01PAK is 31.5 kg.',
    );
    expect(error.message).toMatch(/^DHL: consignee\.postalCode: .*\(HTTP 400\)$/);
  });

  it('lets DHL refuse an unknown product and a billing number that does not fit it', async () => {
    const unknown = (await connector.createLabel({ ...input, product: 'V99XX' }).catch((e: unknown) => e)) as CarrierError;
    expect(unknown.carrierMessage).toContain('product: The product V99XX is not known.');
    expect(unknown.retryable).toBe(false);
    const mismatched = createDhlConnector({ ...connection, billingNumbers: { V01PAK: '33333333335301' } });
    const error = (await mismatched.createLabel(input).catch((e: unknown) => e)) as CarrierError;
    expect(error.carrierMessage).toBe(
      'billingNumber: The billing number 33333333335301 cannot be used for the product V01PAK: digits 11 and 12 must be 01.',
    );
  });

  it('is refused with a wrong API key or a wrong portal password', async () => {
    const wrongKey = createDhlConnector({ ...connection, apiKey: 'wrong' });
    const error = (await wrongKey.createLabel(input).catch((e: unknown) => e)) as CarrierError;
    expect(error).toBeInstanceOf(CarrierError);
    expect(error.httpStatus).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.carrierMessage).toBe('Unauthorized for given resource.');
    const wrongPassword = createDhlConnector({ ...connection, password: 'nope' });
    const refused = (await wrongPassword.cancelLabel('340434310000000000').catch((e: unknown) => e)) as CarrierError;
    expect(refused.httpStatus).toBe(401);
    expect(refused.carrierMessage).toMatch(/user name or password/);
  });

  it('sends customs outside the EU and none inside it', async () => {
    const customs = {
      items: [
        {
          description: 'Enamel mug',
          quantity: 2,
          valueCents: 1250,
          currency: 'EUR',
          hsCode: '6912.00',
          originCountry: 'de',
          weightGrams: 400,
        },
      ],
    };
    const us = await connector.createLabel({
      ...input,
      receiver: {
        name: 'Ann Smith',
        street: '350 5th Ave',
        postalCode: '10118',
        city: 'New York',
        country: 'US',
        phone: '+1 212 555 0100',
      },
      customs,
    });
    const usShipment = shipmentOf(us.trackingNumber).shipment;
    expect(usShipment).toMatchObject({ product: 'V53WPAK', billingNumber: '33333333335301' });
    expect(usShipment.consignee).toMatchObject({ country: 'USA', phone: '+1 212 555 0100' });
    expect(usShipment.customs).toEqual({
      exportType: 'COMMERCIAL_GOODS',
      invoiceNo: 'SHP-1001-1',
      postalCharges: { currency: 'EUR', value: 0 },
      items: [
        {
          itemDescription: 'Enamel mug',
          packagedQuantity: 2,
          hsCode: '691200',
          countryOfOrigin: 'DEU',
          itemValue: { currency: 'EUR', value: 12.5 },
          itemWeight: { uom: 'g', value: 400 },
        },
      ],
    });

    const nl = await connector.createLabel({
      ...input,
      receiver: { name: 'Jan Vermeer', street: 'Museumstraat 1', postalCode: '1071 AA', city: 'Amsterdam', country: 'NL' },
      customs,
    });
    const nlShipment = shipmentOf(nl.trackingNumber).shipment;
    expect(nlShipment.customs).toBeUndefined();
    expect(nlShipment.product).toBe('V53WPAK');
  });

  it("lets DHL refuse a non-EU parcel without customs, in DHL's words", async () => {
    const error = (await connector
      .createLabel({
        ...input,
        receiver: { name: 'Joe Black', street: '10 Downing Street', postalCode: 'SW1A 1AA', city: 'London', country: 'GB' },
      })
      .catch((e: unknown) => e)) as CarrierError;
    expect(error.carrierMessage).toBe(
      'customs: Customs details are mandatory for shipments to GBR (outside the European Union).',
    );
    expect(error.retryable).toBe(false);
  });

  it('cancels a label once; the second cancel is refused', async () => {
    expect(connector.capabilities.cancelLabel).toBe(true);
    const label = await connector.createLabel(input);
    await expect(connector.cancelLabel(label.trackingNumber)).resolves.toBeUndefined();
    expect(shipmentOf(label.trackingNumber).deletedAt).toBeInstanceOf(Date);
    const again = (await connector.cancelLabel(label.trackingNumber).catch((e: unknown) => e)) as CarrierError;
    expect(again).toBeInstanceOf(CarrierError);
    expect(again.httpStatus).toBe(400);
    expect(again.retryable).toBe(false);
    expect(again.carrierMessage).toBe('Shipment has already been deleted.');
    const unknown = (await connector.cancelLabel('340434319999999999').catch((e: unknown) => e)) as CarrierError;
    expect(unknown.carrierMessage).toBe('Shipment not found.');
  });

  it('cannot cancel once DHL has the parcel (manifested)', async () => {
    const label = await connector.createLabel(input);
    clock = new Date(clock.getTime() + 5 * HOUR);
    const error = (await connector.cancelLabel(label.trackingNumber).catch((e: unknown) => e)) as CarrierError;
    expect(error.carrierMessage).toMatch(/already been manifested/);
  });

  it('tracks a parcel as it advances, through the status table', async () => {
    const { trackingNumber } = await connector.createLabel(input);
    const first = await connector.track(trackingNumber);
    expect(first).toEqual({
      status: 'announced',
      events: [
        {
          code: 'pre-transit',
          description: 'The instruction data for this shipment have been provided by the sender to DHL electronically',
          status: 'announced',
          happenedAt: '2026-03-02T09:00:00.000Z',
        },
      ],
    });
    clock = new Date(clock.getTime() + 4 * HOUR);
    const moving = await connector.track(trackingNumber);
    expect(moving.status).toBe('in_transit');
    expect(moving.events.at(-1)!.location).toBe('53113 Bonn');
    clock = new Date(clock.getTime() + 17 * HOUR);
    expect((await connector.track(trackingNumber)).status).toBe('out_for_delivery');
    clock = new Date(clock.getTime() + 6 * HOUR);
    const delivered = await connector.track(trackingNumber);
    expect(delivered.status).toBe('delivered');
    expect(delivered.events.map((e) => [e.code, e.status])).toEqual([
      ['pre-transit', 'announced'],
      ['transit', 'in_transit'],
      ['transit', 'in_transit'],
      ['transit', 'out_for_delivery'],
      ['delivered', 'delivered'],
    ]);
    expect(delivered.events.at(-1)!.happenedAt).toBe('2026-03-03T11:00:00.000Z');
  });

  it('says clearly when DHL does not know a shipment, and when the tracking key is wrong', async () => {
    const error = (await connector.track('340434319999999999').catch((e: unknown) => e)) as CarrierError;
    expect(error).toBeInstanceOf(CarrierError);
    expect(error.code).toBe('not_found');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('no shipment 340434319999999999');
    expect(error.carrierMessage).toContain('No shipment with given tracking number found.');
    const wrong = createDhlConnector({ ...connection, trackingApiKey: 'wrong' });
    const refused = (await wrong.track('340434319999999999').catch((e: unknown) => e)) as CarrierError;
    expect(refused.httpStatus).toBe(401);
  });

  it('marks an unreachable DHL as retryable', async () => {
    const down = createDhlConnector({ ...connection, baseUrl: 'http://127.0.0.1:1' });
    const error = (await down.createLabel(input).catch((e: unknown) => e)) as CarrierError;
    expect(error).toBeInstanceOf(CarrierError);
    expect(error.retryable).toBe(true);
    expect(error.httpStatus).toBeUndefined();
    expect(error.code).toBe('network');
  });

  it("links to DHL's public tracking page", () => {
    expect(connector.trackingUrl('340434310428091700')).toBe(
      'https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=340434310428091700',
    );
    expect(connector.trackingUrl('340434310428091700', '10118', 'us')).toBe(
      'https://www.dhl.de/en/privatkunden/pakete-empfangen/verfolgen.html?piececode=340434310428091700',
    );
  });
});
