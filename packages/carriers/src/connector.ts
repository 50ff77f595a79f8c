import type { TrackingStatus } from '@shipdesk/domain';

/**
 * What Shipdesk needs from a carrier, and nothing more. One implementation per carrier folder
 * (packages/carriers/src/<carrier>/), each speaking the carrier's real wire protocol against a
 * base URL: the carrier itself, or apps/sandbox.
 */

export interface Address {
  /** Person's full name ("Peter de Ruiter"); the company goes in `company`. */
  name: string;
  company?: string;
  /**
   * Street and house number as one line ("Siriusdreef 42-60"). Connectors split it where the
   * carrier wants the parts, unless `houseNumber` is given separately.
   */
  street: string;
  houseNumber?: string;
  houseNumberSuffix?: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2, e.g. "NL". */
  country: string;
  email?: string;
  phone?: string;
}

export interface Parcel {
  weightGrams: number;
  lengthCm?: number;
  widthCm?: number;
  heightCm?: number;
}

export interface CustomsItem {
  description: string;
  quantity: number;
  /** Value of ONE unit, in cents of `currency`. */
  valueCents: number;
  /** ISO 4217, e.g. "EUR". */
  currency: string;
  hsCode: string;
  /** ISO 3166-1 alpha-2 country of origin. */
  originCountry: string;
  /** Weight of ONE unit, in grams. */
  weightGrams: number;
}

export type LabelFormat = 'A6' | 'A4';

export interface CreateLabelInput {
  /** Shipdesk's reference for the parcel (shipment or order number); printed and sent as the carrier reference. */
  reference: string;
  sender: Address;
  receiver: Address;
  parcel: Parcel;
  /** The carrier's product code; each connector documents its default. */
  product?: string;
  /** Customs lines; connectors send them where the destination needs them. */
  customs?: { items: CustomsItem[] };
  format: LabelFormat;
  /** A tracking number reserved earlier with `reserveTrackingNumber`, for the label to carry. */
  trackingNumber?: string;
}

export interface CreatedLabel {
  trackingNumber: string;
  /** The label as a PDF. */
  labelPdf: Buffer;
  /** The carrier's own id for the shipment, where it differs from the tracking number. */
  carrierReference?: string;
}

export interface TrackingEvent {
  /** The carrier's own code for the event. */
  code: string;
  description: string;
  status: TrackingStatus;
  /** ISO 8601 instant, UTC. */
  happenedAt: string;
  location?: string;
}

export interface TrackingResult {
  /** The status now: that of the latest event. */
  status: TrackingStatus;
  /** Oldest first. */
  events: TrackingEvent[];
}

export type WebhookHeaders = Record<string, string | string[] | undefined>;

export interface CarrierCapabilities {
  /** The carrier has an API to void a label. */
  cancelLabel: boolean;
  /** The carrier pushes status webhooks (then `verifyWebhook` exists). */
  webhooks: boolean;
}

export interface CarrierConnector {
  /** Lower-case carrier id, e.g. "postnl". */
  readonly carrier: string;
  readonly capabilities: CarrierCapabilities;
  createLabel(input: CreateLabelInput): Promise<CreatedLabel>;
  /**
   * Carriers whose tracking number is issued before the label (PostNL's barcode): reserves one,
   * so Shipdesk can store it before asking for the label, and after a crash ask whether a parcel
   * with it exists (`hasParcel`) instead of guessing.
   */
  reserveTrackingNumber?(): Promise<string>;
  /** Whether the carrier has a parcel (a label made) with this tracking number. */
  hasParcel?(trackingNumber: string): Promise<boolean>;
  /** Voids a label. Rejects with a non-retryable CarrierError (code "unsupported") where the carrier has no such API. */
  cancelLabel(trackingNumber: string): Promise<void>;
  track(trackingNumber: string): Promise<TrackingResult>;
  /** True when a webhook delivery is authentic. Only for carriers with webhooks. */
  verifyWebhook?(rawBody: Buffer | string, headers: WebhookHeaders): boolean;
  /** The tracking numbers a webhook delivery is about; empty when it names none. Only for carriers with webhooks. */
  webhookTrackingNumbers?(rawBody: Buffer | string): string[];
  /** The public tracking page for a parcel. */
  trackingUrl(trackingNumber: string, postalCode?: string, country?: string): string;
}

export interface CarrierErrorOptions {
  carrier: string;
  /** The carrier's own words, joined when it gave several. */
  carrierMessage: string;
  /** HTTP status of the carrier's answer; absent when no answer came (network, timeout) or the request never left. */
  httpStatus?: number;
  /** Worth trying the same request again later (timeouts, 429, 5xx). */
  retryable: boolean;
  /** The carrier's error code, or Shipdesk's for errors that are not the carrier's ("unsupported", "network"...). */
  code?: string;
  cause?: unknown;
}

/** A carrier said no, or could not be reached. The message is fit to show a merchant or support engineer. */
export class CarrierError extends Error {
  readonly carrier: string;
  readonly carrierMessage: string;
  readonly httpStatus: number | undefined;
  readonly retryable: boolean;
  readonly code: string | undefined;

  constructor(options: CarrierErrorOptions) {
    const status = options.httpStatus === undefined ? '' : ` (HTTP ${options.httpStatus})`;
    super(
      `${options.carrier}: ${options.carrierMessage}${status}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'CarrierError';
    this.carrier = options.carrier;
    this.carrierMessage = options.carrierMessage;
    this.httpStatus = options.httpStatus;
    this.retryable = options.retryable;
    this.code = options.code;
  }
}

/** Whether an HTTP status is worth a retry: rate limiting, timeouts at a gateway, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
