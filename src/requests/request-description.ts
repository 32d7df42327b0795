import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { loadCatalogContract, loadCatalogDescriptionFiles } from '../catalog/catalog-descriptions.ts';
import { getCatalogService } from '../catalog/index.ts';
import { checkDescription } from '../descriptions/check-description.ts';
import type { CatalogComparison } from '../descriptions/compare-with-catalog.ts';
import { compareWithCatalog } from '../descriptions/compare-with-catalog.ts';
import type { DescriptionFiles } from '../descriptions/contract.ts';
import { diffCounts, diffDescriptions } from '../descriptions/description-diff.ts';
import { readDescription } from '../descriptions/read-description.ts';
import { refuseUnreadable } from '../descriptions/refuse-unreadable.ts';
import { schemaChangeAreas, schemaChangeKinds } from '../descriptions/schema-changes.ts';
import { findingView, sourceLocationView } from '../descriptions/views.ts';
import { currentRuleSettings } from '../guidelines/ruleset.ts';
import { type Db, inTransaction, type Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { capabilities } from './capabilities.ts';
import { assertRequestVisible, assertVersion, loadRequestForUpdate, toCapabilitySubject } from './queries.ts';
import { recordRequestChange } from './record-change.ts';

// The service description attached to a request: uploaded by the institution (while it may edit the
// request) or by the agency (while reviewing), checked against the VISS rules and compared with the
// service's test-catalog entry. A reviewer may waive a finding with a justification; open findings
// are what the corrections request should list.

const location = sourceLocationView;

export const requestFindingView = findingView.extend({
  id: z.uuid(),
  waiver: z
    .object({
      justification: z.string(),
      at: z.iso.datetime(),
      by: z.object({ id: z.uuid(), displayName: z.string() }),
    })
    .nullable(),
});

const schemaChangeView = z.object({
  operation: z.string(),
  area: z.enum(schemaChangeAreas),
  path: z.string().optional(),
  kind: z.enum(schemaChangeKinds),
  before: z.string().optional(),
  after: z.string().optional(),
  impact: z.enum(['breaking', 'compatible']),
});

export const requestDescriptionView = z.object({
  id: z.uuid(),
  source: z.enum(['upload', 'catalog']).describe('Uploaded, or taken from the test IS catalog'),
  rulesetVersion: z
    .number()
    .int()
    .describe('The ruleset version it was checked with (0: the built-in defaults)'),
  requestVersion: z.number().int().describe('The request version the description was attached at'),
  mainFile: z.string(),
  files: z.array(z.string()),
  format: z.string(),
  protocol: z.enum(['soap', 'rest']),
  summary: z.object({
    title: z.string().optional(),
    identifier: z.string().optional(),
    operations: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        method: z.string().optional(),
        path: z.string().optional(),
        location,
      }),
    ),
    endpoints: z.array(z.string()),
  }),
  comparison: z
    .object({
      operationsAdded: z.array(z.string()),
      operationsRemoved: z.array(z.string()),
      schemaCompared: z
        .boolean()
        .describe('False when the catalog entry has no registered description to compare the data with'),
      schemaChanges: z.array(schemaChangeView),
      endpoint: z.object({
        catalog: z.string().nullable(),
        description: z.array(z.string()),
        changed: z.boolean(),
      }),
      version: z.object({
        catalog: z.object({ major: z.number(), minor: z.number() }).nullable(),
        description: z.object({ major: z.number(), minor: z.number() }).nullable(),
        required: z.enum(['none', 'minor', 'major']),
        satisfied: z.boolean(),
      }),
    })
    .nullable()
    .describe("Differences from the service's entry in the test IS catalog"),
  counts: z.object({
    error: z.number().int(),
    warning: z.number().int(),
    info: z.number().int(),
    waived: z.number().int(),
  }),
  findings: z.array(requestFindingView),
  createdAt: z.iso.datetime(),
  createdBy: z.object({ id: z.uuid(), displayName: z.string() }),
});
export type RequestDescriptionView = z.infer<typeof requestDescriptionView>;

/** Attaches the description stored with the service's test-catalog entry, as if it were uploaded. */
export async function attachDescriptionFromCatalog(
  db: Db,
  actor: Actor,
  requestId: string,
  input: { version: number },
): Promise<RequestDescriptionView> {
  await assertRequestVisible(db, actor, requestId);
  const { service_id } = await db
    .selectFrom('requests')
    .select('service_id')
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
  const files = await loadCatalogDescriptionFiles(db, service_id);
  if (!files) {
    throw new AppError('conflict', {
      detail: "The service's test-catalog entry has no description to take; upload one instead.",
      extensions: { reason: 'no_catalog_description' },
    });
  }
  return attachDescription(db, actor, requestId, { ...input, files, source: 'catalog' });
}

