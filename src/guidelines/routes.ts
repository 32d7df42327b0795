import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import type { Db } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { errorResponses } from '../platform/http/problem.ts';
import {
  getRuleset,
  listRulesetVersions,
  ruleSettingsInput,
  rulesetVersionView,
  rulesetView,
  saveRuleSettings,
} from './ruleset.ts';

// The guideline rules are readable by everyone signed in (institutions check against them in their
// CI); only agency admins change them.

export function guidelineRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/rules',
      {
        schema: {
          operationId: 'getRuleset',
          tags: ['descriptions'],
          summary: 'The guideline rules with the settings in force (or of a given ruleset version)',
          querystring: z.object({ version: z.coerce.number().int().min(0).optional() }),
          response: { 200: rulesetView, ...errorResponses },
        },
      },
      async (request) => {
        actorOf(request);
        const view = await getRuleset(db, request.query.version);
        if (!view) throw new AppError('not_found', { detail: 'No such ruleset version.' });
        return view;
      },
    );

    app.get(
      '/rules/versions',
      {
        schema: {
          operationId: 'listRulesetVersions',
          tags: ['descriptions'],
          summary: 'Every saved ruleset version, newest first: what changed from the defaults, who and why',
          response: { 200: z.object({ items: z.array(rulesetVersionView) }), ...errorResponses },
        },
      },
      async (request) => {
        actorOf(request);
        return { items: await listRulesetVersions(db) };
      },
    );

    app.put(
      '/rules/settings',
      {
        schema: {
          operationId: 'updateRuleSettings',
          tags: ['descriptions'],
          summary:
            'Switch rules off or change their severity (agency admins); saves the next ruleset version',
          body: z.object({
            basedOn: z.number().int().min(0).describe('The ruleset version you edited'),
            settings: ruleSettingsInput.describe(
              'Per rule id: enabled and severity; rules left out use their defaults',
            ),
            reason: z.string().trim().min(3).max(2000),
          }),
          response: { 200: rulesetView, ...errorResponses },
        },
      },
      async (request) => saveRuleSettings(db, actorOf(request), request.body),
    );
  };
}
