import type { Column } from '@shipdesk/domain';

/** Ids of the board's droppable columns and draggable cards. */
export const columnId = (column: Column): string => (column.kind === 'shipment' ? `shipment:${column.key}` : column.kind);

export function columnFromId(id: string): Column {
  if (id === 'unassigned' || id === 'backorder') return { kind: id };
  if (id.startsWith('shipment:')) return { kind: 'shipment', key: id.slice('shipment:'.length) };
  throw new Error(`Not a board column: ${id}`);
}

export const cardId = (column: Column, lineId: string) => `${columnId(column)}|${lineId}`;

export function sameColumn(a: Column, b: Column): boolean {
  return columnId(a) === columnId(b);
}
