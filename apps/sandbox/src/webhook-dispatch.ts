/** What a sandbox records of one outgoing webhook: where it went and what came back. */
export interface DispatchedDelivery {
  responseStatus: number | null;
  error: string | null;
}

/**
 * POSTs the sandbox platforms' webhook deliveries and records each answer on its delivery;
 * `flush` waits until every delivery sent so far has been answered (or failed).
 */
export class WebhookDispatcher {
  private readonly pending = new Set<Promise<void>>();

  post(target: string, headers: Record<string, string>, body: string, delivery: DispatchedDelivery): void {
    const p = fetch(target, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) })
      .then(async (res) => {
        delivery.responseStatus = res.status;
        await res.arrayBuffer().catch(() => undefined);
      })
      .catch((err: unknown) => {
        delivery.error = err instanceof Error ? err.message : String(err);
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
