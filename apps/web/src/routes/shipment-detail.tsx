import { Link, useParams } from 'react-router';
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

  if (shipment.isPending) return <PageLoading label="Loading the shipment…" />;
  if (shipment.isError) {
    return (
      <div className="empty-state">
        <h1>{shipment.error instanceof ApiError && shipment.error.status === 404 ? 'Shipment not found' : 'Could not load the shipment'}</h1>
        <p>{shipment.error.message}</p>
        <Link to="/shipments">Back to the shipments</Link>
      </div>
    );
  }
  const s = shipment.data;
  const shopTerm = s.shop.platform === 'shopify' ? 'fulfillment' : 'shipment';

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/shipments">Shipments</Link> / <Link to={`/orders/${s.orderId}`}>{s.orderNumber}</Link> / <span aria-current="page">Shipment {s.number}</span>
      </nav>
      <div className="page-head">
        <h1>
          Shipment {s.number} of order {s.orderNumber}
        </h1>
        <ShipmentBadge status={s.status} />
        <SyncBadge status={s.syncStatus} error={s.syncError} />
      </div>
      {s.syncStatus === 'failed' && (
        <div className="alert error" role="alert">
          The shop was not told about this shipment: {s.syncError}
          {me.data?.role !== 'support' && (
            <>
              {' '}
              <button type="button" className="button small" disabled={retry.isPending} onClick={() => retry.mutate(s.id)}>
                Retry sync
              </button>
            </>
          )}
        </div>
      )}
      <dl className="facts">
        <div>
          <dt>Ship to</dt>
          <dd>
            {s.shippingAddress.name}
            <br />
            {s.shippingAddress.street}, {s.shippingAddress.postalCode} {s.shippingAddress.city}, {s.shippingAddress.country}
          </dd>
        </div>
        <div>
          <dt>Carrier and tracking</dt>
          <dd>
            {s.carrier ?? 'No carrier yet'}
            <br />
            <TrackingCode code={s.trackingCode} carrier={s.carrier} postalCode={s.shippingAddress.postalCode} country={s.shippingAddress.country} />
          </dd>
        </div>
        <div>
          <dt>Shop</dt>
          <dd>
            {s.shop.name} ({platformName(s.shop.platform)}) · {s.processingMode === 'shipment_level' ? 'shipment level' : 'order level'}
            <br />
            <span className="muted">{s.externalId ? `Shop ${shopTerm}: ${s.externalId}` : `No ${shopTerm} in the shop yet`}</span>
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            {formatDateTime(s.createdAt)}
            {s.shippedAt && (
              <>
                <br />
                Shipped {formatDateTime(s.shippedAt)}
              </>
            )}
          </dd>
        </div>
      </dl>

      <h2>Items</h2>
      <table className="table lines-table">
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">Item</th>
            <th scope="col" className="num">
              In this shipment
            </th>
            <th scope="col" className="num">
              Ordered
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

      <h2>Timeline</h2>
      <ol className="timeline" aria-label="Everything that happened to this shipment">
        {s.events.map((e) => (
          <li key={e.id} className={`event event-${e.type}`}>
            <time dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
            <div>
              <strong>{e.message}</strong>
              {e.actor && <span className="muted"> · {e.actor}</span>}
              {Object.keys(e.data).length > 0 && (
                <details>
                  <summary>Details</summary>
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
