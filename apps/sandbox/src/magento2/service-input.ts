import { MagentoError, requiredField } from './errors';

/**
 * Magento's REST input processing (Magento\Framework\Webapi\ServiceInputProcessor), for the data
 * interfaces the sandbox's endpoints take: a key is mapped to a setter by turning it into
 * UpperCamelCase, so `order_item_id` and `orderItemId` are the same field; a key the interface
 * has no accessor for is refused (a 400 once the 2.4 input-validation fix is in); scalars are cast
 * to the declared type, and a value that cannot be cast is a 400.
 */

type FieldType = 'int' | 'float' | 'bool' | 'string' | 'object' | 'array';

export interface DataInterface {
  className: string;
  fields: Record<string, FieldType>;
}

const upperCamel = (key: string) =>
  key
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

const snake = (upper: string) => upper.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

const typeError = (value: unknown, type: string) =>
  new MagentoError(400, 'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.', {
    value: typeof value === 'object' ? JSON.stringify(value) : String(value),
    type,
  });

function cast(value: unknown, type: FieldType): unknown {
  if (value === null) return null;
  switch (type) {
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
      if (typeof value === 'boolean') return value ? 1 : 0;
      throw typeError(value, 'int');
    case 'float':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      throw typeError(value, 'float');
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 1 || value === '1' || value === 'true') return true;
      if (value === 0 || value === '0' || value === 'false' || value === '') return false;
      throw typeError(value, 'bool');
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw typeError(value, 'string');
    case 'object':
      if (typeof value === 'object' && !Array.isArray(value)) return value;
      throw typeError(value, 'object');
    case 'array':
      if (Array.isArray(value)) return value;
      throw typeError(value, 'array');
  }
}

/** Reads one data object; returns it with snake_case keys and cast values. */
export function readData(value: unknown, iface: DataInterface): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw typeError(value, iface.className);
  const known = new Map(Object.keys(iface.fields).map((f) => [upperCamel(f), f]));
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    const property = upperCamel(key);
    const field = known.get(property);
    if (!field) {
      throw new MagentoError(
        400,
        `Property "${property}" does not have accessor method "get${property}" in class "${iface.className}".`,
      );
    }
    out[field] = cast(raw, iface.fields[field]!);
  }
  return out;
}

/** Reads a list of data objects. */
export function readList(value: unknown, iface: DataInterface): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw typeError(value, `${iface.className}[]`);
  return value.map((v) => readData(v, iface));
}

/** A required top-level parameter of the service method. */
export function requireParam(body: Record<string, unknown>, name: string): unknown {
  const value = body[name] ?? body[snake(name)];
  if (value === undefined || value === null) throw requiredField(name);
  return value;
}

/** An optional top-level parameter, accepting both camelCase and snake_case. */
export function param(body: Record<string, unknown>, name: string): unknown {
  return body[name] ?? body[snake(name)];
}

export const SHIPMENT_ITEM_CREATION: DataInterface = {
  className: 'Magento\\Sales\\Api\\Data\\ShipmentItemCreationInterface',
  fields: { order_item_id: 'int', qty: 'float', extension_attributes: 'object' },
};

export const SHIPMENT_TRACK_CREATION: DataInterface = {
  className: 'Magento\\Sales\\Api\\Data\\ShipmentTrackCreationInterface',
  fields: { track_number: 'string', title: 'string', carrier_code: 'string', extension_attributes: 'object' },
};

export const SHIPMENT_COMMENT_CREATION: DataInterface = {
  className: 'Magento\\Sales\\Api\\Data\\ShipmentCommentCreationInterface',
  fields: { comment: 'string', is_visible_on_front: 'int', extension_attributes: 'object' },
};

export const SHIPMENT_PACKAGE_CREATION: DataInterface = {
  className: 'Magento\\Sales\\Api\\Data\\ShipmentPackageCreationInterface',
  fields: { extension_attributes: 'object' },
};

export const SHIPMENT_TRACK: DataInterface = {
  className: 'Magento\\Sales\\Api\\Data\\ShipmentTrackInterface',
  fields: {
    entity_id: 'int',
    order_id: 'int',
    parent_id: 'int',
    track_number: 'string',
    title: 'string',
    carrier_code: 'string',
    description: 'string',
    weight: 'float',
    qty: 'float',
    created_at: 'string',
    updated_at: 'string',
    extension_attributes: 'object',
  },
};

export const ORDER_STATUS_HISTORY: DataInterface = {
  className: 'Magento\\Sales\\Api\\Data\\OrderStatusHistoryInterface',
  fields: {
    entity_id: 'int',
    parent_id: 'int',
    comment: 'string',
    created_at: 'string',
    entity_name: 'string',
    is_customer_notified: 'int',
    is_visible_on_front: 'int',
    status: 'string',
    extension_attributes: 'object',
  },
};
