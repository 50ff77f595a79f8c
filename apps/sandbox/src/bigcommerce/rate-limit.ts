/**
 * BigCommerce's REST rate limit ("API rate limits", developer.bigcommerce.com/docs/start/best-practices/api-rate-limits):
 * each request uses one unit of the store's quota, which is refreshed every window (30 s on the
 * Standard/Plus plans: 150 requests, Pro: 450). Every answer says where the caller stands:
 *
 *   X-Rate-Limit-Time-Window-Ms   the window's size
 *   X-Rate-Limit-Time-Reset-Ms    ms until the quota is refreshed
 *   X-Rate-Limit-Requests-Quota   requests allowed per window
 *   X-Rate-Limit-Requests-Left    requests left in this window
 *
 * Once the quota is used up, requests are refused with 429 (and the same headers) until the reset.
 */
export class BigCommerceRateLimiter {
  private startedAt: number;
  private used = 0;

  constructor(
    readonly quota: number,
    readonly windowMs: number,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
  }

  private roll(): void {
    const t = this.now();
    if (t - this.startedAt >= this.windowMs) {
      this.startedAt += Math.floor((t - this.startedAt) / this.windowMs) * this.windowMs;
      this.used = 0;
    }
  }

  /** Counts one request; false when the quota is used up (the request is then not counted). */
  take(): boolean {
    this.roll();
    if (this.used >= this.quota) return false;
    this.used++;
    return true;
  }

  headers(): Record<string, string> {
    this.roll();
    return {
      'X-Rate-Limit-Time-Window-Ms': String(this.windowMs),
      'X-Rate-Limit-Time-Reset-Ms': String(Math.max(0, this.startedAt + this.windowMs - this.now())),
      'X-Rate-Limit-Requests-Quota': String(this.quota),
      'X-Rate-Limit-Requests-Left': String(Math.max(0, this.quota - this.used)),
    };
  }

  /** Uses up what is left of the current window (for tests: another app spent the shared quota). */
  exhaust(): void {
    this.roll();
    this.used = this.quota;
  }
}
