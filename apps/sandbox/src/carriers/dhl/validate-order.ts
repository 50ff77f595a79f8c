import { DHL_COUNTRIES, EU_COUNTRIES_ALPHA3 } from './countries';

/**
 * Validation of a Parcel DE Shipping v2 order (POST /orders), following the schema constraints of
 * DHL's OpenAPI description (ShipmentOrderRequest, Shipment, ContactAddress, ShipmentDetails,
 * Weight, Dimensions, CustomsDetails, Commodity) and the rules its descriptions state (billing
 * number digits 11–12 = the product's procedure, postal code mandatory except for Ireland,
 * customs outside the EU, 31.5 kg). Problems come back in DHL's shape, per shipment:
 * `items[].validationMessages: [{ property, validationMessage, validationState: 'Error' }]`.
 * The exact English wording is the sandbox's (DHL's reference publishes the shape and the example
 * "The weight is too high"); each message names the offending field.
 */

export interface ValidationMessage {
  property: string;
  validationMessage: string;
  validationState: 'Error' | 'Warning';
}

export interface DhlProduct {
  name: string;
  /** Digits 11–12 of a billing number for this product ("Verfahren"). */
  procedure: string;
  /** Where it may go: within Germany, to any other country, or to another EU country. */
  scope: 'domestic' | 'international' | 'eu';
  maxWeightGrams: number;
}

/** The products of the `Product` enum in DHL's description. */
export const PRODUCTS: Record<string, DhlProduct> = {
  V01PAK: { name: 'DHL Paket', procedure: '01', scope: 'domestic', maxWeightGrams: 31_500 },
  V53WPAK: { name: 'DHL Paket International', procedure: '53', scope: 'international', maxWeightGrams: 31_500 },
  V54EPAK: { name: 'DHL Europaket', procedure: '54', scope: 'eu', maxWeightGrams: 31_500 },
  V62WP: { name: 'Warenpost', procedure: '62', scope: 'domestic', maxWeightGrams: 1_000 },
  V62KP: { name: 'DHL Kleinpaket', procedure: '62', scope: 'domestic', maxWeightGrams: 1_000 },
  V66WPI: { name: 'Warenpost International', procedure: '66', scope: 'international', maxWeightGrams: 1_000 },
};

export const PRINT_FORMATS = [
  'A4',
  '910-300-600',
  '910-300-610',
  '910-300-700',
  '910-300-700-oz',
  '910-300-710',
  '910-300-300',
  '910-300-300-oz',
  '910-300-400',
  '910-300-410',
  '100x70mm',
];

const EXPORT_TYPES = ['OTHER', 'PRESENT', 'COMMERCIAL_SAMPLE', 'DOCUMENT', 'RETURN_OF_GOODS', 'COMMERCIAL_GOODS'];
const POSTAL_CODE = /^[0-9A-Za-z]+([ -]?[0-9A-Za-z]+)*$/;
const BILLING_NUMBER = /^\w{10}\d{2}\w{2}$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

/** Weight in grams from DHL's `{ uom: 'g' | 'kg', value }`; null when it is not one. */
export function grams(weight: unknown): number | null {
  if (!isObject(weight) || typeof weight.value !== 'number') return null;
  if (weight.uom === 'g') return weight.value;
  if (weight.uom === 'kg') return weight.value * 1000;
  return null;
}

/** The consignee's country, for any of the consignee kinds (contact address, locker, post office, PO box). */
export function consigneeCountry(shipment: Json): string {
  return isObject(shipment.consignee) ? str(shipment.consignee.country) || 'DEU' : '';
}

