import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import {
  type DescriptionDiff,
  descriptionChanged,
  diffDescriptions,
} from '../descriptions/description-diff.ts';
import { readDescription } from '../descriptions/read-description.ts';
import type { Db } from '../platform/db/transaction.ts';
import { assertRequestVisible } from './queries.ts';

// "Changes since last round": what the institution changed after the reviewer last asked for
// corrections — the description (the version current when the corrections were asked for against the
// current one) and the request's fields, old → new, from the update entries of the history.

const descriptionRef = z
  .object({ id: z.uuid(), mainFile: z.string(), createdAt: z.iso.datetime() })
  .nullable();

export const changesSinceLastRoundView = z.object({
  round: z.number().int().nullable().describe('The last correction round; null when none was asked for'),
  correctionsRequestedAt: z.iso.datetime().nullable(),
  resubmittedAt: z.iso.datetime().nullable(),
  description: z.object({
    before: descriptionRef,
    after: descriptionRef,
    changed: z.boolean(),
    diff: z
      .object({
        operationsAdded: z.array(z.string()),
        operationsRemoved: z.array(z.string()),
        operationsChanged: z.array(z.string()),
        breaking: z.number().int(),
        changes: z.array(
          z.object({
            operation: z.string(),
            area: z.string(),
            path: z.string().optional(),
            kind: z.string(),
            before: z.string().optional(),
            after: z.string().optional(),
            impact: z.enum(['breaking', 'compatible']),
          }),
        ),
        truncated: z.boolean(),
        endpoints: z.object({ before: z.array(z.string()), after: z.array(z.string()) }),
        identifier: z.object({ before: z.string().nullable(), after: z.string().nullable() }),
      })
      .nullable(),
  }),
  fields: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});
export type ChangesSinceLastRound = z.infer<typeof changesSinceLastRoundView>;

async function contractOf(db: Db, descriptionId: string) {
  const d = await db
    .selectFrom('request_descriptions')
    .select('main_file')
    .where('id', '=', descriptionId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('request_description_files')
    .select(['name', 'content'])
    .where('description_id', '=', descriptionId)
    .execute();
  const files = { main: d.main_file, files: new Map(rows.map((r) => [r.name, new Uint8Array(r.content)])) };
  return (await readDescription(files)).contract;
}

export async function getChangesSinceLastRound(
  db: Db,
  actor: Actor,
  requestId: string,
): Promise<ChangesSinceLastRound> {
  await assertRequestVisible(db, actor, requestId);
  const asked = await db
    .selectFrom('request_history')
    .select(['seq', 'created_at', 'details'])
    .where('request_id', '=', requestId)
    .where('action', '=', 'requestCorrections')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const descriptions = await db
    .selectFrom('request_descriptions')
    .select(['id', 'main_file', 'created_at'])
    .where('request_id', '=', requestId)
    .orderBy('created_at', 'desc')
    .execute();
  const ref = (d: (typeof descriptions)[number] | undefined) =>
    d ? { id: d.id, mainFile: d.main_file, createdAt: d.created_at.toISOString() } : null;
  if (!asked) {
    return {
      round: null,
      correctionsRequestedAt: null,
      resubmittedAt: null,
      description: { before: null, after: ref(descriptions[0]), changed: false, diff: null },
      fields: [],
    };
  }
  const later = await db
    .selectFrom('request_history')
    .select(['action', 'created_at', 'details'])
    .where('request_id', '=', requestId)
    .where('seq', '>', asked.seq)
    .where('action', 'in', ['update', 'submit'])
    .orderBy('seq')
    .execute();
  const before = descriptions.find((d) => d.created_at <= asked.created_at);
  const after = descriptions[0];
  let diff: DescriptionDiff | null = null;
  if (before && after && before.id !== after.id) {
    diff = await Promise.all([contractOf(db, before.id), contractOf(db, after.id)])
      .then(([a, b]) => diffDescriptions(a, b))
      .catch(() => null);
  }
  // Each field's first old value and last new value; a field changed and changed back is left out.
  const fields = new Map<string, { before: unknown; after: unknown }>();
  for (const entry of later) {
    if (entry.action !== 'update') continue;
    const values = (entry.details as { values?: Record<string, { before: unknown; after: unknown }> }).values;
    for (const [field, v] of Object.entries(values ?? {})) {
      const known = fields.get(field);
      fields.set(field, { before: known ? known.before : v.before, after: v.after });
    }
  }
  const round = (asked.details as { round?: number }).round ?? null;
  return {
    round,
    correctionsRequestedAt: asked.created_at.toISOString(),
    resubmittedAt: later.find((e) => e.action === 'submit')?.created_at.toISOString() ?? null,
    description: {
      before: ref(before),
      after: ref(after),
      changed: before?.id !== after?.id && (diff === null || descriptionChanged(diff) || !before),
      diff,
    },
    fields: [...fields.entries()]
      .filter(([, v]) => JSON.stringify(v.before) !== JSON.stringify(v.after))
      .map(([field, v]) => ({ field, ...v })),
  };
}
