// Everything the acceptance act says, as plain data: built from the request by the use case, turned
// into a PDF by render-act-pdf.ts. Nothing here reads a clock or a database.

export type ActLanguage = 'lv' | 'en';

export type ActParty = {
  name: string;
  registrationNumber: string;
  /** The party's contact for this act (the issuing reviewer, the request's contact person). */
  representative: { name: string; email?: string; phone?: string } | null;
  /**
   * Who is entitled to sign for the party when the act is issued: the party's active entries in the
   * register of representatives (empty when the party has none registered; its e-seal or an
   * organisation certificate then signs).
   */
  signers: ActSigner[];
};

export type ActSigner = { name: string; position: string | null };

/**
 * What the act may say of its signatures. Known when the act is rendered, because the agency signs at
 * issue: the level its signature will reach (B without a TSA, T with one, LT with OCSP too), and
 * whether the agency's certificate is a qualified one from the trusted list. The act never claims a
 * qualified signature or a time stamp that it will not carry.
 */
export type ActSignatureClaim = { agencyLevel: 'B' | 'T' | 'LT'; agencyQualified: boolean };

export type ActService = {
  identifier: string;
  name: string;
  protocol: 'soap' | 'rest';
  informationSystem: { code: string; name: string };
  /** `<major>.<minor>` from the identifier's `-V<major>-<minor>` suffix, when it has one. */
  version: string | null;
  /**
   * Each environment's endpoint. The act is issued before registration, so production's endpoint is
   * often not known yet: the act then says where the service will be hosted and that the endpoint is
   * entered at registration in the production catalog.
   */
  environments: {
    name: 'test' | 'production';
    endpoint: string | null;
    hosting?: 'agency' | 'institution';
  }[];
  operations: string[];
};

export type ActFinding = {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: { lv: string; en: string };
};

export type ActDescriptionReview = {
  mainFile: string;
  format: string;
  checkedAt: Date;
  counts: { error: number; warning: number; info: number; waived: number };
  waived: (ActFinding & { justification: string; by: string; at: Date })[];
  open: ActFinding[];
};

/**
 * The audit-record analysis appendix (issue 5 builds the analysis; its snapshot is mapped to this
 * shape by the caller). Times in milliseconds; `daily` drives the volume chart.
 */
export type ActAuditAppendix = {
  period: { from: string; to: string };
  totals: { calls: number; succeeded: number; failed: number };
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** The records the analysis used: how many, and the SHA-256 that identifies exactly them. */
  records: { count: number; sha256: string };
  operations: { operation: string; calls: number; failed: number; p50Ms: number; p95Ms: number }[];
  daily: { date: string; calls: number; failed: number }[];
};

/** The agency's header block, from configuration (AGENCY_*), never from literals. */
export type ActLetterhead = { name: string; address: string | null; phone: string | null; email: string };

export type ActData = {
  letterhead: ActLetterhead;
  number: string;
  version: number;
  language: ActLanguage;
  issuedAt: Date;
  request: { reference: string; submittedAt: Date | null };
  agency: ActParty;
  institution: ActParty;
  service: ActService;
  testPeriod: { from: string; to: string } | null;
  descriptionReview: ActDescriptionReview | null;
  audit: ActAuditAppendix | null;
  /** The reviewer's own words, when given; the standard conclusion is always printed. */
  conclusionNote: string | null;
  supersedes: { number: string; version: number } | null;
  signatureClaim: ActSignatureClaim;
};

/** `AA-2026-0001`: the year of issue and the year's sequence number. */
export function formatActNumber(year: number, sequence: number): string {
  return `AA-${year}-${String(sequence).padStart(4, '0')}`;
}

export function serviceVersionOf(identifier: string): string | null {
  const match = /-V(\d+)-(\d+)$/i.exec(identifier);
  return match ? `${match[1]}.${match[2]}` : null;
}