export function validateShipment(shipment: unknown, ekp: string): ValidationMessage[] {
  const out: ValidationMessage[] = [];
  const error = (property: string, validationMessage: string) =>
    out.push({ property, validationMessage, validationState: 'Error' });
  if (!isObject(shipment)) {
    error('shipment', 'The shipment must be an object.');
    return out;
  }

  // Product and billing number.
  const productCode = str(shipment.product);
  const product = PRODUCTS[productCode];
  if (!productCode) error('product', 'The product is missing.');
  else if (!product) error('product', `The product ${productCode} is not known. Use one of ${Object.keys(PRODUCTS).join(', ')}.`);
  const billingNumber = str(shipment.billingNumber);
  if (!billingNumber) error('billingNumber', 'The billing number is missing.');
  else if (!BILLING_NUMBER.test(billingNumber))
    error('billingNumber', `The billing number ${billingNumber} must have 14 characters.`);
  else {
    if (billingNumber.slice(0, 10) !== ekp)
      error('billingNumber', `The billing number ${billingNumber} does not belong to the customer number (EKP) of this user.`);
    if (product && billingNumber.slice(10, 12) !== product.procedure)
      error(
        'billingNumber',
        `The billing number ${billingNumber} cannot be used for the product ${productCode}: digits 11 and 12 must be ${product.procedure}.`,
      );
  }
  if (shipment.refNo !== undefined) {
    const refNo = str(shipment.refNo);
    if (refNo.length < 8 || refNo.length > 35) error('refNo', 'The reference number (refNo) must be 8 to 35 characters long.');
  }
  if (shipment.shipDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(str(shipment.shipDate)))
    error('shipDate', 'The shipment date must be given as yyyy-mm-dd.');

  // Shipper: a full address or a shipper reference from the business customer portal.
  if (!isObject(shipment.shipper)) error('shipper', 'The shipper is missing.');
  else if (!('shipperRef' in shipment.shipper)) address('shipper', shipment.shipper, error);

  // Consignee.
  const consignee = shipment.consignee;
  if (!isObject(consignee)) error('consignee', 'The consignee is missing.');
  else if ('lockerID' in consignee) {
    if (!str(consignee.name)) error('consignee.name', 'The name of the consignee is missing.');
    if (!/^[0-9]{6,10}$/.test(str(consignee.postNumber)))
      error('consignee.postNumber', 'The post number must have 6 to 10 digits.');
    const locker = Number(consignee.lockerID);
    if (!Number.isInteger(locker) || locker < 100 || locker > 999)
      error('consignee.lockerID', 'The Packstation number must be between 100 and 999.');
    if (!str(consignee.postalCode)) error('consignee.postalCode', 'The postal code is missing.');
    if (!str(consignee.city)) error('consignee.city', 'The city is missing.');
  } else {
    address('consignee', consignee, error);
  }

  // Product and destination.
  const country = isObject(consignee) ? consigneeCountry(shipment) : '';
  if (product && country && DHL_COUNTRIES.has(country)) {
    if (product.scope === 'domestic' && country !== 'DEU')
      error('product', `The product ${productCode} is only available for shipments within Germany, not to ${country}.`);
    if (product.scope !== 'domestic' && country === 'DEU')
      error('product', `The product ${productCode} is not available for shipments within Germany.`);
    if (product.scope === 'eu' && !EU_COUNTRIES_ALPHA3.has(country))
      error('product', `The product ${productCode} is only available for shipments within the EU, not to ${country}.`);
  }

  // Details: weight and dimensions.
  if (!isObject(shipment.details)) error('details', 'The shipment details (weight) are missing.');
  else {
    const weight = grams(shipment.details.weight);
    if (weight === null) error('details.weight', 'The weight is missing: give uom (g or kg) and value.');
    else if (weight <= 0) error('details.weight', 'The weight must be greater than 0.');
    else if (weight > (product?.maxWeightGrams ?? 31_500))
      error(
        'details.weight',
        `The weight is too high: ${weight / 1000} kg, the maximum for ${productCode || 'this product'} is ${(product?.maxWeightGrams ?? 31_500) / 1000} kg.`,
      );
    const dim = shipment.details.dim;
    if (dim !== undefined) {
      const ok =
        isObject(dim) &&
        (dim.uom === 'cm' || dim.uom === 'mm') &&
        ['length', 'width', 'height'].every((side) => Number.isInteger(dim[side]) && (dim[side] as number) > 0);
      if (!ok) error('details.dim', 'Give all dimensions (length, width, height) as whole numbers with uom cm or mm.');
    }
  }

  // Customs: mandatory outside the EU; checked against CustomsDetails / Commodity.
  if (country && country !== 'DEU' && !EU_COUNTRIES_ALPHA3.has(country) && shipment.customs === undefined)
    error('customs', `Customs details are mandatory for shipments to ${country} (outside the European Union).`);
  if (shipment.customs !== undefined) {
    if (country && EU_COUNTRIES_ALPHA3.has(country))
      out.push({
        property: 'customs',
        validationMessage: `Customs details are not needed for shipments to ${country} (within the European Union) and were ignored.`,
        validationState: 'Warning',
      });
    else customs(shipment.customs, error);
  }
  return out;
}

