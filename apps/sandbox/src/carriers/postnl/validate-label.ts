import { TIMESTAMP_PATTERN } from './clock';

/**
 * Validation of a Labelling v2_2 request (POST /shipment/v2_2/label), following the field
 * constraints in PostNL's public reference (developer.postnl.nl, Labelling → LabellingRequest).
 * Errors come back in PostNL's labelling error shape: `{ Errors: [{ Error, Code, Description }] }`.
 * The numeric codes are the sandbox's own; the descriptions say which field is wrong.
 */

export interface PostnlError {
  Error: string;
  Code: string;
  Description: string;
}

/** The Printertype values PostNL documents; the sandbox renders the PDF ones. */
export const PDF_PRINTER_TYPES = [
  'GraphicFile|PDF',
  'GraphicFile|PDF|MergeA',
  'GraphicFile|PDF|MergeB',
  'GraphicFile|PDF|MergeC',
  'GraphicFile|PDF|MergeD',
];
const OTHER_PRINTER_TYPES = [
  'GraphicFile|GIF 200 dpi',
  'GraphicFile|GIF 300 dpi',
  'GraphicFile|GIF 600 dpi',
  'GraphicFile|JPG 200 dpi',
  'GraphicFile|JPG 300 dpi',
  'GraphicFile|JPG 600 dpi',
  'Zebra|Generic ZPL II 200 dpi',
  'Zebra|Generic ZPL II 300 dpi',
  'Zebra|Generic ZPL II 600 dpi',
];

/** Product codes the sandbox knows, with the description it prints on the label. */
export const PRODUCTS: Record<string, string> = {
  '3085': 'Standard shipment',
  '3087': 'Extra Cover',
  '3089': 'Signature on delivery + Delivery to stated address only',
  '3189': 'Signature on delivery',
  '3385': 'Delivery to stated address only',
  '2928': 'Letterbox parcel',
  '4946': 'Parcels Belgium',
  '4944': 'EU Pack Special Consumer',
  '4952': 'EU Pack Special',
  '4945': 'GlobalPack',
};

