import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
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
