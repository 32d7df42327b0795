import { createHash } from 'node:crypto';

// History entries are chained per request: each entry's hash covers its content and the previous
// entry's hash, so changing, removing or reordering any entry breaks every hash after it.

export const genesisHash = '0'.repeat(64);

export type ChainedContent = {
  requestId: string;
  seq: number;
  actorId: string;
  actorRole: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  comment: string | null;
  details: Record<string, unknown>;
  visibility: string;
  createdAt: Date;
};

export function entryHash(c: ChainedContent, prevHash: string): string {
  // Fields are picked one by one so that nothing else a caller's object carries slips into the hash.
  const canonical = canonicalJson({
    requestId: c.requestId,
    seq: c.seq,
    actorId: c.actorId,
    actorRole: c.actorRole,
    action: c.action,
    fromState: c.fromState,
    toState: c.toState,
    comment: c.comment,
    details: c.details,
    visibility: c.visibility,
    createdAt: c.createdAt.toISOString(),
    prevHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export type ChainProblem = {
  seq: number;
  problem: 'hash_mismatch' | 'broken_link' | 'gap' | 'head_mismatch';
};

/** Checks one request's entries (ordered by seq); returns every problem found, empty when intact. */
export function verifyChain(
  entries: readonly (ChainedContent & { prevHash: string; hash: string })[],
  /** The last seq and hash recorded beside the chain (on the request row); catches entries cut from the end. */
  head?: { seq: number; hash: string | null },
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let expectedPrev = genesisHash;
  entries.forEach((e, index) => {
    if (e.seq !== index + 1) problems.push({ seq: e.seq, problem: 'gap' });
    if (e.prevHash !== expectedPrev) problems.push({ seq: e.seq, problem: 'broken_link' });
    if (entryHash(e, e.prevHash) !== e.hash) problems.push({ seq: e.seq, problem: 'hash_mismatch' });
    expectedPrev = e.hash;
  });
  const last = entries[entries.length - 1];
  if (head && (head.seq !== (last?.seq ?? 0) || head.hash !== (last?.hash ?? null))) {
    problems.push({ seq: head.seq, problem: 'head_mismatch' });
  }
  return problems;
}

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