export const EU_COUNTRIES = new Set([
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
const BENELUX = new Set(['NL', 'BE', 'LU']);
const SHIPMENT_TYPES = ['Gift', 'Documents', 'Commercial Goods', 'Commercial Sample', 'Returned Goods'];

/** The heaviest parcel the sandbox accepts, in grams (PostNL: up to 31.5 kg, depending on contract). */
export const MAX_WEIGHT_GRAMS = 31_500;

export interface SandboxAccount {
  customerCode: string;
  customerNumber: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
const filled = (value: unknown): boolean => (str(value) ?? '').trim() !== '';

export function validateLabelRequest(body: unknown, account: SandboxAccount): PostnlError[] {
  const errors: PostnlError[] = [];
  const fail = (context: string, code: string, description: string) =>
    errors.push({ Error: context, Code: code, Description: description });

  if (!isObject(body)) {
    fail('Invalid request', '1', 'The request body must be a JSON object with Customer, Message and Shipments');
    return errors;
  }

  // Customer
  const customer = body.Customer;
  if (!isObject(customer)) {
    fail('Validation failed for Customer', '10', 'Customer is mandatory');
  } else {
    const code = str(customer.CustomerCode);
    const number = str(customer.CustomerNumber);
    if (!code || code.length > 6) fail('Validation failed for Customer', '11', 'CustomerCode is mandatory (1 to 6 characters)');
    if (!number || number.length > 8)
      fail('Validation failed for Customer', '12', 'CustomerNumber is mandatory (1 to 8 characters)');
    if (code && number && (code !== account.customerCode || number !== account.customerNumber)) {
      fail(
        'Validation failed for Customer',
        '13',
        `Combination of CustomerCode ${code} and CustomerNumber ${number} is not known for this API key`,
      );
    }
    if (customer.CollectionLocation !== undefined && !/^\d{6}$/.test(str(customer.CollectionLocation) ?? '')) {
      fail('Validation failed for Customer', '14', 'CollectionLocation must be 6 characters');
    }
    if (customer.Address !== undefined) validateAddress(customer.Address, 'Customer.Address', fail);
  }

  // Message
  const message = body.Message;
  if (!isObject(message)) {
    fail('Validation failed for Message', '20', 'Message is mandatory');
  } else {
    const id = str(message.MessageID);
    if (!id || id.length > 12) fail('Validation failed for Message', '21', 'MessageID is mandatory (1 to 12 characters)');
    if (!TIMESTAMP_PATTERN.test(str(message.MessageTimeStamp) ?? '')) {
      fail('Validation failed for Message', '22', 'MessageTimeStamp is mandatory, format dd-MM-yyyy HH:mm:ss');
    }
    const printer = str(message.Printertype);
    if (!printer) fail('Validation failed for Message', '23', 'Printertype is mandatory');
    else if (OTHER_PRINTER_TYPES.includes(printer))
      fail(
        'Validation failed for Message',
        '24',
        `Printertype ${printer} is not rendered by the Shipdesk sandbox; use a GraphicFile|PDF type`,
      );
    else if (!PDF_PRINTER_TYPES.includes(printer))
      fail('Validation failed for Message', '25', `Printertype ${printer} is not a valid printer type`);
  }

  // Shipments
  const shipments = body.Shipments;
  if (!Array.isArray(shipments) || shipments.length === 0) {
    fail('Validation failed for Shipments', '30', 'Shipments must hold at least one Shipment');
    return errors;
  }
  const senderOnCustomer = isObject(customer) && isObject(customer.Address) && str(customer.Address.AddressType) === '02';
  shipments.forEach((shipment, index) => {
    const label = `Validation failed for shipment: ${isObject(shipment) && filled(shipment.Barcode) ? str(shipment.Barcode) : `#${index + 1}`}`;
    const shipmentFail = (code: string, description: string) => fail(label, code, description);
    if (!isObject(shipment)) {
      shipmentFail('31', 'Shipment must be an object');
      return;
    }
    validateShipment(shipment, account, senderOnCustomer, shipmentFail);
  });
  return errors;
}

function validateShipment(
  shipment: Json,
  account: SandboxAccount,
  senderOnCustomer: boolean,
  fail: (code: string, description: string) => void,
): void {
  // Barcode: optional in the request (PostNL then generates one), else 11 to 15 characters.
  if (filled(shipment.Barcode)) {
    const barcode = str(shipment.Barcode)!;
    if (barcode.length < 11 || barcode.length > 15) fail('40', `Barcode ${barcode} must be 11 to 15 characters`);
    else if (barcode.startsWith('3S') && !barcode.startsWith(`3S${account.customerCode}`)) {
      fail('41', `Barcode ${barcode} does not belong to customer code ${account.customerCode}`);
    }
  }

  // Addresses
  const addresses = shipment.Addresses;
  let receiverCountry: string | undefined;
  if (!Array.isArray(addresses) || addresses.length === 0) {
    fail('50', 'Addresses is mandatory: at least the receiver address (AddressType 01)');
  } else {
    const receivers = addresses.filter((a) => isObject(a) && str(a.AddressType) === '01');
    const senders = addresses.filter((a) => isObject(a) && str(a.AddressType) === '02');
    if (receivers.length === 0) fail('51', 'Receiver address (AddressType 01) is mandatory');
    if (senders.length === 0 && !senderOnCustomer)
      fail('52', 'Sender address (AddressType 02) is mandatory in Customer.Address or in the Shipment');
    addresses.forEach((address, i) => {
      validateAddress(address, `Addresses[${i}]`, (_context, code, description) => fail(code, description));
    });
    const receiver = receivers[0];
    if (isObject(receiver)) receiverCountry = str(receiver.Countrycode);
  }

  // Dimension
  const dimension = shipment.Dimension;
  if (!isObject(dimension)) {
    fail('60', 'Dimension is mandatory, with Weight in grams');
  } else {
    const weight = dimension.Weight;
    if (weight === undefined || weight === null || weight === '') fail('61', 'Dimension.Weight is mandatory (grams)');
    else if (typeof weight !== 'number' || !Number.isInteger(weight))
      fail('62', `Dimension.Weight must be a whole number of grams, got ${JSON.stringify(weight)}`);
    else if (weight < 1 || weight > MAX_WEIGHT_GRAMS)
      fail('63', `Dimension.Weight ${weight} is out of range: 1 to ${MAX_WEIGHT_GRAMS} grams`);
    for (const side of ['Length', 'Width', 'Height', 'Volume'] as const) {
      const value = dimension[side];
      if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 1)) {
        fail('64', `Dimension.${side} must be a whole number of at least 1`);
      }
    }
    const [length, width, height] = [dimension.Length, dimension.Width, dimension.Height];
    if (
      typeof length === 'number' &&
      typeof width === 'number' &&
      typeof height === 'number' &&
      !(length >= width && width >= height)
    ) {
      fail('65', 'Dimension: Length must be the longest side and Height the shortest (Length >= Width >= Height, in mm)');
    }
  }

  // Product
  const product = str(shipment.ProductCodeDelivery);
  if (!product) fail('70', 'ProductCodeDelivery is mandatory');
  else if (!/^\d{4,5}$/.test(product)) fail('71', `ProductCodeDelivery ${product} must be 4 or 5 digits`);
  else if (!PRODUCTS[product]) fail('72', `ProductCodeDelivery ${product} is not a known product for this customer`);

  // Customs: mandatory for non-EU shipments, not allowed for any other.
  if (receiverCountry && /^[A-Z]{2}$/.test(receiverCountry)) {
    const euReceiver = EU_COUNTRIES.has(receiverCountry);
    if (!euReceiver && shipment.Customs === undefined)
      fail('80', `Customs is mandatory for shipments to ${receiverCountry} (outside the EU)`);
    if (euReceiver && shipment.Customs !== undefined)
      fail('81', `Customs is not allowed for shipments to ${receiverCountry} (inside the EU)`);
  }
  if (shipment.Customs !== undefined) validateCustoms(shipment.Customs, fail);
}

function validateAddress(
  address: unknown,
  where: string,
  fail: (context: string, code: string, description: string) => void,
): void {
  const context = `Validation failed for ${where}`;
  if (!isObject(address)) {
    fail(context, '100', `${where} must be an object`);
    return;
  }
  const type = str(address.AddressType);
  if (!type || !/^\d{2}$/.test(type))
    fail(context, '101', `${where}.AddressType is mandatory, two digits (01 receiver, 02 sender...)`);
  const role = type === '01' ? 'receiver' : type === '02' ? 'sender' : `address type ${type}`;
  const country = str(address.Countrycode);
  if (!country || !/^[A-Z]{2}$/.test(country))
    fail(context, '102', `Countrycode of the ${role} is mandatory, ISO 3166-1 alpha-2 in capitals`);
  if (!filled(address.Name) && !filled(address.CompanyName))
    fail(context, '103', `Name or CompanyName of the ${role} is mandatory`);
  if (!filled(address.City)) fail(context, '104', `City of the ${role} is mandatory`);
  if (!filled(address.Street) && !filled(address.StreetHouseNrExt))
    fail(context, '105', `Street or StreetHouseNrExt of the ${role} is mandatory`);
  for (const field of ['Name', 'FirstName', 'CompanyName', 'City', 'HouseNrExt'] as const) {
    if ((str(address[field]) ?? '').length > 35) fail(context, '106', `${field} of the ${role} is longer than 35 characters`);
  }
  if ((str(address.Street) ?? '').length > 95) fail(context, '106', `Street of the ${role} is longer than 95 characters`);
  if (country && BENELUX.has(country)) {
    const zipcode = (str(address.Zipcode) ?? '').trim();
    if (!zipcode) fail(context, '107', `Zipcode of the ${role} is mandatory for shipments to ${country}`);
    else if (country === 'NL' && !/^[1-9]\d{3}\s?[A-Z]{2}$/.test(zipcode))
      fail(context, '108', `Zipcode ${zipcode} of the ${role} is not a Dutch postal code (1234AB)`);
    else if (country !== 'NL' && !/^\d{4}$/.test(zipcode))
      fail(context, '108', `Zipcode ${zipcode} of the ${role} must be 4 digits for ${country}`);
    if (!filled(address.StreetHouseNrExt)) {
      const houseNr = str(address.HouseNr) ?? '';
      if (!houseNr) fail(context, '109', `HouseNr of the ${role} is mandatory for Benelux addresses (or use StreetHouseNrExt)`);
      else if (!/^\d{1,5}$/.test(houseNr))
        fail(context, '110', `HouseNr ${houseNr} of the ${role} must be numeric, at most 5 digits, for Benelux addresses`);
    }
  }
}

function validateCustoms(customs: unknown, fail: (code: string, description: string) => void): void {
  if (!isObject(customs)) {
    fail('82', 'Customs must be an object');
    return;
  }
  const currency = str(customs.Currency);
  if (currency !== 'EUR' && currency !== 'USS')
    fail('83', `Customs.Currency ${currency ?? '(missing)'} is not allowed: only EUR and USS`);
  const type = str(customs.ShipmentType);
  if (!type || !SHIPMENT_TYPES.includes(type)) fail('84', `Customs.ShipmentType must be one of ${SHIPMENT_TYPES.join(', ')}`);
  if (type && ['Commercial Goods', 'Commercial Sample', 'Returned Goods'].includes(type)) {
    if (customs.Certificate !== true && customs.Invoice !== true && customs.License !== true) {
      fail('85', `Customs for ${type} needs Certificate, Invoice or License`);
    }
    if (customs.Invoice === true && !filled(customs.InvoiceNr)) fail('86', 'Customs.InvoiceNr is mandatory when Invoice is true');
  }
  const content = customs.Content;
  if (!Array.isArray(content) || content.length < 1 || content.length > 5) {
    fail('87', 'Customs.Content must hold 1 to 5 lines');
    return;
  }
  content.forEach((line, i) => {
    if (!isObject(line)) return fail('88', `Customs.Content[${i}] must be an object`);
    if (!filled(line.Description) || (str(line.Description) ?? '').length > 35)
      fail('88', `Customs.Content[${i}].Description is mandatory (at most 35 characters)`);
    if (typeof line.Quantity !== 'number' || !Number.isInteger(line.Quantity) || line.Quantity < 1)
      fail('88', `Customs.Content[${i}].Quantity must be a whole number of at least 1`);
    if (typeof line.Weight !== 'number' || line.Weight < 1) fail('88', `Customs.Content[${i}].Weight is mandatory (grams)`);
    if (typeof line.Value !== 'number' || line.Value <= 0)
      fail('88', `Customs.Content[${i}].Value is mandatory (amount in Currency)`);
    if (!/^\d{6,10}$/.test(str(line.HSTariffNr) ?? '')) fail('88', `Customs.Content[${i}].HSTariffNr must be 6 to 10 digits`);
    if (!/^[A-Z]{2}$/.test(str(line.CountryOfOrigin) ?? ''))
      fail('88', `Customs.Content[${i}].CountryOfOrigin must be an ISO 3166-1 alpha-2 code`);
  });
}