function address(prefix: string, value: Json, error: (property: string, message: string) => void): void {
  if (!str(value.name1)) error(`${prefix}.name1`, `The name (name1) of the ${prefix} is missing.`);
  else if (str(value.name1).length > 50)
    error(`${prefix}.name1`, `The name (name1) of the ${prefix} is longer than 50 characters.`);
  if (!str(value.addressStreet)) error(`${prefix}.addressStreet`, `The street of the ${prefix} is missing.`);
  else if (str(value.addressStreet).length > 50)
    error(`${prefix}.addressStreet`, `The street of the ${prefix} is longer than 50 characters.`);
  if (!str(value.city)) error(`${prefix}.city`, `The city of the ${prefix} is missing.`);
  const country = str(value.country);
  if (!country) error(`${prefix}.country`, `The country of the ${prefix} is missing.`);
  else if (!DHL_COUNTRIES.has(country))
    error(`${prefix}.country`, `The country ${country} of the ${prefix} is not a valid ISO 3166-1 alpha-3 code.`);
  const postalCode = str(value.postalCode);
  // "Mandatory for all countries but Ireland that use a postal code system."
  if (!postalCode) {
    if (country !== 'IRL') error(`${prefix}.postalCode`, `The postal code of the ${prefix} is missing.`);
  } else if (postalCode.length < 3 || postalCode.length > 10 || !POSTAL_CODE.test(postalCode)) {
    error(`${prefix}.postalCode`, `The postal code ${postalCode} of the ${prefix} is not valid.`);
  } else if (country === 'DEU' && !/^\d{5}$/.test(postalCode)) {
    error(`${prefix}.postalCode`, `The postal code ${postalCode} of the ${prefix} is not a valid German postal code (5 digits).`);
  }
}

function customs(value: unknown, error: (property: string, message: string) => void): void {
  if (!isObject(value)) {
    error('customs', 'The customs details must be an object.');
    return;
  }
  if (!EXPORT_TYPES.includes(str(value.exportType)))
    error('customs.exportType', `The export type must be one of ${EXPORT_TYPES.join(', ')}.`);
  if (value.exportType === 'OTHER' && !str(value.exportDescription))
    error('customs.exportDescription', "The export description is mandatory for export type 'OTHER'.");
  const charges = value.postalCharges;
  if (!isObject(charges) || typeof charges.value !== 'number' || !str(charges.currency))
    error('customs.postalCharges', 'The postal charges (currency and value) are mandatory.');
  const items = Array.isArray(value.items) ? value.items : [];
  if (items.length < 1 || items.length > 99) error('customs.items', 'Give 1 to 99 customs items.');
  items.forEach((item: unknown, i) => {
    const at = `customs.items[${i}]`;
    if (!isObject(item)) return error(at, 'The customs item must be an object.');
    const description = str(item.itemDescription);
    if (!description || description.length > 256)
      error(`${at}.itemDescription`, 'The item description must be 1 to 256 characters.');
    if (!Number.isInteger(item.packagedQuantity) || (item.packagedQuantity as number) < 1)
      error(`${at}.packagedQuantity`, 'The packaged quantity must be a whole number of at least 1.');
    if (item.hsCode !== undefined && !/^\d{6,11}$/.test(str(item.hsCode)))
      error(`${at}.hsCode`, 'The HS code must have 6 to 11 digits.');
    if (item.countryOfOrigin !== undefined && !DHL_COUNTRIES.has(str(item.countryOfOrigin)))
      error(`${at}.countryOfOrigin`, 'The country of origin is not a valid ISO 3166-1 alpha-3 code.');
    const itemValue = item.itemValue;
    if (!isObject(itemValue) || typeof itemValue.value !== 'number') error(`${at}.itemValue`, 'The item value is missing.');
    else if (isObject(charges) && str(itemValue.currency) !== str(charges.currency))
      error(`${at}.itemValue.currency`, 'The currency of the goods items and the currency of the postal charges must match.');
    if (grams(item.itemWeight) === null) error(`${at}.itemWeight`, 'The item weight is missing: give uom (g or kg) and value.');
  });
}
