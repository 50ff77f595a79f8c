import express, { type NextFunction, type Request, type Response } from 'express';
import type { SandboxPlatform } from '../../server';
import { generateLabelPdf, type LabelAddress } from '../label-pdf';
import { postnlDate, postnlTimestamp } from './clock';
import { DEFAULT_OFFSETS, reachedSteps, timeline, type TimelineOffsets } from './timeline';
import { PDF_PRINTER_TYPES, PRODUCTS, validateLabelRequest, type PostnlError } from './validate-label';

/**
 * A stand-in for PostNL's Send & Track REST APIs, written from PostNL's public documentation
 * (developer.postnl.nl): Barcode v1_1, Labelling v2_2 and Shippingstatus v2, with the `apikey`
 * header, PostNL's fault / Errors shapes and a parcel that moves through the network over time.
 * Mounted at /postnl, so the base URL matches https://api.postnl.nl with /postnl in front.
 */

export interface PostnlSandboxOptions {
  /** The API key the sandbox accepts in the `apikey` header. */
  apiKey: string;
  /** Default 'DEVC', PostNL's documented test customer code. */
  customerCode?: string;
  /** Default '11223344', PostNL's documented test customer number. */
  customerNumber?: string;
  /** The sandbox clock; statuses advance against it. Default: the system clock. */
  now?: () => Date;
  /** When each status is reached after the label was made. */
  offsets?: Partial<TimelineOffsets>;
}

/** What the sandbox remembers of one labelled parcel (tests may look). */
export interface PostnlSandboxParcel {
  barcode: string;
  createdAt: Date;
  /** false when the label was made with ?confirm=false and not confirmed since. */
  confirmed: boolean;
  productCode: string;
  reference?: string;
  weightGrams: number;
  /** The Shipment object exactly as the client sent it. */
  shipment: Record<string, unknown>;
  /** The Customer object as the client sent it. */
  customer: Record<string, unknown>;
}

export interface PostnlSandbox extends SandboxPlatform {
  parcels(): PostnlSandboxParcel[];
}

type Json = Record<string, unknown>;

