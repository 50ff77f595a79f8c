/** What a virtualised table body holds: the rendered rows, with spacer rows for the gaps between them. */
export type BodySlot = { kind: 'spacer'; key: string; height: number } | { kind: 'row'; index: number; key: string | number };

interface Positioned {
  index: number;
  key: string | number | bigint;
  start: number;
  end: number;
}

/**
 * Lays out the visible rows of a virtualised list in a real table: a spacer row stands in for the
 * height of every run of rows that is not in the DOM (before, between and after the rendered ones),
 * so the scrollbar and the scroll position stay those of the whole list.
 */
export function withSpacers(items: readonly Positioned[], totalSize: number, offset = 0): BodySlot[] {
  const slots: BodySlot[] = [];
  let cursor = offset;
  for (const item of items) {
    if (item.start > cursor + 0.5) slots.push({ kind: 'spacer', key: `gap-${item.index}`, height: item.start - cursor });
    slots.push({ kind: 'row', index: item.index, key: typeof item.key === 'bigint' ? String(item.key) : item.key });
    cursor = Math.max(cursor, item.end);
  }
  if (totalSize > cursor + 0.5) slots.push({ kind: 'spacer', key: 'gap-end', height: totalSize - cursor });
  return slots;
}

/** Where a key press moves the focus in a list of `count` rows, or null if the key does not move it. */
export function targetRow(key: string, index: number, count: number, pageRows = 10): number | null {
  if (count === 0) return null;
  const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: pageRows, PageUp: -pageRows };
  let target: number;
  if (key in step) target = index + step[key]!;
  else if (key === 'Home') target = 0;
  else if (key === 'End') target = count - 1;
  else return null;
  return Math.min(count - 1, Math.max(0, target));
}

/** The selection after a click on row `index`; with shift, everything from the last clicked row on takes its state. */
export function toggleSelection(
  selected: ReadonlySet<string>,
  idAt: (index: number) => string | undefined,
  index: number,
  checked: boolean,
  anchor: number | null,
  shift: boolean,
): Set<string> {
  const next = new Set(selected);
  const [from, to] = shift && anchor !== null ? [Math.min(anchor, index), Math.max(anchor, index)] : [index, index];
  for (let i = from; i <= to; i++) {
    const id = idAt(i);
    if (id === undefined) continue;
    if (checked) next.add(id);
    else next.delete(id);
  }
  return next;
}
