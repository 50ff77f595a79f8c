const SECRET_KEY = /token|secret|password|passwd|authorization|api[-_]?key|signature|credential|cookie/i;

/**
 * A copy of a value with every secret-looking field replaced, for what support staff read (request
 * and response bodies of external calls on a shipment's timeline).
 */
export function redact<T>(value: T, depth = 0): T {
  if (depth > 12 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEY.test(key) && v !== null && v !== undefined ? '[redacted]' : redact(v, depth + 1);
  }
  return out as T;
}
