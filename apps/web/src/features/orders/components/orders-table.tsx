import { memo, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type { OrderSummary } from '@shipdesk/contract';
import { formatDateTime, formatNumber, platformName } from '../../../lib/format';
import { targetRow, toggleSelection, withSpacers } from '../lib/virtual-rows';
import { FulfilmentBadge } from './status-badge';

/**
 * Height of one row in px. The CSS gives every row exactly this height (cells never wrap), so rows
 * are not measured: measuring each row as it scrolls into view cost a ResizeObserver pass per frame.
 */
export const ROW_HEIGHT = 41;
/** Rows rendered beyond the visible ones, above and below. */
const OVERSCAN = 6;
/** Start loading the next (or previous) page when the visible rows come this close to the end (or start) of what is loaded. */
const LOAD_AHEAD = 30;
/** A view this many rows or more away from the loaded ones jumps there (one request) instead of loading every page on the way. */
const JUMP_ROWS = 100;
const COLUMNS = 9;

/** Where each list was scrolled to, so coming back from an order returns to the same place. */
const savedOffsets = new Map<string, number>();

export interface OrdersTableProps {
  /** The orders loaded: the rows from `firstIndex` on. */
  orders: readonly OrderSummary[];
  /** The position in the list of the first order loaded; the rows above it are loaded again as they come into view. */
  firstIndex?: number;
  /** How many orders match the filters in all, when known (the rows not loaded yet included). */
  total?: number;
  caption: string;
  selected: ReadonlySet<string>;
  onSelectedChange(next: Set<string>): void;
  hasNextPage: boolean;
  hasPreviousPage?: boolean;
  isFetchingNextPage: boolean;
  isFetchingPreviousPage?: boolean;
  loadMoreError: Error | null;
  loadPreviousError?: Error | null;
  onLoadMore(): void;
  onLoadPrevious?(): void;
  /** Loads the page holding row `index` in place of the loaded ones, for a view far from them. */
  onJump?(index: number): Promise<void>;
  busy?: boolean;
  /** Identifies this list in this history entry: scrolled back to where it was when the person returns. */
  restoreKey?: string;
  /** The size of the scroll area until it is measured (tests; server rendering). */
  initialRect?: { width: number; height: number };
}

/**
 * The orders overview as an endless, virtualised table: only the rows in view (and a margin) are
 * in the DOM, spacer rows keep the scroll height of the whole list, and the next page loads as the
 * end comes into view. Only the pages near the view are kept: rows above them stay in place as rows
 * still to load, and load again (the previous page) as they come into view. A real <table> with aria-rowcount/aria-rowindex, so screen readers know how
 * many orders there are and where they are; Tab reaches each row's checkbox and link, and the arrow
 * keys (Page Up/Down, Home/End) move between rows, scrolling rows into the DOM as needed.
 */
export function OrdersTable({
  orders,
  firstIndex = 0,
  total,
  caption,
  selected,
  onSelectedChange,
  hasNextPage,
  hasPreviousPage = false,
  isFetchingNextPage,
  isFetchingPreviousPage = false,
  loadMoreError,
  loadPreviousError = null,
  onLoadMore,
  onLoadPrevious,
  onJump,
  busy,
  restoreKey,
  initialRect,
}: OrdersTableProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const hintId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [focused, setFocused] = useState<number | null>(null);
  const anchor = useRef<number | null>(null);
  const pendingFocus = useRef<{ index: number; control: string } | null>(null);

  // The row with the focus stays in the DOM while it scrolls out of view, so focus is never lost.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return focused !== null && focused < range.count && !indexes.includes(focused)
        ? [...indexes, focused].sort((a, b) => a - b)
        : indexes;
    },
    [focused],
  );
  // How far down the list reaches: the loaded rows' end, or further while rows below them were
  // dropped (the person scrolled back up), so the scrollbar does not jump as pages come and go.
  const loadedEnd = firstIndex + orders.length;
  const [reach, setReach] = useState(loadedEnd);
  const count = hasNextPage ? Math.max(reach, loadedEnd) : loadedEnd;
  if (count !== reach) setReach(count);
  // Bounds checked: the virtualizer asks for every row's key, and an array read at a negative index
  // (a row above the loaded ones) is a slow property lookup in V8, not an element read.
  const orderAt = useCallback(
    (index: number): OrderSummary | undefined => (index >= firstIndex && index < firstIndex + orders.length ? orders[index - firstIndex] : undefined),
    [orders, firstIndex],
  );

  // Stable between renders of the same list: a new key function makes the virtualizer lay out
  // every row again, which with 100,000 rows is felt on each scroll event.
  const getItemKey = useCallback((index: number) => orderAt(index)?.id ?? index, [orderAt]);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey,
    rangeExtractor,
    initialRect,
    initialOffset: () => (restoreKey ? (savedOffsets.get(restoreKey) ?? 0) : 0),
  });
  // Where this list was scrolled to, kept when the person leaves it (another order, another tab): from
  // the virtualizer, which follows the scroll anyway; reading scrollTop on every scroll event would
  // force a layout in the middle of each scroll frame.
  useLayoutEffect(() => {
    if (!restoreKey) return;
    return () => {
      savedOffsets.set(restoreKey, virtualizer.scrollOffset ?? 0);
    };
  }, [restoreKey, virtualizer]);
  const virtualItems = virtualizer.getVirtualItems();
  const slots = withSpacers(virtualItems, virtualizer.getTotalSize());
  const inView = virtualItems.filter((item) => item.index !== focused);
  const firstInView = inView[0]?.index ?? -1;
  const lastInView = inView.at(-1)?.index ?? -1;

  // One page at a time, in whichever direction the view is running out of loaded rows; a view far
  // from them (the scrollbar dragged, Home, End) jumps there instead.
  const [jump, setJump] = useState<{ error: Error | null } | null>(null);
  // Where the last jump went: not again to the same place (its page may not have brought the rows,
  // e.g. orders deleted since), until the view has been near the loaded rows.
  const jumpedTo = useRef<number | null>(null);
  const fetching = isFetchingNextPage || isFetchingPreviousPage || (jump !== null && jump.error === null);
  useEffect(() => {
    if (fetching || firstInView < 0) return;
    const far = firstIndex - lastInView > JUMP_ROWS || firstInView - loadedEnd > JUMP_ROWS;
    if (!far) {
      jumpedTo.current = null;
      // A failed jump no longer matters once the view is back among the loaded rows.
      if (jump) setJump(null);
    } else if (jump) return; // failed: it waits for its retry (in the alert below the list)
    if (onJump && far && jumpedTo.current !== firstInView) {
      jumpedTo.current = firstInView;
      setJump({ error: null });
      onJump(firstInView).then(
        () => setJump(null),
        (error: unknown) => {
          jumpedTo.current = null;
          setJump({ error: error instanceof Error ? error : new Error(String(error)) });
        },
      );
      // A failed load waits for its retry, in its own direction only: the other end of the list
      // pages on.
    } else if (hasNextPage && !loadMoreError && lastInView >= loadedEnd - LOAD_AHEAD) onLoadMore();
    else if (hasPreviousPage && !loadPreviousError && onLoadPrevious && firstInView < firstIndex + LOAD_AHEAD) onLoadPrevious();
  }, [fetching, jump, loadMoreError, loadPreviousError, hasNextPage, hasPreviousPage, firstInView, lastInView, firstIndex, loadedEnd, onLoadMore, onLoadPrevious, onJump]);
  // A failed load is told below the list, where it stays in sight wherever the list is scrolled
  // (not in a row, which scrolling or a click's focus can move away), with its retry.
  const loadError = jump?.error
    ? { error: jump.error, retry: () => setJump(null) }
    : loadPreviousError
      ? { error: loadPreviousError, retry: onLoadPrevious }
      : loadMoreError
        ? { error: loadMoreError, retry: onLoadMore }
        : null;

  // A row asked for by the keyboard that was not in the DOM yet gets the focus once it is rendered.
  useLayoutEffect(() => {
    const wanted = pendingFocus.current;
    if (!wanted) return;
    const control = bodyRef.current?.querySelector<HTMLElement>(
      `tr[data-index="${wanted.index}"] [data-control="${wanted.control}"]`,
    );
    if (control) {
      pendingFocus.current = null;
      control.focus();
    }
  });

  const focusRow = (index: number, control: string) => {
    setFocused(index);
    const element = bodyRef.current?.querySelector<HTMLElement>(`tr[data-index="${index}"] [data-control="${control}"]`);
    if (element) {
      element.focus();
      return;
    }
    pendingFocus.current = { index, control };
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target as HTMLElement;
    const control = target.dataset.control;
    const index = Number(target.closest('tr')?.dataset.index);
    if (!control || Number.isNaN(index)) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const next = targetRow(event.key, index, count, pageRows);
    if (next === null) return;
    event.preventDefault();
    if (next !== index) focusRow(next, control);
  };

  // The latest selection and list for the rows' checkboxes, so the rows' props stay the same
  // between scroll frames and only rows that come into view render.
  const latest = useRef({ selected, orderAt, onSelectedChange });
  latest.current = { selected, orderAt, onSelectedChange };
  const toggle = useCallback((index: number, checked: boolean, shift: boolean) => {
    const { selected, orderAt, onSelectedChange } = latest.current;
    onSelectedChange(toggleSelection(selected, (i) => orderAt(i)?.id, index, checked, anchor.current, shift));
    anchor.current = index;
  }, []);

  // Over every loaded order, so worked out when the list or the selection changes, not on each scroll.
  const selectedLoaded = useMemo(() => (selected.size === 0 ? 0 : orders.reduce((n, o) => n + (selected.has(o.id) ? 1 : 0), 0)), [orders, selected]);
  const allSelected = orders.length > 0 && selectedLoaded === orders.length;
  const rowCount = Math.max(total ?? -1, count);

  return (
    <>
      <p id={hintId} className="visually-hidden">
        {t('orders.keyboardHint')}
      </p>
      <div
        className="table-wrap orders-scroll"
        ref={scrollRef}
        aria-busy={busy || fetching}
      >
        <table className="table orders-table" aria-rowcount={total === undefined ? -1 : rowCount + 1} aria-describedby={hintId}>
          <caption className="visually-hidden">{caption}</caption>
          <colgroup>
            <col className="col-select" />
            <col className="col-order" />
            <col className="col-shop" />
            <col className="col-customer" />
            <col className="col-country" />
            <col className="col-placed" />
            <col className="col-num" />
            <col className="col-num" />
            <col className="col-status" />
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col" className="select">
                <input
                  type="checkbox"
                  aria-label={t('orders.selectAll', { count: orders.length })}
                  checked={allSelected}
                  ref={(input) => {
                    if (input) input.indeterminate = selectedLoaded > 0 && !allSelected;
                  }}
                  disabled={orders.length === 0}
                  onChange={(e) => {
                    const next = new Set(selected);
                    for (const order of orders) {
                      if (e.target.checked) next.add(order.id);
                      else next.delete(order.id);
                    }
                    onSelectedChange(next);
                  }}
                />
              </th>
              <th scope="col">{t('orders.columns.order')}</th>
              <th scope="col">{t('orders.columns.shop')}</th>
              <th scope="col">{t('orders.columns.customer')}</th>
              <th scope="col">{t('orders.columns.country')}</th>
              <th scope="col">{t('orders.columns.placed')}</th>
              <th scope="col" className="num">
                {t('orders.columns.items')}
              </th>
              <th scope="col" className="num">
                {t('orders.columns.shipments')}
              </th>
              <th scope="col">{t('orders.columns.status')}</th>
            </tr>
          </thead>
          <tbody
            ref={bodyRef}
            onKeyDown={onKeyDown}
            onClick={(e) => {
              // One handler for every row: a click on a row (not its checkbox) opens the order, and so
              // does a plain click on its link, in the app; with a modifier the browser opens the link
              // as it would any other (a new tab, a new window).
              const target = e.target as HTMLElement;
              if (e.defaultPrevented || e.button !== 0 || target.closest('td.select')) return;
              const link = target.closest('a');
              if (link && (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)) return;
              const id = target.closest('tr')?.dataset.id;
              if (!id) return;
              e.preventDefault();
              void navigate(`/orders/${id}`);
            }}
            onFocus={(e) => {
              const index = Number((e.target as HTMLElement).closest('tr')?.dataset.index);
              if (!Number.isNaN(index)) setFocused(index);
            }}
            onBlur={(e) => {
              if (!bodyRef.current?.contains(e.relatedTarget as Node | null)) setFocused(null);
            }}
          >
            {slots.map((slot) => {
              if (slot.kind === 'spacer') {
                return (
                  <tr key={slot.key} className="spacer-row" aria-hidden="true">
                    <td colSpan={COLUMNS} style={{ height: slot.height }} />
                  </tr>
                );
              }
              const order = orderAt(slot.index);
              if (!order) {
                return (
                  <PlaceholderRow key={slot.key} index={slot.index} failed={loadError !== null} t={t} />
                );
              }
              return (
                <OrderRow
                  key={slot.key}
                  order={order}
                  index={slot.index}
                  selected={selected.has(order.id)}
                  onToggle={toggle}
                  t={t}
                />
              );
            })}
          </tbody>
        </table>
        {isFetchingNextPage && !loadMoreError && (
          <div className="list-end">
            <span className="spinner" aria-hidden="true" /> {t('orders.loadingMore')}
          </div>
        )}
      </div>
      {loadError && (
        <p className="list-error" role="alert">
          <span className="error-text">
            {t('orders.loadMoreError', { message: loadError.error.message })}{' '}
            <button type="button" className="link-button" onClick={loadError.retry}>
              {t('common.tryAgain')}
            </button>
          </span>
        </p>
      )}
      <p className="list-status muted" role="status">
        {total === undefined || hasNextPage
          ? t('orders.loaded', { loaded: formatNumber(count), total: formatNumber(rowCount) })
          : t('orders.allLoaded', { total: formatNumber(count) })}
      </p>
    </>
  );
}

