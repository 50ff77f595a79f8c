import { useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useIntegrations } from '../features/integrations/api/get-integrations';
import { FulfilmentStatusSchema, type OrdersQuery } from '@shipdesk/contract';
import { FULFILMENT_STATUSES } from '@shipdesk/domain';
import { useOrders } from '../features/orders/api/get-orders';
import { FulfilmentBadge, fulfilmentLabel } from '../features/orders/components/status-badge';
import { formatDateTime, platformName } from '../lib/format';
import { PageLoading } from '../ui/page-loading';

const PAGE_SIZE = 25;

export default function OrdersPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const parsedStatus = FulfilmentStatusSchema.safeParse(params.get('status'));
  const status = parsedStatus.success ? parsedStatus.data : undefined;
  const cursor = params.get('cursor') ?? undefined;
  const filters = {
    q: params.get('q') ?? undefined,
    shop: params.get('shop') ?? undefined,
    country: params.get('country') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    sort: params.get('sort') === 'oldest' ? ('oldest' as const) : undefined,
  };
  const query: Partial<OrdersQuery> = { status, cursor, limit: PAGE_SIZE, ...filters };
  const integrations = useIntegrations();
  const shops = integrations.data?.platforms.flatMap((p) => p.shops) ?? [];
  const [search, setSearch] = useState(filters.q ?? '');
  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    next.delete('cursor');
    if (value) next.set(key, value);
    else next.delete(key);
    void navigate({ search: `?${next}` });
  };
  const tabLink = (value?: string) => {
    const next = new URLSearchParams(params);
    next.delete('cursor');
    if (value) next.set('status', value);
    else next.delete('status');
    return `?${next}`;
  };
  const orders = useOrders(query);
  const stack: string[] = (location.state as { stack?: string[] } | null)?.stack ?? [];

  const go = (next: { cursor?: string }, nextStack: string[]) => {
    const search = new URLSearchParams(params);
    if (next.cursor) search.set('cursor', next.cursor);
    else search.delete('cursor');
    void navigate({ search: `?${search}` }, { state: { stack: nextStack } });
  };

  const total = orders.data ? Object.values(orders.data.counts).reduce((a, b) => a + b, 0) : undefined;
  const tabs: { value?: (typeof FULFILMENT_STATUSES)[number]; label: string; count?: number }[] = [
    { label: 'All', count: total },
    ...FULFILMENT_STATUSES.map((s) => ({ value: s, label: fulfilmentLabel(s), count: orders.data?.counts[s] })),
  ];

  return (
    <>
      <div className="page-head">
        <h1>Orders</h1>
      </div>
      <nav className="tabs" aria-label="Filter by fulfilment status">
        {tabs.map((tab) => (
          <Link
            key={tab.label}
            to={tabLink(tab.value)}
            className={`tab${tab.value === status ? ' active' : ''}`}
            aria-current={tab.value === status ? 'page' : undefined}
          >
            {tab.label}
            {tab.count !== undefined && (
              <>
                {' '}
                <span className="count">{tab.count}</span>
              </>
            )}
          </Link>
        ))}
      </nav>

      <div className="filters">
        <form
          role="search"
          className="search"
          onSubmit={(e) => {
            e.preventDefault();
            setFilter('q', search.trim() || undefined);
          }}
        >
          <label htmlFor="order-search" className="visually-hidden">
            Search by order number, customer or SKU
          </label>
          <input id="order-search" type="search" placeholder="Order number, customer or SKU" value={search} onChange={(e) => setSearch(e.target.value)} />
          <button type="submit" className="button">
            Search
          </button>
        </form>
        <label htmlFor="shop-filter">Shop</label>
        <select id="shop-filter" value={filters.shop ?? ''} onChange={(e) => setFilter('shop', e.target.value || undefined)}>
          <option value="">All shops</option>
          {shops.map((shop) => (
            <option key={shop.id} value={shop.id}>
              {shop.name}
            </option>
          ))}
        </select>
        <label htmlFor="country-filter">Country</label>
        <input
          id="country-filter"
          className="short"
          maxLength={2}
          placeholder="NL"
          defaultValue={filters.country ?? ''}
          onBlur={(e) => setFilter('country', e.target.value.trim().toUpperCase() || undefined)}
          onKeyDown={(e) => e.key === 'Enter' && setFilter('country', e.currentTarget.value.trim().toUpperCase() || undefined)}
        />
        <label htmlFor="from-filter">From</label>
        <input id="from-filter" type="date" value={filters.from ?? ''} onChange={(e) => setFilter('from', e.target.value || undefined)} />
        <label htmlFor="to-filter">To</label>
        <input id="to-filter" type="date" value={filters.to ?? ''} onChange={(e) => setFilter('to', e.target.value || undefined)} />
        <label htmlFor="sort">Sort</label>
        <select id="sort" value={filters.sort ?? 'newest'} onChange={(e) => setFilter('sort', e.target.value === 'oldest' ? 'oldest' : undefined)}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </select>
      </div>
      {orders.isPending ? (
        <PageLoading label="Loading orders…" />
      ) : orders.isError ? (
        <p className="alert error" role="alert">
          Could not load the orders: {orders.error.message}{' '}
          <button type="button" className="link-button" onClick={() => void orders.refetch()}>
            Try again
          </button>
        </p>
      ) : orders.data.items.length === 0 ? (
        <div className="empty-state">
          <h2>No orders {status ? `that are ${fulfilmentLabel(status).toLowerCase()}` : filters.q || filters.shop || filters.country || filters.from || filters.to ? 'match these filters' : 'yet'}</h2>
          <p>{status || filters.q || filters.shop || filters.country || filters.from || filters.to ? 'Change the filters or pick another tab.' : 'Orders appear here as soon as your shops send them.'}</p>
        </div>
      ) : (
        <>
          <div className="table-wrap" aria-busy={orders.isFetching}>
            <table className="table">
              <caption className="visually-hidden">Orders, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Shop</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Country</th>
                  <th scope="col">Placed</th>
                  <th scope="col" className="num">
                    Items
                  </th>
                  <th scope="col" className="num">
                    Shipments
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {orders.data.items.map((order) => (
                  <tr key={order.id} onClick={() => void navigate(`/orders/${order.id}`)} className="clickable">
                    <td>
                      <Link to={`/orders/${order.id}`} onClick={(e) => e.stopPropagation()}>
                        {order.number}
                      </Link>
                    </td>
                    <td>
                      {order.shop.name} <span className="muted">({platformName(order.shop.platform)})</span>
                    </td>
                    <td>{order.customerName}</td>
                    <td>{order.country}</td>
                    <td>{formatDateTime(order.placedAt)}</td>
                    <td className="num">{order.itemCount}</td>
                    <td className="num">{order.shipmentCount}</td>
                    <td>
                      <FulfilmentBadge status={order.fulfilmentStatus} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <button type="button" className="button" disabled={!cursor} onClick={() => go({ cursor: stack.at(-1) || undefined }, stack.slice(0, -1))}>
              ← Previous
            </button>
            <span className="muted">Page {stack.length + 1}</span>
            <button
              type="button"
              className="button"
              disabled={!orders.data.nextCursor}
              onClick={() => go({ cursor: orders.data.nextCursor ?? undefined }, [...stack, cursor ?? ''])}
            >
              Next →
            </button>
          </div>
        </>
      )}
    </>
  );
}
