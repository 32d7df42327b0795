import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConsultationMailTemplate, renderConsultationMail } from './consultation-templates.ts';
import { escapeHtml, type MailTemplate, renderMail } from './templates.ts';

const context = {
  reference: 'PP-2026-0042',
  serviceName: 'Personas datu <izsniegšana> & "pārbaude"',
  link: 'https://pakalpe.example.lv/requests/0190a0b0-0000-7000-8000-000000000001',
};

const every: MailTemplate[] = [
  { template: 'requestReceived', resubmission: false },
  { template: 'requestReceived', resubmission: true },
  { template: 'correctionsRequested', corrections: ['Pievienot <xsd>'], comment: 'Lūdzu & paldies' },
  { template: 'actReadyToSign', actNumber: 'AKT-2026/7', actVersion: 2 },
  { template: 'registeredInProduction', identifier: 'URN:IVIS:100001:X', completed: false },
  { template: 'registeredInProduction', identifier: 'URN:IVIS:100001:X', completed: true },
  { template: 'installationConfirmed' },
  { template: 'requestRejected', reason: 'Neatbilst <vadlīnijām>' },
  { template: 'requestForReview', institutionName: 'Iestāde "A" & B', resubmission: false },
  { template: 'reviewApproved', next: 'acceptanceAct' },
  { template: 'reviewApproved', next: 'registration' },
  { template: 'actSigned', actNumber: 'AA-2026-0001', institutionName: 'Iestāde <A>' },
  { template: 'requestWithdrawn', institutionName: 'Iestāde <A>', reason: 'Vairs <nav> vajadzīgs' },
  { template: 'requestMessage', fromAgency: false, authorName: 'Anna <A>', body: 'Vai <b>šis</b>\nder?' },
  { template: 'requestMessage', fromAgency: true, authorName: 'Jānis & co', body: 'Der.' },
];

describe('mail templates', () => {
  for (const mail of every) {
    for (const language of ['lv', 'en'] as const) {
      it(`${mail.template} in ${language}: subject names the request, both bodies carry the link`, () => {
        const out = renderMail(mail, context, language);
        assert.match(out.subject, /PP-2026-0042/);
        assert.ok(!out.subject.includes('\n'));
        assert.ok(out.text.includes(context.link));
        assert.ok(out.html.includes(`href="${context.link}"`));
        assert.match(out.html, new RegExp(`<html lang="${language}">`));
      });
      it(`${mail.template} in ${language}: no unescaped value reaches the HTML`, () => {
        const { html } = renderMail(mail, context, language);
        const body = html.replace(
          /<\/?(!doctype html|html[^>]*|head|meta[^>]*|title|body|p[^>]*|ul|li|br|a[^>]*|blockquote[^>]*)>/g,
          '',
        );
        assert.ok(!/[<>]/.test(body), `markup left in: ${body}`);
      });
    }
  }

  it('Latvian and English texts differ and use each language', () => {
    const mail: MailTemplate = { template: 'requestRejected', reason: 'Nav VISS pakalpe' };
    const lv = renderMail(mail, context, 'lv');
    const en = renderMail(mail, context, 'en');
    assert.equal(lv.subject, 'Pieteikums noraidīts: PP-2026-0042');
    assert.equal(en.subject, 'Request rejected: PP-2026-0042');
    assert.match(lv.text, /Pamatojums: Nav VISS pakalpe/);
    assert.match(en.text, /Reason: Nav VISS pakalpe/);
  });

  it('corrections are listed one per line in text and as list items in HTML', () => {
    const mail: MailTemplate = {
      template: 'correctionsRequested',
      corrections: ['Pievienot XSD', 'Labot <operāciju>'],
      comment: null,
    };
    const out = renderMail(mail, context, 'lv');
    assert.match(out.text, /^- Pievienot XSD\n- Labot <operāciju>$/m);
    assert.ok(out.html.includes('<ul><li>Pievienot XSD</li><li>Labot &lt;operāciju&gt;</li></ul>'));
  });

  it('escapeHtml escapes the five special characters', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  const ticket = {
    reference: 'K-7',
    subject: 'Kā <iesniegt> auditu?',
    institutionName: 'Iestāde & Co',
    category: 'Auditpieraksti',
    link: 'https://pakalpe.example.lv/consultations/0190a0b0-0000-7000-8000-000000000002',
  };
  const consultationMail: ConsultationMailTemplate[] = [
    {
      template: 'consultationOpened',
      authorName: 'Anna',
      body: 'Jautājums <x>',
      replyBy: '27.11.2026 14:00',
    },
    {
      template: 'consultationInstitutionReply',
      authorName: 'Anna',
      body: 'Vēl',
      reopened: true,
      replyBy: null,
    },
    { template: 'consultationAnswered', authorName: 'Jānis', body: 'Atbilde & <b>' },
    { template: 'consultationClosed', closedByAgency: true, reason: 'Atrisināts' },
  ];
  for (const mail of consultationMail) {
    for (const language of ['lv', 'en'] as const) {
      it(`${mail.template} in ${language}: names the ticket, links it, escapes every value`, () => {
        const out = renderConsultationMail(mail, ticket, language);
        assert.match(out.subject, /K-7/);
        assert.ok(out.text.includes(ticket.link));
        assert.ok(out.html.includes(`href="${ticket.link}"`));
        const body = out.html.replace(
          /<\/?(!doctype html|html[^>]*|head|meta[^>]*|title|body|p[^>]*|ul|li|br|a[^>]*|blockquote[^>]*)>/g,
          '',
        );
        assert.ok(!/[<>]/.test(body), `markup left in: ${body}`);
      });
    }
  }

  it("consultation mail speaks the reader's language", () => {
    const mail: ConsultationMailTemplate = {
      template: 'consultationAnswered',
      authorName: 'Jānis',
      body: 'Jā.',
    };
    assert.equal(
      renderConsultationMail(mail, ticket, 'lv').subject,
      'Atbilde konsultācijā K-7: Kā <iesniegt> auditu?',
    );
    assert.equal(
      renderConsultationMail(mail, ticket, 'en').subject,
      'Answer in consultation K-7: Kā <iesniegt> auditu?',
    );
    assert.match(renderConsultationMail(mail, ticket, 'lv').text, /^> Jā\.$/m);
  });
});
