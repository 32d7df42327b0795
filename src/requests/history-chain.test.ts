import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ChainedContent, canonicalJson, entryHash, genesisHash, verifyChain } from './history-chain.ts';

function chain(n: number) {
  const entries: (ChainedContent & { prevHash: string; hash: string })[] = [];
  let prev = genesisHash;
  for (let seq = 1; seq <= n; seq += 1) {
    const content: ChainedContent = {
      requestId: 'r1',
      seq,
      actorId: 'u1',
      actorRole: 'agency_reviewer',
      action: `action${seq}`,
      fromState: 'submitted',
      toState: 'in_review',
      comment: seq === 2 ? 'Komentārs ar garumzīmēm: ā č ē ģ' : null,
      details: { round: seq, list: ['a', 'b'] },
      visibility: 'all',
      createdAt: new Date(Date.UTC(2026, 10, 25, 8, 0, seq)),
    };
    const hash = entryHash(content, prev);
    entries.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

describe('history hash chain', () => {
  it('an untouched chain verifies', () => {
    assert.deepEqual(verifyChain(chain(5)), []);
  });

  it('an edited comment is detected at that entry', () => {
    const entries = chain(5);
    entries[1] = { ...(entries[1] as (typeof entries)[number]), comment: 'cits teksts' };
    assert.deepEqual(verifyChain(entries), [{ seq: 2, problem: 'hash_mismatch' }]);
  });

  it('a removed entry is detected', () => {
    const entries = chain(5);
    entries.splice(2, 1);
    const problems = verifyChain(entries);
    assert.ok(problems.some((p) => p.seq === 4 && p.problem === 'broken_link'));
    assert.ok(problems.some((p) => p.problem === 'gap'));
  });

  it('a rewritten entry with a recomputed hash still breaks the link to the next one', () => {
    const entries = chain(4);
    const forged = { ...(entries[1] as (typeof entries)[number]), toState: 'completed' };
    forged.hash = entryHash(forged, forged.prevHash);
    entries[1] = forged;
    assert.deepEqual(verifyChain(entries), [{ seq: 3, problem: 'broken_link' }]);
  });

  it('entries cut from the end are caught by the head recorded beside the chain', () => {
    const entries = chain(5);
    const head = { seq: 5, hash: (entries[4] as (typeof entries)[number]).hash };
    assert.deepEqual(verifyChain(entries, head), []);
    assert.deepEqual(verifyChain(entries.slice(0, 3), head), [{ seq: 5, problem: 'head_mismatch' }]);
  });

  it('canonical JSON does not depend on key order', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }),
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });
});
