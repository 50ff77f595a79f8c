import type { AllocationRequest, OrderDetail } from '@shipdesk/contract';
import { fulfilmentStatus, validateAllocation, type Allocation, type Problem } from '@shipdesk/domain';
import { sql, type Transaction, type Updateable } from 'kysely';
import type { Db } from '../db/database';
import type { Database, OrdersTable } from '../db/schema';
import { cachedStatement } from '../db/statement-cache';
import { loadedShipment, loadOrder, SHIPMENT_COLUMNS, toOrderDetail, type LoadedOrder } from './get-order';
import { enqueueShopBackorder } from './backorders';

/** How the timeline records a shipment a plain split creates. */
export const SPLIT_CREATED_EVENT: { type: string; message: string; data?: Record<string, unknown> } = { type: 'created', message: 'Shipment created by a split' };

export type SplitResult =
  | { kind: 'saved'; order: OrderDetail }
  | { kind: 'not_found' }
  | { kind: 'stale'; current: OrderDetail }
  | { kind: 'invalid'; problems: Problem[]; current: OrderDetail };

const sameLines = (a: Allocation['backorder'], b: Allocation['backorder']) =>
  JSON.stringify([...a].sort((x, y) => x.lineId.localeCompare(y.lineId))) ===
  JSON.stringify([...b].sort((x, y) => x.lineId.localeCompare(y.lineId)));

/** A save's change to the order row, built once (see cachedStatement): the columns are the change's. */
const orderUpdateStatement = cachedStatement(
  (db, v: Pick<Updateable<OrdersTable>, 'version' | 'updated_at' | 'shipment_count' | 'fulfilment_status' | 'undo_allocation' | 'undo_saved_at'> & { orderId: string }, _shape: null) => {
    const { orderId, ...change } = v;
    return db.updateTable('orders').set(change).where('id', '=', orderId);
  },
);

/**
 * Saves the whole split of an order (its shipments and backorder) in one transaction.
 * The order row is locked and its version compared with the one the client saw, so two people
 * splitting the same order cannot overwrite each other; the domain validation runs on the
 * locked state, so nothing over-allocates whatever the timing.
 */