/**
 * A row whose order is not loaded (any more): the list dropped its page when the person scrolled on,
 * and loads it again now that it is in view. Same height as an order's row, so nothing moves.
 */
const PlaceholderRow = memo(function PlaceholderRow({ index, failed, t }: { index: number; failed: boolean; t: TFunction }) {
  return (
    <tr data-index={index} aria-rowindex={index + 2} className="placeholder-row">
      <td colSpan={COLUMNS}>
        <span className="muted">{failed ? t('orders.notLoadedRow') : t('orders.loadingRow')}</span>
      </td>
    </tr>
  );
});

interface OrderRowProps {
  order: OrderSummary;
  index: number;
  selected: boolean;
  onToggle(index: number, checked: boolean, shift: boolean): void;
  /** The table's: a row mounts and unmounts on every scroll step, so it subscribes to nothing itself. */
  t: TFunction;
}

/**
 * One order's row; memoised, so a scroll renders only the rows that come into view. Clicks are
 * handled by the table body, and the link is a plain anchor: a fast scroll mounts a screenful of
 * new rows per frame, and a router link and navigate hook in each cost more than the row itself.
 */
const OrderRow = memo(function OrderRow({ order, index, selected, onToggle, t }: OrderRowProps) {
  const platform = platformName(order.shop.platform);
  return (
    <tr data-index={index} data-id={order.id} data-order={order.number} aria-rowindex={index + 2} className={`clickable${selected ? ' selected' : ''}`}>
      <td className="select">
        <input
          type="checkbox"
          data-control="select"
          aria-label={t('orders.selectOrder', { number: order.number })}
          checked={selected}
          onChange={(e) => onToggle(index, e.target.checked, 'shiftKey' in e.nativeEvent && Boolean(e.nativeEvent.shiftKey))}
        />
      </td>
      <td>
        <a href={`/orders/${order.id}`} data-control="link">
          {order.number}
        </a>
      </td>
      <td title={`${order.shop.name} (${platform})`}>
        {order.shop.name} <span className="muted">({platform})</span>
      </td>
      <td>{order.customerName}</td>
      <td>{order.country}</td>
      <td>{formatDateTime(order.placedAt)}</td>
      <td className="num">{formatNumber(order.itemCount)}</td>
      <td className="num">{formatNumber(order.shipmentCount)}</td>
      <td>
        <FulfilmentBadge status={order.fulfilmentStatus} t={t} />
      </td>
    </tr>
  );
});
