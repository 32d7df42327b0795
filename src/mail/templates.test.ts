import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
          /<\/?(!doctype html|html[^>]*|head|meta[^>]*|title|body|p[^>]*|ul|li|br|a[^>]*)>/g,
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
});
