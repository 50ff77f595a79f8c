import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
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
        <h1>Shipments</h1>
      </div>
      <div className="filters">
        <form onSubmit={submitSearch} role="search" className="search">
          <label htmlFor="shipment-search" className="visually-hidden">
            Search by tracking code or order number
          </label>
          <input id="shipment-search" type="search" placeholder="Tracking code or order number" value={search} onChange={(e) => setSearch(e.target.value)} />
          <button type="submit" className="button">
            Search
          </button>
        </form>
        <label htmlFor="status-filter">Status</label>
        <select id="status-filter" value={status ?? ''} onChange={(e) => setFilter('status', e.target.value || undefined)}>
          <option value="">All</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s[0]!.toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
        <label htmlFor="carrier-filter">Carrier</label>
        <select id="carrier-filter" value={carrier ?? ''} onChange={(e) => setFilter('carrier', e.target.value || undefined)}>
          <option value="">All</option>
          {['PostNL', 'DHL', 'DPD', 'UPS', 'GLS', 'bpost', 'Other'].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <label htmlFor="sync-filter">Shop sync</label>
        <select id="sync-filter" value={sync.success ? sync.data : ''} onChange={(e) => setFilter('syncStatus', e.target.value || undefined)}>
          <option value="">All</option>
          <option value="pending">Syncing</option>
          <option value="synced">Synced</option>
          <option value="failed">Failed to sync</option>
          <option value="not_synced">Not synced</option>
        </select>
        {shipments.data && shipments.data.counts.failedToSync > 0 && (
          <Link className="button small danger" to="?syncStatus=failed">
            {shipments.data.counts.failedToSync} failed to sync
          </Link>
        )}
      </div>
      {canEdit && (
        <div className="bulk-bar" role="region" aria-label="Bulk actions">
          <span>{selected.size} selected</span>
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
            Create labels{selected.size > 0 ? ` (${selected.size})` : ''}
          </button>
          {startBatch.error && <span className="error-text">{startBatch.error.message}</span>}
        </div>
      )}
      {batchDialog.isOpen && batchDialog.params.get('batch') && (
        <LabelBatchDialog batchId={batchDialog.params.get('batch')!} onClose={() => batchDialog.close(['batch'])} />
      )}
      {shipments.isPending ? (
        <PageLoading label="Loading shipments…" />
      ) : shipments.isError ? (
        <p className="alert error" role="alert">
          Could not load the shipments: {shipments.error.message}
        </p>
      ) : shipments.data.items.length === 0 ? (
        <div className="empty-state">
          <h2>No shipments here</h2>
          <p>{q || status || carrier || sync.success ? 'Nothing matches these filters.' : 'Split an order into shipments to see them here.'}</p>
        </div>
      ) : (
        <>
          <div className="table-wrap" aria-busy={shipments.isFetching}>
            <table className="table">
              <caption className="visually-hidden">Shipments, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Select every open shipment on this page"
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
                  <th scope="col">Shipment</th>
                  <th scope="col">Order</th>
                  <th scope="col">Customer</th>
                  <th scope="col" className="num">
                    Items
                  </th>
                  <th scope="col">Carrier</th>
                  <th scope="col">Tracking code</th>
                  <th scope="col">Status</th>
                  <th scope="col">Shop sync</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {shipments.data.items.map((s) => (
                  <tr key={s.id} data-shipment={s.id}>
                    <td>
                      {s.status === 'open' && (
                        <input
                          type="checkbox"
                          aria-label={`Select shipment ${s.orderNumber}-${s.number}`}
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
              ← Previous
            </button>
            <span className="muted">Page {stack.length + 1}</span>
            <button type="button" className="button" disabled={!shipments.data.nextCursor} onClick={() => page(shipments.data.nextCursor ?? undefined, [...stack, cursor ?? ''])}>
              Next →
            </button>
          </div>
        </>
      )}
    </>
  );
}