export async function attachDescription(
  db: Db,
  actor: Actor,
  requestId: string,
  input: { version: number; files: DescriptionFiles; source?: 'upload' | 'catalog' },
): Promise<RequestDescriptionView> {
  await assertRequestVisible(db, actor, requestId);
  // Parsing and checking is CPU work: done before the transaction so the request row is locked briefly.
  const ruleset = await currentRuleSettings(db);
  const checked = await refuseUnreadable(() =>
    checkDescription(input.files, { spectral: 'interactive', settings: ruleset.settings }),
  );
  const { contract, findings } = checked;
  // The history entry of a replaced description says what changed (operations added, removed, changed).
  const previous = await latestDescriptionFiles(db, requestId);
  const previousContract = previous
    ? await readDescription(previous.files)
        .then((r) => r.contract)
        .catch(() => null)
    : null;
  const diff = previousContract ? diffCounts(diffDescriptions(previousContract, contract)) : null;
  await inTransaction(db, async (trx) => {
    const row = await loadRequestForUpdate(trx, actor, requestId);
    assertVersion(row, input.version);
    const may = capabilities(toCapabilitySubject(row), actor);
    if (!may.edit && !may.resolveCorrections) {
      throw new AppError('invalid_transition', {
        detail:
          'A description is attached by the institution while it may edit the request, or by the assigned reviewer during the review.',
        extensions: { reason: 'state', state: row.state },
      });
    }
    const service = await getCatalogService(trx, row.service_id);
    // The registered description was accepted once, so it parses; if a parser change ever made it
    // unreadable, the comparison falls back to operation names rather than refusing the upload.
    const registered = await loadCatalogContract(trx, row.service_id).catch(() => null);
    const comparison: CatalogComparison | null = service
      ? compareWithCatalog(
          contract,
          {
            identifier: service.identifier,
            operations: service.operations,
            endpointUrl: service.endpointUrl,
          },
          registered,
        )
      : null;
    const now = new Date();
    const id = newId();
    await trx
      .insertInto('request_descriptions')
      .values({
        id,
        request_id: requestId,
        request_version: row.version + 1,
        main_file: input.files.main,
        format: contract.format,
        protocol: contract.protocol,
        summary: JSON.stringify({
          title: contract.title,
          identifier: contract.identifier,
          operations: contract.operations.map((o) => ({
            id: o.id,
            name: o.name,
            method: o.method,
            path: o.path,
            location: o.location,
          })),
          endpoints: contract.endpoints.map((e) => e.url),
        }),
        comparison: comparison ? JSON.stringify(comparison) : null,
        source: input.source ?? 'upload',
        ruleset_version: ruleset.version === 0 ? null : ruleset.version,
        created_by: actor.id,
        created_at: now,
      })
      .execute();
    await trx
      .insertInto('request_description_files')
      .values(
        [...input.files.files].map(([name, content]) => ({
          description_id: id,
          name,
          content: Buffer.from(content),
        })),
      )
      .execute();
    if (findings.length > 0) {
      await trx
        .insertInto('request_findings')
        .values(
          findings.map((f) => ({
            id: newId(),
            description_id: id,
            rule_id: f.ruleId,
            severity: f.severity,
            message: JSON.stringify(f.message),
            location: JSON.stringify(f.location),
          })),
        )
        .execute();
    }
    await recordRequestChange(
      trx,
      actor,
      row,
      {},
      {
        action: 'attachDescription',
        details: {
          descriptionId: id,
          source: input.source ?? 'upload',
          rulesetVersion: ruleset.version,
          mainFile: input.files.main,
          format: contract.format,
          counts: checked.counts,
          ...(diff && { diff }),
        },
      },
      now,
    );
  });
  const view = await getRequestDescription(db, actor, requestId);
  if (!view) throw new Error('attached description not found');
  return view;
}

