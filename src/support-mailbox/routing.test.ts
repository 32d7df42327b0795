import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideRouting, isAllowedAttachment, type MailFacts } from './routing.ts';

const member = { id: 'u1', role: 'institution_member', institutionId: 'i1', isActive: true } as const;
const reviewer = { id: 'u2', role: 'agency_reviewer', institutionId: null, isActive: true } as const;
const parsed = { isAutomatic: false, text: 'Paldies!', disallowedAttachments: [] };
const target = { kind: 'request', id: 'r1' } as const;
const base: MailFacts = { parsed, sender: member, tokenCandidates: 1, target };

describe('routing a received mail', () => {
  const cases: [string, Partial<MailFacts>, unknown][] = [
    [
      'a reply with a genuine token from a user goes to the thread',
      {},
      { kind: 'request_message', requestId: 'r1', senderId: 'u1' },
    ],
    [
      'a consultation token goes to the consultation',
      { target: { kind: 'consultation', id: 'c1' } },
      { kind: 'consultation_message', consultationId: 'c1', senderId: 'u1' },
    ],
    [
      'no token from an institution user opens a consultation',
      { tokenCandidates: 0, target: null },
      { kind: 'open_consultation', senderId: 'u1' },
    ],
    [
      'no token from an agency user has nowhere to go',
      { tokenCandidates: 0, target: null, sender: reviewer },
      { kind: 'quarantine', reason: 'no_reply_target' },
    ],
    ['an unreadable mail', { parsed: null }, { kind: 'quarantine', reason: 'parse_failed' }],
    [
      'an automatic reply',
      { parsed: { ...parsed, isAutomatic: true } },
      { kind: 'quarantine', reason: 'automatic_reply' },
    ],
    [
      'an executable attachment',
      { parsed: { ...parsed, disallowedAttachments: ['a.exe', 'b.js'] } },
      { kind: 'quarantine', reason: 'disallowed_attachment', detail: 'a.exe, b.js' },
    ],
    [
      'a token that does not verify, even from a user',
      { target: null },
      { kind: 'quarantine', reason: 'invalid_token' },
    ],
    [
      'an unknown sender with a genuine token',
      { sender: null },
      { kind: 'quarantine', reason: 'unknown_sender' },
    ],
    [
      'an inactive user',
      { sender: { ...member, isActive: false } },
      { kind: 'quarantine', reason: 'sender_inactive' },
    ],
    [
      'no text once the quote is cut',
      { parsed: { ...parsed, text: '' } },
      { kind: 'quarantine', reason: 'empty_body' },
    ],
    [
      'a text over 10,000 characters',
      { parsed: { ...parsed, text: 'x'.repeat(10_001) } },
      { kind: 'quarantine', reason: 'body_too_long', detail: '10001 > 10000 characters' },
    ],
  ];
  for (const [name, change, expected] of cases) {
    it(name, () => assert.deepEqual(decideRouting({ ...base, ...change }), expected));
  }

  it('executables and scripts are refused by name or declared type; documents pass', () => {
    assert.equal(isAllowedAttachment('rekins.EXE', 'application/octet-stream'), false);
    assert.equal(isAllowedAttachment('skripts.ps1', 'text/plain'), false);
    assert.equal(isAllowedAttachment('bez-nosaukuma', 'application/x-msdownload'), false);
    assert.equal(isAllowedAttachment('shēma.xsd', 'application/xml'), true);
    assert.equal(isAllowedAttachment('akts.pdf', 'application/pdf'), true);
    assert.equal(isAllowedAttachment('README', 'text/plain'), true);
  });
});
