import type { Selectable } from 'kysely';
import { type Actor, isAgency } from '../accounts/actor.ts';
import {
  type ActAuditAppendix,
  type ActData,
  type ActLanguage,
  type ActSigning,
  type ContainerReport,
  createSignedContainer,
  type ExpectedParty,
  formatActNumber,
  renderActPdf,
  type SignatureLevel,
  serviceVersionOf,
  sha256Hex,
  TrustServiceError,
  verifyContainer,
} from '../acts/index.ts';
import type { AuditAnalysis } from '../audit/analysis.ts';
import { getCatalogService } from '../catalog/index.ts';
import { agencyIdentity as agencyIdentityNow } from '../platform/agency.ts';
import type { AcceptanceActsTable, RequestRow } from '../platform/db/schema.ts';
import { type Db, inTransaction, type Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { loadRepresentatives, type PersonalCodeHasher, signersAt } from '../representatives/index.ts';
import { isQualifiedSigner, loadTrustStore } from '../trust-lists/index.ts';
import {
  type ActVersionView,
  type ActView,
  type ContainerReportView,
  toReportView,
} from './acceptance-act-views.ts';
import { actAuditAppendix } from './act-audit-appendix.ts';
import { capabilities } from './capabilities.ts';
import { enqueueRequestNotifications } from './notify-request.ts';
import {
  assertRequestVisible,
  assertVersion,
  countOpenCorrections,
  getRequestView,
  loadActStatus,
  loadRequestForUpdate,
  loadWorkflowFacts,
  toCapabilitySubject,
  toSubject,
  visibleRequests,
} from './queries.ts';
import { recordRequestChange } from './record-change.ts';
import { getRequestDescription } from './request-description.ts';
import type { RequestView } from './schemas.ts';
import { decide, type State, transition } from './workflow.ts';

// Step 3 of the procedure. The agency issues the act: the PDF is rendered from the request, numbered,
// signed on the server with the agency's key into an ASiC-E container, and kept unchangeable. The
// institution downloads that container, adds its signature with its own tool and uploads it; when the
// container verifies (both parties, the current act, trusted certificates) the request moves to
// registration in the same transaction. A container that does not verify is refused with its report
// and changes nothing. Issuing again makes a new version with the same number; old versions stay.

type ActRow = Selectable<AcceptanceActsTable>;

export type IssueActInput = {
  version: number;
  language?: ActLanguage | undefined;
  conclusionNote?: string | undefined;
  /** The audit-record analysis appendix, when one is attached (issue 5's snapshot, mapped). */
  audit?: ActAuditAppendix | null | undefined;
};

/** The latest audit analysis attached to the request, as the act's appendix (null when none is). */
async function attachedAuditAppendix(db: Db | Tx, requestId: string): Promise<ActAuditAppendix | null> {
  const latest = await db
    .selectFrom('request_audit_analyses')
    .select(['results', 'record_count', 'records_sha256'])
    .where('request_id', '=', requestId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return null;
  return actAuditAppendix(latest.results as unknown as AuditAnalysis, {
    count: latest.record_count,
    sha256: latest.records_sha256,
  });
}

const actFileName = (number: string, version: number) => `${number}-v${version}.pdf`;
export const containerFileName = (number: string, version: number) => `${number}-v${version}.asice`;

async function loadAgency(db: Db | Tx) {
  const agency = await db
    .selectFrom('institutions')
    .select(['id', 'name', 'registration_number'])
    .where('is_agency', '=', true)
    .executeTakeFirst();
  if (!agency) {
    throw new AppError('conflict', {
      detail: 'No agency institution is registered; create it with `pakalpe institution create --agency`.',
    });
  }
  return agency;
}

/**
 * The two parties of the request's act, each with its whole register of representatives (ended
 * entries too: the verifier judges each signature at its signing time).
 */
async function partiesOf(db: Db | Tx, row: RequestRow): Promise<ExpectedParty[]> {
  const [agency, institution] = await Promise.all([
    loadAgency(db),
    db
      .selectFrom('institutions')
      .select(['id', 'name', 'registration_number'])
      .where('id', '=', row.institution_id)
      .executeTakeFirstOrThrow(),
  ]);
  const [agencyRepresentatives, institutionRepresentatives] = await Promise.all([
    loadRepresentatives(db, agency.id),
    loadRepresentatives(db, institution.id),
  ]);
  return [
    {
      party: 'agency',
      name: agency.name,
      registrationNumber: agency.registration_number,
      representatives: agencyRepresentatives,
    },
    {
      party: 'institution',
      name: institution.name,
      registrationNumber: institution.registration_number,
      representatives: institutionRepresentatives,
    },
  ];
}

/** The next number of the year, taken in the issuing transaction (rolled back with it). */
async function nextActNumber(trx: Tx, now: Date): Promise<string> {
  const year = Number(
    new Intl.DateTimeFormat('en', { timeZone: 'Europe/Riga', year: 'numeric' }).format(now),
  );
  const { last_value } = await trx
    .insertInto('act_number_counters')
    .values({ year, last_value: 1 })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet((eb) => ({ last_value: eb('act_number_counters.last_value', '+', 1) })),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return formatActNumber(year, last_value);
}

async function currentAct(db: Db | Tx, requestId: string): Promise<ActRow | undefined> {
  return db
    .selectFrom('acceptance_acts')
    .selectAll()
    .where('request_id', '=', requestId)
    .where('superseded_by', 'is', null)
    .executeTakeFirst();
}

/** The act's content from the request as it stands (pure apart from the reads). */
async function buildActData(
  trx: Tx,
  actor: Actor,
  row: RequestRow,
  parties: ExpectedParty[],
  meta: {
    number: string;
    version: number;
    now: Date;
    previous: ActRow | undefined;
    level: SignatureLevel;
    qualified: boolean;
  },
  input: IssueActInput,
): Promise<ActData> {
  const [service, issuer, description] = await Promise.all([
    getCatalogService(trx, row.service_id),
    trx
      .selectFrom('users')
      .select(['display_name', 'email'])
      .where('id', '=', actor.id)
      .executeTakeFirstOrThrow(),
    getRequestDescription(trx as unknown as Db, actor, row.id),
  ]);
  if (!service) throw new AppError('not_found', { detail: "The request's service is not in the catalog." });
  const [agency, institution] = parties as [ExpectedParty, ExpectedParty];
  const language = input.language ?? 'lv';
  const production = row.production_service_id
    ? await getCatalogService(trx, row.production_service_id)
    : null;
  const agencyIdentity = agencyIdentityNow();
  return {
    letterhead: {
      name: agencyIdentity.name[language],
      address: agencyIdentity.address ?? null,
      phone: agencyIdentity.phone ?? null,
      email: agencyIdentity.email,
    },
    number: meta.number,
    version: meta.version,
    language,
    issuedAt: meta.now,
    request: { reference: row.reference, submittedAt: row.submitted_at },
    agency: {
      name: agency.name,
      registrationNumber: agency.registrationNumber,
      representative: { name: issuer.display_name, email: issuer.email },
      signers: signersAt(agency.representatives ?? [], meta.now),
    },
    institution: {
      name: institution.name,
      registrationNumber: institution.registrationNumber,
      representative: { name: row.contact_name, email: row.contact_email, phone: row.contact_phone },
      signers: signersAt(institution.representatives ?? [], meta.now),
    },
    service: {
      identifier: service.identifier,
      name: service.name,
      protocol: service.protocol,
      informationSystem: { code: service.informationSystem.code, name: service.informationSystem.name },
      version: serviceVersionOf(service.identifier),
      environments: [
        { name: 'test', endpoint: service.endpointUrl },
        {
          name: 'production',
          endpoint: production?.endpointUrl ?? row.production_endpoint_url ?? null,
          hosting: row.hosted_in_production ? 'agency' : 'institution',
        },
      ],
      operations: description?.summary.operations.map((o) => o.name) ?? service.operations,
    },
    testPeriod:
      row.test_period_from && row.test_period_to
        ? { from: row.test_period_from, to: row.test_period_to }
        : null,
    descriptionReview: description
      ? {
          mainFile: description.mainFile,
          format: description.format,
          checkedAt: new Date(description.createdAt),
          counts: description.counts,
          waived: description.findings
            .filter((f) => f.waiver)
            .map((f) => ({
              ruleId: f.ruleId,
              severity: f.severity,
              message: f.message,
              justification: f.waiver?.justification ?? '',
              by: f.waiver?.by.displayName ?? '',
              at: new Date(f.waiver?.at ?? meta.now),
            })),
          open: description.findings
            .filter((f) => !f.waiver)
            .map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message })),
        }
      : null,
    audit: input.audit ?? (await attachedAuditAppendix(trx, row.id)),
    conclusionNote: input.conclusionNote?.trim() || null,
    supersedes: meta.previous ? { number: meta.previous.number, version: meta.previous.version } : null,
    // Qualified only by what a trusted list in force says of the agency's certificate (issueAct).
    signatureClaim: { agencyLevel: meta.level, agencyQualified: meta.qualified },
  };
}

