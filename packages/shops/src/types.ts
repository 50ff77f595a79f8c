/**
 * An order as a shop connector hands it to Shipdesk, whatever the platform. Connectors (one folder
 * per platform, in a later step) map their platform's wire format onto this.
 */
export interface ShopOrder {
  externalId: string;
  number: string;
  placedAt: string;
  cancelled?: boolean;
  customer: { name: string; email: string };
  shippingAddress: { name: string; street: string; postalCode: string; city: string; country: string };
  lines: ShopOrderLine[];
  /** Shipments the shop already has for this order (Shopify: fulfillments). */
  shipments: ShopShipment[];
}

export interface ShopOrderLine {
  externalId: string;
  sku: string;
  name: string;
  quantity: number;
  priceCents: number;
  weightGrams: number;
  hsCode?: string;
  originCountry?: string;
  /**
   * Stock of the line's SKU when the order was read, where the shop tracks it: the quantity the
   * shop has available to sell, with every unfulfilled order (this one included) already taken
   * off — so it is negative while the shop is oversold. Absent when unknown.
   */
  stock?: number;
}

export interface ShopShipment {
  externalId: string;
  trackingCode: string | null;
  lines: { lineExternalId: string; quantity: number }[];
}

export type Platform = 'shopify' | 'magento2' | 'magento1' | 'woocommerce' | 'lightspeed' | 'prestashop' | 'bigcommerce' | 'shopware6';
