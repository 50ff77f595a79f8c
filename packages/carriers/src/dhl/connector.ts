import {
  CarrierError,
  type CarrierConnector,
  type CreateLabelInput,
  type CreatedLabel,
  type TrackingResult,
  type WebhookHeaders,
} from '../connector';
import { dhlCall, dhlDownload, type DhlHttp } from './proxy';
import { orderQuery, orderRequest, type DhlAccount } from './request';
import { notFound, parseCancel, parseOrder, parseTracking } from './response';
import { dhlWebhookTrackingNumbers, verifyDhlWebhook, type DhlWebhookAuth } from './webhook';

export type DhlConnection = DhlHttp &
  DhlAccount & {
    /** The `hook.authentication` header and token of the Tracking – Unified – Push subscription. */
    webhook?: DhlWebhookAuth;
  };

/**
 * DHL Parcel DE (Post & Parcel Germany) over Parcel DE Shipping API v2 (POST /orders for shipment
 * + label, DELETE /orders to cancel) and the Shipment Tracking – Unified API (GET /track/shipments).
 * See README.md in this folder.
 */
export function createDhlConnector(connection: DhlConnection): CarrierConnector {
  return {
    carrier: 'dhl',
    // Shipments can be deleted until they are manifested; status pushes via Tracking – Unified – Push.
    capabilities: { cancelLabel: true, webhooks: true },

    async createLabel(input: CreateLabelInput): Promise<CreatedLabel> {
      const { status, body } = await dhlCall(connection, {
        api: 'shipping',
        method: 'POST',
        path: '/orders',
        query: orderQuery(input.format, connection),
        body: orderRequest(input, connection),
      });
      const label = parseOrder(status, body);
      const labelPdf = label.pdf ?? (await dhlDownload(connection, label.url!));
      return { trackingNumber: label.shipmentNo, labelPdf };
    },

    async cancelLabel(trackingNumber: string): Promise<void> {
      const { body } = await dhlCall(connection, {
        api: 'shipping',
        method: 'DELETE',
        path: '/orders',
        query: { profile: connection.profile ?? 'STANDARD_GRUPPENPROFIL', shipment: trackingNumber },
      });
      parseCancel(body, trackingNumber);
    },

    async track(trackingNumber: string): Promise<TrackingResult> {
      try {
        const { body } = await dhlCall(connection, {
          api: 'tracking',
          method: 'GET',
          path: '/track/shipments',
          query: { trackingNumber, service: 'parcel-de', language: 'en' },
        });
        return parseTracking(body, trackingNumber);
      } catch (error) {
        if (error instanceof CarrierError && error.httpStatus === 404 && error.code === undefined)
          throw notFound(error, trackingNumber);
        throw error;
      }
    },

    verifyWebhook(_rawBody: Buffer | string, headers: WebhookHeaders): boolean {
      return verifyDhlWebhook(connection.webhook, headers);
    },

    webhookTrackingNumbers(rawBody: Buffer | string): string[] {
      return dhlWebhookTrackingNumbers(rawBody);
    },

    trackingUrl(trackingNumber: string, _postalCode?: string, country?: string): string {
      const language = !country || country.toUpperCase() === 'DE' ? 'de' : 'en';
      return `https://www.dhl.de/${language}/privatkunden/pakete-empfangen/verfolgen.html?piececode=${encodeURIComponent(trackingNumber)}`;
    },
  };
}
