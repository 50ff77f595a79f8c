import { randomBytes } from 'node:crypto';
import { CarrierError, type CarrierConnector, type CreateLabelInput, type CreatedLabel, type TrackingResult } from '../connector';
import { postnlCall, type PostnlHttp } from './proxy';
import { barcodeQuery, labelRequest, type PostnlAccount } from './request';
import { parseBarcode, parseLabel, parseStatus } from './response';

export interface PostnlConnection extends PostnlHttp, PostnlAccount {
  /** Injected for tests: the clock for MessageTimeStamp. */
  now?: () => Date;
}

/**
 * PostNL over its Send & Track REST APIs: Barcode v1_1 for the tracking number, Labelling v2_2
 * (confirm=true, so the label is pre-alerted in the same call) for the PDF, Shippingstatus v2
 * for tracking. See README.md in this folder.
 */
export function createPostnlConnector(connection: PostnlConnection): CarrierConnector {
  const now = connection.now ?? (() => new Date());

  const reserve = async (): Promise<string> =>
    parseBarcode(await postnlCall(connection, { method: 'GET', path: '/shipment/v1_1/barcode', query: barcodeQuery(connection) }));

  const track = async (trackingNumber: string): Promise<TrackingResult> => {
    const response = await postnlCall(connection, {
      method: 'GET',
      path: `/shipment/v2/status/barcode/${encodeURIComponent(trackingNumber)}`,
      query: { detail: 'true', language: 'EN' },
    });
    return parseStatus(response, trackingNumber);
  };

  return {
    carrier: 'postnl',
    // PostNL has no API to void a label, and no status webhooks in these API versions.
    capabilities: { cancelLabel: false, webhooks: false },

    reserveTrackingNumber: reserve,

    async hasParcel(trackingNumber: string): Promise<boolean> {
      try {
        await track(trackingNumber);
        return true;
      } catch (error) {
        // Shippingstatus knows no shipment with this barcode: no label was confirmed with it.
        if (error instanceof CarrierError && error.httpStatus === 404) return false;
        throw error;
      }
    },

    async createLabel(input: CreateLabelInput): Promise<CreatedLabel> {
      const barcode = input.trackingNumber ?? (await reserve());
      const body = labelRequest(input, connection, barcode, now(), randomBytes(6).toString('hex'));
      const response = await postnlCall(connection, {
        method: 'POST',
        path: '/shipment/v2_2/label',
        query: { confirm: 'true' },
        body,
      });
      return parseLabel(response, barcode);
    },

    async cancelLabel(trackingNumber: string): Promise<void> {
      throw new CarrierError({
        carrier: 'PostNL',
        carrierMessage: `labels cannot be cancelled through PostNL's API (${trackingNumber}); a label that is never handed to PostNL is not charged`,
        retryable: false,
        code: 'unsupported',
      });
    },

    track,

    trackingUrl(trackingNumber: string, postalCode?: string, country?: string): string {
      const barcode = encodeURIComponent(trackingNumber);
      if (!postalCode) return `https://jouw.postnl.nl/track-and-trace/${barcode}`;
      const zip = encodeURIComponent(postalCode.replace(/\s+/g, '').toUpperCase());
      return `https://jouw.postnl.nl/track-and-trace/${barcode}-${(country ?? 'NL').toUpperCase()}-${zip}`;
    },
  };
}
