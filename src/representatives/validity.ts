// When a representation is in force: the half-open interval [validFrom, validTo), open-ended while
// validTo is null. An interval with validTo = validFrom is a representation ended before it began
// (never in force). Pure: the time to judge at is always handed in.

export type Validity = { validFrom: Date; validTo: Date | null };
export type RepresentationStatus = 'active' | 'ended' | 'future';

const isEmpty = (v: Validity) => v.validTo !== null && v.validTo.getTime() <= v.validFrom.getTime();

export function isInForceAt(v: Validity, at: Date): boolean {
  const t = at.getTime();
  return t >= v.validFrom.getTime() && (v.validTo === null || t < v.validTo.getTime());
}

export function statusAt(v: Validity, at: Date): RepresentationStatus {
  if (isEmpty(v)) return 'ended';
  if (at.getTime() < v.validFrom.getTime()) return 'future';
  return isInForceAt(v, at) ? 'active' : 'ended';
}

/** Whether some moment lies in both intervals. */
export function validitiesOverlap(a: Validity, b: Validity): boolean {
  if (isEmpty(a) || isEmpty(b)) return false;
  const endOf = (v: Validity) => v.validTo?.getTime() ?? Number.POSITIVE_INFINITY;
  return a.validFrom.getTime() < endOf(b) && b.validFrom.getTime() < endOf(a);
}

const rigaClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Riga',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Riga's offset from UTC at `instant`, in milliseconds (+2 h in winter, +3 h in summer). */
function rigaOffsetAt(instant: number): number {
  const p = Object.fromEntries(
    rigaClock.formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** 00:00 in Riga on a calendar day (`YYYY-MM-DD`): where a representation given by dates begins or ends. */
export function rigaDayStart(day: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const midnightAsUtc = Date.UTC(year, month - 1, date);
  // Once for the guess, once more in case the guess fell on the other side of a DST change.
  let instant = midnightAsUtc - rigaOffsetAt(midnightAsUtc);
  instant = midnightAsUtc - rigaOffsetAt(instant);
  return new Date(instant);
}

/** A validity bound as the API takes it: a calendar day (its start in Riga) or a time with its zone. */
export function validityInstant(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? rigaDayStart(value) : new Date(value);
}
