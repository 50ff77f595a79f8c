import type { ShopOrder, ShopOrderLine, ShopShipment } from '../types';
import type { RawFulfillment, RawLine, RawOrder } from './queries';

const GRAMS_PER_UNIT = { GRAMS: 1, KILOGRAMS: 1000, OUNCES: 28.349523125, POUNDS: 453.59237 } as const;

/** Shopify money is a decimal string ("29.9", "1450.00"): to whole cents without floating-point drift. */
export function decimalToCents(amount: string): number {
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(amount.trim());
  if (!match) throw new Error(`Not a decimal amount: ${amount}`);
  const whole = Number(match[2] || '0');
  const fraction = (match[3] ?? '').padEnd(3, '0');
  const cents = whole * 100 + Number(fraction.slice(0, 2)) + (Number(fraction[2]) >= 5 ? 1 : 0);
  return match[1] ? -cents : cents;
}

export function weightToGrams(weight: { value: number; unit: keyof typeof GRAMS_PER_UNIT } | null | undefined): number {
  if (!weight) return 0;
  const factor = GRAMS_PER_UNIT[weight.unit];
  if (factor === undefined) throw new Error(`Unknown Shopify weight unit: ${String(weight.unit)}`);
  return Math.round(weight.value * factor);
}

export function mapLine(line: RawLine): ShopOrderLine {
  const item = line.variant?.inventoryItem;
  return {
    externalId: line.id,
    sku: line.sku ?? '',
    name: line.name,
    // currentQuantity: what is still on the order after edits and removals.
    quantity: line.currentQuantity,
    priceCents: decimalToCents(line.originalUnitPriceSet.shopMoney.amount),
    weightGrams: weightToGrams(item?.measurement.weight),
    ...(item?.harmonizedSystemCode ? { hsCode: item.harmonizedSystemCode } : {}),
    ...(item?.countryCodeOfOrigin ? { originCountry: item.countryCodeOfOrigin } : {}),
    ...(typeof line.variant?.inventoryQuantity === 'number' ? { stock: line.variant.inventoryQuantity } : {}),
  };
}

export function mapFulfillment(f: RawFulfillment): ShopShipment {
  return {
    externalId: f.id,
    trackingCode: f.trackingInfo[0]?.number ?? null,
    lines: f.fulfillmentLineItems.nodes.map((n) => ({ lineExternalId: n.lineItem.id, quantity: n.quantity ?? 0 })),
  };
}

/** Shipments are fulfillments that stand: cancelled or failed ones shipped nothing. */
const STANDING = new Set(['SUCCESS', 'OPEN', 'PENDING']);

/** A complete Shopify order (all lines and fulfillments fetched) as Shipdesk sees it. */
export function mapOrder(order: RawOrder): ShopOrder {
  const address = order.shippingAddress;
  return {
    externalId: order.id,
    number: order.name,
    placedAt: order.createdAt,
    ...(order.cancelledAt ? { cancelled: true } : {}),
    customer: { name: order.customer?.displayName ?? address?.name ?? '', email: order.email ?? '' },
    shippingAddress: {
      name: address?.name ?? order.customer?.displayName ?? '',
      street: [address?.address1, address?.address2].filter((s): s is string => !!s).join(' '),
      postalCode: address?.zip ?? '',
      city: address?.city ?? '',
      country: address?.countryCodeV2 ?? '',
    },
    lines: order.lineItems.nodes.filter((l) => l.currentQuantity > 0).map(mapLine),
    shipments: order.fulfillments.filter((f) => STANDING.has(f.status)).map(mapFulfillment),
  };
}