/**
 * Issues the act (or its next version) and signs the agency's part on the server, in one transaction:
 * number, PDF, agency-signed container and history entry appear together or not at all.
 */
export async function issueAct(
  db: Db,
  signing: ActSigning,
  actor: Actor,
  requestId: string,
  input: IssueActInput,
  publicUrl: string,
  hashPersonalCode: PersonalCodeHasher,
): Promise<ActView> {
  await assertRequestVisible(db, actor, requestId);
  const [signer, trust] = await Promise.all([
    signing.agencySigner(await agencyAsDemoParty(db)),
    loadTrustStore(db, signing),
  ]);
  // The act states the level (rendered into the PDF), so it is known before the PDF is made.
  const level = signing.levelFor(signer);
  await inTransaction(db, async (trx) => {
    const row = await loadRequestForUpdate(trx, actor, requestId);
    if (actor.role === 'institution_member') {
      throw new AppError('forbidden', { detail: 'The acceptance act is issued by the agency.' });
    }
    assertVersion(row, input.version);
    if (!capabilities(toCapabilitySubject(row), actor).issueAct) {
      throw new AppError(row.state === 'acceptance' ? 'forbidden' : 'invalid_transition', {
        detail:
          row.state === 'acceptance'
            ? 'Only the assigned reviewer or an agency admin issues the act; take the request first.'
            : `The act is issued while the request is in acceptance; it is ${row.state}.`,
        extensions: { reason: row.state === 'acceptance' ? 'not_assignee' : 'state', state: row.state },
      });
    }
    const now = new Date();
    const previous = await currentAct(trx, requestId);
    const number = previous?.number ?? (await nextActNumber(trx, now));
    const version = (previous?.version ?? 0) + 1;
    const parties = await partiesOf(trx, row);
    // The act calls the agency's signature qualified only when a trusted list in force says so now.
    const qualified = isQualifiedSigner(trust, signer, now);
    const data = await buildActData(
      trx,
      actor,
      row,
      parties,
      { number, version, now, previous, level, qualified },
      input,
    );
    const pdf = await renderActPdf(data);
    const sha256 = sha256Hex(pdf);
    const fileName = actFileName(number, version);
    // The time stamp and OCSP response are fetched inside the transaction: the number and the PDF
    // they cover exist only here. A service that fails rolls everything back (the act promises them).
    const container = await createSignedContainer(
      { name: fileName, mimeType: 'application/pdf', bytes: pdf },
      signer,
      now,
      (xml) => augmentAgencySignature(signing, xml, signer),
    );
    // The server checks its own signature as any uploader's would be: a key that does not identify
    // the agency, or a trust list without its CA, stops the issue here rather than at the institution.
    // The report kept with the container says what is still missing (the institution's signature).
    const report = await verifyContainer(container, {
      trust,
      now,
      expected: { sha256, issuedAt: now, parties },
      hashPersonalCode,
    });
    const own = report.signatures[0];
    if (!own?.valid || own.party !== 'agency') {
      throw new AppError('unavailable', {
        detail: `The agency's signing key cannot sign acts: ${(own?.problems ?? []).map((p) => p.code).join(', ')}. Check ACT_SIGNING_*, and that its CA is in ACT_TRUST_ANCHORS or a trusted list in force.`,
      });
    }
    const id = newId();
    // The old version steps aside first, so that at no point are two versions current.
    if (previous) {
      await trx
        .updateTable('acceptance_acts')
        .set({ superseded_by: id })
        .where('id', '=', previous.id)
        .execute();
    }
    await trx
      .insertInto('acceptance_acts')
      .values({
        id,
        request_id: requestId,
        number,
        version,
        language: data.language,
        request_version: row.version + 1,
        data: JSON.stringify(data),
        file_name: fileName,
        pdf: Buffer.from(pdf),
        sha256,
        issued_by: actor.id,
        issued_at: now,
      })
      .execute();
    await storeContainer(trx, {
      actId: id,
      requestId,
      source: 'issued',
      container,
      report,
      actor,
      now,
      complete: false,
    });
    const event = {
      action: 'issueAct',
      comment: input.conclusionNote,
      details: {
        actId: id,
        number,
        version,
        language: data.language,
        sha256,
        ...(previous && { supersedes: previous.version }),
      },
    };
    await recordRequestChange(trx, actor, row, {}, event, now);
    // The institution signs next: its contact person hears that the act waits for them.
    await enqueueRequestNotifications(trx, publicUrl, requestId, event, now);
  });
  return getAct(db, signing, actor, requestId);
}

