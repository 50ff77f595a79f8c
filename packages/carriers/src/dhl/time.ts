/**
 * Timestamps of DHL's Shipment Tracking – Unified API are ISO 8601, usually with a zone ("Z" or
 * "+01:00"); for Post & Parcel Germany they can come without one, meaning German local time. This
 * turns both into a UTC instant.
 */

const BERLIN = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function offsetAt(instant: number): number {
  const p = Object.fromEntries(BERLIN.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** "2026-03-02T10:00:00+01:00" / "...Z" / "2026-03-02T10:00:00" (Berlin) → "2026-03-02T09:00:00.000Z". */
export function fromDhlTimestamp(value: string): string {
  const trimmed = value.trim();
  if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed)) {
    const parsed = Date.parse(trimmed);
    if (Number.isNaN(parsed)) throw new Error(`Not a DHL timestamp: "${value}"`);
    return new Date(parsed).toISOString();
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/.exec(trimmed);
  if (!m) throw new Error(`Not a DHL timestamp: "${value}"`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  let instant = wall - offsetAt(wall);
  instant = wall - offsetAt(instant);
  return new Date(instant).toISOString();
}
