import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { addShipment, moveQuantity } from '@shipdesk/domain';
import type { OrderDetail } from '@shipdesk/contract';
import { ApiError } from '../lib/api-client';
import { useMe } from '../features/auth/api/get-me';
import { orderQueryOptions } from '../features/orders/api/get-order';
import { orderKeys } from '../features/orders/api/keys';
import { resolveScan } from '../features/orders/api/resolve-scan';
import { saveAllocation } from '../features/orders/api/save-allocation';
import { allocationOf, lineRefs } from '../features/orders/lib/allocation-view';
import { createLabel } from '../features/shipments/api/create-label';

type Feedback = { kind: 'ok' | 'error'; text: string; at: number };

const COMMANDS = ['CLOSE', 'NEW'] as const;

/**
 * The packing station, driven by a keyboard-wedge barcode scanner (it types the code and Enter):
 * scan an order number or a packing slip to open it, scan each item to pack one unit into the open
 * shipment, scan NEW to start another parcel, scan CLOSE to buy the label and print it.
 */
export default function PackPage() {
  const me = useMe();
  const { t } = useTranslation();
  if (me.data?.role === 'support') {
    return (
      <>
        <div className="page-head">
          <h1>{t('pack.title')}</h1>
        </div>
        <p className="alert info">{t('support.packReadOnly')}</p>
      </>
    );
  }
  return <PackStation />;
}