/** The latest description of a request with its findings, or null when none is attached. */
export async function getRequestDescription(
  db: Db,
  actor: Actor,
  requestId: string,
): Promise<RequestDescriptionView | null> {
  await assertRequestVisible(db, actor, requestId);
  const d = await db
    .selectFrom('request_descriptions as d')
    .innerJoin('users as u', 'u.id', 'd.created_by')
    .selectAll('d')
    .select('u.display_name')
    .where('d.request_id', '=', requestId)
    .orderBy('d.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!d) return null;
  const [files, findings] = await Promise.all([
    db
      .selectFrom('request_description_files')
      .select('name')
      .where('description_id', '=', d.id)
      .orderBy('name')
      .execute(),
    db
      .selectFrom('request_findings as f')
      .leftJoin('users as w', 'w.id', 'f.waived_by')
      .selectAll('f')
      .select('w.display_name as waiver_name')
      .where('f.description_id', '=', d.id)
      .execute(),
  ]);
  const rank = { error: 0, warning: 1, info: 2 } as const;
  findings.sort((a, b) => rank[a.severity] - rank[b.severity] || a.rule_id.localeCompare(b.rule_id));
  const counts = { error: 0, warning: 0, info: 0, waived: 0 };
  for (const f of findings) {
    if (f.waived_at) counts.waived += 1;
    else counts[f.severity] += 1;
  }
  return {
    id: d.id,
    source: d.source,
    rulesetVersion: d.ruleset_version ?? 0,
    requestVersion: d.request_version,
    mainFile: d.main_file,
    files: files.map((f) => f.name),
    format: d.format,
    protocol: d.protocol as 'soap' | 'rest',
    summary: d.summary as RequestDescriptionView['summary'],
    // Comparisons stored before schemas were compared lack the schema fields.
    comparison: d.comparison
      ? ({
          schemaCompared: false,
          schemaChanges: [],
          ...d.comparison,
        } as unknown as RequestDescriptionView['comparison'])
      : null,
    counts,
    findings: findings.map((f) => ({
      id: f.id,
      ruleId: f.rule_id,
      severity: f.severity,
      message: f.message,
      location: f.location,
      waiver:
        f.waived_at && f.waiver && f.waived_by
          ? {
              justification: f.waiver,
              at: f.waived_at.toISOString(),
              by: { id: f.waived_by, displayName: f.waiver_name ?? '' },
            }
          : null,
    })),
    createdAt: d.created_at.toISOString(),
    createdBy: { id: d.created_by, displayName: d.display_name },
  };
}

/** The request's latest description with its files, for registration to carry into production. */
export async function latestDescriptionFiles(
  db: Db | Tx,
  requestId: string,
): Promise<{ files: DescriptionFiles; format: string; protocol: string } | null> {
  const d = await db
    .selectFrom('request_descriptions')
    .select(['id', 'main_file', 'format', 'protocol'])
    .where('request_id', '=', requestId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!d) return null;
  const rows = await db
    .selectFrom('request_description_files')
    .select(['name', 'content'])
    .where('description_id', '=', d.id)
    .execute();
  return {
    files: { main: d.main_file, files: new Map(rows.map((r) => [r.name, new Uint8Array(r.content)])) },
    format: d.format,
    protocol: d.protocol,
  };
}

/** One file of the request's latest description, for download (as attached, zip bundles included). */
export async function getRequestDescriptionFile(
  db: Db,
  actor: Actor,
  requestId: string,
  name: string,
): Promise<{ name: string; content: Buffer } | null> {
  await assertRequestVisible(db, actor, requestId);
  const latest = db
    .selectFrom('request_descriptions')
    .select('id')
    .where('request_id', '=', requestId)
    .orderBy('created_at', 'desc')
    .limit(1);
  const row = await db
    .selectFrom('request_description_files')
    .select(['name', 'content'])
    .where('description_id', '=', (eb) => eb.selectFrom(latest.as('l')).select('l.id'))
    .where('name', '=', name)
    .executeTakeFirst();
  return row ?? null;
}

/** The reviewer accepts a finding as not applicable, with a justification kept in the history. */
export async function waiveFinding(
  db: Db,
  actor: Actor,
  requestId: string,
  findingId: string,
  input: { version: number; justification: string },
): Promise<RequestDescriptionView> {
  await inTransaction(db, async (trx) => {
    const row = await loadRequestForUpdate(trx, actor, requestId);
    if (actor.role === 'institution_member') {
      throw new AppError('forbidden', { detail: 'Findings are waived by the agency.' });
    }
    assertVersion(row, input.version);
    if (!capabilities(toCapabilitySubject(row), actor).resolveCorrections) {
      throw new AppError('invalid_transition', {
        detail: 'Findings are waived by the assigned reviewer (or an admin) while the request is in review.',
        extensions: { reason: 'state', state: row.state },
      });
    }
    const now = new Date();
    const finding = await trx
      .updateTable('request_findings as f')
      .set({ waived_by: actor.id, waived_at: now, waiver: input.justification })
      .where('f.id', '=', findingId)
      .where('f.waived_at', 'is', null)
      .where('f.description_id', 'in', (eb) =>
        eb.selectFrom('request_descriptions').select('id').where('request_id', '=', requestId),
      )
      .returning(['f.rule_id', 'f.severity'])
      .executeTakeFirst();
    if (!finding) throw new AppError('not_found', { detail: 'No such open finding on this request.' });
    await recordRequestChange(
      trx,
      actor,
      row,
      {},
      {
        action: 'waiveFinding',
        comment: input.justification,
        details: { findingId, ruleId: finding.rule_id, severity: finding.severity },
      },
      now,
    );
  });
  const view = await getRequestDescription(db, actor, requestId);
  if (!view) throw new Error('description not found');
  return view;
}
