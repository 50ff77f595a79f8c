import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { OrderDetail } from '@shipdesk/contract';
import { i18n } from '../../../i18n';

type FulfilmentStatus = OrderDetail['fulfilmentStatus'];
type ShipmentStatus = OrderDetail['shipments'][number]['status'];

/** The name of a fulfilment status in the active language. */
export const fulfilmentLabel = (status: FulfilmentStatus) => i18n.t(`status.fulfilment.${status}`);

/** `t` is the caller's (from its useTranslation), so the rows of a long list do not each subscribe to the language. */
export function FulfilmentBadge({ status, t }: { status: FulfilmentStatus; t: TFunction }) {
  return <span className={`badge badge-${status}`}>{t(`status.fulfilment.${status}`)}</span>;
}

export function ShipmentBadge({ status }: { status: ShipmentStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge-shipment-${status}`}>{t(`status.shipment.${status}`)}</span>;
}
