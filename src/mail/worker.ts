import { sql } from 'kysely';
import type { Db } from '../platform/db/transaction.ts';
import { inTransaction } from '../platform/db/transaction.ts';
import type { OutboxRow } from './outbox.ts';
import type { MailTransport } from './transport.ts';

// Delivery of the outbox. A row is claimed (pending -> sending, attempts + 1) in one short transaction,
// sent outside any transaction (an SMTP conversation must not hold locks), then marked sent in a
// transaction of its own. A row is never sent twice by design; the one window where it can be is a
// crash after the server accepted the mail and before the row is marked sent: the claim's lease then
// expires and another attempt sends it again (at-least-once, with the same Message-ID).

export type DeliveryPolicy = {
  /** After this many failed attempts a row is `failed` and waits for an admin's retry. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed row belongs to its worker before another may take it over. */
  leaseMs: number;
  batchSize: number;
};

// 30 s doubling to an hour, ten attempts: about three hours of an SMTP outage before a row fails.
export const defaultDeliveryPolicy: DeliveryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  leaseMs: 5 * 60_000,
  batchSize: 20,
};

/** The wait after the `attempts`-th failed attempt: exponential, capped. */
export function retryDelayMs(attempts: number, policy: DeliveryPolicy): number {
  return Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempts - 1), policy.maxDelayMs);
}

/**
 * Takes due rows for this worker: pending ones whose time has come, and sending ones whose lease has
 * passed (their worker died). SKIP LOCKED lets several workers on PostgreSQL share the table.
 */
export async function claimDueMessages(db: Db, now: Date, policy: DeliveryPolicy): Promise<OutboxRow[]> {
  const leaseEnd = new Date(now.getTime() + policy.leaseMs);
  return inTransaction(db, async (trx) => {
    const { rows } = await sql<OutboxRow>`
      UPDATE outbox_messages
      SET status = 'sending', attempts = attempts + 1, next_attempt_at = ${leaseEnd}
      WHERE id IN (
        SELECT id FROM outbox_messages
        WHERE status IN ('pending', 'sending') AND next_attempt_at <= ${now}
        ORDER BY next_attempt_at
        LIMIT ${policy.batchSize}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING *
    `.execute(trx);
    return rows;
  });
}

export type DeliveryReport = { sent: number; retrying: number; failed: number };

/** Told of each refused attempt (for the log): the row as claimed, the reason, and whether it was the last. */
export type FailureListener = (row: OutboxRow, error: string, isFinal: boolean) => void;

/** One round: claim what is due, send each, record the outcome of each in its own transaction. */
export async function deliverDueMessages(
  db: Db,
  transport: MailTransport,
  policy: DeliveryPolicy = defaultDeliveryPolicy,
  now: Date = new Date(),
  onFailure?: FailureListener,
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (const row of await claimDueMessages(db, now, policy)) {
    let outcome: { messageId: string | null } | { error: string };
    try {
      outcome = await transport.send(row);
    } catch (error) {
      outcome = { error: error instanceof Error ? error.message : String(error) };
    }
    if ('error' in outcome) {
      const isFinal = row.attempts >= policy.maxAttempts;
      await db
        .updateTable('outbox_messages')
        .set({
          status: isFinal ? 'failed' : 'pending',
          last_error: outcome.error.slice(0, 2000),
          next_attempt_at: new Date(now.getTime() + retryDelayMs(row.attempts, policy)),
        })
        .where('id', '=', row.id)
        .where('status', '=', 'sending')
        .execute();
      report[isFinal ? 'failed' : 'retrying'] += 1;
      onFailure?.(row, outcome.error, isFinal);
      continue;
    }
    await db
      .updateTable('outbox_messages')
      .set({
        status: 'sent',
        sent_at: new Date(),
        transport: transport.kind,
        transport_message_id: outcome.messageId,
        last_error: null,
      })
      .where('id', '=', row.id)
      .where('status', '=', 'sending')
      .execute();
    report.sent += 1;
  }
  return report;
}

export type MailWorker = {
  /** Runs one round now (tests, and a nudge after a retry); waits for a round already running. */
  runOnce(): Promise<DeliveryReport>;
  /** Stops polling and waits for the round in progress; the transport is closed. */
  stop(): Promise<void>;
};

/** Polls the outbox every `intervalMs` until stopped. Errors of a round are reported and the next round tries again. */
export function startMailWorker(
  db: Db,
  transport: MailTransport,
  options: {
    policy?: DeliveryPolicy;
    intervalMs?: number;
    onError?: (error: unknown) => void;
    onFailure?: FailureListener;
  } = {},
): MailWorker {
  const policy = options.policy ?? defaultDeliveryPolicy;
  const intervalMs = options.intervalMs ?? 2_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<DeliveryReport> | null = null;

  const runOnce = async (): Promise<DeliveryReport> => {
    while (current) await current.catch(() => undefined);
    current = deliverDueMessages(db, transport, policy, new Date(), options.onFailure);
    try {
      return await current;
    } finally {
      current = null;
    }
  };
  const tick = async () => {
    try {
      await runOnce();
    } catch (error) {
      options.onError?.(error);
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, 0);

  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current?.catch(() => undefined);
      transport.close();
    },
  };
}
