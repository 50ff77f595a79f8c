/**
 * Lightspeed eCom's rate limits: fixed windows per API key — by default 300 calls per 5 minutes,
 * 3,000 per hour and 12,000 per day. Every answer carries the state of all windows, slash-separated
 * in the same order: `X-RateLimit-Limit: 300/3000/12000`, `X-RateLimit-Remaining: 299/2999/11999`,
 * `X-RateLimit-Reset: 263/2063/23663` (seconds until each window starts afresh). A call when any
 * window is used up is refused with HTTP 429.
 */

export interface RateWindow {
  limit: number;
  windowMs: number;
}

export const LIGHTSPEED_DEFAULT_LIMITS: RateWindow[] = [
  { limit: 300, windowMs: 5 * 60_000 },
  { limit: 3000, windowMs: 60 * 60_000 },
  { limit: 12000, windowMs: 24 * 60 * 60_000 },
];

export class RateLimiter {
  private readonly windows: { limit: number; windowMs: number; startedAt: number; used: number }[];

  constructor(
    windows: RateWindow[],
    private readonly now: () => number,
  ) {
    this.windows = windows.map((w) => ({ ...w, startedAt: now(), used: 0 }));
  }

  private roll(): void {
    const t = this.now();
    for (const w of this.windows) {
      if (t - w.startedAt >= w.windowMs) {
        const elapsedWindows = Math.floor((t - w.startedAt) / w.windowMs);
        w.startedAt += elapsedWindows * w.windowMs;
        w.used = 0;
      }
    }
  }

  /** Counts one call; false when a window is used up (the call is then not counted). */
  take(): boolean {
    this.roll();
    if (this.windows.some((w) => w.used >= w.limit)) return false;
    for (const w of this.windows) w.used++;
    return true;
  }

  headers(): Record<string, string> {
    this.roll();
    const t = this.now();
    return {
      'X-RateLimit-Limit': this.windows.map((w) => w.limit).join('/'),
      'X-RateLimit-Remaining': this.windows.map((w) => Math.max(0, w.limit - w.used)).join('/'),
      'X-RateLimit-Reset': this.windows.map((w) => Math.max(0, Math.ceil((w.startedAt + w.windowMs - t) / 1000))).join('/'),
    };
  }

  /** Uses up the remaining calls of one window (default the shortest), for tests. */
  exhaust(index = 0): void {
    this.roll();
    const w = this.windows[index];
    if (w) w.used = w.limit;
  }
}
