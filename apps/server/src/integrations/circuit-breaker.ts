/**
 * A circuit breaker per upstream (one connected shop, one carrier account): after `threshold`
 * failures in a row (no answer, or a 5xx) calls are refused at once for `cooldownMs`, so a shop
 * that is down is not hammered by every queued job and the jobs fail fast, to be retried later
 * with backoff. After the pause one trial call goes through: an answer closes the circuit, a
 * failure opens it again. 4xx answers (including 429, which the connectors wait out) are the
 * upstream working as designed and do not count.
 */
export interface BreakerOptions {
  threshold?: number;
  cooldownMs?: number;
  now?: () => number;
}

interface BreakerState {
  failures: number;
  openUntil: number;
  lastFailure: string;
  trialInFlight: boolean;
}

/** Thrown instead of calling an upstream whose circuit is open; connectors treat it as a network failure (retryable). */
export class CircuitOpenError extends TypeError {
  constructor(
    readonly key: string,
    readonly retryAfterMs: number,
    lastFailure: string,
  ) {
    super(`Shipdesk paused calls to this service for ${Math.ceil(retryAfterMs / 1000)} s after repeated failures (last: ${lastFailure}).`);
    this.name = 'CircuitOpenError';
  }
}

export class CircuitBreakers {
  private readonly states = new Map<string, BreakerState>();
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(options: BreakerOptions = {}) {
    this.threshold = options.threshold ?? 5;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  private state(key: string): BreakerState {
    let state = this.states.get(key);
    if (!state) {
      state = { failures: 0, openUntil: 0, lastFailure: '', trialInFlight: false };
      this.states.set(key, state);
    }
    return state;
  }

  /** 'closed', 'open' or 'half-open', for diagnostics and tests. */
  status(key: string): 'closed' | 'open' | 'half-open' {
    const state = this.states.get(key);
    if (!state || state.failures < this.threshold) return 'closed';
    return this.now() < state.openUntil ? 'open' : 'half-open';
  }

  /** Wraps a fetch so that its calls go through the breaker named `key`. */
  fetch(key: string, base: typeof fetch = fetch): typeof fetch {
    return async (input, init) => {
      const state = this.state(key);
      let trial = false;
      if (state.failures >= this.threshold) {
        const wait = state.openUntil - this.now();
        if (wait > 0 || state.trialInFlight) throw new CircuitOpenError(key, Math.max(wait, 1000), state.lastFailure);
        state.trialInFlight = true;
        trial = true;
      }
      try {
        const response = await base(input, init);
        if (response.status >= 500) this.failure(state, `HTTP ${response.status}`);
        else this.success(state);
        return response;
      } catch (error) {
        this.failure(state, error instanceof Error ? error.message : String(error));
        throw error;
      } finally {
        if (trial) state.trialInFlight = false;
      }
    };
  }

  private success(state: BreakerState) {
    state.failures = 0;
    state.openUntil = 0;
  }

  private failure(state: BreakerState, what: string) {
    state.failures++;
    state.lastFailure = what;
    if (state.failures >= this.threshold) state.openUntil = this.now() + this.cooldownMs;
  }
}
