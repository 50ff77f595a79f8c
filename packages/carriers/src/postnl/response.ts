import type { TrackingStatus } from '@shipdesk/domain';
import { CarrierError, isRetryableStatus, type CreatedLabel, type TrackingEvent, type TrackingResult } from '../connector';
import { postnlStatus } from './status-map';
import { fromPostnlTimestamp } from './time';

/**
 * Response parsing for Barcode v1_1, Labelling v2_2 and Shippingstatus v2, and PostNL's error
 * shapes:
 * - gateway faults (401, 405, 429...): `{ fault: { faultstring, detail: { errorcode } } }`
 * - labelling errors: `{ Errors: [{ Error, Code, Description }] }`, also per shipment in
 *   `ResponseShipments[].Errors`
 * - barcode errors: `{ errors: [{ ErrorMsg, ErrorNumber }] }`
 * - status API: `{ Warnings: [{ Code, Description | Message }] }` for a barcode it does not know
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

function messages(body: unknown): { message: string; code?: string }[] {
  if (typeof body === 'string') return body.trim() ? [{ message: body.trim().slice(0, 300) }] : [];
  if (!isObject(body)) return [];
  if (isObject(body.fault)) {
    const detail = isObject(body.fault.detail) ? text(body.fault.detail.errorcode) : '';
    return [{ message: text(body.fault.faultstring) || 'fault without faultstring', ...(detail ? { code: detail } : {}) }];
  }
  const list = asArray(body.Errors ?? body.errors ?? body.Warnings).filter(isObject);
  if (list.length > 0) {
    return list.map((e) => {
      const description = text(e.Description) || text(e.ErrorMsg) || text(e.Message) || text(e.Error);
      // "Error" is the context ("Validation failed for shipment: 3S…"), "Description" the reason.
      const context = text(e.Error) && text(e.Description) ? `${text(e.Error)}: ` : '';
      const code = text(e.Code) || text(e.ErrorNumber);
      return { message: `${context}${description || JSON.stringify(e)}`, ...(code ? { code } : {}) };
    });
  }
  const single = text(body.message) || text(body.Message) || text(body.error);
  return single ? [{ message: single }] : [];
}

/** A CarrierError for a non-2xx PostNL answer, with PostNL's own words. */
export function postnlError(status: number, body: unknown, what: string): CarrierError {
  const found = messages(body);
  const carrierMessage = found.length > 0 ? found.map((m) => m.message).join('; ') : `${what} failed without an error message`;
  const code = found.map((m) => m.code).find(Boolean);
  return new CarrierError({
    carrier: 'PostNL',
    carrierMessage,
    httpStatus: status,
    retryable: isRetryableStatus(status),
    ...(code ? { code } : {}),
  });
}

function invalid(message: string, status = 200): CarrierError {
  return new CarrierError({
    carrier: 'PostNL',
    carrierMessage: message,
    httpStatus: status,
    retryable: false,
    code: 'invalid_response',
  });
}

/** Barcode v1_1: `{ Barcode: "3SDEVC903942795" }`. */
export function parseBarcode(body: unknown): string {
  const barcode = isObject(body) ? text(body.Barcode) : '';
  if (!barcode) throw invalid(`barcode service answered without a Barcode: ${JSON.stringify(body).slice(0, 200)}`);
  return barcode;
}

/**
 * Labelling v2_2: `{ MergedLabels: [...], ResponseShipments: [{ Barcode, Labels: [{ Content, Labeltype,
 * OutputType }], Errors, Warnings }] }`. A6 labels come per shipment; Merge printer types put the
 * sheet in MergedLabels.
 */
