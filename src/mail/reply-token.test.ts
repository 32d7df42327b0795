import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createReplyToken,
  replyAddress,
  replyTokenCandidates,
  subjectWithToken,
  supportAddressTag,
  verifyReplyToken,
} from './reply-token.ts';

const secret = 'reply-token-test-secret-0123456789abcdef';
const id = '0190a0b0-0000-7000-8000-000000000001';

describe('reply tokens', () => {
  it('a token names its target and verifies under the same secret, in any letter case', () => {
    const token = createReplyToken(secret, { kind: 'request', id });
    assert.match(token, /^[a-z2-7]{44}$/);
    assert.deepEqual(verifyReplyToken(secret, token), { kind: 'request', id });
    assert.deepEqual(verifyReplyToken(secret, token.toUpperCase()), { kind: 'request', id });
    const consultation = createReplyToken(secret, { kind: 'consultation', id });
    assert.notEqual(consultation, token);
    assert.deepEqual(verifyReplyToken(secret, consultation), { kind: 'consultation', id });
  });

  it('another secret, a changed character, a truncated or foreign token does not verify', () => {
    const token = createReplyToken(secret, { kind: 'request', id });
    assert.equal(verifyReplyToken('another-secret-0123456789abcdef0123', token), null);
    const flipped = `${token.slice(0, 10)}${token[10] === 'a' ? 'b' : 'a'}${token.slice(11)}`;
    assert.equal(verifyReplyToken(secret, flipped), null);
    assert.equal(verifyReplyToken(secret, token.slice(0, 40)), null);
    assert.equal(verifyReplyToken(secret, 'not-a-token!'), null);
    assert.equal(verifyReplyToken(secret, ''), null);
  });

  it('the reply address keeps the support address local part and domain; the local part fits 64 characters', () => {
    const token = createReplyToken(secret, { kind: 'request', id });
    const address = replyAddress('atbalsts@pakalpe.example.lv', token);
    assert.equal(address, `atbalsts+${token}@pakalpe.example.lv`);
    assert.ok((address.split('@')[0] ?? '').length <= 64);
    assert.equal(supportAddressTag('atbalsts@pakalpe.example.lv', address.toUpperCase()), token);
    assert.equal(supportAddressTag('atbalsts@pakalpe.example.lv', 'ATBALSTS@pakalpe.example.lv'), '');
    assert.equal(supportAddressTag('atbalsts@pakalpe.example.lv', 'atbalsts@other.lv'), null);
    assert.equal(supportAddressTag('atbalsts@pakalpe.example.lv', 'atbalsts2@pakalpe.example.lv'), null);
  });

  it('candidates come from the recipients first, then from the subject marker', () => {
    const a = createReplyToken(secret, { kind: 'request', id });
    const b = createReplyToken(secret, { kind: 'consultation', id });
    const subject = `Re: ${subjectWithToken('Pieteikums saņemts: PP-2026-0042', b)}`;
    assert.deepEqual(
      replyTokenCandidates('atbalsts@x.lv', ['someone@else.lv', replyAddress('atbalsts@x.lv', a)], subject),
      [a, b],
    );
    assert.deepEqual(replyTokenCandidates('atbalsts@x.lv', ['atbalsts@x.lv'], 'Sveiki'), []);
  });
});
