/**
 * PostNL timestamps are "dd-MM-yyyy HH:mm:ss" in Dutch local time (Europe/Amsterdam, with summer
 * time). These convert between that and real instants.
 */

const ZONE = 'Europe/Amsterdam';
const FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function localParts(date: Date): Record<string, string> {
  return Object.fromEntries(FORMAT.formatToParts(date).map((p) => [p.type, p.value]));
}

/** The instant as PostNL writes it: "02-03-2026 10:00:00". */
export function toPostnlTimestamp(date: Date): string {
  const p = localParts(date);
  return `${p.day}-${p.month}-${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

/** Milliseconds Amsterdam is ahead of UTC at that instant. */
function offsetAt(instant: number): number {
  const p = localParts(new Date(instant));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** "02-03-2026 10:00:00" (Amsterdam) → "2026-03-02T09:00:00.000Z". Also takes ISO-like "2022-11-08T02:17:49". */
export function fromPostnlTimestamp(value: string): string {
  const dutch = /^(\d{2})-(\d{2})-(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/.exec(value.trim());
  let fields: number[];
  if (dutch)
    fields = [Number(dutch[3]), Number(dutch[2]), Number(dutch[1]), Number(dutch[4]), Number(dutch[5]), Number(dutch[6] ?? 0)];
  else if (iso) fields = [Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6] ?? 0)];
  else throw new Error(`Not a PostNL timestamp: "${value}"`);
  const [year, month, day, hour, minute, second] = fields as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // Guess with the offset at the wall time, then correct once for a DST change in between.
  let instant = wall - offsetAt(wall);
  instant = wall - offsetAt(instant);
  return new Date(instant).toISOString();
}
