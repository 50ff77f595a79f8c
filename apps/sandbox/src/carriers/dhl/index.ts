import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { SandboxPlatform } from '../../server';
import { generateLabelPdf, type LabelAddress } from '../label-pdf';
import { DEFAULT_OFFSETS, reachedSteps, timeline, type TimelineOffsets, type UnifiedStatusCode } from './timeline';
import { PRINT_FORMATS, PRODUCTS, consigneeCountry, grams, validateShipment, type ValidationMessage } from './validate-order';

/**
 * A stand-in for DHL Parcel DE (Post & Parcel Germany), written from DHL's public descriptions on
 * developer.dhl.com:
 * - Parcel DE Shipping API v2 (base path /parcel/de/shipping/v2): POST /orders (create + label),
 *   GET /orders (reprint), DELETE /orders (cancel), GET /labels (label download by token), GET /
 *   (version). Auth: the `dhl-api-key` header plus HTTP Basic with the business customer portal
 *   user. Errors in DHL's shape: `{ status: { title, status, detail }, items: [{ sstatus,
 *   validationMessages: [{ property, validationMessage, validationState }] }] }`, and
 *   `{ title, status, detail }` (application/problem+json) for 401.
 * - Shipment Tracking – Unified API: GET /track/shipments?trackingNumber= with the `DHL-API-Key`
 *   header, answering `{ shipments: [{ id, service, status, events }] }` or an RFC 7807 problem.
 * Mounted at /dhl, so the base URL matches https://api-eu.dhl.com with /dhl in front.
 */

export interface DhlSandboxOptions {
  /** The API key the sandbox accepts in the `dhl-api-key` header (shipping) and `DHL-API-Key` (tracking). */
  apiKey: string;
  /** Business customer portal user for HTTP Basic. Default 'user-valid', DHL's documented sandbox user. */
  username?: string;
  /** Default 'SandboxPasswort2023!', DHL's documented sandbox password. */
  password?: string;
  /** The customer number (EKP): the first ten digits of every billing number. Default '3333333333'. */
  ekp?: string;
  /** User group profiles accepted. Default ['STANDARD_GRUPPENPROFIL']. */
  profiles?: string[];
  /** The tracking API key, when it differs from the shipping one. */
  trackingApiKey?: string;
  /** The sandbox clock; tracking advances against it. Default: the system clock. */
  now?: () => Date;
  offsets?: Partial<TimelineOffsets>;
}

/** What the sandbox remembers of one created shipment (tests may look). */
export interface DhlSandboxShipment {
  shipmentNo: string;
  createdAt: Date;
  product: string;
  billingNumber: string;
  refNo?: string;
  weightGrams: number;
  printFormat: string;
  /** The shipment object exactly as the client sent it. */
  shipment: Record<string, unknown>;
  /** The query of the POST /orders call. */
  query: Record<string, unknown>;
  deletedAt?: Date;
  pdf: Buffer;
}

/** A Shipment Tracking – Unified – Push subscription, as the client created it. */
export interface DhlSandboxSubscription {
  id: string;
  secret: string;
  hook: { uri: string; authentication?: { type: string; header: string; token: string } };
  type: 'Shipment' | 'Account';
  service: string;
  /** Push event names: Pre-Transit, Transit, Delivered, Failure, Unknown. */
  events: string[];
  shipmentIDs: string[];
  /** Per shipment: how many timeline steps have been pushed already. */
  pushed: Map<string, number>;
}

