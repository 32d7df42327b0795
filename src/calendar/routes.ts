import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import type { Db } from '../platform/db/transaction.ts';
import { errorResponses } from '../platform/http/problem.ts';
import { addCalendarDay, listCalendar, removeCalendarDay } from './calendar-days.ts';

const tags = ['calendar'];
const dayString = z.iso.date();
const kind = z.enum(['working_day', 'holiday']);
const reason = z.string().max(500);

const calendarView = z.object({
  year: z.number().int(),
  publicHolidays: z.array(z.object({ date: z.string(), name: z.string() })),
  entries: z.array(z.object({ day: z.string(), kind, reason: z.string(), createdAt: z.string() })),
  events: z.array(
    z.object({
      day: z.string(),
      kind,
      action: z.enum(['added', 'removed']),
      reason: z.string(),
      actorName: z.string(),
      createdAt: z.string(),
    }),
  ),
});

export function calendarRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/calendar',
      {
        schema: {
          operationId: 'getWorkingCalendar',
          tags,
          summary:
            "The working-day calendar: the year's public holidays by law, the admins' moved working days and extra holidays, and their history (agency admins)",
          querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
          response: { 200: calendarView, ...errorResponses },
        },
      },
      async (request) =>
        listCalendar(db, actorOf(request), request.query.year ?? new Date().getUTCFullYear()),
    );

    app.post(
      '/admin/calendar/days',
      {
        schema: {
          operationId: 'addCalendarDay',
          tags,
          summary:
            'Add a moved working day (a Saturday that is worked) or an extra holiday, with a reason (agency admins)',
          body: z.object({ day: dayString, kind, reason }),
          response: {
            201: z.object({ day: z.string(), kind, reason: z.string(), createdAt: z.string() }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await addCalendarDay(db, actorOf(request), request.body)),
    );

    app.post(
      '/admin/calendar/days/:day/remove',
      {
        schema: {
          operationId: 'removeCalendarDay',
          tags,
          summary:
            "Remove an admin's calendar entry, with a reason; the law's rule applies to the day again (agency admins)",
          params: z.object({ day: dayString }),
          body: z.object({ reason }),
          response: { 204: z.undefined(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await removeCalendarDay(db, actorOf(request), request.params.day, request.body);
        return reply.status(204).send();
      },
    );
  };
}
