import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format';
import type { TFunction } from 'i18next';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import type { OrderDetail } from '@shipdesk/contract';
import {
  addShipment,
  movableQuantity,
  moveQuantity,
  quantityIn,
  removeShipment,
  type Allocation,
  type Column,
  type OrderLineRef,
} from '@shipdesk/domain';
import { cardId, columnFromId, columnId, sameColumn } from '../lib/board';
import { allocationOf, lineRefs } from '../lib/allocation-view';
import { QuantityDialog, type QuantityPrompt } from './quantity-dialog';
import { ShipmentBadge } from './status-badge';

interface DragData {
  lineId: string;
  from: Column;
}

/** Arrow keys jump the dragged card from one column to the next, instead of 25 px at a time. */
const columnKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  const { collisionRect, droppableRects, droppableContainers } = context;
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.code];
  if (!collisionRect || !step) return undefined;
  event.preventDefault();
  const targets = droppableContainers
    .getEnabled()
    .map((container) => ({ id: container.id, rect: droppableRects.get(container.id) }))
    .filter((t): t is { id: typeof t.id; rect: NonNullable<typeof t.rect> } => Boolean(t.rect))
    .sort((a, b) => a.rect.left - b.rect.left || a.rect.top - b.rect.top);
  if (targets.length === 0) return undefined;
  const cx = collisionRect.left + collisionRect.width / 2;
  let index = targets.findIndex((t) => cx >= t.rect.left && cx <= t.rect.left + t.rect.width);
  if (index < 0) index = step > 0 ? -1 : targets.length;
  const target = targets[Math.min(targets.length - 1, Math.max(0, index + step))]!;
  return {
    x: target.rect.left + target.rect.width / 2 - collisionRect.width / 2,
    y: target.rect.top + 48,
  };
};

export interface SplitBoardProps {
  order: OrderDetail;
  /** Open shipments made on the board that have no items yet (not saved until they do). */
  draftShipments: string[];
  saving: boolean;
  onAddShipment(): void;
  /** Called with the new split after every accepted move; the page saves it. */
  onChange(allocation: Allocation): void;
  onRefused(message: string): void;
  /** Proposes a split of the open items (parcels within the weight limit); one click accepts. */
  onSuggest?: () => void;
  /** Actions and sync state shown under a saved shipment (mark shipped, retry sync…). */
  shipmentFooter?: (shipment: OrderDetail['shipments'][number], title: string) => ReactNode;
}

function columnTitle(t: TFunction, column: Column, allocation: Allocation): string {
  if (column.kind === 'unassigned') return t('board.unassigned');
  if (column.kind === 'backorder') return t('board.backorder');
  const index = allocation.shipments.findIndex((s) => s.key === column.key);
  return t('board.shipment', { number: index + 1 });
}