export interface DhlSandbox extends SandboxPlatform {
  shipments(): DhlSandboxShipment[];
  subscriptions(): DhlSandboxSubscription[];
  /**
   * Delivers every status change reached on the clock since the last call to the subscribed hooks
   * (one POST per shipment and change, body in the Unified tracking shape). Resolves to the number
   * of deliveries the hooks answered with 2xx.
   */
  pushDue(): Promise<number>;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const SHIPPING = '/parcel/de/shipping/v2';
const OK = { title: 'OK', status: 200, statusCode: 200 };
const badRequest = (detail?: string) => ({ title: 'Bad Request', status: 400, statusCode: 400, ...(detail ? { detail } : {}) });

export function dhlSandbox(options: DhlSandboxOptions): DhlSandbox {
  const username = options.username ?? 'user-valid';
  const password = options.password ?? 'SandboxPasswort2023!';
  const ekp = options.ekp ?? '3333333333';
  const profiles = options.profiles ?? ['STANDARD_GRUPPENPROFIL'];
  const now = options.now ?? (() => new Date());
  const steps = timeline({ ...DEFAULT_OFFSETS, ...options.offsets });
  const handedOverAfter = steps.find((s) => s.statusCode === 'transit')?.afterMs ?? Infinity;
  const shipments = new Map<string, DhlSandboxShipment>();
  const labelTokens = new Map<string, string>();
  const subscriptions = new Map<string, DhlSandboxSubscription>();
  let serial = 428_091_700;

  const router = express.Router();
  router.use(express.json({ limit: '5mb', type: () => true }));
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof SyntaxError) {
      problem(res, 400, { title: 'Bad Request', status: 400, detail: `The request body is not valid JSON: ${error.message}` });
      return;
    }
    next(error);
  });

  // --- Shipping v2: unauthenticated resources ----------------------------------------------
  router.get(`${SHIPPING}/`, (_req, res) => {
    res.json({
      amp: { name: 'pp-parcel-shipping-native', version: 'v2.2.0', rev: '1', env: 'sandbox' },
      backend: { version: 'v2.2.0', env: 'sandbox' },
    });
  });
  router.get(`${SHIPPING}/labels`, (req, res) => {
    const shipmentNo = labelTokens.get(str(req.query.token));
    const shipment = shipmentNo ? shipments.get(shipmentNo) : undefined;
    if (!shipment || shipment.deletedAt) {
      problem(res, 404, { title: 'Not Found', status: 404, detail: 'No document for this token.' });
      return;
    }
    res.type('application/pdf').send(shipment.pdf);
  });

  // --- Shipping v2: authentication (API key, then Basic) -----------------------------------
  router.use(SHIPPING, (req, res, next) => {
    if (req.header('dhl-api-key') !== options.apiKey) {
      problem(res, 401, { title: 'Unauthorized', status: 401, statusCode: 401, detail: 'Unauthorized for given resource.' });
      return;
    }
    const basic = /^Basic\s+(.+)$/i.exec(req.header('authorization') ?? '');
    const [user, ...rest] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : [];
    if (user !== username || rest.join(':') !== password) {
      problem(res, 401, {
        title: 'Unauthorized',
        status: 401,
        statusCode: 401,
        detail: 'Invalid credentials: the user name or password of the business customer portal user is wrong.',
      });
      return;
    }
    next();
  });

  // --- POST /orders: create shipments and labels -------------------------------------------
  router.post(`${SHIPPING}/orders`, async (req, res, next) => {
    try {
      const query = req.query as Record<string, unknown>;
      const validateOnly = str(query.validate) === 'true';
      const mustEncode = str(query.mustEncode) === 'true';
      const includeDocs = str(query.includeDocs) || 'include';
      const docFormat = str(query.docFormat) || 'PDF';
      const printFormat = str(query.printFormat) || '910-300-300';
      const apiErrors: string[] = [];
      if (!['include', 'URL'].includes(includeDocs)) apiErrors.push(`includeDocs must be include or URL, not ${includeDocs}.`);
      if (!['PDF', 'ZPL2'].includes(docFormat)) apiErrors.push(`docFormat must be PDF or ZPL2, not ${docFormat}.`);
      else if (docFormat === 'ZPL2') apiErrors.push('The Shipdesk sandbox only renders PDF labels (docFormat=PDF).');
      if (!PRINT_FORMATS.includes(printFormat))
        apiErrors.push(`printFormat ${printFormat} is not one of ${PRINT_FORMATS.join(', ')}.`);
      const body = req.body as unknown;
      if (!isObject(body)) apiErrors.push('The request body must be a ShipmentOrderRequest object.');
      else {
        if (!str(body.profile)) apiErrors.push('profile is mandatory.');
        else if (!profiles.includes(str(body.profile)))
          apiErrors.push(`The user group profile ${str(body.profile)} is not known for this user.`);
        if (!Array.isArray(body.shipments) || body.shipments.length < 1 || body.shipments.length > 30)
          apiErrors.push('shipments must hold 1 to 30 shipments.');
      }
      if (apiErrors.length > 0) {
        problem(res, 400, { status: badRequest(apiErrors.join(' ')) });
        return;
      }

      const list = (body as { shipments: unknown[] }).shipments;
      const items: Json[] = [];
      for (const raw of list) {
        const messages = validateShipment(raw, ekp);
        const shipment = raw as Json;
        if (isObject(raw)) messages.push(...encodability(shipment, mustEncode));
        const refNo = isObject(raw) ? str(raw.refNo) : '';
        const ref = refNo ? { shipmentRefNo: refNo } : {};
        if (messages.some((m) => m.validationState === 'Error')) {
          items.push({ sstatus: badRequest(), ...ref, validationMessages: messages });
          continue;
        }
        const warnings = messages.length > 0 ? { validationMessages: messages } : {};
        if (validateOnly) {
          items.push({ sstatus: OK, ...ref, ...warnings });
          continue;
        }
        const shipmentNo = `34043431${String(serial++).padStart(10, '0')}`;
        const created = now();
        const product = str(shipment.product);
        const weight = grams((shipment.details as Json).weight)!;
        const pdf = await generateLabelPdf({
          format: printFormat === 'A4' ? 'A4' : 'A6',
          carrier: 'DHL',
          trackingNumber: shipmentNo,
          sender: labelAddress(shipment.shipper as Json),
          receiver: labelAddress(shipment.consignee as Json),
          weightGrams: Math.round(weight),
          product: `${product} ${PRODUCTS[product]?.name ?? ''}`.trim(),
          ...(refNo ? { reference: refNo } : {}),
          createdAt: created,
        });
        shipments.set(shipmentNo, {
          shipmentNo,
          createdAt: created,
          product,
          billingNumber: str(shipment.billingNumber),
          ...(refNo ? { refNo } : {}),
          weightGrams: weight,
          printFormat,
          shipment,
          query,
          pdf,
        });
        const token = randomBytes(24).toString('base64url');
        labelTokens.set(token, shipmentNo);
        const base = `${req.protocol}://${req.get('host')}${req.baseUrl}`;
        items.push({
          shipmentNo,
          routingCode: routingCode(shipment),
          sstatus: OK,
          ...ref,
          label:
            includeDocs === 'URL'
              ? { url: `${base}${SHIPPING}/labels?token=${token}`, fileFormat: 'PDF', printFormat }
              : { b64: pdf.toString('base64'), fileFormat: 'PDF', printFormat },
          ...warnings,
        });
      }
      respond(res, items, 'Bad Request: the shipment could not be created. See items[].validationMessages.');
    } catch (error) {
      next(error);
    }
  });

  // --- GET /orders: labels of existing, not yet closed shipments -----------------------------
  router.get(`${SHIPPING}/orders`, (req, res) => {
    const numbers = asList(req.query.shipment);
    if (numbers.length === 0) {
      problem(res, 400, { status: badRequest('The query parameter shipment is mandatory.') });
      return;
    }
    const printFormat = str(req.query.printFormat);
    const items = numbers.map((shipmentNo) => {
      const shipment = shipments.get(shipmentNo);
      const refusal = refuse(shipment);
      if (refusal || !shipment) return { shipmentNo, sstatus: badRequest(refusal ?? 'Shipment not found.') };
      return {
        shipmentNo,
        sstatus: OK,
        label: { b64: shipment.pdf.toString('base64'), fileFormat: 'PDF', printFormat: printFormat || shipment.printFormat },
      };
    });
    respond(res, items, 'Bad Request: no documents for this shipment.');
  });

  // --- DELETE /orders: cancel shipments that are not yet manifested -------------------------
  router.delete(`${SHIPPING}/orders`, (req, res) => {
    const profile = str(req.query.profile);
    const numbers = asList(req.query.shipment);
    if (!profile || numbers.length === 0) {
      problem(res, 400, { status: badRequest('The query parameters profile and shipment are mandatory.') });
      return;
    }
    if (!profiles.includes(profile)) {
      problem(res, 400, { status: badRequest(`The user group profile ${profile} is not known for this user.`) });
      return;
    }
    const items = numbers.map((shipmentNo) => {
      const shipment = shipments.get(shipmentNo);
      const refusal = refuse(shipment);
      if (refusal || !shipment) return { shipmentNo, sstatus: badRequest(refusal ?? 'Shipment not found.') };
      shipment.deletedAt = now();
      return { shipmentNo, sstatus: OK };
    });
    respond(res, items, 'Bad Request: the shipment could not be deleted.');
  });

  // --- Shipment Tracking – Unified API ------------------------------------------------------
  router.get('/track/shipments', (req, res) => {
    if (req.header('dhl-api-key') !== (options.trackingApiKey ?? options.apiKey)) {
      problem(res, 401, { title: 'Unauthorized', status: 401, detail: 'Unauthorized for given resource.' });
      return;
    }
    const trackingNumber = str(req.query.trackingNumber);
    if (!trackingNumber) {
      problem(res, 400, { title: 'Bad Request', status: 400, detail: 'The query parameter trackingNumber is mandatory.' });
      return;
    }
    const service = str(req.query.service);
    const german = str(req.query.language).toLowerCase() === 'de';
    const shipment = shipments.get(trackingNumber);
    if (!shipment || shipment.deletedAt || (service && service !== 'parcel-de')) {
      problem(res, 404, {
        title: 'No result found',
        status: 404,
        instance: `/track/shipments?trackingNumber=${trackingNumber}`,
        detail: 'No shipment with given tracking number found.',
      });
      return;
    }
    res.json({ shipments: [unified(shipment, german)] });
  });

  // --- Shipment Tracking – Unified – Push: subscriptions ---------------------------------------
  router.post('/tracking/push/v1/subscription', (req, res) => {
    if (req.header('dhl-api-key') !== (options.trackingApiKey ?? options.apiKey)) {
      problem(res, 401, { title: 'Unauthorized', status: 401, detail: 'Unauthorized for given resource.' });
      return;
    }
    const body = req.body as unknown;
    const errors: string[] = [];
    if (!isObject(body)) errors.push('The request body must be a subscription object.');
    const b = isObject(body) ? body : {};
    const hook = isObject(b.hook) ? b.hook : {};
    const uri = str(hook.uri);
    if (!/^https?:\/\//.test(uri)) errors.push('hook.uri must be an absolute URL.');
    const auth = hook.authentication;
    if (
      auth !== undefined &&
      (!isObject(auth) || str(auth.type) !== 'ApiKeyAuthentication' || !str(auth.header) || !str(auth.token))
    )
      errors.push('hook.authentication must be { type: ApiKeyAuthentication, header, token }.');
    const type = str(b.type);
    if (type !== 'Shipment' && type !== 'Account') errors.push('type must be Shipment or Account.');
    if (str(b.service) !== 'parcel-de') errors.push('service must be parcel-de in this sandbox.');
    const events = Array.isArray(b.events) ? b.events.map(str) : [];
    if (events.length === 0 || events.some((e) => !PUSH_EVENTS.includes(e)))
      errors.push(`events must hold some of ${PUSH_EVENTS.join(', ')}.`);
    const shipmentIDs = Array.isArray(b.shipmentIDs) ? b.shipmentIDs.map(str).filter(Boolean) : [];
    if (type === 'Shipment' && shipmentIDs.length === 0) errors.push('shipmentIDs is mandatory for type Shipment.');
    if (errors.length > 0) {
      problem(res, 400, { title: 'Bad Request', status: 400, detail: errors.join(' ') });
      return;
    }
    const id = randomBytes(8).toString('hex');
    const subscription: DhlSandboxSubscription = {
      id,
      secret: randomBytes(16).toString('base64url'),
      hook: {
        uri,
        ...(isObject(auth) ? { authentication: { type: str(auth.type), header: str(auth.header), token: str(auth.token) } } : {}),
      },
      type: type as 'Shipment' | 'Account',
      service: 'parcel-de',
      events,
      shipmentIDs,
      pushed: new Map(),
    };
    subscriptions.set(id, subscription);
    const self = `${req.protocol}://${req.get('host')}${req.baseUrl}/tracking/push/v1/subscription/${id}`;
    res.status(201).json({
      hook: subscription.hook,
      format: str(b.format) || 'Default',
      type,
      service: 'parcel-de',
      events,
      ...(type === 'Shipment' ? { shipmentIDs } : { accountID: str(b.accountID) }),
      self,
      secret: subscription.secret,
    });
  });

  router.use((req, res) =>
    problem(res, 404, { title: 'Not Found', status: 404, detail: `No resource ${req.method} ${req.originalUrl}` }),
  );
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    problem(res, 500, {
      title: 'Internal Server Error',
      status: 500,
      detail: error instanceof Error ? error.message : String(error),
    });
  });

  /** Why a shipment can no longer be reprinted or deleted; null when it can. */
  function refuse(shipment: DhlSandboxShipment | undefined): string | null {
    if (!shipment) return 'Shipment not found.';
    if (shipment.deletedAt) return 'Shipment has already been deleted.';
    if (now().getTime() - shipment.createdAt.getTime() >= handedOverAfter)
      return 'Shipment has already been manifested (closed) and can no longer be changed or deleted.';
    return null;
  }

  /** A shipment in the Unified tracking shape, events newest first. */
  function unified(shipment: DhlSandboxShipment, german: boolean, at: Date = now()): Json {
    const shipper = shipment.shipment.shipper as Json;
    const consignee = shipment.shipment.consignee as Json;
    const place = (party: Json) => ({
      address: { addressLocality: str(party.city), ...(str(party.postalCode) ? { postalCode: str(party.postalCode) } : {}) },
    });
    const events = reachedSteps(steps, shipment.createdAt, at)
      .reverse()
      .map(({ step, at: when }) => ({
        timestamp: when.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        ...(step.at === 'origin'
          ? { location: place(shipper) }
          : step.at === 'destination'
            ? { location: place(consignee) }
            : {}),
        statusCode: step.statusCode,
        status: german ? step.status.de : step.status.en,
        description: german ? step.description.de : step.description.en,
      }));
    return {
      id: shipment.shipmentNo,
      service: 'parcel-de',
      origin: place(shipper),
      destination: place(consignee),
      status: events[0],
      details: {
        product: { productName: PRODUCTS[shipment.product]?.name ?? shipment.product },
        proofOfDeliverySignedAvailable: false,
        totalNumberOfPieces: 1,
        pieceIds: [shipment.shipmentNo],
        weight: { value: shipment.weightGrams / 1000, unitText: 'kg' },
        ...(shipment.refNo ? { references: [{ number: shipment.refNo, type: 'customer-reference' }] } : {}),
      },
      events,
    };
  }

  async function pushDue(): Promise<number> {
    let delivered = 0;
    const at = now();
    for (const subscription of subscriptions.values()) {
      const numbers = subscription.type === 'Shipment' ? subscription.shipmentIDs : [...shipments.keys()];
      for (const shipmentNo of numbers) {
        const shipment = shipments.get(shipmentNo);
        if (!shipment || shipment.deletedAt) continue;
        const reached = reachedSteps(steps, shipment.createdAt, at);
        const done = subscription.pushed.get(shipmentNo) ?? 0;
        subscription.pushed.set(shipmentNo, reached.length);
        for (let i = done; i < reached.length; i++) {
          const { step, at: when } = reached[i]!;
          if (!subscription.events.includes(PUSH_EVENT_NAMES[step.statusCode])) continue;
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          const auth = subscription.hook.authentication;
          if (auth) headers[auth.header] = auth.token;
          try {
            const res = await fetch(subscription.hook.uri, {
              method: 'POST',
              headers,
              body: JSON.stringify({ shipments: [unified(shipment, false, when)] }),
              signal: AbortSignal.timeout(5000),
            });
            if (res.ok) delivered++;
          } catch {
            // DHL retries later; the sandbox does not.
          }
        }
      }
    }
    return delivered;
  }

  return {
    name: 'dhl',
    router,
    shipments: () => [...shipments.values()],
    subscriptions: () => [...subscriptions.values()],
    pushDue,
  };
}

