import { CarrierError, type Address, type CreateLabelInput, type CustomsItem, type LabelFormat } from '../connector';
import { alpha3, EU_COUNTRIES } from './countries';

/**
 * Request mapping: Shipdesk's label input → a Parcel DE Shipping v2 `ShipmentOrderRequest`
 * (`{ profile, shipments: [{ product, billingNumber, refNo, shipper, consignee, details, customs }] }`)
 * and the query of POST /orders.
 */

export interface DhlAccount {
  /** Customer number (EKP), ten digits: the start of every billing number. */
  ekp: string;
  /** Participation ("Teilnahme", the last two characters of a billing number) per product. Default "01". */
  participation?: Partial<Record<string, string>>;
  /** Full billing numbers per product, when they do not follow EKP + procedure + participation. */
  billingNumbers?: Partial<Record<string, string>>;
  /** User group profile. Default "STANDARD_GRUPPENPROFIL". */
  profile?: string;
  /** Only print labels for German addresses DHL can route (mustEncode). Default false. */
  mustEncode?: boolean;
}

export interface DhlContactAddress {
  name1: string;
  name2?: string;
  addressStreet: string;
  addressHouse?: string;
  postalCode?: string;
  city: string;
  country: string;
  email?: string;
  phone?: string;
}

export interface DhlCommodity {
  itemDescription: string;
  packagedQuantity: number;
  hsCode?: string;
  countryOfOrigin?: string;
  itemValue: { currency: string; value: number };
  itemWeight: { uom: 'g'; value: number };
}

export interface DhlCustoms {
  exportType: 'COMMERCIAL_GOODS';
  invoiceNo: string;
  postalCharges: { currency: string; value: number };
  items: DhlCommodity[];
}

export interface DhlShipment {
  product: string;
  billingNumber: string;
  refNo: string;
  shipper: DhlContactAddress;
  consignee: DhlContactAddress;
  details: {
    weight: { uom: 'g'; value: number };
    dim?: { uom: 'cm'; length: number; width: number; height: number };
  };
  customs?: DhlCustoms;
}

export interface DhlOrderRequest {
  profile: string;
  shipments: DhlShipment[];
}

/** Digits 11–12 of a billing number ("Verfahren") per product, from DHL's `Product` and `billingNumber` descriptions. */
export const PRODUCT_PROCEDURES: Readonly<Record<string, string>> = {
  V01PAK: '01',
  V53WPAK: '53',
  V54EPAK: '54',
  V62WP: '62',
  V62KP: '62',
  V66WPI: '66',
};

/** Default product: DHL Paket (V01PAK) within Germany, DHL Paket International (V53WPAK) elsewhere. */
export function defaultProduct(receiverCountry: string): string {
  return receiverCountry.toUpperCase() === 'DE' ? 'V01PAK' : 'V53WPAK';
}

/** printFormat per Shipdesk label format: 105 × 148 mm (910-300-300) for A6, a DIN A4 sheet for A4. */
export const PRINT_FORMATS: Readonly<Record<LabelFormat, string>> = { A6: '910-300-300', A4: 'A4' };

export function orderQuery(format: LabelFormat, account: DhlAccount): Record<string, string> {
  return {
    docFormat: 'PDF',
    printFormat: PRINT_FORMATS[format],
    includeDocs: 'include',
    mustEncode: String(account.mustEncode ?? false),
    combine: 'true',
  };
}

export function billingNumber(account: DhlAccount, product: string): string {
  const explicit = account.billingNumbers?.[product];
  if (explicit) return explicit;
  // An unknown product gets procedure 00: DHL then names the product as the problem.
  return `${account.ekp}${PRODUCT_PROCEDURES[product] ?? '00'}${account.participation?.[product] ?? '01'}`;
}

/** refNo must be 8–35 characters: shorter references get a "Shipdesk " prefix, longer ones are cut. */
export function refNo(reference: string): string {
  const trimmed = reference.trim();
  return (trimmed.length >= 8 ? trimmed : `Shipdesk ${trimmed}`).slice(0, 35);
}

