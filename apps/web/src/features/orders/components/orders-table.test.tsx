import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { OrderSummary } from '@shipdesk/contract';
import '../../../i18n';
import { OrdersTable, ROW_HEIGHT, type OrdersTableProps } from './orders-table';

const orders: OrderSummary[] = Array.from({ length: 1000 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  number: `#${10000 + i}`,
  shop: { id: 's1', name: 'Demo shop', platform: 'shopify' },
  customerName: `Customer ${i}`,
  country: 'NL',
  placedAt: new Date(Date.UTC(2026, 2, 14) - i * 60_000).toISOString(),
  fulfilmentStatus: 'unfulfilled',
  itemCount: 1,
  shipmentCount: 0,
}));

// happy-dom lays nothing out: give the scroll area and the rows the sizes a browser would.
const sizes = {
  clientHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
  offsetHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight'),
};
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('orders-scroll') ? 410 : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.tagName === 'TR' ? ROW_HEIGHT : 0;
    },
  });
});
afterAll(() => {
  for (const [name, descriptor] of Object.entries(sizes))
    if (descriptor) Object.defineProperty(HTMLElement.prototype, name, descriptor);
});
afterEach(cleanup);

function renderTable(props: Partial<OrdersTableProps> = {}) {
  const onSelectedChange = vi.fn();
  const onLoadMore = vi.fn();
  const onLoadPrevious = vi.fn();
  const all: OrdersTableProps = {
    orders,
    total: 5000,
    caption: 'Orders, newest first',
    selected: new Set(),
    onSelectedChange,
    hasNextPage: true,
    isFetchingNextPage: false,
    loadMoreError: null,
    onLoadMore,
    onLoadPrevious,
    initialRect: { width: 1200, height: 410 },
    ...props,
  };
  const view = render(
    <MemoryRouter>
      <OrdersTable {...all} />
    </MemoryRouter>,
  );
  return {
    ...view,
    onSelectedChange,
    onLoadMore,
    onLoadPrevious,
    rerenderWith: (more: Partial<OrdersTableProps>) =>
      view.rerender(
        <MemoryRouter>
          <OrdersTable {...all} {...more} />
        </MemoryRouter>,
      ),
  };
}

const dataRows = () => document.querySelectorAll('tbody tr[data-index]');

