import { Link } from 'react-router';
import type { OrderDetail } from '@shipdesk/contract';

type Shipment = OrderDetail['shipments'][number];

const SYNC_TEXT: Record<Shipment['syncStatus'], string> = {
  not_synced: 'Not sent to the shop',
  pending: 'Sending to the shop…',
  synced: 'Shop updated',
  failed: 'Failed to sync',
};

/** Under a shipment: mark it shipped, or its sync state with the shop and a retry. */
export function ShipmentFooter({
  shipment,
  title,
  shopTerm,
  canEdit,
  onShip,
  onRetry,
  retrying,
}: {
  shipment: Shipment;
  title: string;
  shopTerm: string;
  canEdit: boolean;
  onShip(): void;
  onRetry(): void;
  retrying: boolean;
}) {
  if (shipment.status === 'open') {
    return (
      <div className="shipment-actions">
        {canEdit && shipment.lines.length > 0 && (
          <button type="button" className="button small" onClick={onShip} aria-label={`Mark ${title} as shipped`}>
            Mark shipped…
          </button>
        )}
        <Link to={`/shipments/${shipment.id}`} aria-label={`History of ${title}`}>
          History
        </Link>
      </div>
    );
  }
  if (shipment.status !== 'shipped') return null;
  return (
    <div className="shipment-actions">
      {shipment.carrier && <span>{shipment.carrier}</span>}
      <span className={`sync sync-${shipment.syncStatus}`} title={shipment.syncError ?? undefined}>
        {SYNC_TEXT[shipment.syncStatus]}
        {shipment.syncStatus === 'synced' && shipment.externalId ? ` (${shopTerm})` : ''}
      </span>
      {shipment.syncError && shipment.syncStatus !== 'synced' && <span className="error-text">{shipment.syncError}</span>}
      <Link to={`/shipments/${shipment.id}`} aria-label={`History of ${title}`}>
        History
      </Link>
      {canEdit && shipment.syncStatus === 'failed' && (
        <button type="button" className="button small" onClick={onRetry} disabled={retrying}>
          Retry sync
        </button>
      )}
    </div>
  );
}
