import type { Updateable } from 'kysely';
import type { Actor } from '../accounts/actor.ts';
import { storeCatalogDescription } from '../catalog/catalog-descriptions.ts';
import { getCatalogService, registerProductionService } from '../catalog/index.ts';
import type { RequestRow, RequestsTable } from '../platform/db/schema.ts';
import { type Db, inTransaction, type Tx } from '../platform/db/transaction.ts';
import { newId } from '../platform/ids.ts';
import { enqueueRequestNotifications } from './notify-request.ts';
import { checkInstallationData, checkProductionData } from './production-data.ts';
import {
  assertNoOtherOpenRequest,
  assertVersion,
  countOpenCorrections,
  getRequestView,
  latestDescriptionId,
  loadRequestForUpdate,
  loadWorkflowFacts,
  toSubject,
} from './queries.ts';
import { recordRequestChange } from './record-change.ts';
import { latestDescriptionFiles } from './request-description.ts';
import type { ActionInputBody, RequestView } from './schemas.ts';
import { type Action, type State, transition, type WorkflowSubject } from './workflow.ts';

type EffectContext = { trx: Tx; actor: Actor; row: RequestRow; input: ActionInputBody; now: Date };
type Effect = (
  ctx: EffectContext,
) => Promise<{ patch?: Updateable<RequestsTable>; details?: Record<string, unknown> }>;

// What an action does besides moving the state. Which action is allowed when is the workflow table's job.
const effects: Partial<Record<Action, Effect>> = {
  submit: async ({ trx, row, now }) => {
    await assertNoOtherOpenRequest(trx, row.service_id, row.id);
    return {
      patch: { submitted_at: row.submitted_at ?? now },
      details: row.state === 'corrections_requested' ? { resubmission: row.correction_rounds } : {},
    };
  },
  startReview: async ({ row, actor }) =>
    row.assignee_id ? {} : { patch: { assignee_id: actor.id }, details: { assignee: actor.id } },
  requestCorrections: async ({ trx, row, actor, input, now }) => {
    const round = row.correction_rounds + 1;
    const items = (input.corrections ?? []).map((text) => text.trim()).filter(Boolean);
    // A correction that names a rule of one of the current description's open findings (as the
    // suggested corrections do) was made from that finding: a newer description makes it outdated.
    const descriptionId = await latestDescriptionId(trx, row.id);
    const ruleIds = descriptionId
      ? (
          await trx
            .selectFrom('request_findings')
            .select('rule_id')
            .where('description_id', '=', descriptionId)
            .where('waived_at', 'is', null)
            .execute()
        ).map((f) => f.rule_id)
      : [];
    await trx
      .insertInto('request_corrections')
      .values(
        items.map((text) => ({
          id: newId(),
          request_id: row.id,
          round,
          text,
          created_by: actor.id,
          created_at: now,
          description_id: ruleIds.some((rule) => text.includes(rule)) ? descriptionId : null,
        })),
      )
      .execute();
    return { patch: { correction_rounds: round }, details: { round, corrections: items } };
  },
  // The approval mail and the history say which description errors were accepted with a justification.
  approveReview: async ({ trx, row }) => {
    const descriptionId = await latestDescriptionId(trx, row.id);
    const waived = descriptionId
      ? await trx
          .selectFrom('request_findings')
          .select(['rule_id', 'severity', 'waiver'])
          .where('description_id', '=', descriptionId)
          .where('waived_at', 'is not', null)
          .orderBy('rule_id')
          .execute()
      : [];
    return {
      details: {
        descriptionId,
        waivedFindings: waived.map((f) => ({
          ruleId: f.rule_id,
          severity: f.severity,
          justification: f.waiver ?? '',
        })),
      },
    };
  },
  reject: async ({ input }) => ({ patch: { decision_reason: input.comment ?? null } }),
  withdraw: async ({ input }) => ({ patch: { decision_reason: input.comment ?? null } }),
  registerInProduction: async ({ trx, row, actor, input, now }) => {
    const testEntry = await getCatalogService(trx, row.service_id);
    const production = checkProductionData(input.production, testEntry?.endpointUrl ?? null);
    const entry = await registerProductionService(trx, row.service_id, row.id, actor, now, production);
    // The production entry keeps the description it was approved with, so the next request for this
    // service is compared with what consumers actually use.
    const description = await latestDescriptionFiles(trx, row.id);
    if (description) {
      await storeCatalogDescription(trx, actor, {
        serviceId: entry.id,
        entryVersion: entry.entryVersion,
        ...description,
        sourceRequestId: row.id,
      });
    }
    return {
      patch: {
        production_service_id: entry.id,
        production_endpoint_url: production.endpointUrl,
        production_hosting: production.hosting,
        production_version: production.version,
        production_registered_at: now,
        // The hosting the reviewer registered decides whether installation follows (see transitionRequest).
        hosted_in_production: production.hosting === 'agency',
      },
      details: {
        productionServiceId: entry.id,
        identifier: entry.identifier,
        entryVersion: entry.entryVersion,
        endpointUrl: production.endpointUrl,
        hosting: production.hosting,
        version: production.version,
        ...(production.sameAsTestConfirmed && { sameAsTestConfirmed: true }),
      },
    };
  },
  confirmInstallation: async ({ input, now }) => {
    const { checkedUrl } = checkInstallationData(input.installation);
    return {
      patch: { installation_check_url: checkedUrl, installation_confirmed_at: now },
      details: { checkedUrl },
    };
  },
};

/**
 * The facts the workflow decides on. At registration the hosting the reviewer states (not the one the
 * request was submitted with) picks the branch: installation follows only for the agency's hosting.
 */
function withStatedHosting(
  subject: WorkflowSubject,
  action: Action,
  input: ActionInputBody,
): WorkflowSubject {
  const hosting = action === 'registerInProduction' ? input.production?.hosting : undefined;
  return hosting ? { ...subject, hostedInProduction: hosting === 'agency' } : subject;
}

/**
 * Performs one workflow action in one transaction: lock, check version, decide by the table,
 * apply the action's effect, move the state, append the history entry, enqueue the e-mail it causes.
 * `publicUrl` is the web UI's address, for the links in those e-mails.
 */
export async function transitionRequest(
  db: Db,
  actor: Actor,
  id: string,
  action: Action,
  input: ActionInputBody,
  publicUrl: string,
): Promise<RequestView> {
  return inTransaction(db, async (trx) => {
    const row = await loadRequestForUpdate(trx, actor, id);
    assertVersion(row, input.version);
    const subject = withStatedHosting(
      toSubject(row, await countOpenCorrections(trx, id), await loadWorkflowFacts(trx, id)),
      action,
      input,
    );
    const step = transition(subject, actor, action, input);
    const now = new Date();
    const effect = (await effects[action]?.({ trx, actor, row, input, now })) ?? {};
    const event = {
      action,
      fromState: row.state as State,
      toState: step.to,
      comment: input.comment,
      details: { ...(step.when && { branch: step.when }), ...effect.details },
    };
    await recordRequestChange(
      trx,
      actor,
      row,
      { ...effect.patch, state: step.to, state_changed_at: now },
      event,
      now,
    );
    await enqueueRequestNotifications(trx, publicUrl, id, event, now);
    return getRequestView(trx, actor, id);
  });
}