const serviceNames = { tsa: 'time-stamping service', ocsp: 'OCSP responder' } as const;

/** The agency's signature brought to its level; a trust service that fails is a 503 naming it. */
async function augmentAgencySignature(
  signing: ActSigning,
  xml: Uint8Array,
  signer: Parameters<ActSigning['augment']>[1],
): Promise<Uint8Array> {
  try {
    return await signing.augment(xml, signer);
  } catch (error) {
    if (!(error instanceof TrustServiceError)) throw error;
    const service = `the ${serviceNames[error.service]} ${error.url}`;
    const certificate = error.kind === 'certificate_revoked' || error.kind === 'certificate_unknown';
    throw new AppError('unavailable', {
      detail: certificate
        ? `The act was not issued: ${service} does not confirm the agency's signing certificate: ${error.message}.`
        : `The act was not issued: ${service} failed (${error.message}). The act promises a time stamp${error.service === 'ocsp' ? ' and revocation data' : ''}; try again later or check ${error.service === 'tsa' ? 'ACT_TSA_URL' : 'ACT_OCSP_URL'}.`,
      extensions: { service: error.service, reason: error.kind, url: error.url },
      cause: error,
    });
  }
}

/**
 * The demo CA issues the agency's certificate for the registered agency (configured keys ignore it).
 * It names the agency, not a person: the server's signature is the agency's e-seal.
 */
