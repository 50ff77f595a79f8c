import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '@shipdesk/contract';

type Shipment = OrderDetail['shipments'][number];

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
  const { t } = useTranslation();
  const label = shipment.label;
  const history = (
    <Link to={`/shipments/${shipment.id}`} aria-label={t('shipmentActions.historyOf', { title })}>
      {t('shipmentActions.history')}
    </Link>
  );
  const slip = (
    <a href={`/api/shipments/${shipment.id}/packing-slip.pdf`} target="_blank" rel="noreferrer" aria-label={t('shipmentActions.packingSlipOf', { title })}>
      {t('shipmentActions.packingSlip')}
    </a>
  );
  if (shipment.status === 'open') {
    return (
      <div className="shipment-actions">
        {label?.status === 'failed' && <p className="error-text">{t('shipmentActions.lastFailed', { error: label.error })}</p>}
        {label?.status === 'pending' && <span className="muted">{t('shipmentActions.buying')}</span>}
        {canEdit && shipment.lines.length > 0 && (
          <>
            <button type="button" className="button small primary" onClick={onCreateLabel} disabled={busy || label?.status === 'pending'} aria-label={t('shipmentActions.createLabelFor', { title })}>
              {busy ? t('shipmentActions.buyingShort') : t('shipmentActions.createLabel')}
            </button>
            <button type="button" className="button small" onClick={onShip} aria-label={t('shipmentActions.markShippedOf', { title })}>
              {t('shipmentActions.markShipped')}
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
        <a href={`/api/shipments/${shipment.id}/label.pdf`} target="_blank" rel="noreferrer" aria-label={t('shipmentActions.printLabelOf', { title })}>
          {t('shipmentActions.printLabel')}
        </a>
        {slip}
        {canEdit && (
          <>
            <button type="button" className="button small" onClick={onShip} aria-label={t('shipmentActions.markShippedOf', { title })}>
              {t('shipmentActions.markShipped')}
            </button>
            <button type="button" className="link-button" onClick={onCancelLabel} disabled={busy} aria-label={t('shipmentActions.cancelLabelOf', { title })}>
              {t('shipmentActions.cancelLabel')}
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
        {t(`shipmentActions.sync.${shipment.syncStatus}`)}
        {shipment.syncStatus === 'synced' && shipment.externalId ? ` (${shopTerm})` : ''}
      </span>
      {shipment.syncError && shipment.syncStatus !== 'synced' && <span className="error-text">{shipment.syncError}</span>}
      {canEdit && shipment.syncStatus === 'failed' && (
        <button type="button" className="button small" onClick={onRetry}>
          {t('shipmentActions.retrySync')}
        </button>
      )}
      {slip}
      {history}
    </div>
  );
}
