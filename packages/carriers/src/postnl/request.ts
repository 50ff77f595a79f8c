import { CarrierError, type Address, type CreateLabelInput, type CustomsItem } from '../connector';
import { toPostnlTimestamp } from './time';

/**
 * Request mapping: Shipdesk's label input → PostNL's Barcode v1_1 query and Labelling v2_2
 * body (LabellingRequest: Customer, Message, Shipments[]).
 */

export interface PostnlAccount {
  customerCode: string;
  customerNumber: string;
  /** PostNL's collection location code (6 digits) from the contract, when it has one. */
  collectionLocation?: string;
}

export interface PostnlAddress {
  AddressType: string;
  FirstName?: string;
  Name?: string;
  CompanyName?: string;
  Street?: string;
  HouseNr?: string;
  HouseNrExt?: string;
  StreetHouseNrExt?: string;
  Zipcode?: string;
  City: string;
  Countrycode: string;
}

export interface PostnlCustomsContent {
  Description: string;
  Quantity: number;
  Weight: number;
  Value: number;
  HSTariffNr: string;
  CountryOfOrigin: string;
}

export interface PostnlShipment {
  Addresses: PostnlAddress[];
  Barcode: string;
  Contacts?: { ContactType: string; Email?: string; TelNr?: string; SMSNr?: string }[];
  Dimension: { Weight: number; Length?: number; Width?: number; Height?: number };
  ProductCodeDelivery: string;
  Reference?: string;
  Customs?: {
    Currency: 'EUR' | 'USS';
    ShipmentType: string;
    Invoice: boolean;
    InvoiceNr: string;
    HandleAsNonDeliverable: boolean;
    Content: PostnlCustomsContent[];
  };
}

export interface PostnlLabelRequest {
  Customer: { CustomerCode: string; CustomerNumber: string; CollectionLocation?: string };
  Message: { MessageID: string; MessageTimeStamp: string; Printertype: string };
  Shipments: PostnlShipment[];
}

export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
]);
const BENELUX: ReadonlySet<string> = new Set(['NL', 'BE', 'LU']);

/**
 * Default product when the input names none: 3085 standard shipment within the Netherlands,
 * 4946 to Belgium, 4944 EU Pack Special Consumer elsewhere in the EU, 4945 GlobalPack outside it.
 */
export function defaultProduct(receiverCountry: string): string {
  const country = receiverCountry.toUpperCase();
  if (country === 'NL') return '3085';
  if (country === 'BE') return '4946';
  if (EU_COUNTRIES.has(country)) return '4944';
  return '4945';
}

/** Printertype per label format: a single A6 PDF, or an A4 sheet with the label at position A. */
export const PRINTER_TYPES = { A6: 'GraphicFile|PDF', A4: 'GraphicFile|PDF|MergeA' } as const;

/** Barcode v1_1 query: a 3S (domestic / EU) barcode in the full 9-digit serie. */
export function barcodeQuery(account: PostnlAccount): Record<string, string> {
  const digits = Math.max(6, 15 - 2 - account.customerCode.length);
  return {
    CustomerCode: account.customerCode,
    CustomerNumber: account.customerNumber,
    Type: '3S',
    Serie: `${'0'.repeat(digits)}-${'9'.repeat(digits)}`,
  };
}

export function labelRequest(
  input: CreateLabelInput,
  account: PostnlAccount,
  barcode: string,
  now: Date,
  messageId: string,
): PostnlLabelRequest {
  const receiverCountry = input.receiver.country.toUpperCase();
  const shipment: PostnlShipment = {
    Addresses: [postnlAddress('01', input.receiver), postnlAddress('02', input.sender)],
    Barcode: barcode,
    Dimension: dimension(input.parcel),
    ProductCodeDelivery: input.product ?? defaultProduct(receiverCountry),
    Reference: input.reference,
  };
  const contact = {
    ...(input.receiver.email ? { Email: input.receiver.email } : {}),
    ...(input.receiver.phone ? { TelNr: input.receiver.phone } : {}),
  };
  if (Object.keys(contact).length > 0) shipment.Contacts = [{ ContactType: '01', ...contact }];
  // PostNL: Customs is mandatory for non-EU shipments and not allowed for any other.
  if (input.customs && !EU_COUNTRIES.has(receiverCountry)) shipment.Customs = customs(input.customs.items, input.reference);

  return {
    Customer: {
      CustomerCode: account.customerCode,
      CustomerNumber: account.customerNumber,
      ...(account.collectionLocation ? { CollectionLocation: account.collectionLocation } : {}),
    },
    Message: {
      MessageID: messageId.slice(0, 12),
      MessageTimeStamp: toPostnlTimestamp(now),
      Printertype: PRINTER_TYPES[input.format],
    },
    Shipments: [shipment],
  };
}

