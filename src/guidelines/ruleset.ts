import { z } from 'zod';
import { adminOnly, type Principal, principalId, requireRole } from '../accounts/permissions.ts';
import type { RuleSettings } from '../descriptions/rules/rule.ts';
import { normaliseSettings, ruleCatalog } from '../descriptions/rules/rule-catalog.ts';
import { type Db, inTransaction, type Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';

// The ruleset the agency runs: the built-in rules with the admins' settings on top. Version 0 is the
// built-in defaults (no row); each save is the next version, immutable, with who, when and why.

const severity = z.enum(['error', 'warning', 'info']);

export const ruleSettingsInput = z.record(
  z.string().min(1).max(200),
  z.object({ enabled: z.boolean().optional(), severity: severity.optional() }),
);

export const rulesetView = z.object({
  version: z.number().int().describe('0 means the built-in defaults'),
  reason: z.string().nullable(),
  createdAt: z.iso.datetime().nullable(),
  createdBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  rules: z.array(
    z.object({
      id: z.string(),
      source: z.enum(['viss', 'spectral']),
      title: z.object({ lv: z.string(), en: z.string() }),
      rationale: z.object({ lv: z.string(), en: z.string() }).nullable(),
      protocols: z.array(z.enum(['soap', 'rest'])),
      defaultSeverity: severity,
      enabled: z.boolean(),
      severity,
    }),
  ),
});
export type RulesetView = z.infer<typeof rulesetView>;

export const rulesetVersionView = z.object({
  version: z.number().int(),
  settings: ruleSettingsInput,
  reason: z.string(),
  createdAt: z.iso.datetime(),
  createdBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
});

/** The current settings and their version, as a check runs with them. */
export async function currentRuleSettings(db: Db | Tx): Promise<{ version: number; settings: RuleSettings }> {
  const row = await db
    .selectFrom('ruleset_versions')
    .select(['version', 'settings'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? { version: 0, settings: {} };
}

export async function getRuleset(db: Db, version?: number): Promise<RulesetView | null> {
  let query = db
    .selectFrom('ruleset_versions as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .selectAll('r')
    .select('u.display_name');
  query =
    version === undefined
      ? query.orderBy('r.version', 'desc').limit(1)
      : query.where('r.version', '=', version);
  const row = await query.executeTakeFirst();
  if (!row && version !== undefined && version !== 0) return null;
  const settings = row?.settings ?? {};
  return {
    version: row?.version ?? 0,
    reason: row?.reason ?? null,
    createdAt: row?.created_at.toISOString() ?? null,
    createdBy: row?.created_by ? { id: row.created_by, displayName: row.display_name ?? '' } : null,
    rules: ruleCatalog().map((r) => ({
      ...r,
      enabled: settings[r.id]?.enabled !== false,
      severity: settings[r.id]?.severity ?? r.defaultSeverity,
    })),
  };
}

export async function listRulesetVersions(db: Db) {
  const rows = await db
    .selectFrom('ruleset_versions as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .selectAll('r')
    .select('u.display_name')
    .orderBy('r.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    settings: r.settings,
    reason: r.reason,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by ? { id: r.created_by, displayName: r.display_name ?? '' } : null,
  }));
}

/**
 * Saves the admins' settings as the next version. `basedOn` is the version the admin edited: a save
 * over someone else's newer one is refused rather than silently undoing it.
 */
export async function saveRuleSettings(
  db: Db,
  by: Principal,
  input: { basedOn: number; settings: RuleSettings; reason: string },
): Promise<RulesetView> {
  requireRole(by, adminOnly);
  const normalised = normaliseSettings(input.settings);
  if ('unknown' in normalised) {
    throw new AppError('validation', {
      detail: `No such rule: ${normalised.unknown.join(', ')}.`,
      errors: normalised.unknown.map((id) => ({
        path: `settings.${id}`,
        message: 'No such rule.',
        code: 'unknown_rule',
      })),
    });
  }
  const version = await inTransaction(db, async (trx) => {
    // One writer at a time: the next version number is read and taken in the same transaction.
    await trx.selectFrom('ruleset_versions').select('version').forUpdate().execute();
    const current = await currentRuleSettings(trx);
    if (current.version !== input.basedOn) {
      throw new AppError('stale_version', {
        detail: `The ruleset is at version ${current.version}, not ${input.basedOn}. Reload and try again.`,
        extensions: { currentVersion: current.version },
      });
    }
    const next = current.version + 1;
    await trx
      .insertInto('ruleset_versions')
      .values({
        version: next,
        settings: JSON.stringify(normalised.settings),
        reason: input.reason,
        created_by: principalId(by),
        created_at: new Date(),
      })
      .execute();
    return next;
  });
  const view = await getRuleset(db, version);
  if (!view) throw new Error('saved ruleset not found');
  return view;
}
