import { type Actor, isAgency } from '../accounts/actor.ts';
import { findCatalogServiceByIdentifier, getCatalogService } from '../catalog/index.ts';
import { containsPattern } from '../platform/db/like.ts';
import type { RequestRow } from '../platform/db/schema.ts';
import type { Db, Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { type CapabilitySubject, capabilities } from './capabilities.ts';
import { loadCorrectionMessages } from './correction-thread.ts';
import { productionDefaults } from './production-data.ts';
import type { ListRequestsQuery, RequestList, RequestSummary, RequestView } from './schemas.ts';
import {
  availableActions,
  finalStates,
  isFinal,
  missingForSubmission,
  type State,
  states,
  type WorkflowSubject,
} from './workflow.ts';

// Institution scoping lives here, once: every read or write of a request goes through
// `visibleRequests` or `loadRequestForUpdate`. Another institution's request is "not found", and so
// is a draft to the agency: it is private to its institution until first submitted (submitted_at is
// set then and kept, so a request withdrawn after submission stays visible to the agency).

export function visibleRequests(db: Db | Tx, actor: Actor) {
  const query = db.selectFrom('requests');
  return isAgency(actor)
    ? query.where('requests.submitted_at', 'is not', null)
    : query.where('requests.institution_id', '=', actor.institutionId ?? '');
}

/**
 * One open request per service: refuses (409, naming the open one) when another request for the
 * test-catalog service is not yet final. Locks the service row, so two concurrent creations or
 * submissions for the same service are decided one after the other.
 */
export async function assertNoOtherOpenRequest(trx: Tx, serviceId: string, exceptId: string | null) {
  await trx.selectFrom('web_services').select('id').where('id', '=', serviceId).forUpdate().execute();
  let query = trx
    .selectFrom('requests')
    .select(['id', 'reference', 'state'])
    .where('service_id', '=', serviceId)
    .where('state', 'not in', [...finalStates]);
  if (exceptId) query = query.where('id', '!=', exceptId);
  const open = await query.orderBy('created_at').limit(1).executeTakeFirst();
  if (open) {
    throw new AppError('conflict', {
      detail: `The service already has an open request ${open.reference}; continue that one or withdraw it first.`,
      extensions: {
        reason: 'open_request_exists',
        openRequest: { id: open.id, reference: open.reference, state: open.state },
      },
    });
  }
}

const notFound = () => new AppError('not_found', { detail: 'No such request.' });

/** Locks the request row for the rest of the transaction; writes to one request are serialised. */
export async function loadRequestForUpdate(trx: Tx, actor: Actor, id: string): Promise<RequestRow> {
  const row = await visibleRequests(trx, actor)
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function assertRequestVisible(db: Db | Tx, actor: Actor, id: string): Promise<void> {
  const row = await visibleRequests(db, actor).select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
}

export function assertVersion(row: RequestRow, version: number): void {
  if (row.version !== version) {
    throw new AppError('stale_version', {
      detail: `You edited version ${version}, but the request is now at version ${row.version}. Reload and try again.`,
      extensions: { currentVersion: row.version },
    });
  }
}

export async function countOpenCorrections(db: Db | Tx, requestId: string): Promise<number> {
  const { n } = await db
    .selectFrom('request_corrections')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('request_id', '=', requestId)
    .where('resolved_at', 'is', null)
    .executeTakeFirstOrThrow();
  return n;
}

/** Whether the request's current act is issued and already carries both parties' valid signatures. */
export async function loadActStatus(db: Db | Tx, requestId: string): Promise<WorkflowSubject['act']> {
  const current = await db
    .selectFrom('acceptance_acts as a')
    .leftJoin('act_containers as c', (join) =>
      join.onRef('c.act_id', '=', 'a.id').on('c.complete', '=', true),
    )
    .select(['a.id', 'c.id as complete_container'])
    .where('a.request_id', '=', requestId)
    .where('a.superseded_by', 'is', null)
    .executeTakeFirst();
  return { issued: current !== undefined, signedByBothParties: Boolean(current?.complete_container) };
}

export function missingFieldsOf(row: RequestRow): string[] {
  return missingForSubmission({
    description: row.description,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    contactPhone: row.contact_phone,
    usedInVissInfrastructure: row.used_in_viss_infrastructure,
    testPeriodFrom: row.test_period_from,
    testPeriodTo: row.test_period_to,
  });
}

export type WorkflowFacts = Pick<
  WorkflowSubject,
  'act' | 'hasAuditAnalysis' | 'hasCurrentAuditAnalysis' | 'description'
>;

/** The id of the request's latest description (the current version), or null when none is attached. */
export async function latestDescriptionId(db: Db | Tx, requestId: string): Promise<string | null> {
  const row = await db
    .selectFrom('request_descriptions')
    .select('id')
    .where('request_id', '=', requestId)
    .orderBy('request_version', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * What the workflow's guards need beyond the request row: the act's signatures, the audit analyses
 * (and whether one was made against the current description) and the description's open errors.
 */
export async function loadWorkflowFacts(db: Db | Tx, requestId: string): Promise<WorkflowFacts> {
  const [act, descriptionId] = await Promise.all([
    loadActStatus(db, requestId),
    latestDescriptionId(db, requestId),
  ]);
  const analyses = await db
    .selectFrom('request_audit_analyses')
    .select('description_id')
    .where('request_id', '=', requestId)
    .execute();
  const openErrors = descriptionId
    ? (
        await db
          .selectFrom('request_findings')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('description_id', '=', descriptionId)
          .where('severity', '=', 'error')
          .where('waived_at', 'is', null)
          .executeTakeFirstOrThrow()
      ).n
    : 0;
  return {
    act,
    hasAuditAnalysis: analyses.length > 0,
    hasCurrentAuditAnalysis:
      descriptionId !== null && analyses.some((a) => a.description_id === descriptionId),
    // int8 counts come back as strings from pg.
    description: { attached: descriptionId !== null, openErrors: Number(openErrors) },
  };
}

export async function hasAuditAnalysis(db: Db | Tx, requestId: string): Promise<boolean> {
  const found = await db
    .selectFrom('request_audit_analyses')
    .select('id')
    .where('request_id', '=', requestId)
    .limit(1)
    .executeTakeFirst();
  return found !== undefined;
}

export function toSubject(row: RequestRow, openCorrections: number, facts: WorkflowFacts): WorkflowSubject {
  return {
    state: row.state as State,
    institutionId: row.institution_id,
    usedInVissInfrastructure: row.used_in_viss_infrastructure,
    hostedInProduction: row.hosted_in_production,
    assigneeId: row.assignee_id,
    openCorrections,
    hasAuditAnalysis: facts.hasAuditAnalysis,
    hasCurrentAuditAnalysis: facts.hasCurrentAuditAnalysis,
    description: facts.description,
    missingFields: missingFieldsOf(row),
    act: facts.act,
  };
}

export function toCapabilitySubject(row: RequestRow): CapabilitySubject {
  return { state: row.state as State, institutionId: row.institution_id, assigneeId: row.assignee_id };
}

function summarySelect(db: Db | Tx, actor: Actor) {
  return visibleRequests(db, actor)
    .innerJoin('institutions as i', 'i.id', 'requests.institution_id')
    .innerJoin('web_services as s', 's.id', 'requests.service_id')
    .leftJoin('users as a', 'a.id', 'requests.assignee_id')
    .selectAll('requests')
    .select([
      'i.name as institution_name',
      's.identifier as service_identifier',
      's.name as service_name',
      'a.display_name as assignee_name',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summarySelect>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): RequestSummary {
  return {
    id: row.id,
    reference: row.reference,
    state: row.state as State,
    version: row.version,
    institution: { id: row.institution_id, name: row.institution_name },
    service: { id: row.service_id, identifier: row.service_identifier, name: row.service_name },
    usedInVissInfrastructure: row.used_in_viss_infrastructure,
    hostedInProduction: row.hosted_in_production,
    assignee: row.assignee_id ? { id: row.assignee_id, displayName: row.assignee_name ?? '' } : null,
    correctionRounds: row.correction_rounds,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    submittedAt: row.submitted_at?.toISOString() ?? null,
    stateChangedAt: row.state_changed_at.toISOString(),
  };
}

export async function getRequestView(db: Db | Tx, actor: Actor, id: string): Promise<RequestView> {
  const row = await summarySelect(db, actor).where('requests.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  const corrections = await db
    .selectFrom('request_corrections as c')
    .leftJoin('users as u', 'u.id', 'c.resolved_by')
    .selectAll('c')
    .select('u.display_name as resolver_name')
    .where('c.request_id', '=', id)
    .orderBy('c.round')
    .orderBy('c.id')
    .execute();
  const open = corrections.filter((c) => c.resolved_at === null).length;
  const threads = await loadCorrectionMessages(db, id);
  const available = availableActions(toSubject(row, open, await loadWorkflowFacts(db, id)), actor);
  const currentDescription = await latestDescriptionId(db, id);
  // A finished request remembers where it stopped: the state its last transition left.
  const ending = isFinal(row.state as State)
    ? await db
        .selectFrom('request_history')
        .select('from_state')
        .where('request_id', '=', id)
        .where('to_state', '=', row.state)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst()
    : undefined;
  return {
    ...toSummary(row),
    contact: { name: row.contact_name, email: row.contact_email, phone: row.contact_phone },
    description: row.description,
    testPeriod:
      row.test_period_from && row.test_period_to
        ? { from: row.test_period_from, to: row.test_period_to }
        : null,
    decisionReason: row.decision_reason,
    corrections: corrections.map((c) => ({
      id: c.id,
      round: c.round,
      text: c.text,
      createdAt: c.created_at.toISOString(),
      resolvedAt: c.resolved_at?.toISOString() ?? null,
      resolvedBy: c.resolved_by ? { id: c.resolved_by, displayName: c.resolver_name ?? '' } : null,
      fromFinding: c.description_id !== null,
      outdated: c.description_id !== null && c.description_id !== currentDescription,
      messages: threads.get(c.id) ?? [],
    })),
    productionService: row.production_service_id
      ? await getCatalogService(db, row.production_service_id)
      : null,
    missingForSubmission: missingFieldsOf(row),
    allowedActions: available.allowed,
    blockedActions: available.blocked,
    capabilities: capabilities(toCapabilitySubject(row), actor),
    endedFrom: (ending?.from_state as State | null | undefined) ?? null,
    production: await productionOf(db, row),
  };
}

/** Step 4's data as registered, and what the registration form starts with until then. */
async function productionOf(db: Db | Tx, row: SummaryRow): Promise<RequestView['production']> {
  const [testEntry, productionEntry] = await Promise.all([
    getCatalogService(db, row.service_id),
    row.production_service_id
      ? getCatalogService(db, row.production_service_id)
      : findCatalogServiceByIdentifier(db, 'production', row.service_identifier),
  ]);
  return {
    testEndpointUrl: testEntry?.endpointUrl ?? null,
    endpointUrl: row.production_endpoint_url,
    hosting: row.production_hosting,
    version: row.production_version,
    registeredAt: row.production_registered_at?.toISOString() ?? null,
    installationCheckUrl: row.installation_check_url,
    installationConfirmedAt: row.installation_confirmed_at?.toISOString() ?? null,
    defaults: productionDefaults({
      hostedInProduction: row.hosted_in_production,
      serviceIdentifier: row.service_identifier,
      currentProductionEndpoint: productionEntry?.endpointUrl ?? null,
    }),
  };
}

const sortColumns = {
  updatedAt: 'requests.updated_at',
  stateChangedAt: 'requests.state_changed_at',
  createdAt: 'requests.created_at',
} as const;

export async function listRequests(db: Db, actor: Actor, q: ListRequestsQuery): Promise<RequestList> {
  let filtered = summarySelect(db, actor);
  if (q.institutionId) filtered = filtered.where('requests.institution_id', '=', q.institutionId);
  if (q.serviceId) filtered = filtered.where('requests.service_id', '=', q.serviceId);
  if (q.assigneeId === 'me') filtered = filtered.where('requests.assignee_id', '=', actor.id);
  else if (q.assigneeId === 'none') filtered = filtered.where('requests.assignee_id', 'is', null);
  else if (q.assigneeId) filtered = filtered.where('requests.assignee_id', '=', q.assigneeId);
  if (q.q) {
    const like = containsPattern(q.q);
    filtered = filtered.where((eb) =>
      eb.or([
        eb('requests.reference', 'ilike', like),
        eb('s.name', 'ilike', like),
        eb('s.identifier', 'ilike', like),
      ]),
    );
  }
  if (q.minDaysInState !== undefined) {
    filtered = filtered.where(
      'requests.state_changed_at',
      '<=',
      new Date(Date.now() - q.minDaysInState * 86_400_000),
    );
  }
  const byState = q.state?.length ? filtered.where('requests.state', 'in', q.state) : filtered;
  const descending = q.sort.startsWith('-');
  const column = sortColumns[q.sort.replace('-', '') as keyof typeof sortColumns];
  const [rows, perState] = await Promise.all([
    byState
      .orderBy(column, descending ? 'desc' : 'asc')
      .orderBy('requests.id', descending ? 'desc' : 'asc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    filtered
      .clearSelect()
      .select(['requests.state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('requests.state')
      .execute(),
  ]);
  const countsByState = Object.fromEntries(states.map((s) => [s, 0])) as Record<State, number>;
  for (const row of perState) countsByState[row.state as State] = row.n;
  // The total is the per-state counts added up over the chosen states: one query fewer.
  const counted: readonly State[] = q.state?.length ? q.state : states;
  let total = 0;
  for (const state of counted) total += countsByState[state];
  return { items: rows.map(toSummary), total, page: q.page, pageSize: q.pageSize, countsByState };
}
