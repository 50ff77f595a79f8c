import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../server';
import { pdfBarcodes, pdfPageSize, pdfText, zbarimgPath } from '../read-label-pdf';
import { dhlSandbox, type DhlSandbox } from './index';

const API_KEY = 'sandbox-dhl-key';
const BASIC = `Basic ${Buffer.from('user-valid:SandboxPasswort2023!').toString('base64')}`;
const HOUR = 3_600_000;
let clock: Date;
let dhl: DhlSandbox;
let sandbox: RunningSandbox;
let base: string;

beforeAll(async () => {
  dhl = dhlSandbox({ apiKey: API_KEY, now: () => clock });
  sandbox = await startSandbox([dhl]);
  base = sandbox.baseUrl('dhl');
});
afterAll(() => sandbox.close());
beforeEach(() => {
  clock = new Date('2026-03-02T09:00:00Z');
});

function call(path: string, init: RequestInit & { apiKey?: string | null; auth?: string | null } = {}) {
  const headers = new Headers(init.headers);
  if (init.apiKey !== null) headers.set('dhl-api-key', init.apiKey ?? API_KEY);
  if (init.auth !== null) headers.set('authorization', init.auth ?? BASIC);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(`${base}${path}`, { ...init, headers });
}

const post = (query: string, body: unknown, init: { apiKey?: string | null; auth?: string | null } = {}) =>
  call(`/parcel/de/shipping/v2/orders${query}`, { method: 'POST', body: JSON.stringify(body), ...init });

function order(shipment: Record<string, unknown> = {}, consignee: Record<string, unknown> = {}) {
  return {
    profile: 'STANDARD_GRUPPENPROFIL',
    shipments: [
      {
        product: 'V01PAK',
        billingNumber: '33333333330102',
        refNo: 'Order No. 1234',
        shipper: {
          name1: 'My Online Shop GmbH',
          addressStreet: 'Sträßchensweg 10',
          postalCode: '53113',
          city: 'Bonn',
          country: 'DEU',
        },
        consignee: {
          name1: 'Maria Musterfrau',
          addressStreet: 'Kurt-Schumacher-Str. 20',
          postalCode: '53113',
          city: 'Bonn',
          country: 'DEU',
          ...consignee,
        },
        details: { dim: { uom: 'mm', height: 100, length: 200, width: 150 }, weight: { uom: 'g', value: 500 } },
        ...shipment,
      },
    ],
  };
}

interface Item {
  shipmentNo?: string;
  shipmentRefNo?: string;
  sstatus: { title: string; status: number; detail?: string };
  label?: { b64?: string; url?: string; fileFormat: string; printFormat: string };
  validationMessages?: { property: string; validationMessage: string; validationState: string }[];
}
type LabelData = { status: { title: string; status: number; detail?: string }; items: Item[] };

describe('DHL sandbox: authentication', () => {
  it('refuses a wrong dhl-api-key with 401 in the problem shape', async () => {
    const res = await post('', order(), { apiKey: 'nope' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toEqual({
      title: 'Unauthorized',
      status: 401,
      statusCode: 401,
      detail: 'Unauthorized for given resource.',
    });
  });

  it('refuses a missing or wrong Basic user', async () => {
    expect((await post('', order(), { auth: null })).status).toBe(401);
    const res = await post('', order(), { auth: `Basic ${Buffer.from('user-valid:wrong').toString('base64')}` });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/user name or password/);
  });

  it('answers the version resource without auth', async () => {
    const res = await call('/parcel/de/shipping/v2/', { apiKey: null, auth: null });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { amp: { name: string } }).amp.name).toBe('pp-parcel-shipping-native');
  });
});

