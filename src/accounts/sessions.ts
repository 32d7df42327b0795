import type { Selectable } from 'kysely';
import type { UsersTable } from '../platform/db/schema.ts';
import type { Db } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Actor } from './actor.ts';
import { dummyPasswordHash, hashToken, newSecretToken, verifyPassword } from './secrets.ts';

export function toActor(row: Selectable<UsersTable>): Actor {
  return {
    id: row.id,
    role: row.role,
    institutionId: row.institution_id,
    displayName: row.display_name,
    email: row.email,
    locale: row.locale,
  };
}

export type NewSession = { token: string; csrfToken: string; expiresAt: Date; actor: Actor };

/** Checks the password and opens a session. The same error for an unknown e-mail and a wrong password. */
export async function logIn(
  db: Db,
  credentials: { email: string; password: string },
  ttlHours: number,
): Promise<NewSession> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', credentials.email.trim().toLowerCase())
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), credentials.password);
  if (!user?.password_hash || !ok || !user.is_active) {
    throw new AppError('unauthenticated', {
      detail: 'Wrong e-mail or password.',
      extensions: { reason: 'login' },
    });
  }
  const token = newSecretToken('pks');
  const csrfToken = newSecretToken('csrf');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000);
  await db.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<', now).execute();
  await db
    .insertInto('sessions')
    .values({
      id: newId(),
      token_hash: hashToken(token),
      csrf_token: csrfToken,
      user_id: user.id,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { token, csrfToken, expiresAt, actor: toActor(user) };
}

export async function logOut(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

export async function findSession(
  db: Db,
  token: string,
): Promise<{ actor: Actor; csrfToken: string; expiresAt: Date } | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', hashToken(token))
    .where('sessions.expires_at', '>', new Date())
    .where('users.is_active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  return { actor: toActor(row), csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

/** The actor as the session endpoints show it, with the name of their institution (or the agency). */
export async function describeActor(
  db: Db,
  actor: Actor,
): Promise<Actor & { institutionName: string | null }> {
  const institution = await db
    .selectFrom('institutions')
    .select('name')
    .$if(actor.institutionId !== null, (q) => q.where('id', '=', actor.institutionId ?? ''))
    .$if(actor.institutionId === null, (q) => q.where('is_agency', '=', true))
    .executeTakeFirst();
  return { ...actor, institutionName: institution?.name ?? null };
}
