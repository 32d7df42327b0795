// Dates, numbers and durations in the reader's language; times shown in Riga's zone, as documents are.

const zone = 'Europe/Riga';
const locales = { lv: 'lv-LV', en: 'en-GB' } as const;
type Lang = keyof typeof locales;
const localeOf = (lang: string) => locales[(lang in locales ? lang : 'lv') as Lang];

export function formatDateTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: zone,
  }).format(new Date(iso));
}

export function formatDate(isoDate: string, lang: string): string {
  // A plain date (YYYY-MM-DD) has no zone: format it as the calendar day it names.
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

export function formatNumber(n: number, lang: string): string {
  return new Intl.NumberFormat(localeOf(lang)).format(n);
}

/** How long ago, as "3 days" / "3 dienas": the largest whole unit, for queues and timelines. */
export function formatElapsed(fromIso: string, lang: string, now: Date = new Date()): string {
  const seconds = Math.max(0, (now.getTime() - new Date(fromIso).getTime()) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (seconds >= size) {
      return new Intl.NumberFormat(localeOf(lang), { style: 'unit', unit, unitDisplay: 'long' }).format(
        Math.floor(seconds / size),
      );
    }
  }
  return new Intl.NumberFormat(localeOf(lang), { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(
    0,
  );
}
