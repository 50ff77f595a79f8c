import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api-client';
import { formatDateTime, platformName } from '../lib/format';
import { useMe } from '../features/auth/api/get-me';
import { useShipment } from '../features/shipments/api/get-shipment';
import { useRetrySync } from '../features/shipments/api/retry-sync';
import { SyncBadge } from '../features/shipments/components/sync-badge';
import { TrackingCode } from '../features/shipments/components/tracking-code';
import { ShipmentBadge } from '../features/orders/components/status-badge';
import { PageLoading } from '../ui/page-loading';

export default function ShipmentDetailPage() {
  const { shipmentId = '' } = useParams();
  const shipment = useShipment(shipmentId);
  const me = useMe();
  const retry = useRetrySync();
  const { t } = useTranslation();

  if (shipment.isPending) return <PageLoading label={t('shipment.loading')} />;
  if (shipment.isError) {
    return (
      <div className="empty-state">
        <h1>{shipment.error instanceof ApiError && shipment.error.status === 404 ? t('shipment.notFound') : t('shipment.loadError')}</h1>
        <p>{shipment.error.message}</p>
        <Link to="/shipments">{t('shipment.back')}</Link>
      </div>
    );
  }
  const s = shipment.data;
  const shopTerm = t(s.shop.platform === 'shopify' ? 'common.shopTerm.fulfillment' : 'common.shopTerm.shipment');

  return (
    <>
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to="/shipments">{t('shipments.title')}</Link> / <Link to={`/orders/${s.orderId}`}>{s.orderNumber}</Link> / <span aria-current="page">{t('shipment.crumb', { number: s.number })}</span>
      </nav>
      <div className="page-head">
        <h1>{t('shipment.title', { number: s.number, order: s.orderNumber })}</h1>
        <ShipmentBadge status={s.status} />
        <SyncBadge status={s.syncStatus} error={s.syncError} />
      </div>
      {s.syncStatus === 'failed' && (
        <div className="alert error" role="alert">
          {t('shipment.syncFailed', { error: s.syncError })}
          {me.data?.role !== 'support' && (
            <>
              {' '}
              <button type="button" className="button small" disabled={retry.isPending} onClick={() => retry.mutate(s.id)}>
                {t('shipmentActions.retrySync')}
              </button>
            </>
          )}
        </div>
      )}
      <dl className="facts">
        <div>
          <dt>{t('common.shipTo')}</dt>
          <dd>
            {s.shippingAddress.name}
            <br />
            {s.shippingAddress.street}, {s.shippingAddress.postalCode} {s.shippingAddress.city}, {s.shippingAddress.country}
          </dd>
        </div>
        <div>
          <dt>{t('shipment.carrierAndTracking')}</dt>
          <dd>
            {s.carrier ?? t('shipment.noCarrier')}
            <br />
            <TrackingCode code={s.trackingCode} carrier={s.carrier} postalCode={s.shippingAddress.postalCode} country={s.shippingAddress.country} />
          </dd>
        </div>
        <div>
          <dt>{t('common.shop')}</dt>
          <dd>
            {s.shop.name} ({platformName(s.shop.platform)}) · {s.processingMode === 'shipment_level' ? t('common.shipmentLevel') : t('common.orderLevel')}
            <br />
            <span className="muted">{s.externalId ? t('shipment.shopReference', { term: shopTerm, id: s.externalId }) : t('shipment.noShopReference', { term: shopTerm })}</span>
          </dd>
        </div>
        <div>
          <dt>{t('common.created')}</dt>
          <dd>
            {formatDateTime(s.createdAt)}
            {s.shippedAt && (
              <>
                <br />
                {t('shipment.shippedAt', { date: formatDateTime(s.shippedAt) })}
              </>
            )}
          </dd>
        </div>
      </dl>

      <h2>{t('shipment.items')}</h2>
      <table className="table lines-table">
        <thead>
          <tr>
            <th scope="col">{t('common.sku')}</th>
            <th scope="col">{t('common.item')}</th>
            <th scope="col" className="num">
              {t('shipment.inThisShipment')}
            </th>
            <th scope="col" className="num">
              {t('common.ordered')}
            </th>
          </tr>
        </thead>
        <tbody>
          {s.lines.map((l) => (
            <tr key={l.lineId}>
              <td>
                <code>{l.sku}</code>
              </td>
              <td>{l.name}</td>
              <td className="num">{l.quantity}</td>
              <td className="num">{l.ordered}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('shipment.timeline')}</h2>
      <ol className="timeline" aria-label={t('shipment.timelineLabel')}>
        {s.events.map((e) => (
          <li key={e.id} className={`event event-${e.type}`}>
            <time dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
            <div>
              <strong>{e.message}</strong>
              {e.actor && <span className="muted"> · {e.actor}</span>}
              {Object.keys(e.data).length > 0 && (
                <details>
                  <summary>{t('common.details')}</summary>
                  <pre>{JSON.stringify(e.data, null, 2)}</pre>
                </details>
              )}
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}
