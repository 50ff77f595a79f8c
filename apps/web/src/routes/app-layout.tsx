import { Suspense } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../lib/api-client';
import { useMe } from '../features/auth/api/get-me';
import { useLogOut } from '../features/auth/api/log-out';
import { useSetInspecting } from '../features/support/api/set-inspecting';
import { PageLoading } from '../ui/page-loading';
import { useLiveUpdates } from '../features/live/use-live-updates';
import { LanguageSwitcher } from '../ui/language-switcher';
import { LoadError } from '../ui/load-error';

/** The logged-in shell: header, navigation, and the page. Sends visitors to the login page. */
export default function AppLayout() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const logOut = useLogOut();
  const stopInspecting = useSetInspecting();
  const { t } = useTranslation();
  // The live stream is the merchant's: open it again when platform support switches merchant.
  useLiveUpdates(me.isSuccess, me.data?.merchant.id);

  if (me.isPending) return <PageLoading label={t('layout.loadingAccount')} />;
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (me.isError) {
    return (
      <main className="page">
        <LoadError message={me.error.message} onRetry={() => void me.refetch()} />
      </main>
    );
  }

  const role = me.data.role;
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t('layout.skip')}
      </a>
      {role === 'support' && me.data.inspecting && (
        <div className="inspect-banner" role="status">
          <p>
            <Trans
              i18nKey="layout.inspecting.banner"
              values={{ merchant: me.data.merchant.name }}
              components={{ strong: <strong /> }}
            />
          </p>
          <Link to="/support" className="button small">
            {t('layout.inspecting.switch')}
          </Link>
          <button
            type="button"
            className="button small"
            disabled={stopInspecting.isPending}
            onClick={() => stopInspecting.mutate(null, { onSuccess: () => void navigate('/support') })}
          >
            {stopInspecting.isPending ? t('layout.inspecting.stopping') : t('layout.inspecting.stop')}
          </button>
          {stopInspecting.isError && (
            <p className="error-text" role="alert">
              {t('layout.inspecting.stopError', { message: stopInspecting.error.message })}
            </p>
          )}
        </div>
      )}
      <header className="topbar">
        <span className="brand">
          <span className="logo" aria-hidden="true" /> Shipdesk
        </span>
        <nav aria-label={t('layout.mainNav')}>
          <NavLink to="/orders">{t('layout.orders')}</NavLink>
          <NavLink to="/shipments">{t('layout.shipments')}</NavLink>
          <NavLink to="/backorders">{t('layout.backorders')}</NavLink>
          {role !== 'support' && <NavLink to="/pack">{t('layout.pack')}</NavLink>}
          <NavLink to="/integrations">{t('layout.integrations')}</NavLink>
          {role === 'owner' && <NavLink to="/access-log">{t('layout.accessLog')}</NavLink>}
          {role === 'support' && <NavLink to="/support">{t('layout.support')}</NavLink>}
        </nav>
        <span className="spacer" />
        <LanguageSwitcher />
        <span className="who">
          {me.data.name} · {me.data.merchant.name}
        </span>
        <button
          type="button"
          className="button small"
          onClick={() => logOut.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })}
        >
          {t('layout.logOut')}
        </button>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
