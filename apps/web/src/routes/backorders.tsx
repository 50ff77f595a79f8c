import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../lib/format';
import { useMe } from '../features/auth/api/get-me';
import { useBackorders, useReleaseBackorder } from '../features/orders/api/backorders';
import { PageLoading } from '../ui/page-loading';

/** What waits for which SKU, and since when; release a line into a new shipment when stock arrives. */
export default function BackordersPage() {
  const backorders = useBackorders();
  const release = useReleaseBackorder();
  const me = useMe();
  const { t } = useTranslation();
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);

  if (backorders.isPending) return <PageLoading label={t('backorders.loading')} />;
  if (backorders.isError) return <p className="alert error" role="alert">{t('backorders.loadError', { message: backorders.error.message })}</p>;
  const items = backorders.data.items;
  const bySku = new Map<string, typeof items>();
  for (const item of items) bySku.set(item.sku, [...(bySku.get(item.sku) ?? []), item]);

  return (
    <>
      <div className="page-head">
        <h1>{t('backorders.title')}</h1>
      </div>
      <div aria-live="polite">{message && <p className={`alert ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</p>}</div>
      {items.length === 0 ? (
        <div className="empty-state">
          <h2>{t('backorders.emptyTitle')}</h2>
          <p>{t('backorders.emptyText')}</p>
        </div>
      ) : (
        [...bySku.entries()].map(([sku, rows]) => (
          <section key={sku} aria-labelledby={`bo-${sku}`} className="backorder-group">
            <h2 id={`bo-${sku}`}>
              <code>{sku}</code> {rows[0]!.name} <span className="count">{t('backorders.waiting', { count: rows.reduce((n, r) => n + r.quantity, 0) })}</span>
            </h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('common.order')}</th>
                  <th scope="col">{t('common.shop')}</th>
                  <th scope="col">{t('common.customer')}</th>
                  <th scope="col" className="num">
                    {t('common.quantity')}
                  </th>
                  <th scope="col">{t('backorders.waitingSince')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
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
                          aria-label={t('backorders.releaseLabel', { quantity: r.quantity, sku: r.sku, order: r.orderNumber })}
                          onClick={() =>
                            release.mutate(
                              { orderId: r.orderId, lineIds: [r.lineId] },
                              {
                                onSuccess: (order) =>
                                  setMessage({ kind: 'info', text: t('backorders.released', { order: order.number, quantity: r.quantity, sku: r.sku, shipment: order.shipments.at(-1)?.number }) }),
                                onError: (e) => setMessage({ kind: 'error', text: e.message }),
                              },
                            )
                          }
                        >
                          {t('backorders.release')}
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
