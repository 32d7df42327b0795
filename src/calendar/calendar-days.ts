import { adminOnly, type Principal, principalId, requireRole } from '../accounts/permissions.ts';
import { isUniqueViolation } from '../platform/db/errors.ts';
import type { CalendarDayKind } from '../platform/db/schema.ts';
import { type Db, inTransaction, type Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { type CalendarAdjustments, isWorkingDay, publicHolidays } from './working-days.ts';

// The admins' entries of the working-day calendar: list, add, remove. Each change is one transaction
// that writes the entry and an append-only event with who, when and why.

export type CalendarDayView = { day: string; kind: CalendarDayKind; reason: string; createdAt: string };
export type CalendarEventView = {
  day: string;
  kind: CalendarDayKind;
  action: 'added' | 'removed';
  reason: string;
  actorName: string;
  createdAt: string;
};

/** The adjustments in force, for computing with the calendar. */
export async function loadCalendarAdjustments(db: Db | Tx): Promise<CalendarAdjustments> {
  const rows = await db.selectFrom('calendar_days').select(['day', 'kind']).execute();
  return {
    workingDays: new Set(rows.filter((r) => r.kind === 'working_day').map((r) => r.day)),
    holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.day)),
  };
}

export async function listCalendar(db: Db, by: Principal, year: number) {
  requireRole(by, adminOnly);
  const [days, events] = await Promise.all([
    db.selectFrom('calendar_days').selectAll().orderBy('day').execute(),
    db
      .selectFrom('calendar_day_events as e')
      .innerJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.day', 'e.kind', 'e.action', 'e.reason', 'e.created_at', 'u.display_name'])
      .orderBy('e.created_at', 'desc')
      .limit(200)
      .execute(),
  ]);
  return {
    year,
    publicHolidays: publicHolidays(year),
    entries: days.map(
      (d): CalendarDayView => ({
        day: d.day,
        kind: d.kind,
        reason: d.reason,
        createdAt: new Date(d.created_at).toISOString(),
      }),
    ),
    events: events.map(
      (e): CalendarEventView => ({
        day: e.day,
        kind: e.kind,
        action: e.action,
        reason: e.reason,
        actorName: e.display_name,
        createdAt: new Date(e.created_at).toISOString(),
      }),
    ),
  };
}

export async function addCalendarDay(
  db: Db,
  by: Principal,
  input: { day: string; kind: CalendarDayKind; reason: string },
  now = new Date(),
): Promise<CalendarDayView> {
  requireRole(by, adminOnly);
  const actorId = principalId(by);
  if (!actorId) throw new AppError('forbidden', { detail: 'Calendar changes need a signed-in admin.' });
  const reason = input.reason.trim();
  const errors = [];
  if (reason.length === 0)
    errors.push({ path: 'reason', message: 'A reason is required.', code: 'too_small' });
  // A moved working day makes a day off work; an extra holiday makes a working day off. Anything
  // else would change nothing, and is refused so the list says only what matters.
  const byRules = isWorkingDay(input.day);
  if (input.kind === 'working_day' && byRules) {
    errors.push({ path: 'day', message: 'This day is a working day already.', code: 'already_working_day' });
  }
  if (input.kind === 'holiday' && !byRules) {
    errors.push({ path: 'day', message: 'This day is a day off already.', code: 'already_holiday' });
  }
  if (errors.length > 0) throw new AppError('validation', { errors });
  try {
    await inTransaction(db, async (trx) => {
      await trx
        .insertInto('calendar_days')
        .values({ day: input.day, kind: input.kind, reason, created_by: actorId, created_at: now })
        .execute();
      await recordEvent(trx, { day: input.day, kind: input.kind, reason }, 'added', actorId, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', {
        detail: 'This day already has an entry; remove it first.',
        extensions: { reason: 'day_exists' },
      });
    }
    throw error;
  }
  return { day: input.day, kind: input.kind, reason, createdAt: now.toISOString() };
}

export async function removeCalendarDay(
  db: Db,
  by: Principal,
  day: string,
  input: { reason: string },
  now = new Date(),
): Promise<void> {
  requireRole(by, adminOnly);
  const actorId = principalId(by);
  if (!actorId) throw new AppError('forbidden', { detail: 'Calendar changes need a signed-in admin.' });
  const reason = input.reason.trim();
  if (reason.length === 0) {
    throw new AppError('validation', {
      errors: [{ path: 'reason', message: 'A reason is required.', code: 'too_small' }],
    });
  }
  await inTransaction(db, async (trx) => {
    const removed = await trx
      .deleteFrom('calendar_days')
      .where('day', '=', day)
      .returning(['day', 'kind'])
      .executeTakeFirst();
    if (!removed) throw new AppError('not_found', { detail: 'This day has no calendar entry.' });
    await recordEvent(trx, { day, kind: removed.kind, reason }, 'removed', actorId, now);
  });
}

async function recordEvent(
  trx: Tx,
  entry: { day: string; kind: CalendarDayKind; reason: string },
  action: 'added' | 'removed',
  actorId: string,
  now: Date,
) {
  await trx
    .insertInto('calendar_day_events')
    .values({ id: newId(), ...entry, action, actor_id: actorId, created_at: now })
    .execute();
}
