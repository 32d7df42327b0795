import { type Actor, isAgency } from '../accounts/actor.ts';
import type { Db, Tx } from '../platform/db/transaction.ts';
import { newId } from '../platform/ids.ts';
import {
  type ChainedContent,
  type ChainProblem,
  entryHash,
  genesisHash,
  verifyChain,
} from './history-chain.ts';
import { assertRequestVisible } from './queries.ts';
import type { HistoryEntryView } from './schemas.ts';
import type { Role, State } from './workflow.ts';

export type HistoryEvent = {
  action: string;
  fromState?: State | null;
  toState?: State | null;
  comment?: string | null | undefined;
  details?: Record<string, unknown>;
  /** 'agency' hides the entry from the institution (internal notes, assignments). */
  visibility?: 'all' | 'agency';
};

/**
 * Appends one entry to a request's chain. The caller must hold the request row's lock
 * (loadRequestForUpdate), which is what makes `seq` and `prev_hash` race-free.
 */
export async function appendHistory(
  trx: Tx,
  requestId: string,
  actor: Actor,
  event: HistoryEvent,
  now: Date,
): Promise<void> {
  const last = await trx
    .selectFrom('request_history')
    .select(['seq', 'hash'])
    .where('request_id', '=', requestId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const content: ChainedContent = {
    requestId,
    seq: (last?.seq ?? 0) + 1,
    actorId: actor.id,
    actorRole: actor.role,
    action: event.action,
    fromState: event.fromState ?? null,
    toState: event.toState ?? null,
    comment: event.comment?.trim() || null,
    details: event.details ?? {},
    visibility: event.visibility ?? 'all',
    createdAt: now,
  };
  const prevHash = last?.hash ?? genesisHash;
  const hash = entryHash(content, prevHash);
  await trx
    .insertInto('request_history')
    .values({
      id: newId(),
      request_id: requestId,
      seq: content.seq,
      actor_id: content.actorId,
      actor_role: content.actorRole,
      action: content.action,
      from_state: content.fromState,
      to_state: content.toState,
      comment: content.comment,
      details: JSON.stringify(content.details),
      visibility: content.visibility as 'all' | 'agency',
      created_at: now,
      prev_hash: prevHash,
      hash,
    })
    .execute();
  await trx
    .updateTable('requests')
    .set({ history_seq: content.seq, history_head: hash })
    .where('id', '=', requestId)
    .execute();
}

export async function listHistory(db: Db, actor: Actor, requestId: string): Promise<HistoryEntryView[]> {
  await assertRequestVisible(db, actor, requestId);
  let query = db
    .selectFrom('request_history as h')
    .innerJoin('users as u', 'u.id', 'h.actor_id')
    .selectAll('h')
    .select('u.display_name')
    .where('h.request_id', '=', requestId)
    .orderBy('h.seq');
  if (!isAgency(actor)) query = query.where('h.visibility', '=', 'all');
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    actor: { id: r.actor_id, displayName: r.display_name, role: r.actor_role as Role },
    action: r.action,
    fromState: r.from_state as State | null,
    toState: r.to_state as State | null,
    comment: r.comment,
    details: r.details,
    visibility: r.visibility,
    createdAt: r.created_at.toISOString(),
    hash: r.hash,
  }));
}

export type ChainReport = {
  requests: number;
  entries: number;
  broken: { requestId: string; problems: ChainProblem[] }[];
};

/** Recomputes every request's chain. Reads in batches of requests so memory stays flat. */
export async function verifyAllChains(db: Db, batchSize = 500): Promise<ChainReport> {
  const report: ChainReport = { requests: 0, entries: 0, broken: [] };
  // ids are uuids: there is no "smaller than every id" string to start from, so the first batch has no bound.
  let after: string | null = null;
  for (;;) {
    let batch = db
      .selectFrom('requests')
      .select(['id', 'history_seq', 'history_head'])
      .orderBy('id')
      .limit(batchSize);
    if (after !== null) batch = batch.where('id', '>', after);
    const heads = await batch.execute();
    const ids = heads.map((r) => r.id);
    if (ids.length === 0) break;
    after = ids[ids.length - 1] ?? after;
    const rows = await db
      .selectFrom('request_history')
      .selectAll()
      .where('request_id', 'in', ids)
      .orderBy('request_id')
      .orderBy('seq')
      .execute();
    const byRequest = new Map<string, typeof rows>(ids.map((id) => [id, []]));
    for (const row of rows) byRequest.get(row.request_id)?.push(row);
    const headOf = new Map(heads.map((h) => [h.id, { seq: h.history_seq, hash: h.history_head }]));
    for (const [requestId, entries] of byRequest) {
      report.requests += 1;
      report.entries += entries.length;
      const problems = verifyChain(
        entries.map((e) => ({
          requestId: e.request_id,
          seq: e.seq,
          actorId: e.actor_id,
          actorRole: e.actor_role,
          action: e.action,
          fromState: e.from_state,
          toState: e.to_state,
          comment: e.comment,
          details: e.details,
          visibility: e.visibility,
          createdAt: e.created_at,
          prevHash: e.prev_hash,
          hash: e.hash,
        })),
        headOf.get(requestId),
      );
      // Every request starts its chain with `create`: an empty chain means its history was removed.
      if (entries.length === 0) problems.push({ seq: 1, problem: 'gap' });
      if (problems.length > 0) report.broken.push({ requestId, problems });
    }
  }
  return report;
}
