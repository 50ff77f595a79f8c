import type { AllocatedQuantity } from './allocation';

export interface SuggestLine {
  id: string;
  sku: string;
  /** Units still to allocate (the line's open quantity). */
  quantity: number;
  unitWeightGrams: number;
  /** Units in stock now; what is missing goes on backorder. */
  available: number;
}

export interface ParcelLimits {
  /** The carrier's weight limit for one parcel, packaging included. */
  maxWeightGrams?: number;
  /** Weight of the box and filling, added to every parcel. */
  packagingGrams?: number;
}

export interface SplitSuggestion {
  /** One entry per proposed parcel (shipment). */
  shipments: AllocatedQuantity[][];
  backorder: AllocatedQuantity[];
  /** Things a person should know: an item heavier than the limit on its own, say. */
  notes: string[];
}

function add(entries: AllocatedQuantity[], lineId: string, quantity: number): void {
  const found = entries.find((e) => e.lineId === lineId);
  if (found) found.quantity += quantity;
  else entries.push({ lineId, quantity });
}

/**
 * Proposes how to split the open part of an order before anyone drags: what is in stock ships,
 * what is not goes on backorder, and the shipped units are packed into as few parcels as a
 * first-fit-decreasing heuristic finds within the carrier's weight limit. Never allocates more
 * than a line's open quantity; a unit heavier than the limit on its own gets a parcel to itself
 * and a note.
 */
export function suggestSplit(lines: readonly SuggestLine[], limits: ParcelLimits = {}): SplitSuggestion {
  const packaging = limits.packagingGrams ?? 0;
  const capacity = limits.maxWeightGrams !== undefined ? limits.maxWeightGrams - packaging : Infinity;
  const backorder: AllocatedQuantity[] = [];
  const notes: string[] = [];
  const units: { lineId: string; weight: number }[] = [];

  for (const line of lines) {
    const open = Math.max(0, Math.floor(line.quantity));
    const ship = Math.min(open, Math.max(0, Math.floor(line.available)));
    if (open - ship > 0) add(backorder, line.id, open - ship);
    if (ship > 0 && line.unitWeightGrams > capacity) {
      notes.push(`${line.sku} weighs ${line.unitWeightGrams} g, more than one parcel may (${limits.maxWeightGrams} g): each unit gets a parcel of its own. Check the carrier's limits.`);
    }
    for (let i = 0; i < ship; i++) units.push({ lineId: line.id, weight: Math.max(0, line.unitWeightGrams) });
  }

  // First fit decreasing: heaviest units first, each into the first parcel it fits in.
  units.sort((a, b) => b.weight - a.weight || a.lineId.localeCompare(b.lineId));
  const parcels: { load: number; lines: AllocatedQuantity[] }[] = [];
  for (const unit of units) {
    let parcel = unit.weight > capacity ? undefined : parcels.find((p) => p.load + unit.weight <= capacity);
    if (!parcel) {
      parcel = { load: 0, lines: [] };
      parcels.push(parcel);
    }
    parcel.load += unit.weight;
    add(parcel.lines, unit.lineId, 1);
  }
  return { shipments: parcels.map((p) => p.lines), backorder, notes };
}