export function SplitBoard({
  order,
  draftShipments,
  saving,
  onAddShipment,
  onChange,
  onRefused,
  onSuggest,
  shipmentFooter,
}: SplitBoardProps) {
  const { t } = useTranslation();
  const lines = useMemo(() => lineRefs(order), [order]);
  const allocation = useMemo(
    () =>
      draftShipments.reduce(
        (acc, key) => (acc.shipments.some((s) => s.key === key) ? acc : addShipment(acc, key)),
        allocationOf(order),
      ),
    [order, draftShipments],
  );
  const [active, setActive] = useState<DragData | null>(null);
  const [prompt, setPrompt] = useState<(QuantityPrompt & { lineId: string; from: Column; to: Column }) | null>(null);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeyboardCoordinates }),
  );

  const lineName = (lineId: string) => lines.find((l) => l.id === lineId)?.sku ?? t('board.item');
  const announcements: Announcements = {
    onDragStart: ({ active: a }) => t('board.pickedUp', { sku: lineName((a.data.current as DragData).lineId) }),
    onDragOver: ({ active: a, over }) =>
      over
        ? t('board.over', {
            sku: lineName((a.data.current as DragData).lineId),
            column: columnTitle(t, columnFromId(String(over.id)), allocation),
          })
        : t('board.notOver'),
    onDragEnd: ({ active: a, over }) =>
      over
        ? t('board.dropped', {
            sku: lineName((a.data.current as DragData).lineId),
            column: columnTitle(t, columnFromId(String(over.id)), allocation),
          })
        : t('board.droppedOutside'),
    onDragCancel: ({ active: a }) => t('board.cancelled', { sku: lineName((a.data.current as DragData).lineId) }),
  };

  const commit = (lineId: string, from: Column, to: Column, quantity: number) => {
    const result = moveQuantity(lines, allocation, lineId, from, to, quantity);
    if (result.ok) onChange(result.allocation);
    else onRefused(result.message);
  };

  const onDragStart = (event: DragStartEvent) => setActive(event.active.data.current as DragData);
  const onDragEnd = (event: DragEndEvent) => {
    setActive(null);
    if (!event.over) return;
    const { lineId, from } = event.active.data.current as DragData;
    const to = columnFromId(String(event.over.id));
    if (sameColumn(from, to)) return;
    const line = lines.find((l) => l.id === lineId)!;
    const max = movableQuantity(line, allocation, from, to);
    if (max <= 0) {
      const refused = moveQuantity(lines, allocation, lineId, from, to, 1);
      onRefused(refused.ok ? t('board.nothingToMove') : refused.message);
    } else if (max === 1) {
      commit(lineId, from, to, 1);
    } else {
      setPrompt({ lineId, from, to, max, sku: line.sku, name: line.name, toName: columnTitle(t, to, allocation) });
    }
  };

  const columns: Column[] = [
    { kind: 'unassigned' },
    ...allocation.shipments.filter((s) => s.status !== 'cancelled').map((s) => ({ kind: 'shipment' as const, key: s.key })),
    { kind: 'backorder' },
  ];
  const activeLine = active ? lines.find((l) => l.id === active.lineId) : undefined;

  return (
    <section aria-labelledby="split-board-title" className="split-board-section">
      <div className="section-head">
        <h2 id="split-board-title">{t('board.title')}</h2>
        <p className="hint">{saving ? t('board.hintSaving') : t('board.hint')}</p>
        {onSuggest && lines.some((l) => quantityIn(l, allocation, { kind: 'unassigned' }) > 0) && (
          <button
            type="button"
            className="button"
            onClick={onSuggest}
            disabled={saving}
            title={
              order.parcelLimit
                ? t('board.suggestTitleWithLimit', {
                    kg: formatNumber(order.parcelLimit.maxWeightGrams / 1000),
                    product: order.parcelLimit.productName,
                  })
                : t('board.suggestTitle')
            }
          >
            {t('board.suggest')}
          </button>
        )}
        <button type="button" className="button" onClick={onAddShipment} disabled={saving}>
          {t('board.addShipment')}
        </button>
      </div>
      <DndContext
        sensors={sensors}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActive(null)}
        accessibility={{
          announcements,
          screenReaderInstructions: { draggable: t('board.instructions') },
        }}
      >
        <div className="board" aria-busy={saving}>
          {columns.map((column) => (
            <BoardColumn
              key={columnId(column)}
              column={column}
              title={columnTitle(t, column, allocation)}
              order={order}
              lines={lines}
              allocation={allocation}
              active={active}
              saving={saving}
              footer={shipmentFooter}
              onRemove={
                column.kind === 'shipment'
                  ? () => {
                      const result = removeShipment(allocation, column.key);
                      if (result.ok) onChange(result.allocation);
                      else onRefused(result.message);
                    }
                  : undefined
              }
            />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>
          {activeLine ? (
            <div className="card card-overlay">
              <strong>{activeLine.sku}</strong> {activeLine.name}
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {prompt && (
        <QuantityDialog
          prompt={prompt}
          onCancel={() => setPrompt(null)}
          onConfirm={(quantity) => {
            setPrompt(null);
            commit(prompt.lineId, prompt.from, prompt.to, quantity);
          }}
        />
      )}
    </section>
  );
}

interface BoardColumnProps {
  column: Column;
  title: string;
  order: OrderDetail;
  lines: OrderLineRef[];
  allocation: Allocation;
  active: DragData | null;
  saving: boolean;
  footer?: SplitBoardProps['shipmentFooter'];
  onRemove?: () => void;
}

function BoardColumn({ column, title, order, lines, allocation, active, saving, footer, onRemove }: BoardColumnProps) {
  const shipment = column.kind === 'shipment' ? allocation.shipments.find((s) => s.key === column.key) : undefined;
  const saved = shipment ? order.shipments.find((s) => s.id === shipment.key) : undefined;
  const locked = shipment ? shipment.status !== 'open' : false;
  const { setNodeRef, isOver } = useDroppable({ id: columnId(column), disabled: locked });
  const { t } = useTranslation();

  // Show what a drop here would do, with the same rule the server applies.
  let dropState: 'none' | 'ok' | 'refused' = 'none';
  if (active && !sameColumn(active.from, column)) {
    const line = lines.find((l) => l.id === active.lineId)!;
    dropState = movableQuantity(line, allocation, active.from, column) > 0 ? 'ok' : 'refused';
  }
  const items = lines.map((line) => ({ line, quantity: quantityIn(line, allocation, column) })).filter((x) => x.quantity > 0);
  const units = items.reduce((sum, x) => sum + x.quantity, 0);
  const headingId = `col-${columnId(column)}`;

  return (
    <section
      ref={setNodeRef}
      className={`column column-${column.kind} drop-${dropState}${isOver ? ' is-over' : ''}${locked ? ' locked' : ''}`}
      aria-labelledby={headingId}
      data-testid={`column-${title}`}
    >
      <header className="column-head">
        <h3 id={headingId}>
          {title}{' '}
          <span className="count" aria-label={t('board.units', { count: units })}>
            {units}
          </span>
        </h3>
        {shipment && <ShipmentBadge status={shipment.status} />}
        {saved?.trackingCode && <code className="tracking">{saved.trackingCode}</code>}
        {onRemove && shipment?.status === 'open' && (
          <button
            type="button"
            className="link-button"
            onClick={onRemove}
            disabled={saving}
            aria-label={t('board.removeLabel', { title })}
          >
            {t('board.remove')}
          </button>
        )}
      </header>
      <ul className="cards">
        {items.map(({ line, quantity }) => (
          <Card key={line.id} line={line} column={column} quantity={quantity} disabled={locked || saving} />
        ))}
      </ul>
      {items.length === 0 && (
        <p className="empty">
          {column.kind === 'unassigned'
            ? t('board.emptyUnassigned')
            : column.kind === 'backorder'
              ? t('board.emptyBackorder')
              : t('board.emptyShipment')}
        </p>
      )}
      {saved && footer?.(saved, title)}
      {dropState === 'refused' && (
        <p className="drop-note">
          {locked && shipment ? t(`board.locked.${shipment.status}`, { title }) : t('board.nothingToMoveHere')}
        </p>
      )}
    </section>
  );
}

function Card({ line, column, quantity, disabled }: { line: OrderLineRef; column: Column; quantity: number; disabled: boolean }) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: cardId(column, line.id),
    data: { lineId: line.id, from: column } satisfies DragData,
    disabled,
  });
  return (
    <li>
      <div
        ref={setNodeRef}
        className={`card${isDragging ? ' dragging' : ''}${disabled ? ' disabled' : ''}`}
        {...listeners}
        {...attributes}
        data-sku={line.sku}
        data-quantity={quantity}
      >
        <span className="card-sku">{line.sku}</span>
        <span className="card-name">{line.name}</span>
        <span className="card-qty">
          × {quantity}
          {quantity !== line.quantity && <span className="of"> {t('board.of', { count: line.quantity })}</span>}
        </span>
      </div>
    </li>
  );
}
