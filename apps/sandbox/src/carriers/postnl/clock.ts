/** PostNL writes and expects timestamps as "dd-MM-yyyy HH:mm:ss" in Dutch local time (Europe/Amsterdam). */

const AMSTERDAM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function postnlTimestamp(date: Date): string {
  const parts = Object.fromEntries(AMSTERDAM.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.day}-${parts.month}-${parts.year} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** "2022-11-08" in Dutch local time. */
export function postnlDate(date: Date): string {
  const parts = Object.fromEntries(AMSTERDAM.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The documented pattern for MessageTimeStamp and the other dd-MM-yyyy HH:mm:ss fields. */
export const TIMESTAMP_PATTERN = /^([0-3]\d-[01]\d-[12]\d{3}\s+)[0-2]\d:[0-5]\d(:[0-5]\d)$/;
