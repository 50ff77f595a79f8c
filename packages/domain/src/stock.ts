/**
 * How many of a line's open units the shop's stock covers now. `stock` is what the shop reports as
 * available to sell, with its unfulfilled orders — this one included — already taken off: zero or
 * more means every open order of the SKU is covered; below zero the shop is short by that many
 * units, and this line is counted short by all of them (the cautious reading). Unknown stock
 * (null) assumes everything is there, as before stock was known.
 */
export function stockCovers(open: number, stock: number | null): number {
  const units = Math.max(0, Math.floor(open));
  if (stock === null) return units;
  return Math.max(0, Math.min(units, units + Math.min(0, Math.floor(stock))));
}