export function postnlSandbox(options: PostnlSandboxOptions): PostnlSandbox {
  const account = { customerCode: options.customerCode ?? 'DEVC', customerNumber: options.customerNumber ?? '11223344' };
  const now = options.now ?? (() => new Date());
  const steps = timeline({ ...DEFAULT_OFFSETS, ...options.offsets });
  const parcels = new Map<string, PostnlSandboxParcel>();
  let serial = 0;

  const router = express.Router();

  // Authentication first, like PostNL's API gateway: the apikey header, fault shape on 401.
  router.use((req, res, next) => {
    const key = req.header('apikey');
    if (!key) {
      fault(res, 401, 'Failed to resolve API Key variable request.header.apikey', 'steps.oauth.v2.FailedToResolveAPIKey');
      return;
    }
    if (key !== options.apiKey) {
      fault(res, 401, 'Invalid ApiKey', 'oauth.v2.InvalidApiKey');
      return;
    }
    next();
  });
  router.use(express.json({ limit: '2mb', type: () => true }));
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof SyntaxError) {
      fault(res, 400, `Invalid JSON: ${error.message}`, 'steps.jsonthreatprotection.ExecutionFailed');
      return;
    }
    next(error);
  });

  // --- Barcode v1_1 -------------------------------------------------------------------------
  router.get('/shipment/v1_1/barcode', (req, res) => {
    const query = req.query as Record<string, string | undefined>;
    const errors: { ErrorMsg: string; ErrorNumber: string }[] = [];
    if (!query.CustomerCode) errors.push({ ErrorMsg: 'CustomerCode is mandatory', ErrorNumber: '1' });
    if (!query.CustomerNumber) errors.push({ ErrorMsg: 'CustomerNumber is mandatory', ErrorNumber: '2' });
    if (!query.Type) errors.push({ ErrorMsg: 'Type is mandatory', ErrorNumber: '3' });
    else if (query.Type !== '3S')
      errors.push({
        ErrorMsg: `Type ${query.Type} is not available for this customer in the sandbox (only 3S)`,
        ErrorNumber: '4',
      });
    if (
      query.CustomerCode &&
      query.CustomerNumber &&
      (query.CustomerCode !== account.customerCode || query.CustomerNumber !== account.customerNumber)
    ) {
      errors.push({
        ErrorMsg: `Combination of CustomerCode ${query.CustomerCode} and CustomerNumber ${query.CustomerNumber} is not known for this API key`,
        ErrorNumber: '5',
      });
    }
    // Serie: '###000000-###000000' (leading zeros allowed), a range of at least 100.000 numbers.
    let from = 0;
    let to = 999_999_999;
    if (query.Serie !== undefined) {
      const match = /^(\d{6,9})-(\d{6,9})$/.exec(query.Serie);
      if (!match || Number(match[2]) - Number(match[1]) < 100_000) {
        errors.push({
          ErrorMsg: `Serie ${query.Serie} is invalid: use 'from-to' with at least 100.000 numbers in between, e.g. 000000000-999999999`,
          ErrorNumber: '6',
        });
      } else {
        from = Number(match[1]);
        to = Number(match[2]);
      }
    }
    if (errors.length > 0) {
      res.status(400).json({ errors });
      return;
    }
    const number = from + (serial++ % (to - from + 1));
    // 3S + customer code + 9-digit serial: 15 characters for a 4-letter customer code.
    res.json({ Barcode: `3S${account.customerCode}${String(number).padStart(15 - 2 - account.customerCode.length, '0')}` });
  });
  router.all('/shipment/v1_1/barcode', (_req, res) => methodNotAllowed(res));

  // --- Labelling v2_2 -----------------------------------------------------------------------
  router.post('/shipment/v2_2/label', async (req, res, next) => {
    try {
      const body = req.body as unknown;
      const errors = validateLabelRequest(body, account);
      if (errors.length > 0) {
        labelErrors(res, errors);
        return;
      }
      const request = body as { Customer: Json; Message: Json; Shipments: Json[] };
      const confirm = String(req.query.confirm ?? 'true').toLowerCase() !== 'false';
      const printer = String(request.Message.Printertype);
      const merged = printer !== 'GraphicFile|PDF' && PDF_PRINTER_TYPES.includes(printer);
      const created = now();

      const responseShipments: Json[] = [];
      const mergedBarcodes: string[] = [];
      const mergedPdfs: Buffer[] = [];
      for (const shipment of request.Shipments) {
        const barcode = typeof shipment.Barcode === 'string' && shipment.Barcode !== '' ? shipment.Barcode : nextBarcode();
        const addresses = (shipment.Addresses as Json[]).concat(
          request.Customer.Address ? [request.Customer.Address as Json] : [],
        );
        const receiver = addresses.find((a) => a.AddressType === '01')!;
        const sender = addresses.find((a) => a.AddressType === '02')!;
        const product = String(shipment.ProductCodeDelivery);
        const weight = (shipment.Dimension as Json).Weight as number;
        const pdf = await generateLabelPdf({
          format: merged ? 'A4' : 'A6',
          carrier: 'PostNL',
          trackingNumber: barcode,
          sender: labelAddress(sender),
          receiver: labelAddress(receiver),
          weightGrams: weight,
          product: `${product} ${PRODUCTS[product] ?? ''}`.trim(),
          ...(typeof shipment.Reference === 'string' ? { reference: shipment.Reference } : {}),
          createdAt: created,
        });
        parcels.set(barcode, {
          barcode,
          createdAt: created,
          confirmed: confirm,
          productCode: product,
          ...(typeof shipment.Reference === 'string' ? { reference: shipment.Reference } : {}),
          weightGrams: weight,
          shipment,
          customer: request.Customer,
        });
        const labels = [{ Content: pdf.toString('base64'), Labeltype: 'Label', OutputType: 'PDF' }];
        if (merged) {
          mergedBarcodes.push(barcode);
          mergedPdfs.push(pdf);
        }
        responseShipments.push({
          Barcode: barcode,
          ProductCodeDelivery: product,
          Labels: merged ? [] : labels,
          Errors: [],
          Warnings: [],
        });
      }
      // Merge printer types (A4 sheets): the sheet goes in MergedLabels, ResponseShipments carry no Labels.
      res.json({
        MergedLabels: merged
          ? mergedPdfs.map((pdf, i) => ({
              Barcodes: [mergedBarcodes[i]],
              Labels: [{ Content: pdf.toString('base64'), Labeltype: 'Label', OutputType: 'PDF' }],
            }))
          : [],
        ResponseShipments: responseShipments,
      });
    } catch (error) {
      next(error);
    }
  });
  router.all('/shipment/v2_2/label', (_req, res) => methodNotAllowed(res));

  // --- Shippingstatus v2 --------------------------------------------------------------------
  router.get('/shipment/v2/status/barcode/:barcode', (req, res) => {
    const parcel = parcels.get(req.params.barcode);
    const detail = String(req.query.detail ?? 'false').toLowerCase() === 'true';
    const english = String(req.query.language ?? 'NL').toUpperCase() === 'EN';
    if (!parcel || !parcel.confirmed) {
      // PostNL's reference lists no 404 for this call: an unknown barcode gets a 200 with Warnings.
      // (The exact warning code and wording here are the sandbox's.)
      res.json({
        Warnings: [
          {
            Code: '1',
            Description: english
              ? `No shipment found for barcode ${req.params.barcode}`
              : `Geen zending gevonden voor barcode ${req.params.barcode}`,
          },
        ],
      });
      return;
    }
    const reached = reachedSteps(steps, parcel.createdAt, now());
    const status = (s: (typeof reached)[number]) => ({
      TimeStamp: postnlTimestamp(s.at),
      StatusCode: s.step.statusCode,
      StatusDescription: english ? s.step.statusEn : s.step.statusNl,
      PhaseCode: s.step.phaseCode,
      PhaseDescription: english ? s.step.phaseEn : s.step.phaseNl,
    });
    const current = reached.at(-1)!;
    const shipment: Json = {
      MainBarcode: parcel.barcode,
      Barcode: parcel.barcode,
      ShipmentAmount: '1',
      ShipmentCounter: '1',
      Customer: { CustomerCode: account.customerCode, CustomerNumber: account.customerNumber, Name: 'Shipdesk sandbox' },
      ProductCode: parcel.productCode.padStart(6, '0'),
      ProductDescription: PRODUCTS[parcel.productCode] ?? '',
      ...(parcel.reference ? { Reference: parcel.reference } : {}),
      DeliveryDate: postnlDate(new Date(parcel.createdAt.getTime() + (steps.at(-1)?.afterMs ?? 0))),
      Dimension: { Weight: String(parcel.weightGrams) },
      Address: (parcel.shipment.Addresses as Json[]).map(statusAddress),
      Status: status(current),
    };
    if (!detail) {
      res.json({ CurrentStatus: { Shipment: shipment } });
      return;
    }
    const newestFirst = [...reached].reverse();
    shipment.OldStatus = newestFirst.map(status);
    shipment.Event = newestFirst.map((s) => ({
      Code: s.step.eventCode,
      Description: english ? s.step.eventEn : s.step.eventNl,
      LocationCode: s.step.locationCode,
      TimeStamp: postnlTimestamp(s.at),
    }));
    res.json({ CompleteStatus: { Shipment: shipment } });
  });
  router.get('/shipment/v2/status/barcode', (_req, res) => fault(res, 400, 'no barcode supplied in path', 'InvalidRequest'));
  router.all('/shipment/v2/status/barcode/:barcode', (_req, res) => methodNotAllowed(res));

  // Anything else under /postnl: PostNL's gateway answers unknown resources with a fault.
  router.use((req, res) =>
    fault(
      res,
      404,
      `Unable to identify proxy for host and url ${req.originalUrl}`,
      'messaging.adaptors.http.flow.ApplicationNotFound',
    ),
  );
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    fault(res, 500, `Internal server error: ${error instanceof Error ? error.message : String(error)}`, 'InternalServerError');
  });

  function nextBarcode(): string {
    return `3S${account.customerCode}${String(900_000_000 + serial++).padStart(15 - 2 - account.customerCode.length, '0')}`;
  }

  return {
    name: 'postnl',
    router,
    parcels: () => [...parcels.values()],
  };
}