async function agencyAsDemoParty(db: Db) {
  const agency = await loadAgency(db);
  return {
    name: agency.name,
    registrationNumber: agency.registration_number,
    person: `${agency.name} (e-zīmogs)`,
  };
}

async function storeContainer(
  trx: Tx,
  c: {
    actId: string;
    requestId: string;
    source: 'issued' | 'uploaded';
    container: Uint8Array;
    report: ContainerReport;
    actor: Actor;
    now: Date;
    complete: boolean;
  },
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('act_containers')
    .values({
      id,
      act_id: c.actId,
      request_id: c.requestId,
      source: c.source,
      container: Buffer.from(c.container),
      sha256: sha256Hex(c.container),
      report: JSON.stringify(c.report),
      valid: c.report.signatures.every((s) => s.valid),
      complete: c.complete,
      created_by: c.actor.id,
      created_at: c.now,
    })
    .execute();
  await trx
    .insertInto('act_signatures')
    .values(
      c.report.signatures.map((s) => ({
        container_id: id,
        file: s.file,
        party: s.party,
        signer_name: s.signer?.commonName ?? '',
        signer_subject: s.signer?.subject ?? '',
        certificate_sha256: s.signer?.sha256 ?? '',
        signing_time: s.signingTime ? new Date(s.signingTime) : null,
        valid: s.valid,
      })),
    )
    .execute();
  return id;
}