/** "Siriusdreef 42-60" → Siriusdreef / 42 / -60. Null when the line has no house number after the street. */
export function splitStreet(line: string): { street: string; houseNumber: string; suffix: string } | null {
  const match = /^(.+?)\s+(\d{1,5})(?:\s*(.*))?$/.exec(line.trim());
  if (!match) return null;
  return { street: match[1]!.trim(), houseNumber: match[2]!, suffix: (match[3] ?? '').trim() };
}

export function postnlAddress(type: '01' | '02', address: Address): PostnlAddress {
  const country = address.country.toUpperCase();
  const out: PostnlAddress = { AddressType: type, City: address.city, Countrycode: country };
  const [first, ...rest] = address.name.trim().split(/\s+/);
  if (rest.length > 0) {
    out.FirstName = first;
    out.Name = rest.join(' ');
  } else if (first) {
    out.Name = first;
  }
  if (address.company) out.CompanyName = address.company;

  if (address.houseNumber) {
    out.Street = address.street;
    out.HouseNr = address.houseNumber;
    if (address.houseNumberSuffix) out.HouseNrExt = address.houseNumberSuffix;
  } else if (BENELUX.has(country)) {
    const parts = splitStreet(address.street);
    if (parts) {
      out.Street = parts.street;
      out.HouseNr = parts.houseNumber;
      if (parts.suffix) out.HouseNrExt = parts.suffix;
    } else {
      // Let PostNL split it: StreetHouseNrExt takes street, number and suffix in one field.
      out.StreetHouseNrExt = address.street;
    }
  } else {
    out.Street = address.street;
  }
  out.Zipcode = country === 'NL' ? address.postalCode.replace(/\s+/g, '').toUpperCase() : address.postalCode.trim();
  return out;
}

/** Weight in grams; sides in millimetres, longest first (PostNL: Length ≥ Width ≥ Height). */
function dimension(parcel: CreateLabelInput['parcel']): PostnlShipment['Dimension'] {
  const out: PostnlShipment['Dimension'] = { Weight: Math.round(parcel.weightGrams) };
  const sides = [parcel.lengthCm, parcel.widthCm, parcel.heightCm];
  if (sides.every((side): side is number => typeof side === 'number' && side > 0)) {
    const [length, width, height] = sides.map((cm) => Math.round(cm * 10)).sort((a, b) => b - a) as [number, number, number];
    Object.assign(out, { Length: length, Width: width, Height: height });
  }
  return out;
}

function customs(items: CustomsItem[], reference: string): NonNullable<PostnlShipment['Customs']> {
  const fail = (message: string) =>
    new CarrierError({ carrier: 'PostNL', carrierMessage: message, retryable: false, code: 'invalid_customs' });
  if (items.length === 0) throw fail('customs needs at least one item');
  if (items.length > 5)
    throw fail(`PostNL takes at most 5 customs lines, this parcel has ${items.length}: combine lines with the same HS code`);
  const currencies = new Set(items.map((item) => item.currency.toUpperCase()));
  if (currencies.size > 1) throw fail(`customs lines must share one currency, got ${[...currencies].join(', ')}`);
  const [currency] = [...currencies];
  // PostNL takes EUR, and US dollars under the code "USS".
  const postnlCurrency = currency === 'EUR' ? 'EUR' : currency === 'USD' ? 'USS' : null;
  if (!postnlCurrency) throw fail(`PostNL customs values must be in EUR or USD, not ${currency}`);
  return {
    Currency: postnlCurrency,
    ShipmentType: 'Commercial Goods',
    Invoice: true,
    InvoiceNr: reference,
    HandleAsNonDeliverable: false,
    Content: items.map((item) => ({
      Description: item.description.slice(0, 35),
      Quantity: item.quantity,
      // Content lines carry the line totals: weight in grams, value in the currency.
      Weight: Math.max(1, Math.round(item.weightGrams * item.quantity)),
      Value: Math.round(item.valueCents * item.quantity) / 100,
      HSTariffNr: item.hsCode.replace(/\D/g, ''),
      CountryOfOrigin: item.originCountry.toUpperCase(),
    })),
  };
}
