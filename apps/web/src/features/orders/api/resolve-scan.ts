import { ScanTargetSchema } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';

/** What a scanned code opens: an order (and a shipment, for a packing slip's barcode). */
export async function resolveScan(code: string) {
  return (await apiRequest(`/api/scan/${encodeURIComponent(code)}`, ScanTargetSchema)).data;
}
