import type { TrackingStatus } from '@shipdesk/domain';
import { CarrierError, isRetryableStatus, type TrackingEvent, type TrackingResult } from '../connector';
import { dhlStatus } from './status-map';
import { fromDhlTimestamp } from './time';

/**
 * Response parsing for Parcel DE Shipping v2 (`LabelDataResponse`: `{ status, items: [{ shipmentNo,
 * sstatus, label: { b64 | url, fileFormat }, validationMessages }] }`) and the Shipment Tracking –
 * Unified API (`{ shipments: [{ id, status, events }] }`), and DHL's error shapes:
 * - `RequestStatus` / RFC 7807 problem: `{ title, status | statusCode, detail }` (401, 404, 429, 500)
 * - `LabelDataResponse` with `status` and per item `sstatus.detail` and
 *   `validationMessages: [{ property, validationMessage, validationState }]` (400, 207)
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

/** DHL's words for what went wrong in one item: its Error validation messages, else its sstatus detail. */
function itemMessages(item: Json): string[] {
  const validation = asArray(item.validationMessages)
    .filter(isObject)
    .filter((m) => text(m.validationState).toLowerCase() !== 'warning' && text(m.validationMessage))
    .map((m) => (text(m.property) ? `${text(m.property)}: ${text(m.validationMessage)}` : text(m.validationMessage)));
  if (validation.length > 0) return validation;
  const status = isObject(item.sstatus) ? item.sstatus : {};
  const detail = text(status.detail) || text(status.title);
  return detail && !/^ok$/i.test(detail) ? [detail] : [];
}

function statusOf(value: unknown): number {
  return isObject(value) ? Number(value.status ?? value.statusCode) || 0 : 0;
}

/** A CarrierError for a non-2xx DHL answer, with DHL's own messages joined. */
export function dhlError(status: number, body: unknown, what: string): CarrierError {
  let found: string[] = [];
  if (typeof body === 'string') found = body.trim() ? [body.trim().slice(0, 300)] : [];
  else if (isObject(body)) {
    found = asArray(body.items).filter(isObject).flatMap(itemMessages);
    if (found.length === 0) {
      const top = isObject(body.status) ? body.status : body;
      const detail = text(top.detail);
      const title = text(top.title);
      found =
        detail || title
          ? [detail && title && !detail.includes(title) && status >= 500 ? `${title}: ${detail}` : detail || title]
          : [];
    }
  }
  return new CarrierError({
    carrier: 'DHL',
    carrierMessage: found.length > 0 ? found.join('; ') : `${what} failed without an error message`,
    httpStatus: status,
    retryable: isRetryableStatus(status),
  });
}

function invalid(message: string, status = 200): CarrierError {
  return new CarrierError({
    carrier: 'DHL',
    carrierMessage: message,
    httpStatus: status,
    retryable: false,
    code: 'invalid_response',
  });
}

export interface ParsedLabel {
  shipmentNo: string;
  pdf?: Buffer;
  url?: string;
}

/** POST /orders answer for one shipment: the shipment number and the label (base64 PDF, or a URL). */
export function parseOrder(status: number, body: unknown): ParsedLabel {
  if (!isObject(body)) throw invalid('shipping API answered without a body', status);
  const item = asArray(body.items).filter(isObject)[0];
  if (!item) throw invalid(`shipping API answered without items: ${JSON.stringify(body).slice(0, 200)}`, status);
  const itemStatus = statusOf(item.sstatus);
  if (itemStatus !== 0 && (itemStatus < 200 || itemStatus >= 300)) throw dhlError(itemStatus, { items: [item] }, 'POST /orders');
  const shipmentNo = text(item.shipmentNo);
  if (!shipmentNo) throw invalid('shipping API created no shipment number', status);
  const label = isObject(item.label) ? item.label : {};
  if (text(label.fileFormat) && text(label.fileFormat).toUpperCase() !== 'PDF')
    throw invalid(`the label for ${shipmentNo} is ${text(label.fileFormat)}, not PDF`, status);
  if (text(label.b64)) {
    const pdf = Buffer.from(text(label.b64), 'base64');
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw invalid(`the label for ${shipmentNo} is not a PDF`, status);
    return { shipmentNo, pdf };
  }
  if (text(label.url)) return { shipmentNo, url: text(label.url) };
  throw invalid(`shipping API returned no label for ${shipmentNo}`, status);
}

/** DELETE /orders answer: resolves when DHL deleted the shipment, else DHL's reason. */
export function parseCancel(body: unknown, shipmentNo: string): void {
  const items = isObject(body) ? asArray(body.items).filter(isObject) : [];
  const item = items.find((i) => text(i.shipmentNo) === shipmentNo) ?? items[0];
  if (!item) throw invalid(`shipping API answered the deletion of ${shipmentNo} without items`);
  const status = statusOf(item.sstatus);
  if (status >= 200 && status < 300) return;
  throw dhlError(status || 400, { items: [item] }, 'DELETE /orders');
}

interface UnifiedEvent {
  timestamp?: unknown;
  statusCode?: unknown;
  status?: unknown;
  description?: unknown;
  location?: unknown;
}

function locality(location: unknown): string {
  const address = isObject(location) && isObject(location.address) ? location.address : {};
  return [text(address.postalCode), text(address.addressLocality)].filter(Boolean).join(' ');
}

/**
 * Shipment Tracking – Unified: events (newest first in DHL's answer) become Shipdesk events oldest
 * first, each mapped through the one lookup table (status-map.ts). "unknown" keeps the status before.
 */
export function parseTracking(body: unknown, trackingNumber: string): TrackingResult {
  const shipments = isObject(body) ? asArray(body.shipments).filter(isObject) : [];
  const shipment = shipments.find((s) => text(s.id) === trackingNumber) ?? shipments[0];
  if (!shipment)
    throw new CarrierError({
      carrier: 'DHL',
      carrierMessage: `no shipment ${trackingNumber} in DHL's tracking`,
      httpStatus: 404,
      retryable: false,
      code: 'not_found',
    });
  let lines = asArray(shipment.events).filter(isObject) as UnifiedEvent[];
  if (lines.length === 0 && isObject(shipment.status)) lines = [shipment.status as UnifiedEvent];
  const raw = lines
    .filter((e) => text(e.timestamp) && text(e.statusCode))
    .map((e) => {
      const where = locality(e.location);
      return {
        code: text(e.statusCode),
        description: text(e.description) || text(e.status),
        text: `${text(e.status)} ${text(e.description)}`,
        happenedAt: fromDhlTimestamp(text(e.timestamp)),
        ...(where ? { location: where } : {}),
      };
    })
    .sort((a, b) => a.happenedAt.localeCompare(b.happenedAt));

  let current: TrackingStatus = 'announced';
  const events: TrackingEvent[] = raw.map(({ text: eventText, ...event }) => {
    current = dhlStatus(event.code, eventText) ?? current;
    return { ...event, status: current };
  });
  return { status: current, events };
}

/** A 404 from the tracking API: DHL does not know the number (yet: new shipments take 10–30 minutes). */
export function notFound(error: CarrierError, trackingNumber: string): CarrierError {
  return new CarrierError({
    carrier: 'DHL',
    carrierMessage: `no shipment ${trackingNumber} in DHL's tracking: ${error.carrierMessage}`,
    httpStatus: 404,
    retryable: false,
    code: 'not_found',
    cause: error,
  });
}
