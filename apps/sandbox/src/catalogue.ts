/** The demo shops' products. Some are out of stock, so demo orders exercise partial shipping. */
export interface Product {
  sku: string;
  name: string;
  priceCents: number;
  weightGrams: number;
  hsCode: string;
  originCountry: string;
  inStock: boolean;
}

export const CATALOGUE: readonly Product[] = [
  { sku: 'MUG-ENAMEL-WHT', name: 'Enamel mug, white', priceCents: 1450, weightGrams: 320, hsCode: '732393', originCountry: 'PT', inStock: true },
  { sku: 'TEE-ORG-M', name: 'Organic T-shirt, size M', priceCents: 2900, weightGrams: 180, hsCode: '610910', originCountry: 'PT', inStock: true },
  { sku: 'POSTER-A2-DUNES', name: 'Poster A2 "Dunes"', priceCents: 2200, weightGrams: 150, hsCode: '491199', originCountry: 'NL', inStock: false },
  { sku: 'CANDLE-SOY-FIG', name: 'Soy candle, fig', priceCents: 1900, weightGrams: 410, hsCode: '340600', originCountry: 'BE', inStock: true },
  { sku: 'TOTE-CANVAS', name: 'Canvas tote bag', priceCents: 1600, weightGrams: 220, hsCode: '420222', originCountry: 'IN', inStock: true },
  { sku: 'LAMP-DESK-BRS', name: 'Desk lamp, brass', priceCents: 8900, weightGrams: 1850, hsCode: '940520', originCountry: 'CN', inStock: false },
  { sku: 'NOTEBOOK-A5-DOT', name: 'Notebook A5, dotted', priceCents: 1250, weightGrams: 260, hsCode: '482010', originCountry: 'DE', inStock: true },
  { sku: 'SOCKS-WOOL-42', name: 'Wool socks, 39–42', priceCents: 1400, weightGrams: 90, hsCode: '611595', originCountry: 'IT', inStock: true },
  { sku: 'PLANTER-CLAY-L', name: 'Clay planter, large', priceCents: 3400, weightGrams: 2400, hsCode: '691390', originCountry: 'ES', inStock: false },
  { sku: 'TEA-SENCHA-100', name: 'Sencha tea, 100 g', priceCents: 1100, weightGrams: 120, hsCode: '090210', originCountry: 'JP', inStock: true },
];
