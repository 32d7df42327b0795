// The Latvian working-day calendar, pure. Public holidays follow the law (see ../shared/domain.md):
// 1 Jan, Good Friday, Easter Sunday and Monday, 1 and 4 May, 23–24 June, 18 Nov, 24–26 and 31 Dec;
// when 4 May or 18 Nov falls on a Saturday or Sunday, the next working day (Monday) is off. What the
// law leaves to orders and short-notice decisions — Saturdays the Cabinet makes working days, extra
// holidays (e.g. the closing day of the Song and Dance Festival) — is data the agency's admins add
// (calendar_days); it is handed in as `CalendarAdjustments`. Days are 'YYYY-MM-DD' in Europe/Riga.

export type HolidayName =
  | 'newYear'
  | 'goodFriday'
  | 'easterSunday'
  | 'easterMonday'
  | 'labourDay'
  | 'independenceRestoration'
  | 'independenceRestorationMoved'
  | 'ligo'
  | 'jani'
  | 'proclamation'
  | 'proclamationMoved'
  | 'christmasEve'
  | 'christmas'
  | 'secondChristmas'
  | 'newYearsEve';

export type Holiday = { date: string; name: HolidayName };

/** What admins changed: Saturdays or Sundays that are working days, and extra days off. */
export type CalendarAdjustments = Readonly<{
  workingDays: ReadonlySet<string>;
  holidays: ReadonlySet<string>;
}>;

export const noAdjustments: CalendarAdjustments = Object.freeze({
  workingDays: new Set<string>(),
  holidays: new Set<string>(),
});

export const riga = 'Europe/Riga';

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDay = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

function fromIso(day: string): Date {
  const [y, m, d] = day.split('-').map((p) => Number.parseInt(p, 10));
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}
const toIso = (d: Date) => isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());

export function shiftDay(day: string, by: number): string {
  const d = fromIso(day);
  d.setUTCDate(d.getUTCDate() + by);
  return toIso(d);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (day: string) => fromIso(day).getUTCDay();
const isWeekend = (day: string) => {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
};

/** Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDay(year, month, day);
}

/** The public holidays the law fixes for a year, in date order. */
export function publicHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const list: Holiday[] = [
    { date: isoDay(year, 1, 1), name: 'newYear' },
    { date: shiftDay(easter, -2), name: 'goodFriday' },
    { date: easter, name: 'easterSunday' },
    { date: shiftDay(easter, 1), name: 'easterMonday' },
    { date: isoDay(year, 5, 1), name: 'labourDay' },
    { date: isoDay(year, 5, 4), name: 'independenceRestoration' },
    { date: isoDay(year, 6, 23), name: 'ligo' },
    { date: isoDay(year, 6, 24), name: 'jani' },
    { date: isoDay(year, 11, 18), name: 'proclamation' },
    { date: isoDay(year, 12, 24), name: 'christmasEve' },
    { date: isoDay(year, 12, 25), name: 'christmas' },
    { date: isoDay(year, 12, 26), name: 'secondChristmas' },
    { date: isoDay(year, 12, 31), name: 'newYearsEve' },
  ];
  // 4 May and 18 Nov on a weekend: the following Monday is off.
  for (const [day, name] of [
    [isoDay(year, 5, 4), 'independenceRestorationMoved'],
    [isoDay(year, 11, 18), 'proclamationMoved'],
  ] as const) {
    const w = weekdayOf(day);
    if (w === 6) list.push({ date: shiftDay(day, 2), name });
    if (w === 0) list.push({ date: shiftDay(day, 1), name });
  }
  return list.sort((x, y) => x.date.localeCompare(y.date));
}

const holidayCache = new Map<number, Set<string>>();
function holidaySet(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(publicHolidays(year).map((h) => h.date));
    holidayCache.set(year, set);
  }
  return set;
}

/** Admin entries win: a moved working day is a working day even on a Saturday; an extra holiday is off. */
export function isWorkingDay(day: string, adjustments: CalendarAdjustments = noAdjustments): boolean {
  if (adjustments.holidays.has(day)) return false;
  if (adjustments.workingDays.has(day)) return true;
  if (isWeekend(day)) return false;
  return !holidaySet(Number.parseInt(day.slice(0, 4), 10)).has(day);
}

type Wall = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: riga,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

function wallClock(instant: Date): Wall {
  const parts = Object.fromEntries(
    formatter.formatToParts(instant).map((p) => [p.type, Number.parseInt(p.value, 10)]),
  );
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const wallAsUtc = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** The instant whose Riga wall clock reads `w` (twice corrected, for the DST changes between). */
function instantOf(w: Wall, ms: number): Date {
  const target = wallAsUtc(w);
  let guess = target;
  for (let i = 0; i < 2; i += 1) {
    const offset = wallAsUtc(wallClock(new Date(guess))) - guess;
    guess = target - offset;
  }
  return new Date(guess + ms);
}

/** The Riga calendar day of an instant. */
export function rigaDay(instant: Date): string {
  const w = wallClock(instant);
  return isoDay(w.year, w.month, w.day);
}

/** N working days later, at the same wall-clock time in Europe/Riga. */
export function addWorkingDays(
  from: Date,
  workingDays: number,
  adjustments: CalendarAdjustments = noAdjustments,
): Date {
  const wall = wallClock(from);
  let day = isoDay(wall.year, wall.month, wall.day);
  let left = workingDays;
  while (left > 0) {
    day = shiftDay(day, 1);
    if (isWorkingDay(day, adjustments)) left -= 1;
  }
  const d = fromIso(day);
  return instantOf(
    { ...wall, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() },
    from.getUTCMilliseconds(),
  );
}

/**
 * Working days elapsed from one instant to a later one: the working days after `from`'s day up to and
 * including `to`'s day, so that `workingDaysBetween(t, addWorkingDays(t, n)) === n`. The part of a day
 * is not counted; the hours between are reported alongside where that matters.
 */
export function workingDaysBetween(
  from: Date,
  to: Date,
  adjustments: CalendarAdjustments = noAdjustments,
): number {
  const end = rigaDay(to);
  let day = rigaDay(from);
  let count = 0;
  // A guard against runaway loops on absurd inputs: at most ~30 years.
  for (let i = 0; day < end && i < 11000; i += 1) {
    day = shiftDay(day, 1);
    if (isWorkingDay(day, adjustments)) count += 1;
  }
  return count;
}