export function orderRequest(input: CreateLabelInput, account: DhlAccount): DhlOrderRequest {
  const receiverCountry = input.receiver.country.toUpperCase();
  const product = input.product ?? defaultProduct(receiverCountry);
  const shipment: DhlShipment = {
    product,
    billingNumber: billingNumber(account, product),
    refNo: refNo(input.reference),
    shipper: contactAddress(input.sender, 'sender', false),
    consignee: contactAddress(input.receiver, 'receiver', true),
    details: details(input.parcel),
  };
  // Customs only where the parcel leaves the EU (DHL: mandatory outside the European Customs Union).
  if (input.customs && receiverCountry !== 'DE' && !EU_COUNTRIES.has(receiverCountry))
    shipment.customs = customs(input.customs.items, input.reference);
  return { profile: account.profile ?? 'STANDARD_GRUPPENPROFIL', shipments: [shipment] };
}

/**
 * Company (when there is one) on name1 and the person on name2; the street line as given, or
 * street + addressHouse when the house number is separate. The consignee's phone number is not
 * sent within Germany (DHL: it cannot be transmitted there), only abroad.
 */
export function contactAddress(address: Address, role: 'sender' | 'receiver', withContact: boolean): DhlContactAddress {
  const country = alpha3(address.country);
  if (!country)
    throw new CarrierError({
      carrier: 'DHL',
      carrierMessage: `the ${role}'s country "${address.country}" is not one DHL Parcel DE ships to`,
      retryable: false,
      code: 'invalid_address',
    });
  const company = address.company?.trim();
  const out: DhlContactAddress = {
    name1: company || address.name.trim(),
    ...(company && address.name.trim() ? { name2: address.name.trim() } : {}),
    addressStreet: address.street.trim(),
    city: address.city.trim(),
    country,
  };
  if (address.houseNumber)
    out.addressHouse = `${address.houseNumber}${address.houseNumberSuffix ? ` ${address.houseNumberSuffix}` : ''}`.trim();
  if (address.postalCode.trim()) out.postalCode = address.postalCode.trim();
  if (address.email) out.email = address.email;
  if (withContact && address.phone && country !== 'DEU') out.phone = address.phone;
  return out;
}

/** Weight in grams; dimensions in whole centimetres, only when all three are known. */
function details(parcel: CreateLabelInput['parcel']): DhlShipment['details'] {
  const out: DhlShipment['details'] = { weight: { uom: 'g', value: Math.round(parcel.weightGrams) } };
  const sides = [parcel.lengthCm, parcel.widthCm, parcel.heightCm];
  if (sides.every((side): side is number => typeof side === 'number' && side > 0)) {
    const [length, width, height] = sides.map((cm) => Math.max(1, Math.round(cm))) as [number, number, number];
    out.dim = { uom: 'cm', length, width, height };
  }
  return out;
}

function customs(items: CustomsItem[], reference: string): DhlCustoms {
  const fail = (message: string) =>
    new CarrierError({ carrier: 'DHL', carrierMessage: message, retryable: false, code: 'invalid_customs' });
  if (items.length === 0) throw fail('customs needs at least one item');
  if (items.length > 99) throw fail(`DHL takes at most 99 customs items, this parcel has ${items.length}`);
  const currencies = new Set(items.map((item) => item.currency.toUpperCase()));
  // DHL: the currency of the goods items and of the postal charges must match.
  if (currencies.size > 1) throw fail(`customs items must share one currency, got ${[...currencies].join(', ')}`);
  const [currency] = [...currencies] as [string];
  return {
    exportType: 'COMMERCIAL_GOODS',
    invoiceNo: reference.slice(0, 35),
    postalCharges: { currency, value: 0 },
    items: items.map((item) => {
      const origin = alpha3(item.originCountry);
      const hsCode = item.hsCode.replace(/\D/g, '');
      return {
        itemDescription: item.description.slice(0, 256),
        packagedQuantity: item.quantity,
        ...(hsCode ? { hsCode } : {}),
        ...(origin ? { countryOfOrigin: origin } : {}),
        // DHL wants the value and net weight of ONE item; it multiplies by packagedQuantity itself.
        itemValue: { currency, value: Math.round(item.valueCents) / 100 },
        itemWeight: { uom: 'g', value: Math.max(1, Math.round(item.weightGrams)) },
      };
    }),
  };
}
