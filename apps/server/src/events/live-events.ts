import { EventEmitter } from 'node:events';

/** What changed, for the dashboards of one merchant to refresh. */
export type LiveEvent =
  | { type: 'order.updated'; orderId: string }
  | { type: 'shipment.updated'; shipmentId: string; orderId: string }
  | { type: 'orders.imported'; integrationId: string }
  | { type: 'integration.updated'; integrationId: string }
  | { type: 'batch.progress'; batchId: string };

/**
 * In-process fan-out of changes to the Server-Sent Events streams of each merchant. With several
 * server instances behind a load balancer this becomes PostgreSQL LISTEN/NOTIFY; one instance
 * (the embedded default) needs nothing more.
 */
const SHUTDOWN = Symbol('shutdown');

export class LiveEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(merchantId: string, event: LiveEvent): void {
    this.emitter.emit(merchantId, event);
  }

  /** Tells every open stream that the server is stopping, so they end and clients reconnect elsewhere. */
  shutdown(): void {
    this.emitter.emit(SHUTDOWN);
  }

  onShutdown(listener: () => void): () => void {
    this.emitter.on(SHUTDOWN, listener);
    return () => this.emitter.off(SHUTDOWN, listener);
  }

  subscribe(merchantId: string, listener: (event: LiveEvent) => void): () => void {
    this.emitter.on(merchantId, listener);
    return () => this.emitter.off(merchantId, listener);
  }
}

export const liveEvents = new LiveEvents();
