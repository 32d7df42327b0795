import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from './append-only.ts';

// The working-day calendar's data: what the law's rules (src/calendar/working-days.ts) do not know —
// Saturdays the Cabinet makes working days and extra days off — and the agency's per-step deadlines
// in working days. calendar_days holds the entries in force (an entry is removed by deleting its row);
// calendar_day_events keeps who added or removed which day, when and why, and never changes.
// step_deadlines holds the admins' overrides of the default deadlines (src/calendar/deadlines.ts).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE calendar_days (
      day date PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('working_day', 'holiday')),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL
    )
  `.execute(db);

  await sql`
    CREATE TABLE calendar_day_events (
      id uuid PRIMARY KEY,
      day date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('working_day', 'holiday')),
      action text NOT NULL CHECK (action IN ('added', 'removed')),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
      actor_id uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX calendar_day_events_by_time ON calendar_day_events (created_at DESC)`.execute(db);
  await makeAppendOnly(db, 'calendar_day_events');

  await sql`
    CREATE TABLE step_deadlines (
      state text PRIMARY KEY,
      working_days integer NOT NULL CHECK (working_days BETWEEN 1 AND 120),
      updated_by uuid NOT NULL REFERENCES users (id),
      updated_at timestamptz NOT NULL
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE step_deadlines`.execute(db);
  await sql`DROP TABLE calendar_day_events`.execute(db);
  await sql`DROP TABLE calendar_days`.execute(db);
}
