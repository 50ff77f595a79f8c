import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderHook } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { orderKeys } from '../orders/api/keys';
import { LIVE_REFRESH_MS, useLiveUpdates } from './use-live-updates';

/** The server's event stream, as the hook sees it: events are sent by the test. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  readonly listeners = new Map<string, (message: MessageEvent<string>) => void>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (message: MessageEvent<string>) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
  }
  send(data: { type: string } & Record<string, unknown>) {
    this.listeners.get(data.type)?.({ data: JSON.stringify(data) } as MessageEvent<string>);
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function setup() {
  const client = new QueryClient();
  const invalidate = vi.spyOn(client, 'invalidateQueries').mockResolvedValue();
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  const view = renderHook(() => useLiveUpdates(true, 'm1'), { wrapper });
  const refreshed = () => invalidate.mock.calls.map(([filters]) => JSON.stringify(filters?.queryKey));
  return { view, invalidate, refreshed, source: FakeEventSource.last! };
}

describe('useLiveUpdates', () => {
  it('refreshes what a burst of events changed once, at the end of the burst', () => {
    const { invalidate, refreshed, source } = setup();
    for (let i = 0; i < 100; i++) source.send({ type: 'shipment.updated', shipmentId: `s${i}`, orderId: `o${i % 10}` });
    expect(invalidate).not.toHaveBeenCalled();
    vi.advanceTimersByTime(LIVE_REFRESH_MS);
    // The lists once, not a hundred times; each order's page once.
    expect(refreshed().filter((k) => k === JSON.stringify(orderKeys.lists()))).toHaveLength(1);
    expect(refreshed().filter((k) => k.startsWith(JSON.stringify(orderKeys.details()).slice(0, -1)))).toHaveLength(10);
    expect(new Set(refreshed()).size).toBe(refreshed().length);
    // A later event is refreshed in its own turn.
    invalidate.mockClear();
    source.send({ type: 'order.updated', orderId: 'o1' });
    vi.advanceTimersByTime(LIVE_REFRESH_MS - 1);
    expect(invalidate).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(refreshed()).toContain(JSON.stringify(orderKeys.detail('o1')));
    expect(refreshed()).toContain(JSON.stringify(orderKeys.lists()));
  });

  it('closes the stream and drops what is still gathered when the page goes', () => {
    const { view, invalidate, source } = setup();
    source.send({ type: 'orders.imported', integrationId: 'i1' });
    view.unmount();
    vi.advanceTimersByTime(LIVE_REFRESH_MS * 2);
    expect(source.closed).toBe(true);
    expect(invalidate).not.toHaveBeenCalled();
  });
});
