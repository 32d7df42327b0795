import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AgencyIdentity } from '../config.ts';
import { errorResponses } from './problem.ts';

export const agencyView = z.object({
  name: z.object({ lv: z.string(), en: z.string() }),
  registrationNumber: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string(),
});

/** The agency's identity as configured, for the web UI (public: the login page shows it too). */
export function agencyRoute(agency: AgencyIdentity): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/agency',
      {
        config: { public: true },
        schema: {
          operationId: 'getAgency',
          tags: ['session'],
          summary: "The agency's name, registration number, address, phone and support e-mail",
          security: [],
          response: { 200: agencyView, ...errorResponses },
        },
      },
      async () => ({
        name: { lv: agency.name.lv, en: agency.name.en },
        registrationNumber: agency.registrationNumber ?? null,
        address: agency.address ?? null,
        phone: agency.phone ?? null,
        email: agency.email,
      }),
    );
  };
}
