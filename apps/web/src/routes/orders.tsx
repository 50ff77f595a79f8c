import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
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
  const query: Partial<OrdersQuery> = { status, cursor, limit: PAGE_SIZE };
  const orders = useOrders(query);
  const stack: string[] = (location.state as { stack?: string[] } | null)?.stack ?? [];

  const go = (next: { status?: string; cursor?: string }, nextStack: string[]) => {
    const search = new URLSearchParams();
    if (next.status) search.set('status', next.status);
    if (next.cursor) search.set('cursor', next.cursor);
    void navigate({ search: search.toString() ? `?${search}` : '' }, { state: { stack: nextStack } });
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
            to={tab.value ? `?status=${tab.value}` : '?'}
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
          <h2>No orders {status ? `that are ${fulfilmentLabel(status).toLowerCase()}` : 'yet'}</h2>
          <p>{status ? 'Pick another tab to see other orders.' : 'Orders appear here as soon as your shops send them.'}</p>
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
            <button type="button" className="button" disabled={!cursor} onClick={() => go({ status, cursor: stack.at(-1) || undefined }, stack.slice(0, -1))}>
              ← Previous
            </button>
            <span className="muted">Page {stack.length + 1}</span>
            <button
              type="button"
              className="button"
              disabled={!orders.data.nextCursor}
              onClick={() => go({ status, cursor: orders.data.nextCursor ?? undefined }, [...stack, cursor ?? ''])}
            >
              Next →
            </button>
          </div>
        </>
      )}
    </>
  );
}
