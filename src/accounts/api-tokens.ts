import type { Selectable } from 'kysely';
import type { ApiTokensTable } from '../platform/db/schema.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { recordAccountEvent } from './account-events.ts';
import type { Actor } from './actor.ts';
import type { ApiTokenInput, ApiTokenView } from './schemas.ts';
import { hashToken, newSecretToken } from './secrets.ts';
import { toActor } from './sessions.ts';

// Personal API tokens act as their owner. The secret is shown once, at creation; only its hash is kept.

function toView(row: Selectable<ApiTokensTable>): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export async function createApiToken(
  db: Db,
  actor: Actor,
  input: ApiTokenInput,
): Promise<ApiTokenView & { token: string }> {
  const token = newSecretToken('pkt');
  const now = new Date();
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({
        id: newId(),
        user_id: actor.id,
        name: input.name,
        token_hash: hashToken(token),
        token_prefix: token.slice(0, 10),
        created_at: now,
        expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAccountEvent(trx, actor, { type: 'api_token', id: row.id }, 'create', { name: row.name });
    return { ...toView(row), token };
  });
}

export async function listApiTokens(db: Db, actor: Actor): Promise<ApiTokenView[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', actor.id)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toView);
}

export async function revokeApiToken(db: Db, actor: Actor, tokenId: string): Promise<ApiTokenView> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('id', '=', tokenId)
      .where('user_id', '=', actor.id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', { detail: 'No such active token of yours.' });
    await recordAccountEvent(trx, actor, { type: 'api_token', id: row.id }, 'revoke');
    return toView(row);
  });
}

const lastUsedPrecisionMs = 60_000;

export async function findActorByApiToken(db: Db, token: string): Promise<Actor | null> {
  const now = new Date();
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', hashToken(token))
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]))
    .where('users.is_active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  // Recording every use would turn each read into a write; once a minute is precise enough to see
  // which tokens are alive.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > lastUsedPrecisionMs) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
  }
  return toActor(row);
}
