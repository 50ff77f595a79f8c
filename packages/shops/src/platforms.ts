import type { Platform } from './types';

/** How far a platform supports shipment-level processing, as the integrations page shows it. */
export type ShipmentLevelSupport = 'yes' | 'after_reinstall' | 'when_enabled' | 'no';

export interface PlatformInfo {
  platform: Platform;
  name: string;
  shipmentLevel: ShipmentLevelSupport;
  remarks: string[];
}

/** Every shop platform Shipdesk knows, with its true support level and remarks. */
export const PLATFORMS: readonly PlatformInfo[] = [
  {
    platform: 'shopify',
    name: 'Shopify',
    shipmentLevel: 'yes',
    remarks: ['In Shopify a shipment is called a fulfillment.', 'Backorders are held in Shopify as a fulfillment hold (out of stock).'],
  },
  {
    platform: 'magento2',
    name: 'Magento 2 / Adobe Commerce',
    shipmentLevel: 'yes',
    remarks: ['Status updates are added to the order as comments.', 'Magento sends no webhooks: orders are polled on updated_at.'],
  },
  {
    platform: 'magento1',
    name: 'Magento 1',
    shipmentLevel: 'after_reinstall',
    remarks: ['Yes, after reinstalling the Shipdesk extension (version 2 or later).'],
  },
  {
    platform: 'woocommerce',
    name: 'WooCommerce',
    shipmentLevel: 'when_enabled',
    remarks: ['Shipment level where the store has order fulfillments enabled; otherwise order level with the Shipment Tracking extension.'],
  },
  {
    platform: 'lightspeed',
    name: 'Lightspeed eCom',
    shipmentLevel: 'yes',
    remarks: ['Shipments come with the order; Shipdesk cannot create new ones, only fill in tracking and status.'],
  },
  {
    platform: 'bigcommerce',
    name: 'BigCommerce',
    shipmentLevel: 'yes',
    remarks: [
      'Shipments with items and tracking; no per-shipment delivery status.',
      'A shipment goes to one order address; the order becomes Shipped or Partially Shipped, and Completed when its only parcel is delivered.',
    ],
  },
  {
    platform: 'shopware6',
    name: 'Shopware 6',
    shipmentLevel: 'yes',
    remarks: ['A shipment is an order delivery with its positions.'],
  },
  {
    platform: 'prestashop',
    name: 'PrestaShop',
    shipmentLevel: 'no',
    remarks: ['PrestaShop has no shipments: order level only, the tracking code goes to the order carrier.'],
  },
];

export const platformInfo = (platform: string): PlatformInfo | undefined => PLATFORMS.find((p) => p.platform === platform);
