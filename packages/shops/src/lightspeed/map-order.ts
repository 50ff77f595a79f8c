import type { ShopOrder, ShopShipment } from '../types';

type Resource = { resource?: { id?: number | false } };

export interface LightspeedOrderJson {
  id: number;
  number: string;
  createdAt: string;
  updatedAt: string;
  status: string;
  email: string;
  firstname: string;
  middlename?: string;
  lastname: string;
  addressShippingName: string;
  addressShippingStreet: string;
  addressShippingNumber: string;
  addressShippingExtension?: string;
  addressShippingZipcode: string;
  addressShippingCity: string;
  addressShippingCountry?: { code?: string } | null;
}

export interface LightspeedOrderProductJson {
  id: number;
  productTitle: string;
  variantTitle?: string;
  articleCode?: string;
  sku?: string;
  quantityOrdered: number;
  priceIncl: number;
  weight?: number;
}

export interface LightspeedShipmentJson {
  id: number;
  status: string;
  trackingCode?: string | null;
}

export interface LightspeedShipmentProductJson {
  id: number;
  quantity: number;
  orderProduct?: Resource;
}

export function mapLightspeedOrder(
  order: LightspeedOrderJson,
  products: LightspeedOrderProductJson[],
  shipments: { shipment: LightspeedShipmentJson; products: LightspeedShipmentProductJson[] }[],
): ShopOrder {
  const name = [order.firstname, order.middlename, order.lastname].filter(Boolean).join(' ');
  const street = [order.addressShippingStreet, [order.addressShippingNumber, order.addressShippingExtension].filter(Boolean).join('')].filter(Boolean).join(' ');
  return {
    externalId: String(order.id),
    number: order.number,
    placedAt: new Date(order.createdAt).toISOString(),
    ...(order.status === 'cancelled' ? { cancelled: true } : {}),
    customer: { name, email: order.email },
    shippingAddress: {
      name: order.addressShippingName || name,
      street,
      postalCode: order.addressShippingZipcode,
      city: order.addressShippingCity,
      country: (order.addressShippingCountry?.code ?? '').toUpperCase(),
    },
    lines: products.map((p) => ({
      externalId: String(p.id),
      sku: p.sku || p.articleCode || '',
      name: [p.productTitle, p.variantTitle].filter(Boolean).join(' – '),
      quantity: p.quantityOrdered,
      priceCents: Math.round(p.priceIncl * 100),
      weightGrams: p.weight ?? 0,
    })),
    shipments: shipments
      .filter((s) => s.shipment.status !== 'cancelled')
      .map(
        (s): ShopShipment => ({
          externalId: String(s.shipment.id),
          trackingCode: s.shipment.trackingCode ? s.shipment.trackingCode : null,
          lines: s.products
            .filter((sp) => typeof sp.orderProduct?.resource?.id === 'number')
            .map((sp) => ({ lineExternalId: String(sp.orderProduct!.resource!.id), quantity: sp.quantity })),
        }),
      ),
  };
}
