import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { moveQuantity, stockCovers, suggestSplit, type Allocation } from '@shipdesk/domain';
import { allocationOf, lineRefs } from '../features/orders/lib/allocation-view';
import { ApiError } from '../lib/api-client';
import { formatDateTime, platformName } from '../lib/format';
import { useOrder } from '../features/orders/api/get-order';
import { useSaveAllocation } from '../features/orders/api/save-allocation';
import { SplitBoard } from '../features/orders/components/split-board';
import { FulfilmentBadge } from '../features/orders/components/status-badge';
import { PageLoading } from '../ui/page-loading';
import { useUrlDialog } from '../ui/url-dialog';
import { useMe } from '../features/auth/api/get-me';
import { useRetrySync } from '../features/shipments/api/retry-sync';
import { useShipShipment } from '../features/shipments/api/ship-shipment';
import { useCancelLabel, useCreateLabel } from '../features/shipments/api/create-label';
import { useUndoSplit } from '../features/orders/api/undo-split';
import { ShipDialog } from '../features/shipments/components/ship-dialog';
import { ShipmentFooter } from '../features/shipments/components/shipment-footer';

/** Without a carrier account: a parcel abroad with most carriers is at most 20 kg with the box. */
const FALLBACK_MAX_WEIGHT_GRAMS = 20_000;
const PACKAGING_GRAMS = 200;

type Notice = { kind: 'error' | 'info'; text: string; details?: string[] } | null;