/** The event names a push subscription lists, per Unified statusCode. */
const PUSH_EVENT_NAMES: Record<UnifiedStatusCode, string> = {
  'pre-transit': 'Pre-Transit',
  transit: 'Transit',
  delivered: 'Delivered',
  failure: 'Failure',
  unknown: 'Unknown',
};
const PUSH_EVENTS = Object.values(PUSH_EVENT_NAMES);

/** One item: the HTTP status is the item's; several: 207 multistatus. */
function respond(res: Response, items: Json[], failure: string): void {
  if (items.length === 1) {
    const status = (items[0]!.sstatus as { status: number }).status;
    const body = { status: status === 200 ? OK : badRequest(failure), items };
    if (status === 200) res.status(200).json(body);
    else problem(res, status, body);
    return;
  }
  res.status(207).json({ status: { title: 'Multistatus', status: 207, statusCode: 207 }, items });
}

function problem(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}

function asList(value: unknown): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(str).filter(Boolean);
}

/**
 * mustEncode (legacy printOnlyIfCodable): German consignee addresses need a house number to be
 * routed ("leitcodiert"). With mustEncode=true an unroutable address is an error, else a warning.
 */
function encodability(shipment: Json, mustEncode: boolean): ValidationMessage[] {
  const consignee = shipment.consignee;
  if (!isObject(consignee) || consigneeCountry(shipment) !== 'DEU' || !('addressStreet' in consignee)) return [];
  if (str(consignee.addressHouse) || /\d/.test(str(consignee.addressStreet))) return [];
  return [
    {
      property: 'consignee.addressStreet',
      validationMessage: mustEncode
        ? 'The address cannot be encoded (no house number); no label was created because mustEncode is set.'
        : 'The address cannot be encoded (no house number); the label was created anyway.',
      validationState: mustEncode ? 'Error' : 'Warning',
    },
  ];
}

/** Routing code (Leitcode) of the consignee: postal code, street and house as digits, like DHL's. */
function routingCode(shipment: Json): string {
  const consignee = shipment.consignee as Json;
  const digits = `${str(consignee.postalCode)}${str(consignee.addressStreet).length}${str(consignee.addressHouse)}`.replace(
    /\D/g,
    '',
  );
  return `${digits.padEnd(11, '0').slice(0, 11)}+99000943058020`;
}

function labelAddress(party: Json): LabelAddress {
  if ('shipperRef' in party)
    return { name: `Shipper reference ${str(party.shipperRef)}`, street: '', postalCode: '', city: '', country: '' };
  const name2 = str(party.name2);
  const name = str(party.name1) || str(party.name);
  const street = [str(party.addressStreet), str(party.addressHouse)].filter(Boolean).join(' ');
  const locker = 'lockerID' in party ? `Packstation ${str(party.lockerID)} (${str(party.postNumber)})` : '';
  return {
    name: name2 || name,
    ...(name2 ? { company: name } : {}),
    street: street || locker,
    postalCode: str(party.postalCode),
    city: str(party.city),
    country: str(party.country) || 'DEU',
  };
}