function fault(res: Response, status: number, faultstring: string, errorcode: string): void {
  res.status(status).json({ fault: { faultstring, detail: { errorcode } } });
}

function methodNotAllowed(res: Response): void {
  fault(res, 405, 'Method not allowed', 'MethodNotAllowed');
}

function labelErrors(res: Response, errors: PostnlError[]): void {
  res.status(400).json({ Errors: errors });
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function labelAddress(address: Json): LabelAddress {
  const person = [text(address.FirstName), text(address.Name)].filter(Boolean).join(' ');
  const street =
    text(address.StreetHouseNrExt) ||
    [text(address.Street), [text(address.HouseNr), text(address.HouseNrExt)].filter(Boolean).join(' ')].filter(Boolean).join(' ');
  return {
    name: person || text(address.CompanyName),
    ...(person && text(address.CompanyName) ? { company: text(address.CompanyName) } : {}),
    street,
    postalCode: text(address.Zipcode),
    city: text(address.City),
    country: text(address.Countrycode),
  };
}

/** The status API's address shape (different field names from the labelling request). */
function statusAddress(address: Json): Json {
  return {
    AddressType: text(address.AddressType),
    City: text(address.City),
    CompanyName: text(address.CompanyName),
    CountryCode: text(address.Countrycode),
    FirstName: text(address.FirstName),
    HouseNumber: text(address.HouseNr),
    HouseNumberSuffix: text(address.HouseNrExt),
    LastName: text(address.Name),
    Street: text(address.Street),
    Zipcode: text(address.Zipcode),
  };
}
