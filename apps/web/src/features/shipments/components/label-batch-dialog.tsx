import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../../ui/url-dialog';
import { useLabelBatch, useRetryLabelBatch } from '../api/label-batch';

/** Progress of a bulk label batch: a bar, each failure with the carrier's words, retry, and printing. */
export function LabelBatchDialog({ batchId, onClose }: { batchId: string; onClose(): void }) {
  const { t } = useTranslation();
  const batch = useLabelBatch(batchId);
  const retry = useRetryLabelBatch();
  const data = batch.data;
  const finished = data ? data.done + data.failed : 0;
  const doneIds = data?.items.filter((i) => i.status === 'done').map((i) => i.shipmentId) ?? [];
  return (
    <Modal title={t('batch.title')} onClose={onClose}>
      {batch.isPending ? (
        <p role="status">{t('batch.starting')}</p>
      ) : batch.isError ? (
        <p className="alert error" role="alert">
          {batch.error.message}
        </p>
      ) : (
        data && (
          <div className="batch">
            <label htmlFor="batch-progress">
              {data.pending > 0 ? t('batch.progress', { finished, total: data.total }) : t('batch.finished', { done: data.done, total: data.total })}
            </label>
            <progress id="batch-progress" max={data.total} value={finished} aria-valuetext={t('batch.valueText', { finished, total: data.total })} />
            <p role="status" aria-live="polite" className="hint">
              {t('batch.summary', { done: data.done, failed: data.failed, pending: data.pending })}
            </p>
            {data.failed > 0 && (
              <>
                <h3>{t('batch.failed')}</h3>
                <ul className="failures">
                  {data.items
                    .filter((i) => i.status === 'failed')
                    .map((i) => (
                      <li key={i.shipmentId}>
                        <Link to={`/orders/${i.orderId}`}>
                          {t('batch.failedItem', { order: i.orderNumber, number: i.shipmentNumber })}
                        </Link>
                        : <span className="error-text">{i.error}</span>
                      </li>
                    ))}
                </ul>
                <button type="button" className="button" disabled={retry.isPending || data.pending > 0} onClick={() => retry.mutate(batchId)}>
                  {t('batch.retry')}
                </button>
              </>
            )}
            {doneIds.length > 0 && (
              <p className="print-links">
                <a className="button primary" href={`/api/documents/labels.pdf?shipments=${doneIds.join(',')}`} target="_blank" rel="noreferrer">
                  {t('batch.printLabels', { count: doneIds.length })}
                </a>{' '}
                <a className="button" href={`/api/documents/packing-slips.pdf?shipments=${doneIds.join(',')}`} target="_blank" rel="noreferrer">
                  {t('batch.printSlips')}
                </a>
              </p>
            )}
          </div>
        )
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {data && data.pending > 0 ? t('batch.keepWorking') : t('common.close')}
        </button>
      </div>
    </Modal>
  );
}
