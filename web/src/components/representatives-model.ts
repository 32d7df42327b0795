import { type PersonalCodeProblem, parsePersonalCode } from '../../../src/representatives/personal-code.ts';

// The register of representatives' forms and how validity reads on screen. The server keeps validity
// as [start, end) instants and reads a bare date as 00:00 in Riga; people think in days with the last
// one included. So a form's "last day" is sent as the day after it, and an end at Riga midnight is
// shown as the day before. Pure, so it is tested alone.

const zone = 'Europe/Riga';
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: zone });
const clockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: zone,
  hourCycle: 'h23',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The Riga calendar day of an instant, `YYYY-MM-DD`. */
export function rigaDay(iso: string): string {
  return dayFormat.format(new Date(iso));
}

export function isRigaMidnight(iso: string): boolean {
  return clockFormat.format(new Date(iso)) === '00:00:00' && new Date(iso).getUTCMilliseconds() === 0;
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** One end of a validity as shown: a calendar day, or a moment when it is not a day's boundary. */
export type ValidityBound = { kind: 'day'; day: string } | { kind: 'moment'; iso: string };

export function firstDayOf(validFrom: string): ValidityBound {
  return isRigaMidnight(validFrom)
    ? { kind: 'day', day: rigaDay(validFrom) }
    : { kind: 'moment', iso: validFrom };
}

/** The last day in force (inclusive) for an end at a day's boundary; else the moment it ended. */
export function lastDayOf(validTo: string | null): ValidityBound | null {
  if (validTo === null) return null;
  return isRigaMidnight(validTo)
    ? { kind: 'day', day: addDays(rigaDay(validTo), -1) }
    : { kind: 'moment', iso: validTo };
}

export type RepresentativeForm = {
  personalCode: string;
  name: string;
  position: string;
  /** `YYYY-MM-DD`, empty: from now. */
  firstDay: string;
  /** `YYYY-MM-DD`, the last day in force (inclusive); empty: no end. */
  lastDay: string;
};
export type RepresentativeField = keyof RepresentativeForm;

export const representativeLimits = { name: 200, position: 200, reasonMin: 3, reasonMax: 2000 } as const;

export function personalCodeProblemOf(code: string): PersonalCodeProblem | null {
  const parsed = parsePersonalCode(code);
  return parsed.ok ? null : parsed.problem;
}

export function invalidRepresentativeFields(form: RepresentativeForm): RepresentativeField[] {
  const invalid: RepresentativeField[] = [];
  if (personalCodeProblemOf(form.personalCode)) invalid.push('personalCode');
  return [...invalid, ...invalidDetails(form)];
}

type DetailField = 'name' | 'position' | 'firstDay' | 'lastDay';

function invalidDetails(form: Omit<RepresentativeForm, 'personalCode'>): DetailField[] {
  const invalid: DetailField[] = [];
  const name = form.name.trim();
  if (name.length === 0 || name.length > representativeLimits.name) invalid.push('name');
  if (form.position.trim().length > representativeLimits.position) invalid.push('position');
  if (form.firstDay && form.lastDay && form.lastDay < form.firstDay) invalid.push('lastDay');
  return invalid;
}

/** The body of createRepresentative. */
export function newRepresentativeBody(form: RepresentativeForm) {
  const position = form.position.trim();
  return {
    personalCode: form.personalCode.trim(),
    name: form.name.trim(),
    ...(position && { position }),
    ...(form.firstDay && { validFrom: form.firstDay }),
    ...(form.lastDay && { validTo: addDays(form.lastDay, 1) }),
  };
}

export type RepresentativeEditForm = Omit<RepresentativeForm, 'personalCode'> & { reason: string };
export type RepresentativeEditField = keyof RepresentativeEditForm;

type Entry = { name: string; position: string | null; validFrom: string; validTo: string | null };

/** The form as it opens for an entry: its days as the form speaks them. */
export function editFormOf(entry: Entry): RepresentativeEditForm {
  const last = lastDayOf(entry.validTo);
  return {
    name: entry.name,
    position: entry.position ?? '',
    firstDay: rigaDay(entry.validFrom),
    lastDay: last === null ? '' : last.kind === 'day' ? last.day : rigaDay(last.iso),
    reason: '',
  };
}

/** Only what changed goes to updateRepresentative; the days only when the user changed them. */
export function representativeChangeBody(entry: Entry, form: RepresentativeEditForm) {
  const before = editFormOf(entry);
  const position = form.position.trim();
  const reason = form.reason.trim();
  const firstDayChanged = form.firstDay !== before.firstDay && form.firstDay !== '';
  const lastDayChanged = form.lastDay !== before.lastDay;
  return {
    ...(form.name.trim() !== entry.name && { name: form.name.trim() }),
    ...(position !== (entry.position ?? '') && { position: position || null }),
    ...(firstDayChanged && { validFrom: form.firstDay }),
    ...(lastDayChanged && { validTo: form.lastDay ? addDays(form.lastDay, 1) : null }),
    ...(reason && { reason }),
  };
}

export function changesValidity(body: ReturnType<typeof representativeChangeBody>): boolean {
  return 'validFrom' in body || 'validTo' in body;
}

export function invalidEditFields(entry: Entry, form: RepresentativeEditForm): RepresentativeEditField[] {
  const invalid: RepresentativeEditField[] = invalidDetails(form);
  const needsReason = changesValidity(representativeChangeBody(entry, form));
  if (needsReason && form.reason.trim().length < representativeLimits.reasonMin) invalid.push('reason');
  return invalid;
}

export type EndForm = { reason: string /** empty: now */; lastDay: string };

export function invalidEndFields(form: EndForm): (keyof EndForm)[] {
  const reason = form.reason.trim();
  return reason.length < representativeLimits.reasonMin || reason.length > representativeLimits.reasonMax
    ? ['reason']
    : [];
}

export function endBody(form: EndForm) {
  return { reason: form.reason.trim(), ...(form.lastDay && { validTo: addDays(form.lastDay, 1) }) };
}
