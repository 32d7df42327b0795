import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import { agencyOnly, requireRole } from '../accounts/permissions.ts';
import type { Config } from '../platform/config.ts';
import type { DatabaseHandle } from '../platform/db/connect.ts';
import { AppError } from '../platform/errors.ts';
import { errorResponses } from '../platform/http/problem.ts';
import { analyzeServiceWindow, declaredInCatalog } from './analyze-audit.ts';
import { personHasher, resolveHashSecret } from './end-user-hash.ts';
import { checkAuditRecords, importAuditRecords } from './import-records.ts';
import { type RowGroup, rowsOfValues, splitJsonLines } from './read-records.ts';
import type { HashPerson } from './record.ts';
import { environments } from './record.ts';
import { analyzeAuditQuery, auditAnalysisView, importSummaryView } from './schemas.ts';

/** Larger uploads go through `pakalpe audit import`, which streams files of any size. */
export const importBodyLimitBytes = 64 * 1024 * 1024;
export const ndjsonMediaType = 'application/x-ndjson';

export function auditRoutes(handle: DatabaseHandle, config: Config): FastifyPluginAsyncZod {
  // Resolved at the first import, not at start: reading or creating the secret file is only needed then.
  let hasher: HashPerson | null = null;
  const hashPerson: HashPerson = (code) => {
    hasher ??= personHasher(resolveHashSecret(config));
    return hasher(code);
  };

  return async (app) => {
    app.addContentTypeParser(
      ndjsonMediaType,
      { parseAs: 'string', bodyLimit: importBodyLimitBytes },
      (_r, body, done) => done(null, body),
    );

    app.post(
      '/audit/records',
      {
        bodyLimit: importBodyLimitBytes,
        schema: {
          operationId: 'importAuditRecords',
          tags: ['audit'],
          summary:
            'Import audit records: a JSON array, or NDJSON (one record per line) as application/x-ndjson',
          description:
            'Agency only. Each record is checked; valid records are stored, invalid ones reported with their line ' +
            '(NDJSON) or position (JSON array, from 1), field and reason. A record whose environment, service, ' +
            'request time and message id are already stored is counted as a duplicate and not stored again, so ' +
            're-sending is safe. ' +
            'With strict=true nothing is stored when any record is invalid (answered with 400 listing them); ' +
            'with dryRun=true every record is checked and reported and nothing is stored (loaded: false).',
          consumes: ['application/json', ndjsonMediaType],
          querystring: z.object({
            environment: z.enum(environments).default('test'),
            strict: z
              .enum(['true', 'false'])
              .default('false')
              .transform((v) => v === 'true'),
            dryRun: z
              .enum(['true', 'false'])
              .default('false')
              .transform((v) => v === 'true')
              .describe(
                'Check every record and report, storing nothing (like `pakalpe audit import --dry-run`)',
              ),
          }),
          body: z.union([
            z.array(z.record(z.string(), z.unknown())).describe('Audit records (JSON)'),
            z.string().describe('Audit records as NDJSON'),
          ]),
          response: { 200: importSummaryView, ...errorResponses },
        },
      },
      async (request) => {
        requireRole(actorOf(request), agencyOnly);
        const body = request.body;
        const openRows: () => AsyncIterable<RowGroup> =
          typeof body === 'string' ? () => splitJsonLines([body]) : () => rowsOfValues(body);
        const options = {
          environment: request.query.environment,
          strict: request.query.strict,
          hashPerson,
        };
        const summary = request.query.dryRun
          ? await checkAuditRecords(openRows(), options)
          : await importAuditRecords(handle, openRows, options);
        if (summary.read === 0) {
          throw new AppError('validation', {
            detail: 'The body holds no audit records.',
            errors: [{ path: 'body', message: 'expected at least one record' }],
          });
        }
        if (!summary.loaded && !request.query.dryRun) {
          throw new AppError('validation', {
            detail: `${summary.invalid} of ${summary.read} records are invalid; with strict=true nothing was stored.`,
            errors: summary.issues.map((i) => ({ path: `${i.line}.${i.field}`, message: i.reason })),
            extensions: { invalid: summary.invalid, read: summary.read },
          });
        }
        return summary;
      },
    );

    app.get(
      '/audit/analysis',
      {
        schema: {
          operationId: 'analyzeAudit',
          tags: ['audit'],
          summary:
            "Analyse a service's audit records over a window of days: volume, faults, latency, consumers, coverage, flags",
          description:
            'Agency only. The window is Riga calendar days, both inclusive. Coverage compares the operations ' +
            "called with those the service's test-catalog entry declares.",
          querystring: analyzeAuditQuery,
          response: { 200: auditAnalysisView, ...errorResponses },
        },
      },
      async (request) => {
        requireRole(actorOf(request), agencyOnly);
        const q = request.query;
        return analyzeServiceWindow(
          handle.db,
          { service: q.service, environment: q.environment, from: q.from, to: q.to },
          { faultRatePercent: q.faultRatePercent, latencyP95Ms: q.latencyP95Ms, slowCallMs: q.slowCallMs },
          await declaredInCatalog(handle.db, q.service),
        );
      },
    );
  };
}
