import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SyncStatusSchema, type ShipmentsQuery } from '@shipdesk/contract';
import { formatDateTime } from '../lib/format';
import { useShipments } from '../features/shipments/api/get-shipments';
import { SyncBadge } from '../features/shipments/components/sync-badge';
import { TrackingCode } from '../features/shipments/components/tracking-code';
import { ShipmentBadge } from '../features/orders/components/status-badge';
import { PageLoading } from '../ui/page-loading';
import { useUrlDialog } from '../ui/url-dialog';
import { useStartLabelBatch } from '../features/shipments/api/label-batch';
import { LabelBatchDialog } from '../features/shipments/components/label-batch-dialog';
import { useMe } from '../features/auth/api/get-me';

const STATUSES = ['open', 'labelled', 'shipped', 'cancelled'] as const;

export default function ShipmentsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const status = STATUSES.find((s) => s === params.get('status'));
  const sync = SyncStatusSchema.safeParse(params.get('syncStatus'));
  const q = params.get('q') ?? '';
  const cursor = params.get('cursor') ?? undefined;
  const carrier = params.get('carrier') ?? undefined;
  const query: Partial<ShipmentsQuery> = { status, syncStatus: sync.success ? sync.data : undefined, carrier, q: q || undefined, cursor, limit: 25 };
  const shipments = useShipments(query);
  const [search, setSearch] = useState(q);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const batchDialog = useUrlDialog('batch');
  const startBatch = useStartLabelBatch();
  const me = useMe();
  const { t } = useTranslation();
  const canEdit = me.data?.role !== 'support';
  const stack: string[] = (location.state as { stack?: string[] } | null)?.stack ?? [];

  const setFilter = (key: string, value: string | undefined) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.delete('cursor');
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    setFilter('q', search.trim() || undefined);
  };

  const page = (nextCursor: string | undefined, nextStack: string[]) => {
    const next = new URLSearchParams(params);
    if (nextCursor) next.set('cursor', nextCursor);
    else next.delete('cursor');
    void navigate({ search: `?${next}` }, { state: { stack: nextStack } });
  };

  return (
    <>
      <div className="page-head">
        <h1>{t('shipments.title')}</h1>
      </div>
      <div className="filters">
        <form onSubmit={submitSearch} role="search" className="search">
          <label htmlFor="shipment-search" className="visually-hidden">
            {t('shipments.searchLabel')}
          </label>
          <input id="shipment-search" type="search" placeholder={t('shipments.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} />
          <button type="submit" className="button">
            {t('shipments.search')}
          </button>
        </form>
        <label htmlFor="status-filter">{t('common.status')}</label>
        <select id="status-filter" value={status ?? ''} onChange={(e) => setFilter('status', e.target.value || undefined)}>
          <option value="">{t('common.all')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`shipments.statusFilter.${s}`)}
            </option>
          ))}
        </select>
        <label htmlFor="carrier-filter">{t('common.carrier')}</label>
        <select id="carrier-filter" value={carrier ?? ''} onChange={(e) => setFilter('carrier', e.target.value || undefined)}>
          <option value="">{t('common.all')}</option>
          {['PostNL', 'DHL', 'DPD', 'UPS', 'GLS', 'bpost', 'Other'].map((c) => (
            <option key={c} value={c}>
              {c === 'Other' ? t('common.otherCarrier') : c}
            </option>
          ))}
        </select>
        <label htmlFor="sync-filter">{t('shipments.shopSync')}</label>
        <select id="sync-filter" value={sync.success ? sync.data : ''} onChange={(e) => setFilter('syncStatus', e.target.value || undefined)}>
          <option value="">{t('common.all')}</option>
          <option value="pending">{t('status.sync.pending')}</option>
          <option value="synced">{t('status.sync.synced')}</option>
          <option value="failed">{t('status.sync.failed')}</option>
          <option value="not_synced">{t('status.sync.not_synced')}</option>
        </select>
        {shipments.data && shipments.data.counts.failedToSync > 0 && (
          <Link className="button small danger" to="?syncStatus=failed">
            {t('shipments.failedToSync', { count: shipments.data.counts.failedToSync })}
          </Link>
        )}
      </div>
      {canEdit && (
        <div className="bulk-bar" role="region" aria-label={t('shipments.bulkRegion')}>
          <span>{t('shipments.selected', { count: selected.size })}</span>
          <button
            type="button"
            className="button primary"
            disabled={selected.size === 0 || startBatch.isPending}
            onClick={() =>
              startBatch.mutate(
                { shipmentIds: [...selected], format: 'A6' },
                {
                  onSuccess: (batch) => {
                    setSelected(new Set());
                    batchDialog.open({ batch: batch.id });
                  },
                },
              )
            }
          >
            {selected.size > 0 ? t('shipments.createLabelsCount', { count: selected.size }) : t('shipments.createLabels')}
          </button>
          {startBatch.error && <span className="error-text">{startBatch.error.message}</span>}
        </div>
      )}
      {batchDialog.isOpen && batchDialog.params.get('batch') && (
        <LabelBatchDialog batchId={batchDialog.params.get('batch')!} onClose={() => batchDialog.close(['batch'])} />
      )}
      {shipments.isPending ? (
        <PageLoading label={t('shipments.loading')} />
      ) : shipments.isError ? (
        <p className="alert error" role="alert">
          {t('shipments.loadError', { message: shipments.error.message })}
        </p>
      ) : shipments.data.items.length === 0 ? (
        <div className="empty-state">
          <h2>{t('shipments.emptyTitle')}</h2>
          <p>{q || status || carrier || sync.success ? t('shipments.emptyFiltered') : t('shipments.emptyNone')}</p>
        </div>
      ) : (
        <>
          <div className="table-wrap" aria-busy={shipments.isFetching}>
            <table className="table">
              <caption className="visually-hidden">{t('shipments.caption')}</caption>
              <thead>
                <tr>
                  {canEdit && (
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label={t('shipments.selectAllOpen')}
                        checked={shipments.data.items.some((s) => s.status === 'open') && shipments.data.items.filter((s) => s.status === 'open').every((s) => selected.has(s.id))}
                        onChange={(e) => {
                          const open = shipments.data.items.filter((s) => s.status === 'open').map((s) => s.id);
                          setSelected((cur) => {
                            const next = new Set(cur);
                            for (const id of open) {
                              if (e.target.checked) next.add(id);
                              else next.delete(id);
                            }
                            return next;
                          });
                        }}
                      />
                    </th>
                  )}
                  <th scope="col">{t('shipments.columns.shipment')}</th>
                  <th scope="col">{t('shipments.columns.order')}</th>
                  <th scope="col">{t('shipments.columns.customer')}</th>
                  <th scope="col" className="num">
                    {t('shipments.columns.items')}
                  </th>
                  <th scope="col">{t('shipments.columns.carrier')}</th>
                  <th scope="col">{t('shipments.columns.tracking')}</th>
                  <th scope="col">{t('shipments.columns.status')}</th>
                  <th scope="col">{t('shipments.columns.shopSync')}</th>
                  <th scope="col">{t('shipments.columns.created')}</th>
                </tr>
              </thead>
              <tbody>
                {shipments.data.items.map((s) => (
                  <tr key={s.id} data-shipment={s.id}>
                    {canEdit && (
                      <td>
                        {s.status === 'open' && (
                          <input
                            type="checkbox"
                            aria-label={t('shipments.selectShipment', { name: `${s.orderNumber}-${s.number}` })}
                            checked={selected.has(s.id)}
                            onChange={(e) =>
                              setSelected((cur) => {
                                const next = new Set(cur);
                                if (e.target.checked) next.add(s.id);
                                else next.delete(s.id);
                                return next;
                              })
                            }
                          />
                        )}
                      </td>
                    )}
                    <td>
                      <Link to={`/shipments/${s.id}`}>
                        {s.orderNumber}-{s.number}
                      </Link>
                    </td>
                    <td>
                      <Link to={`/orders/${s.orderId}`}>{s.orderNumber}</Link>
                    </td>
                    <td>{s.customerName}</td>
                    <td className="num">{s.itemCount}</td>
                    <td>{s.carrier ?? <span className="muted">—</span>}</td>
                    <td>
                      <TrackingCode code={s.trackingCode} carrier={s.carrier} country={s.country} />
                    </td>
                    <td>
                      <ShipmentBadge status={s.status} />
                    </td>
                    <td>
                      <SyncBadge status={s.syncStatus} error={s.syncError} />
                    </td>
                    <td>{formatDateTime(s.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <button type="button" className="button" disabled={!cursor} onClick={() => page(stack.at(-1) || undefined, stack.slice(0, -1))}>
              {t('common.previous')}
            </button>
            <span className="muted">{t('common.page', { number: stack.length + 1 })}</span>
            <button type="button" className="button" disabled={!shipments.data.nextCursor} onClick={() => page(shipments.data.nextCursor ?? undefined, [...stack, cursor ?? ''])}>
              {t('common.next')}
            </button>
          </div>
        </>
      )}
    </>
  );
}
