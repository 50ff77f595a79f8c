import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FulfilmentStatusSchema } from '@shipdesk/contract';
import { FULFILMENT_STATUSES } from '@shipdesk/domain';
import { useIntegrations } from '../features/integrations/api/get-integrations';
import { useMe } from '../features/auth/api/get-me';
import { countFilters, useInfiniteOrders, useJumpInOrders, useOrderCounts, type OrdersListQuery } from '../features/orders/api/get-orders';
import {
  MAX_BATCH_SHIPMENTS,
  MAX_BULK_ORDERS,
  NoReadyShipmentsError,
  useBulkCreateLabels,
} from '../features/orders/api/bulk-create-labels';
import { OrdersTable } from '../features/orders/components/orders-table';
import { fulfilmentLabel } from '../features/orders/components/status-badge';
import { LabelBatchDialog } from '../features/shipments/components/label-batch-dialog';
import { formatNumber } from '../lib/format';
import { PageLoading } from '../ui/page-loading';
import { useUrlDialog } from '../ui/url-dialog';
import { LoadError } from '../ui/load-error';

/** The selection of a list nothing is selected in (one object, so memos over it hold). */
const NO_SELECTION: ReadonlySet<string> = new Set<string>();

/** Orders per request: the most the API gives at once, so scrolling through thousands takes few round trips. */
const PAGE_SIZE = 100;

