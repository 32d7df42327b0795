import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notificationsFor } from './notifications.ts';

const request = { institutionName: 'Iestāde A', decisionReason: null };

describe('who hears what', () => {
  it('a first submission: receipt to the contact, a new request to the reviewers', () => {
    assert.deepEqual(
      notificationsFor({ action: 'submit', fromState: 'draft', toState: 'submitted' }, request),
      [
        { audience: 'contact', mail: { template: 'requestReceived', resubmission: false } },
        {
          audience: 'reviewers',
          mail: { template: 'requestForReview', institutionName: 'Iestāde A', resubmission: false },
        },
      ],
    );
  });

  it('a resubmission after corrections is named so for both sides', () => {
    const out = notificationsFor(
      { action: 'submit', fromState: 'corrections_requested', toState: 'submitted' },
      request,
    );
    assert.deepEqual(
      out.map((n) => 'resubmission' in n.mail && n.mail.resubmission),
      [true, true],
    );
  });

  it('corrections requested carry the list and the comment to the contact', () => {
    assert.deepEqual(
      notificationsFor(
        {
          action: 'requestCorrections',
          fromState: 'in_review',
          toState: 'corrections_requested',
          comment: ' Skatīt piezīmes ',
          details: { round: 1, corrections: ['Pievienot XSD', 'Labot WSDL'] },
        },
        request,
      ),
      [
        {
          audience: 'contact',
          mail: {
            template: 'correctionsRequested',
            corrections: ['Pievienot XSD', 'Labot WSDL'],
            comment: 'Skatīt piezīmes',
          },
        },
      ],
    );
  });

  const contactOnly = [
    [{ action: 'issueAct', details: { number: 'A-1', version: 1 } }, 'actReadyToSign'],
    [
      { action: 'registerInProduction', toState: 'installation', details: { identifier: 'URN:X' } },
      'registeredInProduction',
    ],
    [{ action: 'confirmInstallation', toState: 'completed' }, 'installationConfirmed'],
    [{ action: 'reject', toState: 'rejected', comment: 'Nav VISS' }, 'requestRejected'],
    [{ action: 'approveReview', toState: 'acceptance' }, 'reviewApproved'],
    [{ action: 'uploadSignedAct', details: { number: 'AA-1', uploadedBy: 'agency' } }, 'actSigned'],
  ] as const;
  for (const [event, template] of contactOnly) {
    it(`${event.action} tells the contact person (${template})`, () => {
      const out = notificationsFor(event, request);
      assert.deepEqual(
        out.map((n) => [n.audience, n.mail.template]),
        [['contact', template]],
      );
    });
  }

  it('the other side hears of a withdrawal and of a signed act the institution uploaded', () => {
    assert.deepEqual(
      notificationsFor(
        { action: 'withdraw', toState: 'withdrawn', comment: 'Vairs nav vajadzīgs' },
        request,
      ).map((n) => [n.audience, n.mail]),
      [
        [
          'reviewers',
          {
            template: 'requestWithdrawn',
            institutionName: request.institutionName,
            reason: 'Vairs nav vajadzīgs',
          },
        ],
      ],
    );
    assert.deepEqual(
      notificationsFor(
        { action: 'uploadSignedAct', details: { number: 'AA-1', uploadedBy: 'institution' } },
        request,
      ).map((n) => [n.audience, n.mail.template]),
      [['reviewers', 'actSigned']],
    );
  });

  it('approval names the next step: the act for a service used in VISS, else registration', () => {
    const next = (toState: 'acceptance' | 'registration') =>
      notificationsFor({ action: 'approveReview', toState }, request).map((n) =>
        n.mail.template === 'reviewApproved' ? n.mail.next : null,
      );
    assert.deepEqual(next('acceptance'), ['acceptanceAct']);
    assert.deepEqual(next('registration'), ['registration']);
  });

  it('the approval mail says "without objections" only when no finding was waived, else lists them', async () => {
    const { renderMail } = await import('../mail/index.ts');
    const context = { reference: 'TP-1', serviceName: 'S', link: 'https://x/requests/1' };
    const [plain] = notificationsFor({ action: 'approveReview', toState: 'registration' }, request);
    const [waived] = notificationsFor(
      {
        action: 'approveReview',
        toState: 'registration',
        details: { waivedFindings: [{ ruleId: 'viss-doc-1', severity: 'error', justification: 'Iekšējs' }] },
      },
      request,
    );
    assert.ok(plain && waived);
    assert.match(renderMail(plain.mail, context, 'lv').text, /bez iebildumiem/);
    const lv = renderMail(waived.mail, context, 'lv').text;
    assert.doesNotMatch(lv, /bez iebildumiem/);
    assert.match(lv, /pieņemti ar pamatojumu/);
    assert.match(lv, /viss-doc-1: Iekšējs/);
    assert.match(renderMail(waived.mail, context, 'en').text, /accepted with a justification/);
  });

  it('registration straight to completed says the request is complete', () => {
    const [n] = notificationsFor(
      { action: 'registerInProduction', toState: 'completed', details: { identifier: 'URN:X' } },
      request,
    );
    assert.deepEqual(n?.mail, { template: 'registeredInProduction', identifier: 'URN:X', completed: true });
  });

  for (const action of ['startReview', 'update', 'assign', 'addNote']) {
    it(`${action} sends no e-mail`, () => {
      assert.deepEqual(notificationsFor({ action }, request), []);
    });
  }
});