describe('DHL sandbox: POST /orders', () => {
  it('creates a shipment with a base64 PDF label carrying the shipment number', async () => {
    const res = await post('?docFormat=PDF&printFormat=910-300-300', order());
    expect(res.status).toBe(200);
    const body = (await res.json()) as LabelData;
    expect(body.status).toMatchObject({ title: 'OK', status: 200 });
    const [item] = body.items;
    expect(item!.shipmentNo).toMatch(/^\d{18}$/);
    expect(item!.sstatus).toMatchObject({ title: 'OK', status: 200 });
    expect(item!.shipmentRefNo).toBe('Order No. 1234');
    expect(item!.label).toMatchObject({ fileFormat: 'PDF', printFormat: '910-300-300' });
    const pdf = Buffer.from(item!.label!.b64!, 'base64');
    const text = await pdfText(pdf);
    expect(text).toContain(item!.shipmentNo);
    expect(text).toContain('Maria Musterfrau');
    expect(text).toContain('Kurt-Schumacher-Str. 20');
    expect(text).toContain('V01PAK DHL Paket');
    const { width } = await pdfPageSize(pdf);
    expect(Math.round((width * 25.4) / 72)).toBe(105);
    if (zbarimgPath) expect(await pdfBarcodes(pdf)).toEqual([`CODE-128:${item!.shipmentNo}`]);
  });

  it('renders A4 for printFormat=A4 and hands out a download URL for includeDocs=URL', async () => {
    const res = await post('?printFormat=A4&includeDocs=URL', order());
    const item = ((await res.json()) as LabelData).items[0]!;
    expect(item.label!.url).toContain('/parcel/de/shipping/v2/labels?token=');
    const pdf = Buffer.from(await (await fetch(item.label!.url!)).arrayBuffer());
    const { width, height } = await pdfPageSize(pdf);
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
  });

  it('validates without creating anything when validate=true', async () => {
    const before = dhl.shipments().length;
    const res = await post('?validate=true', order());
    expect(res.status).toBe(200);
    const item = ((await res.json()) as LabelData).items[0]!;
    expect(item.shipmentNo).toBeUndefined();
    expect(item.label).toBeUndefined();
    expect(dhl.shipments()).toHaveLength(before);
  });

  it('reports a missing postal code and a weight over 31.5 kg in validationMessages', async () => {
    const res = await post('', order({ details: { weight: { uom: 'kg', value: 35 } } }, { postalCode: undefined }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as LabelData;
    expect(body.status).toMatchObject({ title: 'Bad Request', status: 400 });
    expect(body.items[0]!.sstatus.status).toBe(400);
    expect(body.items[0]!.validationMessages).toEqual(
      expect.arrayContaining([
        {
          property: 'consignee.postalCode',
          validationMessage: 'The postal code of the consignee is missing.',
          validationState: 'Error',
        },
        {
          property: 'details.weight',
          validationMessage: 'The weight is too high: 35 kg, the maximum for V01PAK is 31.5 kg.',
          validationState: 'Error',
        },
      ]),
    );
  });

  it('knows its products and checks the billing number against them', async () => {
    const unknown = ((await (await post('', order({ product: 'V99XX' }))).json()) as LabelData).items[0]!;
    expect(unknown.validationMessages!.map((m) => m.validationMessage)).toContain(
      'The product V99XX is not known. Use one of V01PAK, V53WPAK, V54EPAK, V62WP, V62KP, V66WPI.',
    );
    const mismatch = ((await (await post('', order({ billingNumber: '33333333335301' }))).json()) as LabelData).items[0]!;
    expect(mismatch.validationMessages).toEqual([
      {
        property: 'billingNumber',
        validationMessage:
          'The billing number 33333333335301 cannot be used for the product V01PAK: digits 11 and 12 must be 01.',
        validationState: 'Error',
      },
    ]);
    const foreign = ((await (await post('', order({ billingNumber: '99999999990101' }))).json()) as LabelData).items[0]!;
    expect(foreign.validationMessages![0]!.validationMessage).toMatch(/does not belong to the customer number/);
  });

  it('wants customs outside the EU and ignores them, with a warning, inside', async () => {
    const gb = { name1: 'Joe Black', addressStreet: '10 Downing Street', postalCode: 'SW1A 1AA', city: 'London', country: 'GBR' };
    const intl = { product: 'V53WPAK', billingNumber: '33333333335301', consignee: gb };
    const missing = ((await (await post('', order(intl))).json()) as LabelData).items[0]!;
    expect(missing.validationMessages!.map((m) => m.validationMessage)).toContain(
      'Customs details are mandatory for shipments to GBR (outside the European Union).',
    );
    const customs = {
      exportType: 'COMMERCIAL_GOODS',
      postalCharges: { currency: 'EUR', value: 1 },
      items: [
        {
          itemDescription: 'Red T-Shirt',
          packagedQuantity: 1,
          hsCode: '61099090',
          countryOfOrigin: 'FRA',
          itemValue: { currency: 'EUR', value: 10 },
          itemWeight: { uom: 'g', value: 400 },
        },
      ],
    };
    expect((await post('', order({ ...intl, customs }))).status).toBe(200);
    const mixed = { ...customs, items: [{ ...customs.items[0], itemValue: { currency: 'USD', value: 10 } }] };
    const mixedItem = ((await (await post('', order({ ...intl, customs: mixed }))).json()) as LabelData).items[0]!;
    expect(mixedItem.validationMessages![0]!.validationMessage).toBe(
      'The currency of the goods items and the currency of the postal charges must match.',
    );

    const nl = {
      name1: 'Jan Vermeer',
      addressStreet: 'Museumstraat 1',
      postalCode: '1071 AA',
      city: 'Amsterdam',
      country: 'NLD',
    };
    const inside = await post('', order({ product: 'V53WPAK', billingNumber: '33333333335301', consignee: nl, customs }));
    expect(inside.status).toBe(200);
    expect(((await inside.json()) as LabelData).items[0]!.validationMessages![0]).toMatchObject({
      property: 'customs',
      validationState: 'Warning',
    });
  });

  it('refuses V01PAK abroad and an unroutable address when mustEncode=true', async () => {
    const nl = { addressStreet: 'Museumstraat 1', postalCode: '1071 AA', city: 'Amsterdam', country: 'NLD' };
    const abroad = ((await (await post('', order({}, nl))).json()) as LabelData).items[0]!;
    expect(abroad.validationMessages![0]!.validationMessage).toBe(
      'The product V01PAK is only available for shipments within Germany, not to NLD.',
    );
    const noHouse = await post('?mustEncode=true', order({}, { addressStreet: 'Kurt-Schumacher-Strasse' }));
    expect(noHouse.status).toBe(400);
    const warned = await post('', order({}, { addressStreet: 'Kurt-Schumacher-Strasse' }));
    expect(warned.status).toBe(200);
    expect(((await warned.json()) as LabelData).items[0]!.validationMessages![0]!.validationState).toBe('Warning');
  });

  it('answers several shipments with 207 and a status per item', async () => {
    const two = order();
    two.shipments.push({ ...two.shipments[0]!, product: 'NOPE' });
    const res = await post('', two);
    expect(res.status).toBe(207);
    const body = (await res.json()) as LabelData;
    expect(body.items.map((i) => i.sstatus.status)).toEqual([200, 400]);
  });

  it('answers a bad request at the API layer without items', async () => {
    const res = await post('?printFormat=A5', { profile: 'OTHER', shipments: [] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as LabelData;
    expect(body.status.detail).toMatch(/printFormat A5 is not one of/);
    expect(body.status.detail).toMatch(/user group profile OTHER is not known/);
  });
});

describe('DHL sandbox: DELETE /orders', () => {
  it('deletes once, then refuses; refuses unknown numbers and manifested shipments', async () => {
    const created = ((await (await post('', order())).json()) as LabelData).items[0]!.shipmentNo!;
    const del = (n: string) =>
      call(`/parcel/de/shipping/v2/orders?profile=STANDARD_GRUPPENPROFIL&shipment=${n}`, { method: 'DELETE' });
    const first = await del(created);
    expect(first.status).toBe(200);
    expect(((await first.json()) as LabelData).items[0]).toEqual({
      shipmentNo: created,
      sstatus: { title: 'OK', status: 200, statusCode: 200 },
    });
    const second = await del(created);
    expect(second.status).toBe(400);
    expect(((await second.json()) as LabelData).items[0]!.sstatus.detail).toBe('Shipment has already been deleted.');
    expect(((await (await del('340434319999999999')).json()) as LabelData).items[0]!.sstatus.detail).toBe('Shipment not found.');

    const later = ((await (await post('', order())).json()) as LabelData).items[0]!.shipmentNo!;
    clock = new Date(clock.getTime() + 4 * HOUR);
    expect(((await (await del(later)).json()) as LabelData).items[0]!.sstatus.detail).toMatch(/already been manifested/);
  });

  it('wants the profile', async () => {
    const res = await call('/parcel/de/shipping/v2/orders?shipment=1', { method: 'DELETE' });
    expect(res.status).toBe(400);
  });
});

describe('DHL sandbox: Shipment Tracking – Unified', () => {
  const track = (n: string, key: string = API_KEY, extra = '') =>
    fetch(`${base}/track/shipments?trackingNumber=${n}${extra}`, { headers: { 'DHL-API-Key': key } });

  it('moves a shipment from pre-transit to delivered as the clock runs, newest event first', async () => {
    const n = ((await (await post('', order())).json()) as LabelData).items[0]!.shipmentNo!;
    type Tracked = {
      shipments: {
        id: string;
        service: string;
        status: { statusCode: string; timestamp: string };
        events: { statusCode: string; description: string }[];
      }[];
    };
    const now = async () => ((await (await track(n)).json()) as Tracked).shipments[0]!;
    expect((await now()).status).toMatchObject({ statusCode: 'pre-transit', timestamp: '2026-03-02T09:00:00Z' });
    clock = new Date(clock.getTime() + 4 * HOUR);
    expect((await now()).status.statusCode).toBe('transit');
    clock = new Date(clock.getTime() + 30 * HOUR);
    const done = await now();
    expect(done).toMatchObject({ id: n, service: 'parcel-de', status: { statusCode: 'delivered' } });
    expect(done.events.map((e) => e.statusCode)).toEqual(['delivered', 'transit', 'transit', 'transit', 'pre-transit']);
    expect(done.events[1]!.description).toBe('The shipment has been loaded onto the delivery vehicle');
    const german = ((await (await track(n, API_KEY, '&language=de')).json()) as Tracked).shipments[0]!;
    expect(german.events[0]!.description).toBe('Die Sendung wurde erfolgreich zugestellt.');
  });

  it('answers unknown and deleted shipments with 404 and a wrong key with 401', async () => {
    const missing = await track('340434319999999999');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      title: 'No result found',
      status: 404,
      detail: 'No shipment with given tracking number found.',
    });
    const n = ((await (await post('', order())).json()) as LabelData).items[0]!.shipmentNo!;
    await call(`/parcel/de/shipping/v2/orders?profile=STANDARD_GRUPPENPROFIL&shipment=${n}`, { method: 'DELETE' });
    expect((await track(n)).status).toBe(404);
    expect((await track(n, 'wrong')).status).toBe(401);
  });
});
