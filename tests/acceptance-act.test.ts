import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { sql } from 'kysely';
import { extractPdfText } from '../src/acts/document/pdf-text.ts';
import {
  addSignatureToContainer,
  demoCertificateFor,
  demoPersonalCertificateFor,
} from '../src/acts/index.ts';
import { issueAct, signActByBothParties, signAsInstitution, uploadContainer } from './helpers/acts.ts';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { attachCleanDescription } from './helpers/approval.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeWorld, requestInput, type World } from './helpers/factories.ts';

describe(`the acceptance act: issue, sign, upload [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let member: ApiClient;
  let otherMember: ApiClient;
  let reviewer: ApiClient;
  let reviewer2: ApiClient;

  before(async () => {
    t = await startTestApp();
    w = await makeWorld(t.database.db);
    member = await ApiClient.logIn(t.app, w.memberA.email, w.memberA.password);
    otherMember = await ApiClient.logIn(t.app, w.memberB.email, w.memberB.password);
    reviewer = await ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password);
    reviewer2 = await ApiClient.logIn(t.app, w.reviewer2.email, w.reviewer2.password);
  });
  after(() => t.close());

  // One open request per service: the first request is for serviceA, later ones get a service each.
  let requests = 0;
  async function inAcceptance() {
    const service = requests++ === 0 ? w.serviceA : await makeTestService(t.database.db, w.institutionA.id);
    let r = (await member.post('/api/v1/requests', requestInput(service.id))).body;
    for (const [client, path] of [
      [member, 'submit'],
      [reviewer, 'start-review'],
      // Approval needs a checked description and, in VISS, an audit analysis of it.
      [reviewer, 'description'],
      [reviewer, 'audit-analyses'],
      [reviewer, 'approve-review'],
    ] as const) {
      if (path === 'description') {
        await attachCleanDescription(client, r.id, r.version);
        r = (await client.get(`/api/v1/requests/${r.id}`)).body;
        continue;
      }
      const res = await client.post(`/api/v1/requests/${r.id}/${path}`, { version: r.version });
      r = path === 'audit-analyses' ? (await client.get(`/api/v1/requests/${r.id}`)).body : res.body;
    }
    assert.equal(r.state, 'acceptance');
    return r;
  }
  const current = async (id: string) => (await member.get(`/api/v1/requests/${id}`)).body;
  const institutionA = () => ({
    name: w.institutionA.name,
    registrationNumber: w.institutionA.registrationNumber,
  });

  it('the reviewer issues the act in one action: numbered, a Latvian PDF, already signed by the agency', async () => {
    const request = await inAcceptance();
    assert.equal(
      (await current(request.id)).capabilities.issueAct,
      false,
      'the institution does not issue the act',
    );
    const asReviewer = (await reviewer.get(`/api/v1/requests/${request.id}`)).body;
    assert.equal(asReviewer.capabilities.issueAct, true);
    assert.deepEqual(asReviewer.blockedActions, [
      {
        action: 'uploadSignedAct',
        reason: 'act_not_issued',
        detail: 'The agency has not issued the acceptance act yet.',
      },
    ]);

    const res = await issueAct(reviewer, request);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const act = res.body.current;
    assert.match(act.number, /^AA-\d{4}-\d{4}$/);
    assert.equal(act.version, 1);
    assert.equal(act.language, 'lv');
    assert.equal(act.containers.length, 1);
    assert.equal(act.containers[0].source, 'issued');
    assert.equal(act.containers[0].complete, false);
    assert.deepEqual(
      act.containers[0].report.signatures.map((s: { party: string; valid: boolean }) => [s.party, s.valid]),
      [['agency', true]],
    );
    assert.equal(res.body.signing, 'demo');

    const pdf = await member.get(`/api/v1/requests/${request.id}/act/pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), new RegExp(`${act.number}-v1.pdf`));
    const text = (await extractPdfText(new Uint8Array(pdf.raw))).join(' ').replace(/\s+/g, ' ');
    assert.ok(text.includes(`Nr. ${act.number} (1. versija)`));
    assert.ok(text.includes('AKCEPTTESTĒŠANAS AKTS'));
    assert.ok(text.includes(w.institutionA.name));
    assert.ok(text.includes('Valsts reģionālās attīstības aģentūra'));
    assert.ok(text.includes(w.serviceA.identifier));
    // The audit analysis attached before approval is the appendix, with the hash of its records.
    const [analysis] = (await reviewer.get(`/api/v1/requests/${request.id}/audit-analyses`)).body.items;
    assert.ok(text.includes('Pielikums. Auditpierakstu analīze'));
    assert.ok(text.includes(analysis.recordsSha256.slice(0, 32)), 'the records hash is in the act');

    const after = await current(request.id);
    assert.equal(after.state, 'acceptance');
    assert.deepEqual(
      after.blockedActions.map((b: { reason: string }) => b.reason),
      ['act_not_signed'],
    );
    const history = (await member.get(`/api/v1/requests/${request.id}/history`)).body.items;
    assert.deepEqual([history.at(-1).action, history.at(-1).details.number], ['issueAct', act.number]);
  });

  it('the institution signs the downloaded container with its own certificate; the upload verifies and the request moves to registration', async () => {
    const request = await inAcceptance();
    const res = await signActByBothParties(reviewer, member, t.dataDir, request, institutionA());
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.request.state, 'registration');
    assert.equal(res.body.report.valid, true);
    assert.deepEqual(
      res.body.report.parties.map((p: { party: string; signed: boolean }) => [p.party, p.signed]),
      [
        ['agency', true],
        ['institution', true],
      ],
    );
    const act = (await reviewer.get(`/api/v1/requests/${request.id}/act`)).body;
    assert.equal(act.current.containers.length, 2);
    assert.equal(act.current.containers[1].complete, true);
    assert.equal(act.canUpload, false);
    const container = await reviewer.get(`/api/v1/requests/${request.id}/act/container`);
    assert.equal(container.headers['content-type'], 'application/vnd.etsi.asic-e+zip');
    const zip = await JSZip.loadAsync(container.raw);
    assert.ok(zip.file('META-INF/signatures1.xml'), 'the downloaded container is the one signed by both');
    const history = (await member.get(`/api/v1/requests/${request.id}/history`)).body.items;
    assert.deepEqual([history.at(-1).action, history.at(-1).toState], ['uploadSignedAct', 'registration']);
    // The institution uploaded it: the assigned reviewer hears that registration is next.
    const signedMail = await t.database.db
      .selectFrom('outbox_messages')
      .select(['recipient', 'text_body'])
      .where('request_id', '=', request.id)
      .where('template', '=', 'actSigned')
      .execute();
    assert.deepEqual(
      signedMail.map((m) => m.recipient),
      [w.reviewer.email],
    );
    assert.match(signedMail[0]?.text_body ?? '', /Next step: registration|Nākamais solis: reģistrācija/);
  });

  it('a registered representative signs with a personal eParaksts certificate (PNOLV-, ECC): step 3 completes; once the representation ends, the same certificate is refused', async () => {
    const admin = await ApiClient.logIn(t.app, w.admin.email, w.admin.password);
    const registered = await admin.post(`/api/v1/institutions/${w.institutionA.id}/representatives`, {
      personalCode: 'PNOLV-121282-11111',
      name: 'Inese Kalēja',
      position: 'direktore',
      validFrom: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const { keyed } = await demoPersonalCertificateFor(`${t.dataDir}/demo-ca`, {
      person: 'Inese Kalēja',
      personalCode: '121282-11111',
    });
    assert.equal(keyed.certificate.publicKey.algorithm.name, 'ECDSA');

    const signAndUpload = async (named: boolean) => {
      const request = await inAcceptance();
      const issued = await issueAct(reviewer, request);
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      // The act names who is expected to sign for the institution.
      const pdf = await member.get(`/api/v1/requests/${request.id}/act/pdf`);
      const text = (await extractPdfText(new Uint8Array(pdf.raw))).join(' ');
      assert.equal(/Inese Kalēja, direktore/.test(text), named);
      const download = await member.get(`/api/v1/requests/${request.id}/act/container`);
      const signed = await addSignatureToContainer(new Uint8Array(download.raw), keyed, new Date());
      return uploadContainer(
        member,
        { id: request.id, version: (await current(request.id)).version },
        signed,
      );
    };
    const accepted = await signAndUpload(true);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.request.state, 'registration');
    const signature = accepted.body.report.signatures[1];
    assert.deepEqual(
      [signature.party, signature.representative],
      ['institution', { name: 'Inese Kalēja', position: 'direktore', maskedCode: '121282-*****' }],
    );

    const ended = await admin.post(`/api/v1/representatives/${registered.body.id}/end`, {
      version: registered.body.version,
      reason: 'Atbrīvota no amata.',
    });
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    const refused = await signAndUpload(false);
    assert.equal(refused.status, 422);
    assert.ok(
      refused.body.report.signatures[1].problems.some(
        (p: { code: string }) => p.code === 'representation_not_valid',
      ),
      JSON.stringify(refused.body.report.signatures[1].problems),
    );
  });

  it('a container signed by a foreign institution is refused with the reasons, and nothing changes', async () => {
    const request = await inAcceptance();
    await issueAct(reviewer, request);
    const foreign = await signAsInstitution(member, t.dataDir, request.id, {
      name: w.institutionB.name,
      registrationNumber: w.institutionB.registrationNumber,
    });
    const before = await current(request.id);
    const res = await uploadContainer(member, before, foreign);
    assert.equal(res.status, 422);
    assert.equal(res.body.type, '/problems/invalid-container');
    assert.match(String(res.headers['content-type']), /problem\+json/);
    const reasons = [
      ...res.body.report.problems.map((p: { code: string }) => p.code),
      ...res.body.report.signatures.flatMap((s: { problems: { code: string }[] }) =>
        s.problems.map((p) => p.code),
      ),
    ];
    assert.deepEqual(reasons, ['missing_signature', 'unknown_signer']);
    assert.match(res.body.report.signatures[1].problems[0].text.lv, /nepārstāv nevienu no akta pusēm/);
    const after = await current(request.id);
    assert.deepEqual([after.state, after.version], [before.state, before.version]);
    const act = (await reviewer.get(`/api/v1/requests/${request.id}/act`)).body;
    assert.equal(act.current.containers.length, 1, 'the refused container is not stored');
  });

  it('the container of the agency alone is refused: the institution signature is missing', async () => {
    const request = await inAcceptance();
    await issueAct(reviewer, request);
    const download = await member.get(`/api/v1/requests/${request.id}/act/container`);
    const res = await uploadContainer(member, await current(request.id), new Uint8Array(download.raw));
    assert.equal(res.status, 422);
    assert.deepEqual(
      res.body.report.problems.map((p: { code: string }) => p.code),
      ['missing_signature'],
    );
  });

  it('a new version of the act supersedes the old one; a container signed on the old version is refused', async () => {
    const request = await inAcceptance();
    await issueAct(reviewer, request);
    const signedOld = await signAsInstitution(member, t.dataDir, request.id, institutionA());
    const reissue = await reviewer.post(`/api/v1/requests/${request.id}/act`, {
      version: (await current(request.id)).version,
      language: 'en',
      conclusionNote: 'Precizēts kontaktpersonas tālrunis.',
    });
    assert.equal(reissue.status, 201);
    assert.deepEqual(
      reissue.body.versions.map((v: { version: number; current: boolean }) => [v.version, v.current]),
      [
        [2, true],
        [1, false],
      ],
    );
    assert.equal(
      reissue.body.versions[0].number,
      reissue.body.versions[1].number,
      'versions keep the number',
    );
    const oldPdf = await member.get(`/api/v1/requests/${request.id}/act/pdf?version=1`);
    assert.equal(oldPdf.status, 200, 'the old version stays readable');
    const newText = (
      await extractPdfText(new Uint8Array((await member.get(`/api/v1/requests/${request.id}/act/pdf`)).raw))
    ).join(' ');
    assert.match(newText, /ACCEPTANCE TESTING ACT/);

    const res = await uploadContainer(member, await current(request.id), signedOld);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.report.problems.map((p: { code: string }) => p.code).slice(0, 2), [
      'not_the_current_act',
      'not_the_issued_act',
    ]);
    const fresh = await signAsInstitution(member, t.dataDir, request.id, institutionA());
    const ok = await uploadContainer(member, await current(request.id), fresh);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('an issued act cannot be changed or deleted, even with SQL; only its successor can be named once', async () => {
    const request = await inAcceptance();
    const act = (await issueAct(reviewer, request)).body.current;
    const db = t.database.db;
    await assert.rejects(
      sql`UPDATE acceptance_acts SET pdf = ${Buffer.from('%PDF-forged')} WHERE id = ${act.id}`.execute(db),
      /immutable/,
    );
    await assert.rejects(sql`DELETE FROM acceptance_acts WHERE id = ${act.id}`.execute(db), /immutable/);
    await assert.rejects(sql`DELETE FROM act_containers WHERE act_id = ${act.id}`.execute(db), /append-only/);
    const pdf = await member.get(`/api/v1/requests/${request.id}/act/pdf`);
    assert.equal(createHash('sha256').update(pdf.raw).digest('hex'), act.sha256);
  });

  it('an upload larger than the limit is refused with 413 before it is read', async () => {
    const request = await inAcceptance();
    await issueAct(reviewer, request);
    const res = await uploadContainer(member, await current(request.id), new Uint8Array(24 * 1024 * 1024));
    assert.equal(res.status, 413);
    assert.equal(res.body.type, '/problems/payload-too-large');
    assert.equal((await current(request.id)).state, 'acceptance');
  });

  it('act numbers are unique and sequential within the year', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const request = await inAcceptance();
      numbers.push((await issueAct(reviewer, request)).body.current.number);
    }
    const sequence = numbers.map((n) => Number(n.slice(-4)));
    assert.deepEqual(sequence, [sequence[0], (sequence[0] ?? 0) + 1, (sequence[0] ?? 0) + 2]);
  });

  it('a tampered PDF, a zip bomb and broken base64 are refused with their reasons', async () => {
    const request = await inAcceptance();
    await issueAct(reviewer, request);
    const signed = await signAsInstitution(member, t.dataDir, request.id, institutionA());
    const zip = await JSZip.loadAsync(signed);
    const name = Object.keys(zip.files).find((n) => n.endsWith('.pdf')) ?? '';
    const pdf = await zip.file(name)?.async('uint8array');
    zip.file(name, Buffer.concat([Buffer.from(pdf ?? []), Buffer.from('\n% grozīts')]));
    const tampered = await zip.generateAsync({ type: 'uint8array' });
    const res = await uploadContainer(member, await current(request.id), tampered);
    assert.equal(res.status, 422);
    assert.ok(res.body.report.problems.some((p: { code: string }) => p.code === 'not_the_issued_act'));

    const bomb = new JSZip();
    bomb.file('mimetype', 'application/vnd.etsi.asic-e+zip', { compression: 'STORE' });
    bomb.file(name, new Uint8Array(40 * 1024 * 1024), { compression: 'DEFLATE' });
    const bombed = await uploadContainer(
      member,
      await current(request.id),
      await bomb.generateAsync({ type: 'uint8array' }),
    );
    assert.equal(bombed.status, 422);
    assert.deepEqual(
      bombed.body.report.problems.map((p: { code: string }) => p.code),
      ['zip_bomb'],
    );

    const garbage = await member.post(`/api/v1/requests/${request.id}/act/containers`, {
      version: (await current(request.id)).version,
      containerBase64: '***not base64***',
    });
    assert.equal(garbage.status, 400);
    assert.equal((await current(request.id)).state, 'acceptance');
  });

  it('roles and scoping: the institution cannot issue, another institution sees nothing, a non-assignee reviewer cannot issue', async () => {
    const request = await inAcceptance();
    const byMember = await issueAct(member, request);
    assert.equal(byMember.status, 403);
    const byOther = await reviewer2.post(`/api/v1/requests/${request.id}/act`, { version: request.version });
    assert.deepEqual([byOther.status, byOther.body.reason], [403, 'not_assignee']);
    await issueAct(reviewer, request);
    for (const path of ['act', 'act/pdf', 'act/container']) {
      assert.equal((await otherMember.get(`/api/v1/requests/${request.id}/${path}`)).status, 404);
    }
    const signed = await signAsInstitution(member, t.dataDir, request.id, institutionA());
    const foreignUpload = await uploadContainer(otherMember, await current(request.id), signed);
    assert.equal(foreignUpload.status, 404);
    const verify = await otherMember.post('/api/v1/acts/verify', {
      containerBase64: Buffer.from(signed).toString('base64'),
    });
    assert.equal(verify.status, 200);
    assert.equal(verify.body.act, null, "another institution's act is not revealed");
  });

  it('verifyContainer checks any container and changes nothing; for a visible act it names the act and the parties', async () => {
    const request = await inAcceptance();
    await issueAct(reviewer, request);
    const signed = await signAsInstitution(member, t.dataDir, request.id, institutionA());
    const before = await current(request.id);
    const res = await member.post('/api/v1/acts/verify', {
      containerBase64: Buffer.from(signed).toString('base64'),
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.report.valid, true);
    assert.equal(res.body.act.requestId, request.id);
    assert.equal(res.body.act.current, true);
    assert.deepEqual(
      res.body.report.signatures.map((s: { party: string }) => s.party),
      ['agency', 'institution'],
    );
    assert.equal((await current(request.id)).version, before.version);

    const stranger = await demoCertificateFor(`${t.dataDir}/demo-ca`, {
      name: 'Cita iestāde',
      registrationNumber: '90000009999',
      person: 'Ģirts Svešais',
    });
    const download = await member.get(`/api/v1/requests/${request.id}/act/container`);
    const resigned = await addSignatureToContainer(new Uint8Array(download.raw), stranger.keyed, new Date());
    const check = await member.post('/api/v1/acts/verify', {
      containerBase64: Buffer.from(resigned).toString('base64'),
    });
    assert.equal(check.body.report.valid, false);
    assert.equal(check.body.report.signatures[1].checks.party, 'failed');
  });
});
