/**
 * The allocation of an order: which quantity of each line sits in which shipment, and what is
 * held back on backorder. Everything not allocated is "open". These are pure functions: the web
 * app uses them to preview a drop, the server uses the same ones to refuse a bad save.
 */

export type ShipmentStatus = 'open' | 'labelled' | 'shipped' | 'cancelled';

export interface OrderLineRef {
  id: string;
  sku: string;
  name: string;
  /** Quantity the customer ordered, minus what the shop cancelled or refunded. */
  quantity: number;
}

export interface AllocatedQuantity {
  lineId: string;
  quantity: number;
}

export interface ShipmentAllocation {
  /** Stable key: the shipment's id, or a client-made key for a shipment not yet saved. */
  key: string;
  status: ShipmentStatus;
  lines: AllocatedQuantity[];
}

export interface Allocation {
  shipments: ShipmentAllocation[];
  backorder: AllocatedQuantity[];
}

/** A place a quantity can be: not allocated, on backorder, or in one shipment. */
export type Column = { kind: 'unassigned' } | { kind: 'backorder' } | { kind: 'shipment'; key: string };

export interface Problem {
  /** Where the problem is, e.g. `shipments.1.lines.0.quantity`. */
  path: string;
  code:
    | 'unknown_line'
    | 'not_a_whole_number'
    | 'not_positive'
    | 'over_allocated'
    | 'empty_shipment'
    | 'duplicate_line'
    | 'duplicate_shipment'
    | 'locked_shipment_changed'
    | 'locked_shipment_removed';
  message: string;
}

/** Shipments whose contents can no longer change: a label exists or they left the building. */
export function isLocked(status: ShipmentStatus): boolean {
  return status === 'labelled' || status === 'shipped';
}

function sumFor(entries: readonly AllocatedQuantity[], lineId: string): number {
  let total = 0;
  for (const entry of entries) if (entry.lineId === lineId) total += entry.quantity;
  return total;
}

/** Quantity of a line inside non-cancelled shipments. */
export function inShipments(allocation: Allocation, lineId: string): number {
  let total = 0;
  for (const shipment of allocation.shipments) {
    if (shipment.status !== 'cancelled') total += sumFor(shipment.lines, lineId);
  }
  return total;
}

/** Quantity of a line inside shipments that have shipped. */
export function shippedQuantity(allocation: Allocation, lineId: string): number {
  let total = 0;
  for (const shipment of allocation.shipments) {
    if (shipment.status === 'shipped') total += sumFor(shipment.lines, lineId);
  }
  return total;
}

export function backorderQuantity(allocation: Allocation, lineId: string): number {
  return sumFor(allocation.backorder, lineId);
}

/** ordered − in non-cancelled shipments − on backorder. Negative means over-allocated. */
export function openQuantity(line: OrderLineRef, allocation: Allocation): number {
  return line.quantity - inShipments(allocation, line.id) - backorderQuantity(allocation, line.id);
}

/** How much of a line a column holds. */
export function quantityIn(line: OrderLineRef, allocation: Allocation, column: Column): number {
  switch (column.kind) {
    case 'unassigned':
      return openQuantity(line, allocation);
    case 'backorder':
      return backorderQuantity(allocation, line.id);
    case 'shipment': {
      const shipment = allocation.shipments.find((s) => s.key === column.key);
      return shipment ? sumFor(shipment.lines, line.id) : 0;
    }
  }
}

function lineLabel(line: OrderLineRef | undefined, lineId: string): string {
  return line ? `${line.sku} (${line.name})` : `line ${lineId}`;
}

function checkQuantities(
  entries: readonly AllocatedQuantity[],
  path: string,
  where: string,
  linesById: ReadonlyMap<string, OrderLineRef>,
  problems: Problem[],
): void {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const at = `${path}.${index}`;
    const line = linesById.get(entry.lineId);
    if (!line) {
      problems.push({ path: `${at}.lineId`, code: 'unknown_line', message: `${where} names ${lineLabel(undefined, entry.lineId)}, which is not on this order.` });
    }
    if (seen.has(entry.lineId)) {
      problems.push({ path: `${at}.lineId`, code: 'duplicate_line', message: `${where} lists ${lineLabel(line, entry.lineId)} twice; give it once with the total quantity.` });
    }
    seen.add(entry.lineId);
    if (!Number.isInteger(entry.quantity)) {
      problems.push({ path: `${at}.quantity`, code: 'not_a_whole_number', message: `${where}: the quantity of ${lineLabel(line, entry.lineId)} must be a whole number, not ${entry.quantity}.` });
    } else if (entry.quantity <= 0) {
      problems.push({ path: `${at}.quantity`, code: 'not_positive', message: `${where}: the quantity of ${lineLabel(line, entry.lineId)} must be at least 1, not ${entry.quantity}.` });
    }
  });
}