function PackStation() {
  const [orderId, setOrderIdState] = useState<string | null>(null);
  const orderIdRef = useRef<string | null>(null);
  const setOrderId = (id: string | null) => {
    orderIdRef.current = id;
    setOrderIdState(id);
  };
  const [active, setActiveState] = useState<string | null>(null);
  const activeRef = useRef<string | null>(null);
  const setActive = (id: string | null) => {
    activeRef.current = id;
    setActiveState(id);
  };
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const [feedback, setFeedback] = useState<Feedback[]>([]);
  const [printing, setPrinting] = useState<{ shipmentId: string; tracking: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const order = useQuery({ ...orderQueryOptions(orderId ?? ''), enabled: Boolean(orderId) });

  const say = (kind: Feedback['kind'], text: string) => setFeedback((f) => [{ kind, text, at: Date.now() }, ...f].slice(0, 6));

  // The scanner types into whatever has focus: keep it on the scan field.
  useEffect(() => {
    const refocus = () => setTimeout(() => input.current?.focus(), 0);
    window.addEventListener('focus', refocus);
    return () => window.removeEventListener('focus', refocus);
  }, []);

  const openCode = async (code: string) => {
    try {
      const target = await resolveScan(code);
      const data = await queryClient.fetchQuery(orderQueryOptions(target.orderId));
      setOrderId(target.orderId);
      setPrinting(null);
      const openShipment = target.shipmentId ?? data.shipments.find((s) => s.status === 'open')?.id ?? null;
      setActive(openShipment);
      say(
        'ok',
        target.shipmentId
          ? t('pack.openedShipment', { number: data.number, shipment: data.shipments.find((s) => s.id === target.shipmentId)?.number })
          : t('pack.opened', { number: data.number }),
      );
    } catch (error) {
      say('error', error instanceof Error ? error.message : String(error));
    }
  };

  /** Packs one unit. Scans run one after another, each on the order as the last save left it. */
  const packUnit = async (code: string) => {
    const id = orderIdRef.current;
    const data = id ? queryClient.getQueryData<OrderDetail>(orderKeys.detail(id)) : undefined;
    if (!data) return say('error', t('pack.scanFirst'));
    const line = data.lines.find((l) => l.sku.toLowerCase() === code.toLowerCase());
    if (!line) return say('error', t('pack.notOnOrder', { code, number: data.number }));
    if (line.open === 0) return say('error', t('pack.allPacked', { quantity: line.quantity, sku: line.sku }));
    let allocation = allocationOf(data);
    const wanted = activeRef.current;
    let key = wanted && allocation.shipments.some((s) => s.key === wanted && s.status === 'open') ? wanted : null;
    if (!key) {
      key = `new-${Date.now().toString(36)}`;
      allocation = addShipment(allocation, key);
    }
    const moved = moveQuantity(lineRefs(data), allocation, line.id, { kind: 'unassigned' }, { kind: 'shipment', key }, 1);
    if (!moved.ok) return say('error', moved.message);
    const before = new Set(data.shipments.map((s) => s.id));
    try {
      const saved = await saveAllocation(data, moved.allocation);
      queryClient.setQueryData(orderKeys.detail(data.id), saved);
      const shipment = saved.shipments.find((s) => s.id === key) ?? saved.shipments.find((s) => !before.has(s.id));
      if (shipment) setActive(shipment.id);
      const inShipment = shipment?.lines.find((l) => l.lineId === line.id)?.quantity ?? 1;
      say('ok', t('pack.packed', { sku: line.sku, count: inShipment, quantity: line.quantity, shipment: shipment?.number ?? '' }));
    } catch (error) {
      say('error', error instanceof ApiError ? (error.problem.errors?.[0]?.message ?? error.message) : error instanceof Error ? error.message : String(error));
    }
  };

  const close = async (data: OrderDetail) => {
    const shipment = data.shipments.find((s) => s.id === activeRef.current && s.status === 'open');
    if (!shipment || shipment.lines.length === 0) return say('error', t('pack.nothingPacked'));
    try {
      const label = await createLabel(shipment.id, { format: 'A6' }, crypto.randomUUID());
      await queryClient.invalidateQueries({ queryKey: orderKeys.detail(data.id) });
      setPrinting({ shipmentId: shipment.id, tracking: label.trackingNumber ?? '' });
      say('ok', t('pack.closed', { number: shipment.number, carrier: label.carrier, tracking: label.trackingNumber }));
      window.open(`/api/shipments/${shipment.id}/label.pdf`, '_blank', 'noopener');
      window.open(`/api/shipments/${shipment.id}/packing-slip.pdf?format=A6`, '_blank', 'noopener');
      setActive(null);
    } catch (error) {
      say('error', error instanceof Error ? error.message : String(error));
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field = input.current!;
    const code = field.value.trim();
    field.value = '';
    if (!code) return;
    // One scan at a time, in the order they were made, however fast the scanner is.
    queue.current = queue.current.then(async () => {
      const command = COMMANDS.find((c) => c === code.toUpperCase());
      const id = orderIdRef.current;
      const data = id ? queryClient.getQueryData<OrderDetail>(orderKeys.detail(id)) : undefined;
      if (code.startsWith('#') || /^SD-/i.test(code) || !data) return openCode(code);
      if (command === 'CLOSE') return close(data);
      if (command === 'NEW') {
        setActive(null);
        return say('ok', t('pack.newNext'));
      }
      return packUnit(code);
    });
  };

  const data = order.data;
  const current = data?.shipments.find((s) => s.id === active);
  return (
    <div className="pack">
      <div className="page-head">
        <h1>{t('pack.title')}</h1>
      </div>
      <form onSubmit={submit} className="scan-form">
        <label htmlFor="scan">{t('pack.scan')}</label>
        <input id="scan" ref={input} autoFocus autoComplete="off" spellCheck={false} placeholder={t('pack.placeholder')} aria-describedby="scan-help" />
        <p id="scan-help" className="hint">
          <Trans i18nKey="pack.help" components={{ kbd: <kbd /> }} />
        </p>
      </form>
      <div className="scan-feedback" aria-live="assertive">
        {feedback[0] && (
          <p key={feedback[0].at} className={`scan-result scan-${feedback[0].kind}`} role={feedback[0].kind === 'error' ? 'alert' : 'status'}>
            {feedback[0].text}
          </p>
        )}
        {feedback.length > 1 && (
          <ol className="scan-history" aria-label={t('pack.earlier')}>
            {feedback.slice(1).map((f) => (
              <li key={f.at} className={`scan-${f.kind}`}>
                {f.text}
              </li>
            ))}
          </ol>
        )}
      </div>
      {printing && (
        <p className="print-links">
          <a className="button primary" href={`/api/shipments/${printing.shipmentId}/label.pdf`} target="_blank" rel="noreferrer">
            {t('pack.printLabel', { tracking: printing.tracking })}
          </a>
          <a className="button" href={`/api/shipments/${printing.shipmentId}/packing-slip.pdf?format=A6`} target="_blank" rel="noreferrer">
            {t('pack.printSlip')}
          </a>
        </p>
      )}
      {data && (
        <section aria-labelledby="pack-order">
          <h2 id="pack-order">
            {t('pack.orderHeading', { number: data.number, customer: data.customerName, city: data.shippingAddress.city, country: data.shippingAddress.country })}
          </h2>
          <p className="muted">{current ? t('pack.packing', { number: current.number }) : t('pack.newNext')}</p>
          <table className="table lines-table">
            <thead>
              <tr>
                <th scope="col">{t('common.sku')}</th>
                <th scope="col">{t('common.item')}</th>
                <th scope="col" className="num">
                  {t('pack.inParcel')}
                </th>
                <th scope="col" className="num">
                  {t('pack.toPack')}
                </th>
                <th scope="col" className="num">
                  {t('common.ordered')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.lines.map((l) => (
                <tr key={l.id} data-sku={l.sku} className={l.open === 0 ? 'done' : undefined}>
                  <td>
                    <code>{l.sku}</code>
                  </td>
                  <td>{l.name}</td>
                  <td className="num" data-col="parcel">
                    {current?.lines.find((x) => x.lineId === l.id)?.quantity ?? 0}
                  </td>
                  <td className="num" data-col="open">
                    {l.open}
                  </td>
                  <td className="num">{l.quantity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