export function parseLabel(body: unknown, barcode: string): CreatedLabel {
  if (!isObject(body)) throw invalid('label service answered without a body');
  const shipments = asArray(body.ResponseShipments).filter(isObject);
  const shipment = shipments.find((s) => text(s.Barcode) === barcode) ?? shipments[0];
  if (!shipment) throw invalid(`label service answered without ResponseShipments: ${JSON.stringify(body).slice(0, 200)}`);
  const shipmentErrors = messages({ Errors: shipment.Errors });
  if (shipmentErrors.length > 0) {
    throw new CarrierError({
      carrier: 'PostNL',
      carrierMessage: shipmentErrors.map((m) => m.message).join('; '),
      httpStatus: 200,
      retryable: false,
      ...(shipmentErrors[0]?.code ? { code: shipmentErrors[0].code } : {}),
    });
  }
  const trackingNumber = text(shipment.Barcode) || barcode;
  const merged = asArray(body.MergedLabels)
    .filter(isObject)
    .filter((m) => asArray(m.Barcodes).map(text).includes(trackingNumber) || asArray(body.MergedLabels).length === 1)
    .flatMap((m) => asArray(m.Labels));
  const candidates = [...asArray(shipment.Labels), ...merged].filter(isObject);
  const label =
    candidates.find((l) => text(l.Labeltype) === 'Label' && text(l.OutputType).toUpperCase() === 'PDF') ??
    candidates.find((l) => text(l.OutputType).toUpperCase() === 'PDF');
  if (!label || !text(label.Content)) throw invalid(`label service returned no PDF label for ${trackingNumber}`);
  const labelPdf = Buffer.from(text(label.Content), 'base64');
  if (labelPdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw invalid(`the label for ${trackingNumber} is not a PDF`);
  return { trackingNumber, labelPdf };
}

interface PostnlStatusLine {
  TimeStamp?: unknown;
  Timestamp?: unknown;
  StatusCode?: unknown;
  StatusDescription?: unknown;
}

/**
 * Shippingstatus v2 by barcode: `{ CurrentStatus: { Shipment } }` or, with detail=true,
 * `{ CompleteStatus: { Shipment: { Status, OldStatus[], Event[] } } }`. Events are built from the
 * status lines (one lookup table: status-map.ts), oldest first; scan events lend their location.
 */
export function parseStatus(body: unknown, barcode: string): TrackingResult {
  if (!isObject(body)) throw invalid('status service answered without a body');
  const root = isObject(body.CompleteStatus)
    ? body.CompleteStatus
    : isObject(body.CurrentStatus)
      ? body.CurrentStatus
      : undefined;
  const shipments = asArray(root?.Shipment).filter(isObject);
  const shipment = shipments.find((s) => text(s.Barcode) === barcode || text(s.MainBarcode) === barcode) ?? shipments[0];
  if (!shipment) {
    const warnings = messages({ Warnings: body.Warnings ?? root?.Warnings });
    throw new CarrierError({
      carrier: 'PostNL',
      carrierMessage: `no shipment ${barcode} in PostNL's tracking${warnings.length > 0 ? `: ${warnings.map((w) => w.message).join('; ')}` : ''}`,
      httpStatus: 404,
      retryable: false,
      code: 'not_found',
    });
  }

  const lines = [...asArray(shipment.OldStatus), ...asArray(shipment.Status)].filter(isObject) as PostnlStatusLine[];
  const scans = asArray(shipment.Event).filter(isObject);
  const seen = new Set<string>();
  const raw: { code: string; description: string; happenedAt: string; location?: string }[] = [];
  for (const line of lines) {
    const code = text(line.StatusCode);
    const stamp = text(line.TimeStamp) || text(line.Timestamp);
    if (!code || !stamp) continue;
    const happenedAt = fromPostnlTimestamp(stamp);
    const key = `${code}@${happenedAt}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const scan = scans.find((e) => text(e.TimeStamp) === stamp);
    const location = scan ? text(scan.LocationCode) || text(scan.RouteName) : '';
    raw.push({ code, description: text(line.StatusDescription), happenedAt, ...(location ? { location } : {}) });
  }
  raw.sort((a, b) => a.happenedAt.localeCompare(b.happenedAt));

  let current: TrackingStatus = 'announced';
  const events: TrackingEvent[] = raw.map((event) => {
    current = postnlStatus(event.code) ?? current;
    return { ...event, status: current };
  });
  return { status: current, events };
}
