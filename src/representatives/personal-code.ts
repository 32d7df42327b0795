// Latvian personal codes as the register takes them: 11 digits, written `DDMMYY-NNNNN` (new-style
// codes since 2017 start with 32 and carry no birth date; the rule is the same). They come as typed
// (`010190-12345`, `01019012345`) or as a personal certificate's serialNumber in ETSI EN 319 412-1
// semantics (`PNOLV-010190-12345`). Only the format is checked: new-style codes have no check digit
// to test, and a register entry is made by an admin who has the appointment in front of them.
//
// Pure and without imports, so the web form checks a code by the same rule before sending it.

export type PersonalCodeProblem = 'empty' | 'characters' | 'length' | 'hyphen';

export type ParsedPersonalCode =
  | { ok: true /** The 11 digits, no hyphen. */; digits: string }
  | { ok: false; problem: PersonalCodeProblem };

/** ETSI EN 319 412-1: natural person, national personal number, Latvia. */
const etsiPrefix = /^PNOLV-/i;

export function parsePersonalCode(input: string): ParsedPersonalCode {
  const code = input.trim().replace(etsiPrefix, '');
  if (code === '') return { ok: false, problem: 'empty' };
  if (!/^[0-9-]+$/.test(code)) return { ok: false, problem: 'characters' };
  const digits = code.replaceAll('-', '');
  if (digits.length !== 11) return { ok: false, problem: 'length' };
  if (!/^[0-9]{6}-?[0-9]{5}$/.test(code)) return { ok: false, problem: 'hyphen' };
  return { ok: true, digits };
}

/** What screens and acts show of a code: the first six digits, the rest starred (`010190-*****`). */
export function maskPersonalCode(digits: string): string {
  return `${digits.slice(0, 6)}-*****`;
}

/** What is wrong with a code, in the register's two languages (the API's problem and the web form). */
export const personalCodeProblemTexts: Record<PersonalCodeProblem, { lv: string; en: string }> = {
  empty: { lv: 'Ievadiet personas kodu.', en: 'Enter the personal code.' },
  characters: {
    lv: 'Personas kodā var būt tikai cipari un defise pēc sestā cipara, piemēram, 010190-12345.',
    en: 'A personal code has only digits, with a hyphen after the sixth if you like, e.g. 010190-12345.',
  },
  length: {
    lv: 'Personas kodā jābūt 11 cipariem, piemēram, 010190-12345.',
    en: 'A personal code has 11 digits, e.g. 010190-12345.',
  },
  hyphen: {
    lv: 'Defise drīkst būt tikai pēc sestā cipara, piemēram, 010190-12345.',
    en: 'The hyphen may only come after the sixth digit, e.g. 010190-12345.',
  },
};
