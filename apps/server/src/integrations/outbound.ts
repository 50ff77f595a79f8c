import { tracedFetch } from '../observability/request-context';
import { CircuitBreakers, type BreakerOptions } from './circuit-breaker';

/** How calls to shops and carriers behave; tests shorten the waits. */
export interface OutboundSettings extends BreakerOptions {
  /** The longest one call may take before it fails as a timeout (and is retried later). */
  timeoutMs: number;
}

const settings: OutboundSettings = { timeoutMs: 30_000, threshold: 5, cooldownMs: 30_000 };

/** One breaker per upstream for this process: `shop:<integration id>`, `carrier:<account id>`. */
export let breakers = new CircuitBreakers(settings);

/** Changes the settings (and resets every breaker). */
export function configureOutbound(changes: Partial<OutboundSettings>): void {
  Object.assign(settings, changes);
  breakers = new CircuitBreakers(settings);
}

function withTimeout(base: typeof fetch): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    return base(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
}

/**
 * The fetch for calls to one upstream: a timeout on every call, through the upstream's circuit
 * breaker, carrying the current request id in X-Request-Id.
 */
export const outboundFetch = (key: string): typeof fetch => tracedFetch(breakers.fetch(key, withTimeout(fetch)));
