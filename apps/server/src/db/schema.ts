import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { TrackingStatus } from '@shipdesk/domain';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T, T>;

export type Role = 'owner' | 'packer' | 'support';
export type ProcessingMode = 'shipment_level' | 'order_level';
export type BackorderPolicy = 'ask' | 'always' | 'never';
export type ShipmentStatus = 'open' | 'labelled' | 'shipped' | 'cancelled';
export type FulfilmentStatusColumn = 'unfulfilled' | 'partially_shipped' | 'awaiting_stock' | 'fulfilled' | 'cancelled';

export interface Address {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
}

export interface MerchantsTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  merchant_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: CreatedAt;
}

export interface SessionsTable {
  /** SHA-256 of the session token; the token itself lives only in the cookie. */
  id: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Date;
  inspecting_merchant_id: Generated<string | null>;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: CreatedAt;
  user_id: string;
  merchant_id: string;
  method: string;
  path: string;
  request_id: string | null;
}

export interface IntegrationsTable {
  id: Generated<string>;
  merchant_id: string;
  platform: string;
  name: string;
  base_url: string;
  processing_mode: ProcessingMode;
  credentials_encrypted: string | null;
  last_import_at: Date | null;
  last_error: string | null;
  status: Generated<'active' | 'paused' | 'disconnected'>;
  backorder_policy: Generated<BackorderPolicy>;
  /** Orders updated at or after this instant are imported by the next poll. */
  import_cursor: Date | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface UndoAllocation {
  shipments: { key: string; lines: { lineId: string; quantity: number }[] }[];
  backorder: { lineId: string; quantity: number }[];
}

export interface OrdersTable {
  id: Generated<string>;
  merchant_id: string;
  integration_id: string;
  external_id: string;
  number: string;
  customer_name: string;
  customer_email: string;
  shipping_address: Json<Address>;
  country: string;
  placed_at: Date;
  cancelled: Generated<boolean>;
  /** Derived by the domain's fulfilmentStatus on every change, kept here to filter and count. */
  fulfilment_status: FulfilmentStatusColumn;
  item_count: number;
  shipment_count: Generated<number>;
  version: Generated<number>;
  /** The split before the last change (shipment keys are ids), for one step of undo. */
  undo_allocation: ColumnType<UndoAllocation | null, UndoAllocation | null | undefined, UndoAllocation | null>;
  undo_saved_at: Generated<Date | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OrderLinesTable {
  id: Generated<string>;
  order_id: string;
  external_id: string;
  position: number;
  sku: string;
  name: string;
  quantity: number;
  unit_price_cents: number;
  unit_weight_grams: number;
  hs_code: string | null;
  origin_country: string | null;
  /** The SKU's stock as the shop last reported it (net of its unfulfilled orders); null when unknown. */
  stock_available: Generated<number | null>;
  stock_checked_at: Generated<Date | null>;
}

export interface ShipmentsTable {
  id: Generated<string>;
  merchant_id: string;
  order_id: string;
  number: number;
  status: ShipmentStatus;
  tracking_code: string | null;
  external_id: string | null;
  carrier: Generated<string | null>;
  shipped_at: Generated<Date | null>;
  /** Where the sync-back to the shop stands. */
  sync_status: Generated<SyncStatus>;
  /** The parcel's status as the carrier last reported it. */
  tracking_status: Generated<TrackingStatus | null>;
  tracking_checked_at: Generated<Date | null>;
  sync_error: Generated<string | null>;
  synced_at: Generated<Date | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type SyncStatus = 'not_synced' | 'pending' | 'synced' | 'failed';

export interface JobsTable {
  id: Generated<string>;
  kind: string;
  payload: Json<Record<string, unknown>>;
  dedupe_key: string | null;
  status: Generated<'pending' | 'running' | 'done' | 'failed'>;
  run_at: Generated<Date>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: Date | null;
  last_error: string | null;
  created_at: CreatedAt;
  finished_at: Date | null;
  request_id: string | null;
  rerun: Generated<boolean>;
}

export interface WebhookDeliveriesTable {
  integration_id: string;
  delivery_id: string;
  topic: string;
  received_at: CreatedAt;
}

export interface ShipmentLinesTable {
  shipment_id: string;
  order_line_id: string;
  quantity: number;
}

export interface BackordersTable {
  order_line_id: string;
  order_id: string;
  quantity: number;
  created_at: CreatedAt;
  awaiting_stock: Generated<boolean>;
}

export interface ShipmentEventsTable {
  id: Generated<string>;
  shipment_id: string;
  merchant_id: string;
  type: string;
  message: string;
  data: Json<Record<string, unknown>>;
  actor_user_id: string | null;
  /** When it happened: the carrier's timestamp for a scan, otherwise when it was recorded. */
  occurred_at: Generated<Date>;
  dedupe_key: Generated<string | null>;
  created_at: CreatedAt;
}

export interface CarrierAccountsTable {
  id: Generated<string>;
  merchant_id: string;
  carrier: string;
  name: string;
  base_url: string;
  credentials_encrypted: string;
  sender: Json<Address & { company?: string; email?: string; phone?: string }>;
  default_product: string | null;
  created_at: CreatedAt;
}

export type LabelStatus = 'pending' | 'live' | 'cancelled' | 'failed';

export interface LabelsTable {
  id: Generated<string>;
  merchant_id: string;
  shipment_id: string;
  carrier_account_id: string;
  carrier: string;
  status: LabelStatus;
  idempotency_key: string;
  format: 'A6' | 'A4';
  tracking_number: string | null;
  pdf: Uint8Array | null;
  error: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface LabelBatchesTable {
  id: Generated<string>;
  merchant_id: string;
  format: 'A6' | 'A4';
  created_by: string | null;
  created_at: CreatedAt;
}

export interface LabelBatchItemsTable {
  batch_id: string;
  shipment_id: string;
  position: number;
  status: Generated<'pending' | 'done' | 'failed'>;
  tracking_number: Generated<string | null>;
  error: Generated<string | null>;
  /** Bumped by "retry failed", so the retry gets an Idempotency-Key of its own. */
  attempt: Generated<number>;
}

export interface Database {
  merchants: MerchantsTable;
  users: UsersTable;
  sessions: SessionsTable;
  integrations: IntegrationsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  shipments: ShipmentsTable;
  shipment_lines: ShipmentLinesTable;
  backorders: BackordersTable;
  shipment_events: ShipmentEventsTable;
  jobs: JobsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  carrier_accounts: CarrierAccountsTable;
  labels: LabelsTable;
  label_batches: LabelBatchesTable;
  label_batch_items: LabelBatchItemsTable;
  audit_log: AuditLogTable;
  order_counts: OrderCountsTable;
  shipment_counts: ShipmentCountsTable;
}

/** Running counts of orders per group (migration 0012): rows of changes, summed on reading. */
export interface OrderCountsTable {
  merchant_id: string;
  integration_id: string;
  country: string;
  fulfilment_status: string;
  n: number;
}

/** Running counts of shipments per status and sync status (migration 0012). */
export interface ShipmentCountsTable {
  merchant_id: string;
  status: string;
  sync_status: string;
  n: number;
}

export type OrderRow = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type NewOrderLine = Insertable<OrderLinesTable>;
