import { Link } from 'react-router';
import type { OrderDetail } from '@shipdesk/contract';

type Shipment = OrderDetail['shipments'][number];

const SYNC_TEXT: Record<Shipment['syncStatus'], string> = {
  not_synced: 'Not sent to the shop',
  pending: 'Sending to the shop…',
  synced: 'Shop updated',
  failed: 'Failed to sync',
};

export interface ShipmentFooterProps {
  shipment: Shipment;
  title: string;
  shopTerm: string;
  canEdit: boolean;
  busy: boolean;
  onCreateLabel(): void;
  onCancelLabel(): void;
  onShip(): void;
  onRetry(): void;
}

/** Under a shipment: its label (buy, print, cancel), mark it shipped, and its sync with the shop. */
export function ShipmentFooter({ shipment, title, shopTerm, canEdit, busy, onCreateLabel, onCancelLabel, onShip, onRetry }: ShipmentFooterProps) {
  const label = shipment.label;
  const history = (
    <Link to={`/shipments/${shipment.id}`} aria-label={`History of ${title}`}>
      History
    </Link>
  );
  const slip = (
    <a href={`/api/shipments/${shipment.id}/packing-slip.pdf`} target="_blank" rel="noreferrer" aria-label={`Packing slip of ${title}`}>
      Packing slip
    </a>
  );
  if (shipment.status === 'open') {
    return (
      <div className="shipment-actions">
        {label?.status === 'failed' && <p className="error-text">Last label attempt failed: {label.error}</p>}
        {label?.status === 'pending' && <span className="muted">Buying the label…</span>}
        {canEdit && shipment.lines.length > 0 && (
          <>
            <button type="button" className="button small primary" onClick={onCreateLabel} disabled={busy || label?.status === 'pending'} aria-label={`Create label for ${title}`}>
              {busy ? 'Buying label…' : 'Create label'}
            </button>
            <button type="button" className="button small" onClick={onShip} aria-label={`Mark shipped… ${title}`}>
              Mark shipped…
            </button>
          </>
        )}
        {shipment.lines.length > 0 && slip}
        {history}
      </div>
    );
  }
  if (shipment.status === 'labelled') {
    return (
      <div className="shipment-actions">
        <span>{shipment.carrier}</span>
        <a href={`/api/shipments/${shipment.id}/label.pdf`} target="_blank" rel="noreferrer" aria-label={`Print label of ${title}`}>
          Print label
        </a>
        {slip}
        {canEdit && (
          <>
            <button type="button" className="button small" onClick={onShip} aria-label={`Mark shipped… ${title}`}>
              Mark shipped…
            </button>
            <button type="button" className="link-button" onClick={onCancelLabel} disabled={busy} aria-label={`Cancel label of ${title}`}>
              Cancel label
            </button>
          </>
        )}
        {history}
      </div>
    );
  }
  if (shipment.status !== 'shipped') return <div className="shipment-actions">{history}</div>;
  return (
    <div className="shipment-actions">
      {shipment.carrier && <span>{shipment.carrier}</span>}
      <span className={`sync sync-${shipment.syncStatus}`} title={shipment.syncError ?? undefined}>
        {SYNC_TEXT[shipment.syncStatus]}
        {shipment.syncStatus === 'synced' && shipment.externalId ? ` (${shopTerm})` : ''}
      </span>
      {shipment.syncError && shipment.syncStatus !== 'synced' && <span className="error-text">{shipment.syncError}</span>}
      {canEdit && shipment.syncStatus === 'failed' && (
        <button type="button" className="button small" onClick={onRetry}>
          Retry sync
        </button>
      )}
      {slip}
      {history}
    </div>
  );
}
