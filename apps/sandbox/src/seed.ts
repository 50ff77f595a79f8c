import { CATALOGUE } from './catalogue';

/** An order as a demo shop holds it, before Shipdesk imports it. */
export interface DemoOrder {
  externalId: string;
  number: string;
  placedAt: string;
  customer: { name: string; email: string };
  shippingAddress: { name: string; street: string; postalCode: string; city: string; country: string };
  lines: { externalId: string; sku: string; name: string; quantity: number; priceCents: number; weightGrams: number; hsCode: string; originCountry: string }[];
  /** Shipments the shop already knows (fulfilled before Shipdesk was connected). */
  fulfillments: { externalId: string; trackingCode: string; lines: { lineExternalId: string; quantity: number }[] }[];
}

/** A small, seeded pseudo-random generator (mulberry32), so the demo data is the same every time. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PEOPLE = [
  ['Sanne de Vries', 'Keizersgracht 12', '1015 CR', 'Amsterdam', 'NL'],
  ['Lukas Becker', 'Torstraße 88', '10119', 'Berlin', 'DE'],
  ['Emma Janssens', 'Meir 24', '2000', 'Antwerpen', 'BE'],
  ['Noah Martin', '12 Rue Oberkampf', '75011', 'Paris', 'FR'],
  ['Olivia Smith', '221B Baker Street', 'NW1 6XE', 'London', 'GB'],
  ['Daan Bakker', 'Oudegracht 140', '3511 AZ', 'Utrecht', 'NL'],
  ['Mia Rossi', 'Via Roma 5', '00184', 'Roma', 'IT'],
  ['Liam Murphy', '14 Grafton Street', 'D02 VF65', 'Dublin', 'IE'],
  ['Julia Nowak', 'ul. Floriańska 3', '31-019', 'Kraków', 'PL'],
  ['Ethan Brown', '350 Fifth Avenue', '10118', 'New York', 'US'],
] as const;

/**
 * The orders of one demo shop. The first order (the newest) is always the same three-line order
 * used in the walkthrough: mugs and T-shirts in stock, a poster that is not.
 */
export function demoOrders(prefix: string, count: number, seed: number, now = new Date('2026-11-20T12:00:00Z')): DemoOrder[] {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const orders: DemoOrder[] = [];
  for (let i = 0; i < count; i++) {
    const [name, street, postalCode, city, country] = pick(PEOPLE);
    const externalId = `${prefix}-${100000 + i}`;
    const products =
      i === 0
        ? [CATALOGUE[0]!, CATALOGUE[1]!, CATALOGUE[2]!]
        : [...CATALOGUE].sort(() => next() - 0.5).slice(0, 1 + Math.floor(next() * 4));
    const lines = products.map((p, position) => ({
      externalId: `${externalId}-L${position + 1}`,
      sku: p.sku,
      name: p.name,
      quantity: i === 0 ? [3, 2, 1][position]! : 1 + Math.floor(next() * 3),
      priceCents: p.priceCents,
      weightGrams: p.weightGrams,
      hsCode: p.hsCode,
      originCountry: p.originCountry,
    }));
    // Older orders: some fully shipped already, some shipped in part.
    const fulfillments: DemoOrder['fulfillments'] = [];
    const age = i / count;
    if (i > 0 && age > 0.5 && next() < 0.7) {
      const shipAll = next() < 0.6;
      const shipped = shipAll ? lines : lines.slice(0, Math.max(1, lines.length - 1));
      fulfillments.push({
        externalId: `${externalId}-F1`,
        trackingCode: `3SDEMO${String(100000 + i).padStart(9, '0')}`,
        lines: shipped.map((l) => ({ lineExternalId: l.externalId, quantity: l.quantity })),
      });
    }
    orders.push({
      externalId,
      number: `#${prefix === 'SHP' ? 1001 + i : 2001 + i}`,
      placedAt: new Date(now.getTime() - i * 97 * 60 * 1000).toISOString(),
      customer: { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.com` },
      shippingAddress: { name, street, postalCode, city, country },
      lines,
      fulfillments,
    });
  }
  return orders;
}

/** Whether a SKU is in stock in the demo shops. */
export const inStock = (sku: string) => CATALOGUE.find((p) => p.sku === sku)?.inStock ?? false;
