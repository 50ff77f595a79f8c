import { describe, expect, it } from 'vitest';
import { CARRIER_PRODUCTS, parcelProduct } from './products';

describe('parcelProduct', () => {
  it("picks the carrier's default product for the destination, with its weight limit", () => {
    expect(parcelProduct('postnl', 'NL')).toMatchObject({ code: '3085', maxWeightGrams: 30_000 });
    expect(parcelProduct('postnl', 'DE')).toMatchObject({ code: '4944', maxWeightGrams: 20_000 });
    expect(parcelProduct('postnl', 'US')).toMatchObject({ code: '4945', maxWeightGrams: 20_000 });
    expect(parcelProduct('dhl', 'de')).toMatchObject({ code: 'V01PAK', maxWeightGrams: 31_500 });
    expect(parcelProduct('dhl', 'FR')).toMatchObject({ code: 'V53WPAK' });
  });

  it("uses the account's chosen product, and knows nothing of unknown ones", () => {
    expect(parcelProduct('dhl', 'DE', 'V62WP')).toMatchObject({ name: 'DHL Warenpost', maxWeightGrams: 1_000 });
    expect(parcelProduct('dhl', 'DE', 'NOPE')).toBeNull();
    expect(parcelProduct('ups', 'NL')).toBeNull();
  });

  it('lists every product the connectors default to', () => {
    for (const country of ['NL', 'BE', 'DE', 'FR', 'US']) {
      for (const carrier of Object.keys(CARRIER_PRODUCTS)) expect(parcelProduct(carrier, country), `${carrier} to ${country}`).not.toBeNull();
    }
  });
});
