import type { Actor } from '../accounts/actor.ts';
import { consultationPartyOf } from '../accounts/permissions.ts';
import type { Db } from '../platform/db/transaction.ts';
import type { Role } from '../requests/workflow.ts';
import type { ConsultationCategory } from './categories.ts';
import { consultationReference } from './notify-consultation.ts';
import { notFound } from './open-consultation.ts';
import type {
  ConsultationList,
  ConsultationSummary,
  ConsultationView,
  ListConsultationsQuery,
} from './schemas.ts';
import { allowedActions, type ConsultationStatus, isOverdue } from './status.ts';

// Reading tickets. Institution users see their own institution's; the agency sees all, as a queue:
// open tickets first by reply-by time (the most urgent on top), then the rest newest first.

function summarySelect(db: Db, actor: Actor) {
  let query = db
    .selectFrom('consultations as c')
    .innerJoin('institutions as i', 'i.id', 'c.institution_id')
    .innerJoin('users as u', 'u.id', 'c.opened_by')
    .select([
      'c.id',
      'c.number',
      'c.subject',
      'c.category',
      'c.status',
      'c.institution_id',
      'i.name as institution_name',
      'c.opened_by',
      'u.display_name as opener_name',
      'c.reply_by',
      'c.source',
      'c.version',
      'c.last_message_at',
      'c.created_at',
      'c.updated_at',
    ]);
  // The institution scope, in one place for every read: the same rule as consultationPartyOf.
  if (consultationPartyOf(actor, actor.institutionId ?? '') !== 'agency') {
    query = query.where(
      'c.institution_id',
      '=',
      actor.institutionId ?? '00000000-0000-0000-0000-000000000000',
    );
  }
  return query;
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summarySelect>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow, now: Date): ConsultationSummary {
  return {
    id: row.id,
    reference: consultationReference(row.number),
    subject: row.subject,
    category: row.category as ConsultationCategory,
    status: row.status,
    institution: { id: row.institution_id, name: row.institution_name },
    openedBy: { id: row.opened_by, displayName: row.opener_name },
    replyBy: row.reply_by?.toISOString() ?? null,
    overdue: isOverdue(row.status, row.reply_by, now),
    source: row.source,
    version: row.version,
    lastMessageAt: row.last_message_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listConsultations(
  db: Db,
  actor: Actor,
  q: ListConsultationsQuery,
  now = new Date(),
): Promise<ConsultationList> {
  let filtered = summarySelect(db, actor);
  if (q.status?.length) filtered = filtered.where('c.status', 'in', q.status);
  if (q.category) filtered = filtered.where('c.category', '=', q.category);
  if (q.institutionId) filtered = filtered.where('c.institution_id', '=', q.institutionId);
  if (q.overdue) filtered = filtered.where('c.status', '=', 'open').where('c.reply_by', '<', now);
  if (q.mine) {
    filtered = filtered.where((eb) =>
      eb.or([
        eb('c.opened_by', '=', actor.id),
        eb.exists(
          eb
            .selectFrom('consultation_messages as m')
            .select('m.id')
            .whereRef('m.consultation_id', '=', 'c.id')
            .where('m.author_id', '=', actor.id),
        ),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    filtered
      // Open tickets first, by reply-by; then the rest, most recently changed first.
      .orderBy((eb) => eb.case().when('c.status', '=', 'open').then(0).else(1).end())
      .orderBy('c.reply_by', 'asc')
      .orderBy('c.updated_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    filtered
      .clearSelect()
      .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => toSummary(r, now)),
    total: Number(count.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getConsultationView(
  db: Db,
  actor: Actor,
  id: string,
  now = new Date(),
): Promise<ConsultationView> {
  const row = await summarySelect(db, actor).where('c.id', '=', id).executeTakeFirst();
  const party = row ? consultationPartyOf(actor, row.institution_id) : null;
  if (!row || !party) throw notFound();
  const [messages, files, events] = await Promise.all([
    db
      .selectFrom('consultation_messages as m')
      .innerJoin('users as u', 'u.id', 'm.author_id')
      .select([
        'm.id',
        'm.body',
        'm.source',
        'm.author_party',
        'm.created_at',
        'm.author_id',
        'u.display_name',
        'u.role',
      ])
      .where('m.consultation_id', '=', id)
      .orderBy('m.created_at')
      .orderBy('m.id')
      .execute(),
    db
      .selectFrom('consultation_attachments')
      .select(['id', 'message_id', 'filename', 'content_type', 'size', 'sha256'])
      .where('consultation_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('consultation_events as e')
      .innerJoin('users as u', 'u.id', 'e.actor_id')
      .select([
        'e.id',
        'e.action',
        'e.from_status',
        'e.to_status',
        'e.details',
        'e.created_at',
        'e.actor_id',
        'e.actor_role',
        'u.display_name',
      ])
      .where('e.consultation_id', '=', id)
      .orderBy('e.created_at')
      .orderBy('e.id')
      .execute(),
  ]);
  return {
    ...toSummary(row, now),
    messages: messages.map((m) => ({
      id: m.id,
      author: { id: m.author_id, displayName: m.display_name, role: m.role as Role, party: m.author_party },
      body: m.body,
      source: m.source,
      createdAt: m.created_at.toISOString(),
      attachments: files
        .filter((f) => f.message_id === m.id)
        .map((f) => ({
          id: f.id,
          filename: f.filename,
          contentType: f.content_type,
          size: f.size,
          sha256: f.sha256,
        })),
    })),
    history: events.map((e) => ({
      id: e.id,
      actor: { id: e.actor_id, displayName: e.display_name, role: e.actor_role as Role },
      action: e.action as ConsultationView['history'][number]['action'],
      fromStatus: e.from_status as ConsultationStatus | null,
      toStatus: e.to_status as ConsultationStatus | null,
      reason: typeof e.details.reason === 'string' ? e.details.reason : null,
      createdAt: e.created_at.toISOString(),
    })),
    allowedActions: allowedActions(row.status, party),
    party,
  };
}

export async function getConsultationAttachment(
  db: Db,
  actor: Actor,
  consultationId: string,
  attachmentId: string,
): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const row = await summarySelect(db, actor).where('c.id', '=', consultationId).executeTakeFirst();
  if (!row || !consultationPartyOf(actor, row.institution_id)) throw notFound();
  const file = await db
    .selectFrom('consultation_attachments')
    .select(['filename', 'content_type', 'content'])
    .where('id', '=', attachmentId)
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst();
  if (!file) throw notFound();
  return { filename: file.filename, contentType: file.content_type, content: file.content };
}
