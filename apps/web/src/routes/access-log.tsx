import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../lib/format';
import { useMe } from '../features/auth/api/get-me';
import { useAuditLog } from '../features/support/api/get-audit-log';
import { PageLoading } from '../ui/page-loading';
import { LoadError } from '../ui/load-error';

/** For the merchant's owner: every look by Shipdesk platform support at their data, newest first. */
export default function AccessLogPage() {
  const me = useMe();
  const isOwner = me.data?.role === 'owner';
  const log = useAuditLog(isOwner);
  const { t } = useTranslation();

  if (me.data && !isOwner) return <Navigate to="/" replace />;

  const head = (
    <>
      <div className="page-head">
        <h1>{t('accessLog.title')}</h1>
      </div>
      <p className="hint">{t('accessLog.intro')}</p>
    </>
  );

  if (log.isPending) {
    return (
      <>
        {head}
        <PageLoading label={t('accessLog.loading')} />
      </>
    );
  }
  if (log.isError) {
    return (
      <>
        {head}
        <LoadError message={t('accessLog.loadError', { message: log.error.message })} onRetry={() => void log.refetch()} />
      </>
    );
  }

  const items = log.data.items;
  return (
    <>
      {head}
      {items.length === 0 ? (
        <div className="empty-state">
          <p>{t('accessLog.empty')}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table access-log-table">
            <caption className="visually-hidden">{t('accessLog.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accessLog.columns.when')}</th>
                <th scope="col">{t('accessLog.columns.who')}</th>
                <th scope="col">{t('accessLog.columns.what')}</th>
                <th scope="col">{t('accessLog.columns.requestId')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  </td>
                  <td>
                    {entry.userName} <span className="muted">&lt;{entry.userEmail}&gt;</span>
                  </td>
                  <td className="wrap">
                    <code>{entry.method}</code> <code>{entry.path}</code>
                  </td>
                  <td>
                    {entry.requestId ? (
                      <code>{entry.requestId}</code>
                    ) : (
                      <span className="muted">{t('accessLog.noRequestId')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
