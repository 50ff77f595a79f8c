import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';
import { useMe } from '../features/auth/api/get-me';
import { useSupportMerchants } from '../features/support/api/get-support-merchants';
import { useSetInspecting } from '../features/support/api/set-inspecting';
import { PageLoading } from '../ui/page-loading';
import { LoadError } from '../ui/load-error';

/** Platform support picks a merchant to inspect, read-only; every look lands in that merchant's access log. */
export default function SupportPage() {
  const me = useMe();
  const isSupport = me.data?.role === 'support';
  const merchants = useSupportMerchants(isSupport);
  const inspect = useSetInspecting();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const [query, setQuery] = useState('');

  if (me.data && !isSupport) return <Navigate to="/" replace />;

  const head = (
    <>
      <div className="page-head">
        <h1>{t('support.title')}</h1>
      </div>
      <p className="hint">{t('support.intro')}</p>
      {me.data &&
        (me.data.inspecting ? (
          <p className="alert info">{t('support.nowInspecting', { merchant: me.data.merchant.name })}</p>
        ) : (
          <p className="alert info">{t('support.notInspecting')}</p>
        ))}
    </>
  );

  if (merchants.isPending) {
    return (
      <>
        {head}
        <PageLoading label={t('support.loading')} />
      </>
    );
  }
  if (merchants.isError) {
    return (
      <>
        {head}
        <LoadError
          message={t('support.loadError', { message: merchants.error.message })}
          onRetry={() => void merchants.refetch()}
        />
      </>
    );
  }

  const all = merchants.data.items;
  const needle = query.trim().toLocaleLowerCase();
  const shown = needle ? all.filter((m) => m.name.toLocaleLowerCase().includes(needle)) : all;
  const inspected = me.data?.inspecting ? me.data.merchant.id : null;
  const failedName = inspect.isError ? all.find((m) => m.id === inspect.variables)?.name : undefined;

  return (
    <>
      {head}
      <div aria-live="polite">
        {inspect.isError && (
          <p className="alert error" role="alert">
            {t('support.inspectError', { name: failedName ?? '', message: inspect.error.message })}
          </p>
        )}
      </div>
      {all.length === 0 ? (
        <div className="empty-state">
          <h2>{t('support.emptyTitle')}</h2>
          <p>{t('support.emptyText')}</p>
        </div>
      ) : (
        <>
          <div className="filters">
            <label htmlFor="merchant-filter">{t('support.filterLabel')}</label>
            <input
              id="merchant-filter"
              type="search"
              value={query}
              placeholder={t('support.filterPlaceholder')}
              autoComplete="off"
              onChange={(e) => setQuery(e.target.value)}
            />
            <span className="muted" role="status">
              {t('support.count', { count: shown.length })}
            </span>
          </div>
          {shown.length === 0 ? (
            <p className="empty">{t('support.emptyFiltered', { query: query.trim() })}</p>
          ) : (
            <div className="table-wrap">
              <table className="table support-table">
                <caption className="visually-hidden">{t('support.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('support.columns.name')}</th>
                    <th scope="col" className="num">
                      {t('support.columns.orders')}
                    </th>
                    <th scope="col" className="num">
                      {t('support.columns.shipments')}
                    </th>
                    <th scope="col" className="num">
                      {t('support.columns.failedSyncs')}
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((m) => {
                    const opening = inspect.isPending && inspect.variables === m.id;
                    return (
                      <tr key={m.id} data-merchant={m.id}>
                        <th scope="row">
                          {m.name}
                          {m.id === inspected && <span className="badge badge-inspecting">{t('support.current')}</span>}
                        </th>
                        <td className="num">{formatNumber(m.orders)}</td>
                        <td className="num">{formatNumber(m.shipments)}</td>
                        <td className="num">
                          {m.failedSyncs > 0 ? (
                            <span className="badge badge-cancelled">{formatNumber(m.failedSyncs)}</span>
                          ) : (
                            formatNumber(m.failedSyncs)
                          )}
                        </td>
                        <td>
                          <button
                            type="button"
                            className="button small"
                            disabled={inspect.isPending}
                            onClick={() => inspect.mutate(m.id, { onSuccess: () => void navigate('/shipments') })}
                          >
                            {opening ? t('support.opening') : t('support.inspect')}
                            <span className="visually-hidden"> {m.name}</span>
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
