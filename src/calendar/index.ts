export { loadCalendarAdjustments } from './calendar-days.ts';
export { calendarRoutes } from './routes.ts';
export * from './working-days.ts';
