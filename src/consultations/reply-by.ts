// The agency's reply-by time: N working days after the ticket became open, at the same wall-clock time
// in Europe/Riga, by the working-day calendar (public holidays and the admins' moved days included).

export { addWorkingDays } from '../calendar/index.ts';
