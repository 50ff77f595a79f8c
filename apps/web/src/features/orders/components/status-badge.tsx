import type { OrderDetail } from '@shipdesk/contract';

const FULFILMENT_LABELS: Record<OrderDetail['fulfilmentStatus'], string> = {
  unfulfilled: 'Unfulfilled',
  partially_shipped: 'Partially shipped',
  awaiting_stock: 'Awaiting stock',
  fulfilled: 'Fulfilled',
  cancelled: 'Cancelled',
};

const SHIPMENT_LABELS: Record<OrderDetail['shipments'][number]['status'], string> = {
  open: 'Open',
  labelled: 'Label created',
  shipped: 'Shipped',
  cancelled: 'Cancelled',
};

export const fulfilmentLabel = (status: OrderDetail['fulfilmentStatus']) => FULFILMENT_LABELS[status];

export function FulfilmentBadge({ status }: { status: OrderDetail['fulfilmentStatus'] }) {
  return <span className={`badge badge-${status}`}>{FULFILMENT_LABELS[status]}</span>;
}

export function ShipmentBadge({ status }: { status: OrderDetail['shipments'][number]['status'] }) {
  return <span className={`badge badge-shipment-${status}`}>{SHIPMENT_LABELS[status]}</span>;
}