describe('OrdersTable', () => {
  it('puts only the rows in view (and a margin) in the DOM, with the row count of the whole list', () => {
    renderTable();
    const rows = dataRows();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(screen.getByRole('table', { name: 'Orders, newest first' }).getAttribute('aria-rowcount')).toBe('5001');
    expect(rows[0]!.getAttribute('aria-rowindex')).toBe('2');
    // A spacer keeps the height of the 1000 loaded rows, so the scrollbar is that of the list.
    const spacer = document.querySelector<HTMLElement>('tbody tr.spacer-row td')!;
    expect(parseFloat(spacer.style.height)).toBeGreaterThan(900 * ROW_HEIGHT);
    expect(screen.getByRole('status').textContent).toBe('1,000 of 5,000 orders loaded');
  });

  it('asks for the next page when the end of what is loaded comes into view, not before', () => {
    const { onLoadMore } = renderTable();
    expect(onLoadMore).not.toHaveBeenCalled();
    cleanup();
    const short = renderTable({ orders: orders.slice(0, 40) });
    expect(short.onLoadMore).toHaveBeenCalled();
    cleanup();
    const done = renderTable({ orders: orders.slice(0, 40), hasNextPage: false, total: 40 });
    expect(done.onLoadMore).not.toHaveBeenCalled();
    expect(screen.getByRole('status').textContent).toBe('All 40 orders loaded');
  });

  it('keeps the rows above the loaded pages in place, as rows to load, and loads the page before as they come into view', () => {
    // Orders 500 to 999 loaded (the list dropped the pages above as the person scrolled on), and
    // the view at the top again.
    const { onLoadPrevious, onLoadMore, rerenderWith } = renderTable({ orders: orders.slice(500), firstIndex: 500, hasPreviousPage: true });
    const rows = dataRows();
    expect(rows[0]!.getAttribute('data-index')).toBe('0');
    expect(rows[0]!.getAttribute('aria-rowindex')).toBe('2');
    expect(rows[0]!.textContent).toBe('Loading…');
    expect(screen.queryByRole('link')).toBeNull();
    expect(onLoadPrevious).toHaveBeenCalledTimes(1);
    expect(onLoadMore).not.toHaveBeenCalled();
    // The whole list keeps its height and count: nothing moves.
    expect(screen.getByRole('table').getAttribute('aria-rowcount')).toBe('5001');
    expect(screen.getByRole('status').textContent).toBe('1,000 of 5,000 orders loaded');
    // One page at a time: not again while it loads.
    rerenderWith({ orders: orders.slice(500), firstIndex: 500, hasPreviousPage: true, isFetchingPreviousPage: true });
    expect(onLoadPrevious).toHaveBeenCalledTimes(1);
    // It failed: the list says so below it, the rows say they are not loaded, and it tries again.
    rerenderWith({ orders: orders.slice(500), firstIndex: 500, hasPreviousPage: true, loadPreviousError: new Error('HTTP 503') });
    expect(onLoadPrevious).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('alert').textContent).toBe('Could not load more orders: HTTP 503 Try again');
    expect(dataRows()[0]!.textContent).toBe('Not loaded');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onLoadPrevious).toHaveBeenCalledTimes(2);
    // The first page is back and the pages below were dropped: the rows at the top are orders,
    // and the list still reaches as far down as it did, so the scrollbar does not jump.
    rerenderWith({ orders: orders.slice(0, 500), firstIndex: 0, hasPreviousPage: false });
    expect(dataRows()[0]!.textContent).toContain('#10000');
    expect(screen.getByRole('status').textContent).toBe('1,000 of 5,000 orders loaded');
    const end = document.querySelector<HTMLElement>('tbody tr.spacer-row:last-child td')!;
    expect(parseFloat(end.style.height)).toBeGreaterThan(950 * ROW_HEIGHT);
  });

  it('jumps to a view far from the loaded rows in one load, instead of loading every page on the way', async () => {
    let fail = true;
    const onJump = vi.fn(async () => {
      if (fail) throw new Error('HTTP 503');
    });
    // Orders 500 to 999 loaded, the view at the top: 480 rows away.
    const { onLoadPrevious } = renderTable({ orders: orders.slice(500), firstIndex: 500, hasPreviousPage: true, onJump });
    expect(onJump).toHaveBeenCalledTimes(1);
    expect(onJump).toHaveBeenCalledWith(0);
    expect(onLoadPrevious).not.toHaveBeenCalled();
    // It failed: the list says so below it, and tries again.
    expect((await screen.findByRole('alert')).textContent).toContain('HTTP 503');
    expect(dataRows()[0]!.textContent).toBe('Not loaded');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await act(async () => {});
    expect(screen.queryByText(/HTTP 503/)).toBeNull();
    // Once, even though this table's rows did not change: not again to the same place.
    expect(onJump).toHaveBeenCalledTimes(2);
  });

  it('forgets a failed jump once the view is back among the loaded rows, and pages on from there', async () => {
    const onJump = vi.fn(async () => {
      throw new Error('HTTP 503');
    });
    const { onLoadMore, rerenderWith } = renderTable({ orders: orders.slice(500, 540), firstIndex: 500, hasPreviousPage: true, onJump });
    await screen.findByText(/HTTP 503/);
    expect(onLoadMore).not.toHaveBeenCalled();
    // The list is back at the top (here: the first pages loaded again): no error, and the end of
    // what is loaded being in view, the next page loads.
    rerenderWith({ orders: orders.slice(0, 40), firstIndex: 0, hasPreviousPage: false, onJump });
    await act(async () => {});
    expect(screen.queryByText(/HTTP 503/)).toBeNull();
    expect(onLoadMore).toHaveBeenCalled();
    expect(onJump).toHaveBeenCalledTimes(1);
  });

  it('pages on at one end while a load at the other end waits for its retry', () => {
    // Orders 10 to 39 loaded, the view over both ends of them: the page before and the next are wanted.
    const window = { orders: orders.slice(10, 40), firstIndex: 10, hasPreviousPage: true };
    // The page before failed to load: it waits for its retry, and the next page loads.
    const { onLoadMore, onLoadPrevious } = renderTable({ ...window, loadPreviousError: new Error('HTTP 503') });
    expect(onLoadMore).toHaveBeenCalled();
    expect(onLoadPrevious).not.toHaveBeenCalled();
    cleanup();
    // The next page failed: the page before loads.
    const other = renderTable({ ...window, loadMoreError: new Error('HTTP 503') });
    expect(other.onLoadPrevious).toHaveBeenCalled();
    expect(other.onLoadMore).not.toHaveBeenCalled();
    // Its retry is below the list.
    fireEvent.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Try again' }));
    expect(other.onLoadMore).toHaveBeenCalledTimes(1);
  });

  it('loads the page before, not a jump, for a view near the loaded rows', () => {
    const onJump = vi.fn();
    // Near the loaded rows (here 40 rows above them), the page before is loaded as usual.
    const near = renderTable({ orders: orders.slice(60), firstIndex: 60, hasPreviousPage: true, onJump });
    expect(near.onLoadPrevious).toHaveBeenCalledTimes(1);
    expect(onJump).not.toHaveBeenCalled();
  });

  it('selects only loaded orders in a shift range over rows no longer loaded', () => {
    const { onSelectedChange, rerenderWith } = renderTable({ orders: orders.slice(10), firstIndex: 10, hasPreviousPage: true });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select order #10012' }));
    // The page holding #10012 and the rows above it were dropped; a shift click on #10015 takes
    // the range from #10012, of which 13 to 15 are loaded.
    rerenderWith({ orders: orders.slice(13), firstIndex: 13, hasPreviousPage: true, selected: new Set([orders[12]!.id]) });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select order #10015' }), { shiftKey: true });
    expect([...onSelectedChange.mock.lastCall![0]].sort()).toEqual([12, 13, 14, 15].map((i) => orders[i]!.id));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all 987 loaded orders' }));
    expect(onSelectedChange.mock.lastCall![0].size).toBe(988);
  });

  it('selects one row, a range with shift, and every loaded row from the header', () => {
    const { onSelectedChange, rerenderWith } = renderTable();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select order #10002' }));
    expect([...onSelectedChange.mock.lastCall![0]]).toEqual([orders[2]!.id]);
    rerenderWith({ selected: new Set([orders[2]!.id]) });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select order #10005' }), { shiftKey: true });
    expect(onSelectedChange.mock.lastCall![0].size).toBe(4);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all 1000 loaded orders' }));
    expect(onSelectedChange.mock.lastCall![0].size).toBe(1000);
  });

  it('moves the focus between rows with the arrow keys, keeping the same control', async () => {
    renderTable();
    const link = screen.getByRole('link', { name: '#10003' });
    link.focus();
    fireEvent.keyDown(link, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('#10004');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement?.textContent).toBe('#10002');
    const box = screen.getByRole('checkbox', { name: 'Select order #10002' });
    box.focus();
    fireEvent.keyDown(box, { key: 'Home' });
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Select order #10000');
    // End jumps to a row that is not rendered yet: it is scrolled into the DOM, then focused.
    await act(async () => {
      fireEvent.keyDown(document.activeElement!, { key: 'End' });
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(document.querySelector('tr[data-index="999"]')).not.toBeNull();
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Select order #10999');
  });
});