function sameContents(a: readonly AllocatedQuantity[], b: readonly AllocatedQuantity[]): boolean {
  const key = (xs: readonly AllocatedQuantity[]) =>
    xs
      .map((x) => `${x.lineId}:${x.quantity}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

/**
 * Checks a proposed allocation against the order's lines and returns every problem, each with a
 * message a person can act on. An empty list means the allocation is valid. When `current` is
 * given, shipments that are locked there (labelled or shipped) must come back unchanged.
 */
export function validateAllocation(
  lines: readonly OrderLineRef[],
  proposed: Allocation,
  current?: Allocation,
): Problem[] {
  const problems: Problem[] = [];
  const linesById = new Map(lines.map((line) => [line.id, line]));
  const keys = new Set<string>();

  proposed.shipments.forEach((shipment, index) => {
    const where = `Shipment ${index + 1}`;
    if (keys.has(shipment.key)) {
      problems.push({ path: `shipments.${index}.key`, code: 'duplicate_shipment', message: `${where} appears twice in the allocation.` });
    }
    keys.add(shipment.key);
    if (shipment.status !== 'cancelled' && shipment.lines.length === 0) {
      problems.push({ path: `shipments.${index}.lines`, code: 'empty_shipment', message: `${where} has no items. Add an item to it or remove the shipment.` });
    }
    checkQuantities(shipment.lines, `shipments.${index}.lines`, where, linesById, problems);
  });
  checkQuantities(proposed.backorder, 'backorder', 'Backorder', linesById, problems);

  for (const line of lines) {
    const open = openQuantity(line, proposed);
    if (open < 0) {
      problems.push({
        path: `lines.${line.id}`,
        code: 'over_allocated',
        message: `${lineLabel(line, line.id)} is allocated ${line.quantity - open} times but only ${line.quantity} were ordered. Take ${-open} out of a shipment or the backorder.`,
      });
    }
  }

  if (current) {
    for (const before of current.shipments) {
      if (!isLocked(before.status)) continue;
      const index = proposed.shipments.findIndex((s) => s.key === before.key);
      const after = proposed.shipments[index];
      if (!after) {
        problems.push({ path: 'shipments', code: 'locked_shipment_removed', message: `A shipment that is already ${before.status} cannot be removed from the order.` });
      } else if (after.status !== before.status || !sameContents(after.lines, before.lines)) {
        problems.push({ path: `shipments.${index}`, code: 'locked_shipment_changed', message: `Shipment ${index + 1} is already ${before.status}; its items can no longer change.` });
      }
    }
  }
  return problems;
}

function withQuantity(entries: readonly AllocatedQuantity[], lineId: string, delta: number): AllocatedQuantity[] {
  const next: AllocatedQuantity[] = [];
  let found = false;
  for (const entry of entries) {
    if (entry.lineId === lineId) {
      found = true;
      const quantity = entry.quantity + delta;
      if (quantity > 0) next.push({ lineId, quantity });
    } else {
      next.push(entry);
    }
  }
  if (!found && delta > 0) next.push({ lineId, quantity: delta });
  return next;
}

function changeColumn(allocation: Allocation, column: Column, lineId: string, delta: number): Allocation {
  switch (column.kind) {
    case 'unassigned':
      return allocation;
    case 'backorder':
      return { ...allocation, backorder: withQuantity(allocation.backorder, lineId, delta) };
    case 'shipment':
      return {
        ...allocation,
        shipments: allocation.shipments.map((s) =>
          s.key === column.key ? { ...s, lines: withQuantity(s.lines, lineId, delta) } : s,
        ),
      };
  }
}

export type MoveResult = { ok: true; allocation: Allocation } | { ok: false; message: string };

function columnName(column: Column, allocation: Allocation): string {
  if (column.kind === 'unassigned') return 'Unassigned';
  if (column.kind === 'backorder') return 'Backorder';
  const index = allocation.shipments.findIndex((s) => s.key === column.key);
  return index >= 0 ? `Shipment ${index + 1}` : 'that shipment';
}

/** The most of a line that can move out of a column into another right now. */
export function movableQuantity(line: OrderLineRef, allocation: Allocation, from: Column, to: Column): number {
  for (const column of [from, to]) {
    if (column.kind !== 'shipment') continue;
    const shipment = allocation.shipments.find((s) => s.key === column.key);
    if (!shipment || shipment.status !== 'open') return 0;
  }
  if (from.kind === to.kind && (from.kind !== 'shipment' || (to.kind === 'shipment' && from.key === to.key))) return 0;
  return Math.max(0, quantityIn(line, allocation, from));
}

/**
 * Moves `quantity` units of a line from one column to another. Refuses, with a message, what would
 * break the allocation: a move out of or into a locked shipment, a fraction, or more than the
 * source holds. Keeps ordered = open + in shipments + on backorder by construction.
 */
export function moveQuantity(
  lines: readonly OrderLineRef[],
  allocation: Allocation,
  lineId: string,
  from: Column,
  to: Column,
  quantity: number,
): MoveResult {
  const line = lines.find((l) => l.id === lineId);
  if (!line) return { ok: false, message: `Line ${lineId} is not on this order.` };
  for (const column of [from, to]) {
    if (column.kind !== 'shipment') continue;
    const shipment = allocation.shipments.find((s) => s.key === column.key);
    if (!shipment) return { ok: false, message: 'That shipment no longer exists.' };
    if (shipment.status !== 'open') {
      return { ok: false, message: `${columnName(column, allocation)} is already ${shipment.status}; its items can no longer change.` };
    }
  }
  if (!Number.isInteger(quantity) || quantity <= 0) {
    return { ok: false, message: `Move a whole number of at least 1, not ${quantity}.` };
  }
  const available = movableQuantity(line, allocation, from, to);
  if (quantity > available) {
    return {
      ok: false,
      message: `${columnName(from, allocation)} holds only ${quantityIn(line, allocation, from)} of ${line.sku}; you cannot move ${quantity}.`,
    };
  }
  const taken = changeColumn(allocation, from, lineId, -quantity);
  return { ok: true, allocation: changeColumn(taken, to, lineId, quantity) };
}

/** Adds an empty, open shipment at the end. */
export function addShipment(allocation: Allocation, key: string): Allocation {
  return { ...allocation, shipments: [...allocation.shipments, { key, status: 'open', lines: [] }] };
}

/** Removes an open shipment; its items go back to unassigned. */
export function removeShipment(allocation: Allocation, key: string): MoveResult {
  const shipment = allocation.shipments.find((s) => s.key === key);
  if (!shipment) return { ok: false, message: 'That shipment no longer exists.' };
  if (shipment.status !== 'open') return { ok: false, message: `A shipment that is ${shipment.status} cannot be removed.` };
  return { ok: true, allocation: { ...allocation, shipments: allocation.shipments.filter((s) => s.key !== key) } };
}

/** Merges open shipment `from` into open shipment `into`. */
export function mergeShipments(allocation: Allocation, from: string, into: string): MoveResult {
  const a = allocation.shipments.find((s) => s.key === from);
  const b = allocation.shipments.find((s) => s.key === into);
  if (!a || !b || from === into) return { ok: false, message: 'Pick two different shipments to merge.' };
  if (a.status !== 'open' || b.status !== 'open') return { ok: false, message: 'Only open shipments can be merged.' };
  let lines = b.lines;
  for (const entry of a.lines) lines = withQuantity(lines, entry.lineId, entry.quantity);
  return {
    ok: true,
    allocation: {
      ...allocation,
      shipments: allocation.shipments
        .filter((s) => s.key !== from)
        .map((s) => (s.key === into ? { ...s, lines } : s)),
    },
  };
}

/** Drops empty open shipments, so a board with a shipment emptied by dragging still saves. */
export function withoutEmptyShipments(allocation: Allocation): Allocation {
  return { ...allocation, shipments: allocation.shipments.filter((s) => s.status !== 'open' || s.lines.length > 0) };
}