export default function OrderDetailPage() {
  const { orderId = '' } = useParams();
  const order = useOrder(orderId);
  const save = useSaveAllocation(orderId);
  const [drafts, setDrafts] = useState<string[]>([]);
  const [notice, setNotice] = useState<Notice>(null);
  const me = useMe();
  const shipDialog = useUrlDialog('ship');
  const ship = useShipShipment(orderId);
  const retry = useRetrySync(orderId);
  const createLabel = useCreateLabel(orderId);
  const cancelLabel = useCancelLabel(orderId);
  const undo = useUndoSplit(orderId);
  const undoButton = useRef<HTMLButtonElement>(null);
  const { t } = useTranslation();

  // Ctrl+Z / ⌘Z undoes the last split change, unless the person is typing in a field.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'z' || event.shiftKey) return;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      event.preventDefault();
      undoButton.current?.click();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (order.isPending) return <PageLoading label={t('orderDetail.loading')} />;
  if (order.isError) {
    const missing = order.error instanceof ApiError && order.error.status === 404;
    return (
      <div className="empty-state">
        <h1>{missing ? t('orderDetail.notFound') : t('orderDetail.loadError')}</h1>
        <p>{order.error.message}</p>
        <Link to="/orders">{t('orderDetail.back')}</Link>
      </div>
    );
  }
  const data = order.data;
  const canEdit = me.data?.role !== 'support';
  const openUnits = data.lines.reduce((n, l) => n + l.open, 0);
  // The shop's policy is "ask": once part of the order has left, offer to hold the rest.
  const askBackorder =
    canEdit &&
    data.backorderPolicy === 'ask' &&
    openUnits > 0 &&
    data.shipments.some((s) => s.status === 'labelled' || s.status === 'shipped');
  const shipping = data.shipments.find(
    (s) => s.id === shipDialog.params.get('shipment') && (s.status === 'open' || s.status === 'labelled'),
  );

  const onChange = (allocation: Allocation) => {
    // Board-only shipments that received items are saved now; the empty ones stay drafts.
    setDrafts((keys) => keys.filter((key) => allocation.shipments.some((s) => s.key === key && s.lines.length === 0)));
    setNotice(null);
    save.mutate(
      { order: data, allocation },
      {
        onSuccess: () => setNotice({ kind: 'info', text: t('orderDetail.saved') }),
        onError: (error) => {
          if (error instanceof ApiError && error.status === 409) {
            setNotice({ kind: 'error', text: t('orderDetail.conflict', { message: error.message }) });
          } else if (error instanceof ApiError && error.status === 422) {
            setNotice({
              kind: 'error',
              text: t('orderDetail.notSaved'),
              details: error.problem.errors?.map((e) => e.message) ?? [error.message],
            });
          } else {
            setNotice({ kind: 'error', text: t('orderDetail.notSavedBecause', { message: error.message }) });
          }
        },
      },
    );
  };

  return (
    <>
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to="/orders">{t('orders.title')}</Link> / <span aria-current="page">{data.number}</span>
      </nav>
      <div className="page-head">
        <h1>{t('orderDetail.title', { number: data.number })}</h1>
        <FulfilmentBadge status={data.fulfilmentStatus} t={t} />
      </div>
      <dl className="facts">
        <div>
          <dt>{t('common.customer')}</dt>
          <dd>
            {data.customerName}
            <br />
            <span className="muted">{data.customerEmail}</span>
          </dd>
        </div>
        <div>
          <dt>{t('common.shipTo')}</dt>
          <dd>
            {data.shippingAddress.street}, {data.shippingAddress.postalCode} {data.shippingAddress.city},{' '}
            {data.shippingAddress.country}
          </dd>
        </div>
        <div>
          <dt>{t('common.shop')}</dt>
          <dd>
            {data.shop.name} ({platformName(data.shop.platform)}) ·{' '}
            {data.processingMode === 'shipment_level'
              ? data.shop.platform === 'shopify'
                ? t('orderDetail.shopifyShipmentLevel')
                : t('common.shipmentLevel')
              : t('common.orderLevel')}
          </dd>
        </div>
        <div>
          <dt>{t('common.placed')}</dt>
          <dd>{formatDateTime(data.placedAt)}</dd>
        </div>
      </dl>

      <div className="notices" aria-live="polite">
        {notice && (
          <div className={`alert ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
            {notice.text}
            {notice.details && (
              <ul>
                {notice.details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            )}
            <button
              type="button"
              className="link-button dismiss"
              aria-label={t('common.dismiss')}
              onClick={() => setNotice(null)}
            >
              ×
            </button>
          </div>
        )}
      </div>

      <section aria-labelledby="lines-title">
        <h2 id="lines-title">{t('orderDetail.items')}</h2>
        <table className="table lines-table">
          <thead>
            <tr>
              <th scope="col">{t('common.sku')}</th>
              <th scope="col">{t('common.item')}</th>
              <th scope="col" className="num">
                {t('common.ordered')}
              </th>
              <th scope="col" className="num">
                {t('orderDetail.open')}
              </th>
              <th scope="col" className="num">
                {t('orderDetail.inShipments')}
              </th>
              <th scope="col" className="num">
                {t('orderDetail.shipped')}
              </th>
              <th scope="col" className="num">
                {t('orderDetail.backorder')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.lines.map((line) => (
              <tr key={line.id} data-sku={line.sku}>
                <td>
                  <code>{line.sku}</code>
                </td>
                <td>
                  {line.name}
                  {line.stock !== null && (
                    <>
                      {' '}
                      <small
                        className={line.stock < 0 ? 'badge badge-awaiting_stock' : 'muted'}
                        data-col="stock"
                        title={t('orderDetail.stockTitle')}
                      >
                        {line.stock < 0
                          ? t('orderDetail.stockShort', { count: -line.stock })
                          : t('orderDetail.stockSpare', { count: line.stock })}
                      </small>
                    </>
                  )}
                </td>
                <td className="num">{line.quantity}</td>
                <td className="num" data-col="open">
                  {line.open}
                </td>
                <td className="num" data-col="in-shipments">
                  {line.inShipments}
                </td>
                <td className="num" data-col="shipped">
                  {line.shipped}
                </td>
                <td className="num" data-col="backorder">
                  {line.backorder}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {askBackorder && (
        <div className="alert info backorder-ask" role="region" aria-label={t('orderDetail.restRegion')}>
          {t('orderDetail.askRest', { count: openUnits })}{' '}
          <button
            type="button"
            className="button small primary"
            disabled={save.isPending}
            onClick={() => {
              let allocation = allocationOf(data);
              for (const line of data.lines) {
                if (line.open <= 0) continue;
                const moved = moveQuantity(
                  lineRefs(data),
                  allocation,
                  line.id,
                  { kind: 'unassigned' },
                  { kind: 'backorder' },
                  line.open,
                );
                if (moved.ok) allocation = moved.allocation;
              }
              onChange(allocation);
            }}
          >
            {t('orderDetail.putRest')}
          </button>
        </div>
      )}
      <div className="undo-row">
        <button
          ref={undoButton}
          type="button"
          className="button small"
          disabled={!data.canUndo || undo.isPending || save.isPending}
          title="Ctrl+Z"
          onClick={() =>
            undo.mutate(data, {
              onSuccess: () => setNotice({ kind: 'info', text: t('orderDetail.undone') }),
              onError: (e) => setNotice({ kind: 'error', text: e.message }),
            })
          }
        >
          {t('orderDetail.undo')}
        </button>
      </div>
      <SplitBoard
        order={data}
        draftShipments={drafts}
        saving={save.isPending}
        onAddShipment={() => setDrafts((keys) => [...keys, `new-${Date.now().toString(36)}-${keys.length}`])}
        onChange={onChange}
        onRefused={(message) => setNotice({ kind: 'error', text: message })}
        onSuggest={() => {
          const suggestion = suggestSplit(
            data.lines.map((l) => ({
              id: l.id,
              sku: l.sku,
              quantity: l.open,
              unitWeightGrams: l.unitWeightGrams,
              // What the shop's stock covers goes in a parcel; the rest goes on backorder.
              available: stockCovers(l.open, l.stock),
            })),
            { maxWeightGrams: data.parcelLimit?.maxWeightGrams ?? FALLBACK_MAX_WEIGHT_GRAMS, packagingGrams: PACKAGING_GRAMS },
          );
          let allocation = allocationOf(data);
          suggestion.shipments.forEach((lines, i) => {
            allocation = {
              ...allocation,
              shipments: [...allocation.shipments, { key: `suggested-${Date.now().toString(36)}-${i}`, status: 'open', lines }],
            };
          });
          // What the stock does not cover waits on backorder, added to what waits already.
          const backorder = new Map(allocation.backorder.map((b) => [b.lineId, b.quantity]));
          for (const b of suggestion.backorder) backorder.set(b.lineId, (backorder.get(b.lineId) ?? 0) + b.quantity);
          allocation = { ...allocation, backorder: [...backorder].map(([lineId, quantity]) => ({ lineId, quantity })) };
          onChange(allocation);
          if (suggestion.notes.length > 0) setNotice({ kind: 'error', text: suggestion.notes.join(' ') });
        }}
        shipmentFooter={(shipment, title) => (
          <ShipmentFooter
            shipment={shipment}
            title={title}
            shopTerm={t(data.shop.platform === 'shopify' ? 'common.shopTerm.fulfillment' : 'common.shopTerm.shipment')}
            canEdit={canEdit}
            busy={createLabel.isPending || cancelLabel.isPending || retry.isPending}
            onCreateLabel={() =>
              createLabel.mutate(
                { shipmentId: shipment.id, body: { format: 'A6' } },
                {
                  onSuccess: (label) =>
                    setNotice({
                      kind: 'info',
                      text: t('orderDetail.labelReady', { title, carrier: label.carrier, tracking: label.trackingNumber }),
                    }),
                  onError: (e) => setNotice({ kind: 'error', text: e.message }),
                },
              )
            }
            onCancelLabel={() =>
              cancelLabel.mutate(shipment.id, {
                onSuccess: () => setNotice({ kind: 'info', text: t('orderDetail.labelCancelled', { title }) }),
                onError: (e) => setNotice({ kind: 'error', text: e.message }),
              })
            }
            onShip={() => {
              ship.reset();
              shipDialog.open({ shipment: shipment.id });
            }}
            onRetry={() => retry.mutate(shipment.id, { onError: (e) => setNotice({ kind: 'error', text: e.message }) })}
          />
        )}
      />
      {shipDialog.isOpen && shipping && (
        <ShipDialog
          title={t('orderDetail.shipment', { number: shipping.number })}
          fixed={
            shipping.status === 'labelled' && shipping.trackingCode
              ? { carrier: shipping.carrier ?? 'Other', trackingCode: shipping.trackingCode }
              : undefined
          }
          pending={ship.isPending}
          error={ship.error}
          onClose={() => shipDialog.close(['shipment'])}
          onSubmit={(body) =>
            ship.mutate(
              { shipmentId: shipping.id, body },
              {
                onSuccess: () => {
                  shipDialog.close(['shipment']);
                  setNotice({ kind: 'info', text: t('orderDetail.shippedNotice', { number: shipping.number }) });
                },
              },
            )
          }
        />
      )}
    </>
  );
}