/** Every version of the request's act, newest first, with their containers and reports. */
export async function getAct(db: Db, signing: ActSigning, actor: Actor, requestId: string): Promise<ActView> {
  const request = await visibleRequests(db, actor).selectAll().where('id', '=', requestId).executeTakeFirst();
  if (!request) throw new AppError('not_found', { detail: 'No such request.' });
  const acts = await db
    .selectFrom('acceptance_acts as a')
    .innerJoin('users as u', 'u.id', 'a.issued_by')
    .select([
      'a.id',
      'a.number',
      'a.version',
      'a.language',
      'a.file_name',
      'a.sha256',
      'a.issued_at',
      'a.issued_by',
      'a.superseded_by',
      'u.display_name',
      (eb) => eb.fn('octet_length', ['a.pdf']).as('size'),
    ])
    .where('a.request_id', '=', requestId)
    .orderBy('a.version', 'desc')
    .execute();
  const containers = acts.length
    ? await db
        .selectFrom('act_containers as c')
        .innerJoin('users as u', 'u.id', 'c.created_by')
        .select([
          'c.id',
          'c.act_id',
          'c.source',
          'c.valid',
          'c.complete',
          'c.created_at',
          'c.created_by',
          'c.report',
          'u.display_name',
        ])
        .where('c.request_id', '=', requestId)
        .orderBy('c.created_at', 'asc')
        .execute()
    : [];
  const versions: ActVersionView[] = acts.map((a) => ({
    id: a.id,
    number: a.number,
    version: a.version,
    language: a.language,
    fileName: a.file_name,
    sha256: a.sha256,
    size: Number(a.size),
    issuedAt: a.issued_at.toISOString(),
    issuedBy: { id: a.issued_by, displayName: a.display_name },
    supersededBy: a.superseded_by,
    current: a.superseded_by === null,
    containers: containers
      .filter((c) => c.act_id === a.id)
      .map((c) => ({
        id: c.id,
        source: c.source,
        valid: c.valid,
        complete: c.complete,
        createdAt: c.created_at.toISOString(),
        createdBy: { id: c.created_by, displayName: c.display_name },
        report: toReportView(c.report as unknown as ContainerReport),
      })),
  }));
  const subject = toSubject(request, await countOpenCorrections(db, requestId), {
    ...(await loadWorkflowFacts(db, requestId)),
    act: { issued: versions.some((v) => v.current), signedByBothParties: true },
  });
  return {
    requestId,
    current: versions.find((v) => v.current) ?? null,
    versions,
    canIssue: capabilities(toCapabilitySubject(request), actor).issueAct,
    // Whether an upload would be taken if the container verifies.
    canUpload: decide(subject, actor, 'uploadSignedAct').ok,
    signing: signing.kind,
  };
}

async function findActVersion(db: Db, actor: Actor, requestId: string, version: number | undefined) {
  await assertRequestVisible(db, actor, requestId);
  let query = db.selectFrom('acceptance_acts').selectAll().where('request_id', '=', requestId);
  query =
    version === undefined ? query.where('superseded_by', 'is', null) : query.where('version', '=', version);
  const act = await query.executeTakeFirst();
  if (!act) {
    throw new AppError('not_found', {
      detail:
        version === undefined
          ? 'No act has been issued for this request yet.'
          : `The act has no version ${version}.`,
    });
  }
  return act;
}

export async function downloadActPdf(db: Db, actor: Actor, requestId: string, version?: number) {
  const act = await findActVersion(db, actor, requestId, version);
  return { fileName: act.file_name, bytes: act.pdf };
}