export async function splitOrder(
  db: Db,
  input: {
    merchantId: string;
    /** Who saved it; null for Shipdesk itself (a job). */
    userId: string | null;
    orderId: string;
    expectedVersion: number;
    request: AllocationRequest;
    undoing?: boolean;
    /** How the timeline records a shipment this save creates, when it is not a plain split (say, released from backorder). */
    createdEvent?: { type: string; message: string; data?: Record<string, unknown> };
  },
): Promise<SplitResult> {
  return db.transaction().execute(async (trx) => {
    const loaded = await loadOrder(trx, input.merchantId, input.orderId, true);
    if (!loaded) return { kind: 'not_found' };
    if (loaded.order.version !== input.expectedVersion) return { kind: 'stale', current: toOrderDetail(loaded) };

    const current = loaded.allocation;
    const statusOf = new Map(current.shipments.map((s) => [s.key, s.status]));
    const proposed: Allocation = {
      shipments: input.request.shipments.map((s) => ({ key: s.key, status: statusOf.get(s.key) ?? 'open', lines: s.lines })),
      backorder: input.request.backorder,
    };
    const problems = validateAllocation(loaded.lines, proposed, current);
    if (problems.length > 0) return { kind: 'invalid', problems, current: toOrderDetail(loaded) };

    const now = new Date();
    const event = (shipmentId: string, type: string, message: string, data: Record<string, unknown>) => ({
      shipment_id: shipmentId,
      merchant_id: input.merchantId,
      type,
      message,
      data,
      actor_user_id: input.userId,
    });

    // Open shipments that are no longer in the split go away; their items are open again.
    const kept = new Set(proposed.shipments.map((s) => s.key));
    const removed = current.shipments.filter((s) => !kept.has(s.key) && s.status === 'open').map((s) => s.key);
    if (removed.length > 0) await trx.deleteFrom('shipments').where('id', 'in', removed).execute();

    let nextNumber = Math.max(0, ...loaded.shipments.map((s) => s.number)) + 1;
    const events = [];
    const created: LoadedOrder['shipments'] = [];
    const newLines = new Map<string, Allocation['shipments'][number]['lines']>();
    for (const shipment of proposed.shipments) {
      const before = current.shipments.find((s) => s.key === shipment.key);
      if (before && before.status !== 'open') continue;
      if (before && sameLines(before.lines, shipment.lines)) continue;
      if (before) {
        await trx.deleteFrom('shipment_lines').where('shipment_id', '=', before.key).execute();
        await trx
          .insertInto('shipment_lines')
          .values(shipment.lines.map((l) => ({ shipment_id: before.key, order_line_id: l.lineId, quantity: l.quantity })))
          .execute();
        await trx.updateTable('shipments').set({ updated_at: now }).where('id', '=', before.key).execute();
        events.push(event(before.key, 'items_changed', 'Items changed by a split', { lines: shipment.lines }));
        newLines.set(before.key, shipment.lines);
      } else {
        // A new shipment: its items and its event go with it, in one statement.
        const how = input.createdEvent ?? SPLIT_CREATED_EVENT;
        const row = await insertShipment(trx, {
          merchantId: input.merchantId,
          orderId: input.orderId,
          number: nextNumber++,
          lines: shipment.lines,
          event: { type: how.type, message: how.message, data: { ...how.data, lines: shipment.lines } },
          actorUserId: input.userId,
        });
        created.push(loadedShipment(row, null));
        newLines.set(row.id, shipment.lines);
      }
    }
    if (events.length > 0) await trx.insertInto('shipment_events').values(events).execute();

    // Backorder: one row per line; a line whose held quantity is unchanged keeps its "since".
    const wanted = new Map(proposed.backorder.map((b) => [b.lineId, b.quantity]));
    const gone = current.backorder.filter((b) => !wanted.has(b.lineId)).map((b) => b.lineId);
    if (gone.length > 0) await trx.deleteFrom('backorders').where('order_line_id', 'in', gone).execute();
    const changed = proposed.backorder.filter((b) => current.backorder.find((c) => c.lineId === b.lineId)?.quantity !== b.quantity);
    if (changed.length > 0) {
      await trx
        .insertInto('backorders')
        .values(
          changed.map((b) => {
            // The shop's stock is net of its unfulfilled orders (this one included): below zero, it is short.
            const stock = loaded.lines.find((l) => l.id === b.lineId)?.stock ?? null;
            return { order_line_id: b.lineId, order_id: input.orderId, quantity: b.quantity, awaiting_stock: stock !== null && stock < 0 };
          }),
        )
        .onConflict((oc) => oc.column('order_line_id').doUpdateSet((eb) => ({ quantity: eb.ref('excluded.quantity'), awaiting_stock: eb.ref('excluded.awaiting_stock') })))
        .execute();
    }

    const orderChange = {
      version: loaded.order.version + 1,
      updated_at: now,
      shipment_count: proposed.shipments.filter((s) => s.status !== 'cancelled').length,
      fulfilment_status: fulfilmentStatus(loaded.lines, proposed, { cancelled: loaded.order.cancelled }),
      // One step of undo: keep the split as it was, unless this save is the undo itself.
      undo_allocation: input.undoing
        ? null
        : { shipments: current.shipments.filter((s) => s.status !== 'cancelled').map((s) => ({ key: s.key, lines: s.lines })), backorder: current.backorder },
      undo_saved_at: input.undoing ? null : now,
    };
    // The version was compared with the locked row's above, so it is the one incremented here.
    await orderUpdateStatement(trx, { orderId: input.orderId, ...orderChange }, null);

    // The shop holds what is on backorder, where it can (Shopify): bring it in line, via the outbox.
    if (!sameLines(current.backorder, proposed.backorder)) await enqueueShopBackorder(trx, input.orderId);

    const saved = afterSave(loaded, { removed: new Set(removed), created, newLines, backorder: proposed.backorder, order: orderChange });
    return { kind: 'saved', order: toOrderDetail(saved) };
  });
}

/**
 * A new open shipment with its items and the event of its creation, in one statement: one round
 * trip of a save instead of three, each of which waits its turn on a busy server. The items go as
 * two arrays, so the text is the same whatever their number, and it is prepared once per
 * connection (and planned generically: a plain insert has nothing to choose).
 */
