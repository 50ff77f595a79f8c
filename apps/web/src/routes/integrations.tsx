import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntegrationPlatform } from '@shipdesk/contract';
import { ApiError } from '../lib/api-client';
import { formatDateTime } from '../lib/format';
import { useMe } from '../features/auth/api/get-me';
import { useConnectShop } from '../features/integrations/api/connect-shop';
import { useIntegrations } from '../features/integrations/api/get-integrations';
import { useStartImport } from '../features/integrations/api/start-import';
import { useUpdateShop } from '../features/integrations/api/update-shop';
import { PageLoading } from '../ui/page-loading';
import { Modal, useUrlDialog } from '../ui/url-dialog';

export default function IntegrationsPage() {
  const integrations = useIntegrations();
  const me = useMe();
  const dialog = useUrlDialog('connect');
  const startImport = useStartImport();
  const updateShop = useUpdateShop();
  const [message, setMessage] = useState<string | null>(null);
  const isOwner = me.data?.role === 'owner';
  const { t } = useTranslation();

  if (integrations.isPending) return <PageLoading label={t('integrations.loading')} />;
  if (integrations.isError) {
    return (
      <p className="alert error" role="alert">
        {t('integrations.loadError', { message: integrations.error.message })}
      </p>
    );
  }
  const platforms = integrations.data.platforms;
  const connecting = platforms.find((p) => p.platform === dialog.params.get('platform'));

  return (
    <>
      <div className="page-head">
        <h1>{t('integrations.title')}</h1>
      </div>
      <p className="hint">{t('integrations.intro')}</p>
      <div role="status" aria-live="polite">
        {message && <p className="alert info">{message}</p>}
      </div>
      <div className="table-wrap">
        <table className="table integrations-table">
          <caption className="visually-hidden">{t('integrations.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('integrations.platform')}</th>
              <th scope="col">{t('integrations.shipmentLevel')}</th>
              <th scope="col">{t('integrations.remarks')}</th>
              <th scope="col">{t('integrations.yourShops')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {platforms.map((p) => (
              <tr key={p.platform} data-platform={p.platform}>
                <th scope="row">{p.name}</th>
                <td>
                  <span className={`badge support-${p.shipmentLevel}`}>{t(`integrations.support.${p.shipmentLevel}`)}</span>
                </td>
                <td className="wrap">
                  <ul className="plain">
                    {p.remarks.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                </td>
                <td className="wrap">
                  {p.shops.length === 0 ? (
                    <span className="muted">{t('integrations.noneConnected')}</span>
                  ) : (
                    <ul className="plain">
                      {p.shops.map((shop) => (
                        <li key={shop.id} className="shop">
                          <strong>{shop.name}</strong> · {shop.processingMode === 'shipment_level' ? t('common.shipmentLevel') : t('common.orderLevel')} ·{' '}
                          {t('integrations.orderCount', { count: shop.orderCount })}
                          <br />
                          <span className="muted">{t('integrations.lastImport', { when: shop.lastImportAt ? formatDateTime(shop.lastImportAt) : t('integrations.never') })}</span>
                          {shop.failedSyncs > 0 && <span className="badge badge-cancelled"> {t('integrations.failedSyncs', { count: shop.failedSyncs })}</span>}
                          {shop.lastError && <p className="error-text">{shop.lastError}</p>}
                          {isOwner && (
                            <button type="button" className="link-button" onClick={() => dialog.open({ platform: p.platform, shop: shop.id })}>
                              {t('integrations.reconnect')}
                            </button>
                          )}
                          {isOwner && (
                            <div className="shop-settings">
                              <label htmlFor={`mode-${shop.id}`}>{t('integrations.processing')}</label>
                              <select
                                id={`mode-${shop.id}`}
                                value={shop.processingMode}
                                disabled={updateShop.isPending}
                                onChange={(e) =>
                                  updateShop.mutate(
                                    { id: shop.id, body: { processingMode: e.target.value as 'shipment_level' | 'order_level' } },
                                    { onSuccess: () => setMessage(t(e.target.value === 'shipment_level' ? 'integrations.nowShipmentLevel' : 'integrations.nowOrderLevel', { name: shop.name })), onError: (err) => setMessage(err.message) },
                                  )
                                }
                              >
                                <option value="shipment_level" disabled={p.shipmentLevel === 'no'}>
                                  {t('integrations.shipmentLevel')}
                                </option>
                                <option value="order_level">{t('integrations.orderLevel')}</option>
                              </select>
                              <label htmlFor={`policy-${shop.id}`}>{t('integrations.policy')}</label>
                              <select
                                id={`policy-${shop.id}`}
                                value={shop.backorderPolicy}
                                disabled={updateShop.isPending}
                                onChange={(e) =>
                                  updateShop.mutate(
                                    { id: shop.id, body: { backorderPolicy: e.target.value as 'ask' | 'always' | 'never' } },
                                    { onSuccess: () => setMessage(t('integrations.policySaved', { name: shop.name })), onError: (err) => setMessage(err.message) },
                                  )
                                }
                              >
                                <option value="ask">{t('integrations.policyAsk')}</option>
                                <option value="always">{t('integrations.policyAlways')}</option>
                                <option value="never">{t('integrations.policyNever')}</option>
                              </select>
                            </div>
                          )}
                          {me.data?.role !== 'support' && (
                            <button
                              type="button"
                              className="link-button"
                              disabled={startImport.isPending}
                              onClick={() => startImport.mutate(shop.id, { onSuccess: (r) => setMessage(r.message), onError: (e) => setMessage(e.message) })}
                            >
                              {t('integrations.importNow')}
                            </button>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  {p.connectable && isOwner ? (
                    <button type="button" className="button small" onClick={() => dialog.open({ platform: p.platform })}>
                      {t('integrations.connect', { name: p.name.split(' ')[0] })}
                    </button>
                  ) : !p.connectable ? (
                    <span className="muted">{t('integrations.comingSoon')}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {dialog.isOpen && connecting && (
        <ConnectDialog
          platform={connecting}
          shop={connecting.shops.find((s) => s.id === dialog.params.get('shop'))}
          onClose={() => dialog.close(['platform', 'shop'])}
          onConnected={(name, again) => setMessage(again ? t('integrations.reconnected', { name }) : t('integrations.connected', { name }))}
        />
      )}
    </>
  );
}

function ConnectDialog({
  platform,
  shop,
  onClose,
  onConnected,
}: {
  platform: IntegrationPlatform;
  /** Reconnecting this shop: new address and credentials, tried before they replace the old ones. */
  shop?: IntegrationPlatform['shops'][number];
  onClose(): void;
  onConnected(name: string, again: boolean): void;
}) {
  const { t } = useTranslation();
  const connectNew = useConnectShop();
  const reconnect = useUpdateShop();
  const connect = shop ? reconnect : connectNew;
  const [name, setName] = useState(shop?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(shop?.baseUrl ?? '');
  const [mode, setMode] = useState<'shipment_level' | 'order_level'>(platform.shipmentLevel === 'no' ? 'order_level' : 'shipment_level');
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const errors = connect.error instanceof ApiError ? (connect.error.problem.errors ?? []) : [];
  const errorFor = (path: string) => errors.find((e) => e.path === path || e.path.startsWith(`${path}.`))?.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const done = {
      onSuccess: () => {
        onConnected(name, Boolean(shop));
        onClose();
      },
    };
    if (shop) reconnect.mutate({ id: shop.id, body: { baseUrl, credentials } }, done);
    else connectNew.mutate({ platform: platform.platform, name, baseUrl, processingMode: mode, credentials }, done);
  };

  return (
    <Modal title={shop ? t('integrations.reconnectTitle', { name: shop.name }) : t('integrations.connectTitle', { platform: platform.name })} onClose={onClose}>
      <form onSubmit={submit} className="form" noValidate>
        {connect.error && errors.length === 0 && (
          <p className="alert error" role="alert">
            {connect.error.message}
          </p>
        )}
        {!shop && (
          <>
            <label htmlFor="shop-name">{t('integrations.name')}</label>
            <input id="shop-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(errorFor('name'))} autoFocus />
            {errorFor('name') && <p className="error-text">{errorFor('name')}</p>}
          </>
        )}
        <label htmlFor="shop-url">{t('integrations.url')}</label>
        <input id="shop-url" type="url" placeholder="https://myshop.example.com" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} aria-invalid={Boolean(errorFor('baseUrl'))} />
        {errorFor('baseUrl') && <p className="error-text">{errorFor('baseUrl')}</p>}
        {!shop && (
          <>
            <label htmlFor="shop-mode">{t('integrations.mode')}</label>
            <select id="shop-mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
              <option value="shipment_level" disabled={platform.shipmentLevel === 'no'}>
                {platform.shipmentLevel === 'after_reinstall' ? t('integrations.afterReinstall') : t('integrations.shipmentLevel')}
              </option>
              <option value="order_level">{t('integrations.orderLevel')}</option>
            </select>
          </>
        )}
        {platform.credentialFields.map((field) => (
          <div key={field.name} className="field">
            <label htmlFor={`cred-${field.name}`}>{field.label}</label>
            <input
              id={`cred-${field.name}`}
              type={field.secret ? 'password' : 'text'}
              autoComplete="off"
              value={credentials[field.name] ?? ''}
              onChange={(e) => setCredentials((c) => ({ ...c, [field.name]: e.target.value }))}
              aria-invalid={Boolean(errorFor(`credentials.${field.name}`))}
            />
            {errorFor(`credentials.${field.name}`) && <p className="error-text">{errorFor(`credentials.${field.name}`)}</p>}
          </div>
        ))}
        {errorFor('credentials') && !platform.credentialFields.some((f) => errorFor(`credentials.${f.name}`)) && <p className="error-text">{errorFor('credentials')}</p>}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={connect.isPending}>
            {connect.isPending ? t('integrations.checking') : shop ? t('integrations.reconnect') : t('integrations.submitConnect')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
