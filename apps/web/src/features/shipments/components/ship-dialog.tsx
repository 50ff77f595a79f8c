import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShipShipmentRequest } from '@shipdesk/contract';
import { ApiError } from '../../../lib/api-client';
import { Modal } from '../../../ui/url-dialog';

const CARRIERS = ['PostNL', 'DHL', 'DPD', 'UPS', 'GLS', 'bpost', 'Other'];

/** Marks a shipment as shipped with a tracking code from a label made elsewhere. */
export function ShipDialog({
  title,
  fixed,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  title: string;
  /** The label's carrier and tracking code, when the shipment has a label already. */
  fixed?: { carrier: string; trackingCode: string };
  pending: boolean;
  error: Error | null;
  onSubmit(body: ShipShipmentRequest): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [carrier, setCarrier] = useState(fixed?.carrier ?? 'PostNL');
  const [trackingCode, setTrackingCode] = useState(fixed?.trackingCode ?? '');
  const fieldError = (field: string) => (error instanceof ApiError ? error.problem.errors?.find((e) => e.path === field)?.message.replace(`${field}: `, '') : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ carrier, trackingCode: trackingCode.trim() });
  };
  return (
    <Modal title={t('shipDialog.title', { title })} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        {error && !fieldError('trackingCode') && !fieldError('carrier') && (
          <p className="alert error" role="alert">
            {error.message}
          </p>
        )}
        <label htmlFor="ship-carrier">{t('shipDialog.carrier')}</label>
        <select id="ship-carrier" value={carrier} onChange={(e) => setCarrier(e.target.value)} disabled={Boolean(fixed)}>
          {[...new Set([...(fixed ? [fixed.carrier] : []), ...CARRIERS])].map((c) => (
            <option key={c} value={c}>
              {c === 'Other' ? t('common.otherCarrier') : c}
            </option>
          ))}
        </select>
        <label htmlFor="ship-tracking">{t('shipDialog.tracking')}</label>
        <input
          id="ship-tracking"
          value={trackingCode}
          onChange={(e) => setTrackingCode(e.target.value)}
          readOnly={Boolean(fixed)}
          autoFocus
          aria-invalid={Boolean(fieldError('trackingCode'))}
          aria-describedby="ship-tracking-hint"
        />
        <p id="ship-tracking-hint" className={fieldError('trackingCode') ? 'error-text' : 'hint'}>
          {fieldError('trackingCode') ?? t('shipDialog.hint')}
        </p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? t('shipDialog.saving') : t('shipDialog.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