export async function insertShipment(
  trx: Transaction<Database>,
  input: {
    merchantId: string;
    orderId: string;
    number: number;
    lines: Allocation['shipments'][number]['lines'];
    event: { type: string; message: string; data: Record<string, unknown> };
    actorUserId: string | null;
  },
) {
  const { rows } = await sql<Parameters<typeof loadedShipment>[0]>`
    with s as (
      insert into shipments (merchant_id, order_id, number, status)
      values (${input.merchantId}::uuid, ${input.orderId}::uuid, ${input.number}::int, 'open')
      returning ${sql.join(SHIPMENT_COLUMNS.map((column) => sql.ref(column)))}
    ), items as (
      insert into shipment_lines (shipment_id, order_line_id, quantity)
      select s.id, item.line_id, item.quantity
      from s, unnest(${input.lines.map((l) => l.lineId)}::uuid[], ${input.lines.map((l) => l.quantity)}::int[]) as item (line_id, quantity)
    ), created as (
      insert into shipment_events (shipment_id, merchant_id, type, message, data, actor_user_id)
      select s.id, ${input.merchantId}::uuid, ${input.event.type}::text, ${input.event.message}::text, ${JSON.stringify(input.event.data)}::jsonb, ${input.actorUserId}::uuid
      from s
    )
    select * from s`.execute(trx);
  return rows[0]!;
}

/**
 * The order as it stands after a save, from the order as loaded and what the save wrote: what
 * loading it again would give, without a statement more (the tests compare the two). Shipments
 * stay in number order and items in line order, as loadOrder returns them.
 */
function afterSave(
  loaded: LoadedOrder,
  change: {
    removed: ReadonlySet<string>;
    created: LoadedOrder['shipments'];
    newLines: ReadonlyMap<string, Allocation['shipments'][number]['lines']>;
    backorder: Allocation['backorder'];
    order: Partial<LoadedOrder['order']>;
  },
): LoadedOrder {
  const position = new Map(loaded.lines.map((line, i) => [line.id, i]));
  const inLineOrder = <T extends { lineId: string }>(rows: readonly T[]) => [...rows].sort((a, b) => position.get(a.lineId)! - position.get(b.lineId)!);
  const linesBefore = new Map(loaded.allocation.shipments.map((s) => [s.key, s.lines]));
  const shipments = [...loaded.shipments.filter((s) => !change.removed.has(s.id)), ...change.created];
  return {
    ...loaded,
    order: { ...loaded.order, ...change.order },
    shipments,
    allocation: {
      shipments: shipments.map((s) => ({ key: s.id, status: s.status, lines: inLineOrder(change.newLines.get(s.id) ?? linesBefore.get(s.id) ?? []) })),
      backorder: inLineOrder(change.backorder),
    },
  };
}

export type UndoResult = SplitResult | { kind: 'nothing_to_undo' } | { kind: 'label_bought' };

/**
 * Puts back the split as it was before the last change, until a label is bought for the order:
 * after that, the parcel exists and the split is no longer just a plan.
 */
export async function undoSplit(db: Db, input: { merchantId: string; userId: string; orderId: string; expectedVersion: number }): Promise<UndoResult> {
  const order = await db
    .selectFrom('orders')
    .select(['undo_allocation', 'undo_saved_at', 'version'])
    .where('id', '=', input.orderId)
    .where('merchant_id', '=', input.merchantId)
    .executeTakeFirst();
  if (!order) return { kind: 'not_found' };
  if (!order.undo_allocation || !order.undo_saved_at) return { kind: 'nothing_to_undo' };
  const labelSince = await db
    .selectFrom('labels')
    .innerJoin('shipments', 'shipments.id', 'labels.shipment_id')
    .select('labels.id')
    .where('shipments.order_id', '=', input.orderId)
    .where('labels.created_at', '>', order.undo_saved_at)
    .executeTakeFirst();
  if (labelSince) return { kind: 'label_bought' };
  return splitOrder(db, { ...input, request: order.undo_allocation, undoing: true });
}
