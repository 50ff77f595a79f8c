import { useState, type FormEvent } from 'react';
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

const SUPPORT_TEXT: Record<IntegrationPlatform['shipmentLevel'], string> = {
  yes: 'Yes',
  after_reinstall: 'Yes, after reinstalling',
  when_enabled: 'Where enabled in the shop',
  no: 'No (order level)',
};

export default function IntegrationsPage() {
  const integrations = useIntegrations();
  const me = useMe();
  const dialog = useUrlDialog('connect');
  const startImport = useStartImport();
  const updateShop = useUpdateShop();
  const [message, setMessage] = useState<string | null>(null);
  const isOwner = me.data?.role === 'owner';

  if (integrations.isPending) return <PageLoading label="Loading integrations…" />;
  if (integrations.isError) {
    return (
      <p className="alert error" role="alert">
        Could not load the integrations: {integrations.error.message}
      </p>
    );
  }
  const platforms = integrations.data.platforms;
  const connecting = platforms.find((p) => p.platform === dialog.params.get('platform'));

  return (
    <>
      <div className="page-head">
        <h1>Integrations</h1>
      </div>
      <p className="hint">
        Shop systems that know shipments are processed at shipment level: each shipment gets its own label, and its tracking code and status go back to that
        shipment in the shop. Others work at order level.
      </p>
      <div role="status" aria-live="polite">
        {message && <p className="alert info">{message}</p>}
      </div>
      <div className="table-wrap">
        <table className="table integrations-table">
          <caption className="visually-hidden">Shop platforms and your connected shops</caption>
          <thead>
            <tr>
              <th scope="col">Platform</th>
              <th scope="col">Shipment level</th>
              <th scope="col">Remarks</th>
              <th scope="col">Your shops</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {platforms.map((p) => (
              <tr key={p.platform} data-platform={p.platform}>
                <th scope="row">{p.name}</th>
                <td>
                  <span className={`badge support-${p.shipmentLevel}`}>{SUPPORT_TEXT[p.shipmentLevel]}</span>
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
                    <span className="muted">None connected</span>
                  ) : (
                    <ul className="plain">
                      {p.shops.map((shop) => (
                        <li key={shop.id} className="shop">
                          <strong>{shop.name}</strong> · {shop.processingMode === 'shipment_level' ? 'shipment level' : 'order level'} · {shop.orderCount} orders
                          <br />
                          <span className="muted">Last import: {shop.lastImportAt ? formatDateTime(shop.lastImportAt) : 'never'}</span>
                          {shop.failedSyncs > 0 && <span className="badge badge-cancelled"> {shop.failedSyncs} failed to sync</span>}
                          {shop.lastError && <p className="error-text">{shop.lastError}</p>}
                          {isOwner && (
                            <button type="button" className="link-button" onClick={() => dialog.open({ platform: p.platform, shop: shop.id })}>
                              Reconnect
                            </button>
                          )}
                          {isOwner && (
                            <div className="shop-settings">
                              <label htmlFor={`mode-${shop.id}`}>Processing</label>
                              <select
                                id={`mode-${shop.id}`}
                                value={shop.processingMode}
                                disabled={updateShop.isPending}
                                onChange={(e) =>
                                  updateShop.mutate(
                                    { id: shop.id, body: { processingMode: e.target.value as 'shipment_level' | 'order_level' } },
                                    { onSuccess: () => setMessage(`${shop.name} now works at ${e.target.value === 'shipment_level' ? 'shipment' : 'order'} level.`), onError: (err) => setMessage(err.message) },
                                  )
                                }
                              >
                                <option value="shipment_level" disabled={p.shipmentLevel === 'no'}>
                                  Shipment level
                                </option>
                                <option value="order_level">Order level</option>
                              </select>
                              <label htmlFor={`policy-${shop.id}`}>When part of an order ships</label>
                              <select
                                id={`policy-${shop.id}`}
                                value={shop.backorderPolicy}
                                disabled={updateShop.isPending}
                                onChange={(e) =>
                                  updateShop.mutate(
                                    { id: shop.id, body: { backorderPolicy: e.target.value as 'ask' | 'always' | 'never' } },
                                    { onSuccess: () => setMessage(`${shop.name}: backorder policy saved.`), onError: (err) => setMessage(err.message) },
                                  )
                                }
                              >
                                <option value="ask">Ask what to do with the rest</option>
                                <option value="always">Always put the rest on backorder</option>
                                <option value="never">Never: leave the rest open</option>
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
                              Import now
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
                      Connect {p.name.split(' ')[0]}
                    </button>
                  ) : !p.connectable ? (
                    <span className="muted">Coming soon</span>
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
          onConnected={(name, again) => setMessage(again ? `${name} is reconnected.` : `${name} is connected; its orders are being imported.`)}
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
    <Modal title={shop ? `Reconnect ${shop.name}` : `Connect a ${platform.name} shop`} onClose={onClose}>
      <form onSubmit={submit} className="form" noValidate>
        {connect.error && errors.length === 0 && (
          <p className="alert error" role="alert">
            {connect.error.message}
          </p>
        )}
        {!shop && (
          <>
            <label htmlFor="shop-name">Name</label>
            <input id="shop-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(errorFor('name'))} autoFocus />
            {errorFor('name') && <p className="error-text">{errorFor('name')}</p>}
          </>
        )}
        <label htmlFor="shop-url">Shop address (API base URL)</label>
        <input id="shop-url" type="url" placeholder="https://myshop.example.com" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} aria-invalid={Boolean(errorFor('baseUrl'))} />
        {errorFor('baseUrl') && <p className="error-text">{errorFor('baseUrl')}</p>}
        {!shop && (
          <>
            <label htmlFor="shop-mode">Processing mode</label>
            <select id="shop-mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
              <option value="shipment_level" disabled={platform.shipmentLevel === 'no'}>
                Shipment level{platform.shipmentLevel === 'after_reinstall' ? ' (after reinstalling)' : ''}
              </option>
              <option value="order_level">Order level</option>
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
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={connect.isPending}>
            {connect.isPending ? 'Checking the shop…' : shop ? 'Reconnect' : 'Connect'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
