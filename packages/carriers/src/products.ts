import { defaultProduct as dhlDefaultProduct } from './dhl/request';
import { defaultProduct as postnlDefaultProduct } from './postnl/request';

/** A carrier product with the heaviest parcel it takes (box included). */
export interface CarrierProduct {
  code: string;
  name: string;
  maxWeightGrams: number;
}

/**
 * The products Shipdesk books, per carrier, with their weight limits: PostNL's standard parcel in
 * the Netherlands and Belgium up to 30 kg, parcels abroad up to 20 kg (PostNL's conditions for
 * business parcels); DHL Paket and its international versions up to 31.5 kg, Warenpost and
 * Kleinpaket up to 1 kg (DHL Parcel DE Shipping API product list).
 */
export const CARRIER_PRODUCTS: Readonly<Record<string, readonly CarrierProduct[]>> = {
  postnl: [
    { code: '3085', name: 'PostNL standard parcel (NL)', maxWeightGrams: 30_000 },
    { code: '4946', name: 'PostNL parcel to Belgium', maxWeightGrams: 30_000 },
    { code: '4944', name: 'PostNL EU Pack Special', maxWeightGrams: 20_000 },
    { code: '4945', name: 'PostNL GlobalPack', maxWeightGrams: 20_000 },
  ],
  dhl: [
    { code: 'V01PAK', name: 'DHL Paket', maxWeightGrams: 31_500 },
    { code: 'V53WPAK', name: 'DHL Paket International', maxWeightGrams: 31_500 },
    { code: 'V54EPAK', name: 'DHL Europaket', maxWeightGrams: 31_500 },
    { code: 'V62WP', name: 'DHL Warenpost', maxWeightGrams: 1_000 },
    { code: 'V62KP', name: 'DHL Kleinpaket', maxWeightGrams: 1_000 },
    { code: 'V66WPI', name: 'DHL Warenpost International', maxWeightGrams: 1_000 },
  ],
};

const DEFAULTS: Readonly<Record<string, (receiverCountry: string) => string>> = { postnl: postnlDefaultProduct, dhl: dhlDefaultProduct };

/**
 * The product a parcel to `receiverCountry` goes with (the account's chosen product, else the
 * carrier's default for that destination), with its weight limit; null for an unknown carrier or product.
 */
export function parcelProduct(carrier: string, receiverCountry: string, chosen?: string | null): (CarrierProduct & { carrier: string }) | null {
  const code = chosen ?? DEFAULTS[carrier]?.(receiverCountry);
  const product = CARRIER_PRODUCTS[carrier]?.find((p) => p.code === code);
  return product ? { ...product, carrier } : null;
}
