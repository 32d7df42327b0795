// The agency's reply-by time: N working days after the ticket became open, at the same wall-clock time
// in Europe/Riga. Saturdays and Sundays are skipped; public holidays are not (yet) known to Pakalpe.

const zone = 'Europe/Riga';

type Wall = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: zone,
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

function wallAsUtc(w: Wall): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

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

export function addWorkingDays(now: Date, workingDays: number): Date {
  const wall = wallClock(now);
  const day = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  let left = workingDays;
  while (left > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return instantOf(
    { ...wall, year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() },
    now.getUTCMilliseconds(),
  );
}
