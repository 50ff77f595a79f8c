import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../lib/format';
import { useMe } from '../features/auth/api/get-me';
import { useBackorders, useReleaseBackorder } from '../features/orders/api/backorders';
import { PageLoading } from '../ui/page-loading';

/** What waits for which SKU, and since when; release a line into a new shipment when stock arrives. */
export default function BackordersPage() {
  const backorders = useBackorders();
  const release = useReleaseBackorder();
  const me = useMe();
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);

  if (backorders.isPending) return <PageLoading label="Loading backorders…" />;
  if (backorders.isError) return <p className="alert error" role="alert">Could not load the backorders: {backorders.error.message}</p>;
  const items = backorders.data.items;
  const bySku = new Map<string, typeof items>();
  for (const item of items) bySku.set(item.sku, [...(bySku.get(item.sku) ?? []), item]);

  return (
    <>
      <div className="page-head">
        <h1>Backorders</h1>
      </div>
      <div aria-live="polite">{message && <p className={`alert ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</p>}</div>
      {items.length === 0 ? (
        <div className="empty-state">
          <h2>Nothing waits for stock</h2>
          <p>Items you hold back on an order's split board show up here, per SKU.</p>
        </div>
      ) : (
        [...bySku.entries()].map(([sku, rows]) => (
          <section key={sku} aria-labelledby={`bo-${sku}`} className="backorder-group">
            <h2 id={`bo-${sku}`}>
              <code>{sku}</code> {rows[0]!.name} <span className="count">{rows.reduce((n, r) => n + r.quantity, 0)} waiting</span>
            </h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Shop</th>
                  <th scope="col">Customer</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col">Waiting since</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.orderId}-${r.lineId}`} data-order={r.orderNumber}>
                    <td>
                      <Link to={`/orders/${r.orderId}`}>{r.orderNumber}</Link>
                    </td>
                    <td>{r.shopName}</td>
                    <td>{r.customerName}</td>
                    <td className="num">{r.quantity}</td>
                    <td>{formatDateTime(r.since)}</td>
                    <td>
                      {me.data?.role !== 'support' && (
                        <button
                          type="button"
                          className="button small"
                          disabled={release.isPending}
                          aria-label={`Stock arrived: release ${r.quantity} ${r.sku} of order ${r.orderNumber} into a new shipment`}
                          onClick={() =>
                            release.mutate(
                              { orderId: r.orderId, lineIds: [r.lineId] },
                              {
                                onSuccess: (order) =>
                                  setMessage({ kind: 'info', text: `Order ${order.number}: ${r.quantity} × ${r.sku} is in shipment ${order.shipments.at(-1)?.number}, ready to pack.` }),
                                onError: (e) => setMessage({ kind: 'error', text: e.message }),
                              },
                            )
                          }
                        >
                          Stock arrived: release
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))
      )}
    </>
  );
}