export default function OrdersPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const parsedStatus = FulfilmentStatusSchema.safeParse(params.get('status'));
  const status = parsedStatus.success ? parsedStatus.data : undefined;
  const filters = {
    q: params.get('q') ?? undefined,
    shop: params.get('shop') ?? undefined,
    country: params.get('country') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    sort: params.get('sort') === 'oldest' ? ('oldest' as const) : undefined,
  };
  const query: OrdersListQuery = { status, limit: PAGE_SIZE, ...filters };
  const queryKey = JSON.stringify(query);
  const integrations = useIntegrations();
  const shops = integrations.data?.platforms.flatMap((p) => p.shops) ?? [];
  const me = useMe();
  const canEdit = me.data?.role !== 'support';
  const [search, setSearch] = useState(filters.q ?? '');
  const setFilter = (key: string, value: string | undefined) => {
    // From the address as it is now, not as last rendered: while the previous change's list is
    // still loading, the page on screen can show older filters, and building on those would undo it.
    const next = new URLSearchParams(window.location.search);
    next.delete('cursor');
    if (value) next.set(key, value);
    else next.delete(key);
    void navigate({ search: `?${next}` });
  };
  const tabLink = (value?: string) => {
    const next = new URLSearchParams(params);
    next.delete('cursor');
    if (value) next.set('status', value);
    else next.delete('status');
    return `?${next}`;
  };
  const orders = useInfiniteOrders(query);
  const { fetchNextPage, fetchPreviousPage } = orders;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const loadPrevious = useCallback(() => void fetchPreviousPage(), [fetchPreviousPage]);
  const jump = useJumpInOrders(query);
  const items = useMemo(() => orders.data?.pages.flatMap((p) => p.items) ?? [], [orders.data]);
  const firstIndex = orders.data?.pageParams[0]?.index ?? 0;
  // The previous tab's or filter's pages, kept on screen while this one loads: a list of their own.
  const previous = orders.isPlaceholderData;
  const listKey = previous ? `${queryKey}|previous` : queryKey;
  // A page that arrives while the list scrolls is rendered as a deferred update, which React can
  // interrupt for the next frame, instead of in the same task as the scroll. Another tab or filter
  // shows at once; only a list moving within the same query is deferred.
  const listed = useMemo(() => ({ key: listKey, items, firstIndex }), [listKey, items, firstIndex]);
  const deferred = useDeferredValue(listed);
  const shown = deferred.key === listKey ? deferred : listed;
  // The first page brings the counts; once the list has dropped it (deep in the list), they are
  // asked for on their own, so the tabs stay right when something changes.
  const counts = useOrderCounts(countFilters(query), firstIndex > 0).data?.counts;

  // The selection belongs to the list it was made in: another tab or filter starts empty.
  const [selection, setSelection] = useState<{ key: string; ids: Set<string> }>({ key: queryKey, ids: new Set() });
  const selected = selection.key === queryKey ? selection.ids : NO_SELECTION;
  const setSelected = (ids: Set<string>) => setSelection({ key: queryKey, ids });

  const batchDialog = useUrlDialog('batch');
  const bulkLabels = useBulkCreateLabels();
  const [bulkNotice, setBulkNotice] = useState<string | null>(null);

  const all = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
  const total = counts ? (status ? counts[status] : all) : undefined;
  const tabs: { value?: (typeof FULFILMENT_STATUSES)[number]; label: string; count?: number }[] = [
    { label: t('common.all'), count: all },
    ...FULFILMENT_STATUSES.map((s) => ({ value: s, label: fulfilmentLabel(s), count: counts?.[s] })),
  ];
  const filtered = Boolean(filters.q || filters.shop || filters.country || filters.from || filters.to);

  const createLabels = () => {
    setBulkNotice(null);
    if (selected.size > MAX_BULK_ORDERS) {
      setBulkNotice(t('orders.bulk.tooMany', { max: MAX_BULK_ORDERS }));
      return;
    }
    bulkLabels.mutate([...selected], {
      onSuccess: ({ batch, capped }) => {
        setSelected(new Set());
        if (capped) setBulkNotice(t('orders.bulk.capped', { max: MAX_BATCH_SHIPMENTS }));
        batchDialog.open({ batch: batch.id });
      },
      onError: (error) => setBulkNotice(error instanceof NoReadyShipmentsError ? t('orders.bulk.none') : error.message),
    });
  };

  return (
    <>
      <div className="page-head">
        <h1>{t('orders.title')}</h1>
      </div>
      <nav className="tabs" aria-label={t('orders.tabs')}>
        {tabs.map((tab) => (
          <Link
            key={tab.value ?? 'all'}
            to={tabLink(tab.value)}
            className={`tab${tab.value === status ? ' active' : ''}`}
            aria-current={tab.value === status ? 'page' : undefined}
          >
            {tab.label}
            {tab.count !== undefined && (
              <>
                {' '}
                <span className="count">{formatNumber(tab.count)}</span>
              </>
            )}
          </Link>
        ))}
      </nav>

      <div className="filters">
        <form
          role="search"
          className="search"
          onSubmit={(e) => {
            e.preventDefault();
            setFilter('q', search.trim() || undefined);
          }}
        >
          <label htmlFor="order-search" className="visually-hidden">
            {t('orders.searchLabel')}
          </label>
          <input
            id="order-search"
            type="search"
            placeholder={t('orders.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <button type="submit" className="button">
            {t('orders.search')}
          </button>
        </form>
        <label htmlFor="shop-filter">{t('common.shop')}</label>
        <select id="shop-filter" value={filters.shop ?? ''} onChange={(e) => setFilter('shop', e.target.value || undefined)}>
          <option value="">{t('orders.allShops')}</option>
          {shops.map((shop) => (
            <option key={shop.id} value={shop.id}>
              {shop.name}
            </option>
          ))}
        </select>
        <label htmlFor="country-filter">{t('common.country')}</label>
        <input
          id="country-filter"
          className="short"
          maxLength={2}
          placeholder="NL"
          defaultValue={filters.country ?? ''}
          onBlur={(e) => setFilter('country', e.target.value.trim().toUpperCase() || undefined)}
          onKeyDown={(e) => e.key === 'Enter' && setFilter('country', e.currentTarget.value.trim().toUpperCase() || undefined)}
        />
        <label htmlFor="from-filter">{t('orders.from')}</label>
        <input
          id="from-filter"
          type="date"
          value={filters.from ?? ''}
          onChange={(e) => setFilter('from', e.target.value || undefined)}
        />
        <label htmlFor="to-filter">{t('orders.to')}</label>
        <input
          id="to-filter"
          type="date"
          value={filters.to ?? ''}
          onChange={(e) => setFilter('to', e.target.value || undefined)}
        />
        <label htmlFor="sort">{t('orders.sort')}</label>
        <select
          id="sort"
          value={filters.sort ?? 'newest'}
          onChange={(e) => setFilter('sort', e.target.value === 'oldest' ? 'oldest' : undefined)}
        >
          <option value="newest">{t('orders.newest')}</option>
          <option value="oldest">{t('orders.oldest')}</option>
        </select>
      </div>

      <div className="bulk-bar" role="region" aria-label={t('orders.bulk.region')}>
        <span aria-live="polite">
          {t('orders.bulk.selected', { count: selected.size, formatted: formatNumber(selected.size) })}
        </span>
        {canEdit && (
          <button
            type="button"
            className="button primary"
            disabled={selected.size === 0 || bulkLabels.isPending}
            onClick={createLabels}
          >
            {bulkLabels.isPending ? t('orders.bulk.finding') : t('orders.bulk.createLabels')}
          </button>
        )}
        <button type="button" className="button" disabled={selected.size === 0} onClick={() => setSelected(new Set())}>
          {t('orders.bulk.clear')}
        </button>
        {bulkNotice && (
          <span className="error-text" role="alert">
            {bulkNotice}
          </span>
        )}
      </div>
      {batchDialog.isOpen && batchDialog.params.get('batch') && (
        <LabelBatchDialog batchId={batchDialog.params.get('batch')!} onClose={() => batchDialog.close(['batch'])} />
      )}

      {orders.isPending ? (
        <PageLoading label={t('orders.loading')} />
      ) : orders.isError && items.length === 0 ? (
        <LoadError message={t('orders.loadError', { message: orders.error.message })} onRetry={() => void orders.refetch()} />
      ) : items.length === 0 ? (
        <div className="empty-state">
          <h2>
            {status
              ? t('orders.emptyStatus', { status: fulfilmentLabel(status).toLowerCase() })
              : filtered
                ? t('orders.emptyFiltered')
                : t('orders.emptyNone')}
          </h2>
          <p>{status || filtered ? t('orders.changeFilters') : t('orders.appear')}</p>
        </div>
      ) : (
        <OrdersTable
          // The previous list's rows, while another tab or filter loads, are shown as they are and
          // not paged: their positions belong to that list. The table starts afresh with the new one.
          key={listKey}
          orders={shown.items}
          firstIndex={previous ? 0 : shown.firstIndex}
          total={total}
          caption={filters.sort === 'oldest' ? t('orders.captionOldest') : t('orders.captionNewest')}
          selected={selected}
          onSelectedChange={setSelected}
          hasNextPage={!previous && orders.hasNextPage}
          hasPreviousPage={!previous && orders.hasPreviousPage}
          isFetchingNextPage={orders.isFetchingNextPage || shown !== listed}
          isFetchingPreviousPage={orders.isFetchingPreviousPage}
          loadMoreError={orders.isFetchNextPageError ? orders.error : null}
          loadPreviousError={orders.isFetchPreviousPageError ? orders.error : null}
          onLoadMore={loadMore}
          onLoadPrevious={loadPrevious}
          onJump={previous ? undefined : jump}
          busy={orders.isFetching && !orders.isFetchingNextPage && !orders.isFetchingPreviousPage}
          restoreKey={previous ? undefined : `${location.key}|${queryKey}`}
        />
      )}
    </>
  );
}
