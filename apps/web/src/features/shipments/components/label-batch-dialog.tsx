import { Link } from 'react-router';
import { Modal } from '../../../ui/url-dialog';
import { useLabelBatch, useRetryLabelBatch } from '../api/label-batch';

/** Progress of a bulk label batch: a bar, each failure with the carrier's words, retry, and printing. */
export function LabelBatchDialog({ batchId, onClose }: { batchId: string; onClose(): void }) {
  const batch = useLabelBatch(batchId);
  const retry = useRetryLabelBatch();
  const data = batch.data;
  const finished = data ? data.done + data.failed : 0;
  const doneIds = data?.items.filter((i) => i.status === 'done').map((i) => i.shipmentId) ?? [];
  return (
    <Modal title="Creating labels" onClose={onClose}>
      {batch.isPending ? (
        <p role="status">Starting…</p>
      ) : batch.isError ? (
        <p className="alert error" role="alert">
          {batch.error.message}
        </p>
      ) : (
        data && (
          <div className="batch">
            <label htmlFor="batch-progress">
              {data.pending > 0 ? `Creating labels: ${finished} of ${data.total}` : `Finished: ${data.done} of ${data.total} labels created`}
            </label>
            <progress id="batch-progress" max={data.total} value={finished} aria-valuetext={`${finished} of ${data.total}`} />
            <p role="status" aria-live="polite" className="hint">
              {data.done} created · {data.failed} failed · {data.pending} waiting
            </p>
            {data.failed > 0 && (
              <>
                <h3>Failed</h3>
                <ul className="failures">
                  {data.items
                    .filter((i) => i.status === 'failed')
                    .map((i) => (
                      <li key={i.shipmentId}>
                        <Link to={`/orders/${i.orderId}`}>
                          {i.orderNumber} · shipment {i.shipmentNumber}
                        </Link>
                        : <span className="error-text">{i.error}</span>
                      </li>
                    ))}
                </ul>
                <button type="button" className="button" disabled={retry.isPending || data.pending > 0} onClick={() => retry.mutate(batchId)}>
                  Retry the failed ones
                </button>
              </>
            )}
            {doneIds.length > 0 && (
              <p className="print-links">
                <a className="button primary" href={`/api/documents/labels.pdf?shipments=${doneIds.join(',')}`} target="_blank" rel="noreferrer">
                  Print all {doneIds.length} labels
                </a>{' '}
                <a className="button" href={`/api/documents/packing-slips.pdf?shipments=${doneIds.join(',')}`} target="_blank" rel="noreferrer">
                  Print all packing slips
                </a>
              </p>
            )}
          </div>
        )
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {data && data.pending > 0 ? 'Keep working (it continues in the background)' : 'Close'}
        </button>
      </div>
    </Modal>
  );
}