/** The most signed container of a version: the complete one when it exists, else the newest. */
export async function downloadActContainer(db: Db, actor: Actor, requestId: string, version?: number) {
  const act = await findActVersion(db, actor, requestId, version);
  const container = await db
    .selectFrom('act_containers')
    .select(['container'])
    .where('act_id', '=', act.id)
    .orderBy('complete', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { fileName: containerFileName(act.number, act.version), bytes: container.container };
}

export type UploadResult = { request: RequestView; report: ContainerReportView };

/**
 * Takes a container signed by both parties. Verified against the current act before anything is
 * written; a container that fails any check is refused with the report (422) and changes nothing.
 */
export async function uploadSignedAct(
  db: Db,
  signing: ActSigning,
  actor: Actor,
  requestId: string,
  input: { version: number; container: Uint8Array },
  publicUrl: string,
  hashPersonalCode: PersonalCodeHasher,
): Promise<UploadResult> {
  const request = await visibleRequests(db, actor).selectAll().where('id', '=', requestId).executeTakeFirst();
  if (!request) throw new AppError('not_found', { detail: 'No such request.' });
  // The cheap checks first: the state and the role decide before any signature is verified.
  const status = await loadActStatus(db, requestId);
  transition(
    toSubject(request, await countOpenCorrections(db, requestId), {
      ...(await loadWorkflowFacts(db, requestId)),
      act: { issued: status.issued, signedByBothParties: true },
    }),
    actor,
    'uploadSignedAct',
    {},
  );
  const act = await currentAct(db, requestId);
  if (!act) throw new Error('issued act not found');
  const now = new Date();
  const report = await verifyContainer(input.container, {
    trust: await loadTrustStore(db, signing),
    now,
    expected: { sha256: act.sha256, issuedAt: act.issued_at, parties: await partiesOf(db, request) },
    hashPersonalCode,
  });
  if (!report.valid) {
    if (report.document && report.document.sha256 !== act.sha256) {
      const older = await db
        .selectFrom('acceptance_acts')
        .select('version')
        .where('request_id', '=', requestId)
        .where('sha256', '=', report.document.sha256)
        .executeTakeFirst();
      if (older)
        report.problems.unshift({
          code: 'not_the_current_act',
          params: { actVersion: String(older.version) },
        });
    }
    const view = toReportView(report);
    throw new AppError('invalid_container', {
      detail: [...view.problems, ...view.signatures.flatMap((s) => s.problems)]
        .map((p) => p.text.en)
        .join(' '),
      extensions: { report: view },
    });
  }
  await inTransaction(db, async (trx) => {
    const row = await loadRequestForUpdate(trx, actor, requestId);
    assertVersion(row, input.version);
    const stillCurrent = await currentAct(trx, requestId);
    if (stillCurrent?.id !== act.id) {
      throw new AppError('stale_version', {
        detail: 'A new version of the act was issued meanwhile; sign that one.',
        extensions: { currentVersion: row.version },
      });
    }
    const step = transition(
      toSubject(row, await countOpenCorrections(trx, requestId), {
        ...(await loadWorkflowFacts(trx, requestId)),
        act: { issued: true, signedByBothParties: report.valid },
      }),
      actor,
      'uploadSignedAct',
      {},
    );
    const containerId = await storeContainer(trx, {
      actId: act.id,
      requestId,
      source: 'uploaded',
      container: input.container,
      report,
      actor,
      now,
      complete: true,
    });
    const event = {
      action: 'uploadSignedAct',
      fromState: row.state as State,
      toState: step.to,
      details: {
        containerId,
        number: act.number,
        version: act.version,
        signatures: report.signatures.map((s) => ({
          party: s.party,
          signer: s.signer?.commonName,
          signingTime: s.signingTime,
        })),
        uploadedBy: isAgency(actor) ? 'agency' : 'institution',
      },
    };
    await recordRequestChange(trx, actor, row, { state: step.to, state_changed_at: now }, event, now);
    // Whoever uploaded, the other party hears that the signed act is in and what comes next.
    await enqueueRequestNotifications(trx, publicUrl, requestId, event, now);
  });
  return { request: await getRequestView(db, actor, requestId), report: toReportView(report) };
}

/**
 * A quick check of any container, changing nothing. When its document is an act the caller may see,
 * the report also says whether both parties signed it.
 */
export async function checkContainer(
  db: Db,
  signing: ActSigning,
  actor: Actor,
  container: Uint8Array,
  hashPersonalCode: PersonalCodeHasher,
) {
  const trust = await loadTrustStore(db, signing);
  const now = new Date();
  let report = await verifyContainer(container, { trust, now, hashPersonalCode });
  let act: {
    requestId: string;
    reference: string;
    number: string;
    version: number;
    current: boolean;
  } | null = null;
  if (report.document) {
    const found = await visibleRequests(db, actor)
      .innerJoin('acceptance_acts as a', 'a.request_id', 'requests.id')
      .select([
        'requests.id as request_id',
        'requests.reference',
        'a.number',
        'a.version',
        'a.superseded_by',
        'a.sha256',
        'a.issued_at',
      ])
      .where('a.sha256', '=', report.document.sha256)
      .executeTakeFirst();
    if (found) {
      const request = await db
        .selectFrom('requests')
        .selectAll()
        .where('id', '=', found.request_id)
        .executeTakeFirstOrThrow();
      report = await verifyContainer(container, {
        trust,
        now,
        expected: { sha256: found.sha256, issuedAt: found.issued_at, parties: await partiesOf(db, request) },
        hashPersonalCode,
      });
      act = {
        requestId: found.request_id,
        reference: found.reference,
        number: found.number,
        version: found.version,
        current: found.superseded_by === null,
      };
    }
  }
  return { report: toReportView(report), act };
}
