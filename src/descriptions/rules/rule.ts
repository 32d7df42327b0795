import type { Contract, Protocol, SourceLocation } from '../contract.ts';

// A guideline rule is data (id, texts, severity, protocols) plus one pure check over the Contract.
// Every finding looks the same whatever produced it (our checks or Spectral): rule, severity,
// message, location.

export type Severity = 'error' | 'warning' | 'info';
export type Texts = { lv: string; en: string };

export type Finding = {
  ruleId: string;
  severity: Severity;
  /** Latvian and English, with the specifics (operation name, URL…) filled in. */
  message: Texts;
  location: SourceLocation;
};

export type Rule = {
  id: string;
  title: Texts;
  rationale: Texts;
  severity: Severity;
  protocols: readonly Protocol[];
  /** Returns findings without severity/ruleId; the engine fills those from the rule (or its override). */
  check: (contract: Contract) => { message: Texts; location: SourceLocation }[];
};

/** Admins may switch rules off and change severities; this is what a review runs with. */
export type RuleSettings = Record<string, { enabled?: boolean; severity?: Severity }>;
