import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createInstitution } from '../src/accounts/institutions.ts';
import { localOperator } from '../src/accounts/permissions.ts';
import { addSignatureToContainer, writePkcs12 } from '../src/acts/index.ts';
import {
  createRootCa,
  issueSigningCertificate,
  type KeyedCertificate,
  toPem,
} from '../src/acts/signing/certificates.ts';
import { uploadContainer } from './helpers/acts.ts';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { attachCleanDescription } from './helpers/approval.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeWorld, requestInput, type World } from './helpers/factories.ts';

// With ACT_SIGNING_P12 and ACT_TRUST_ANCHORS the agency signs with its own key and only the
// configured CAs are trusted: the demo CA is out of the picture, and a key that does not identify
// the agency stops the issue before anything is written.

const agencyNumber = '90001295469';
const day = 86_400_000;
const validity = { notBefore: new Date(Date.now() - day), notAfter: new Date(Date.now() + 365 * day) };

describe(`acts signed with a configured key [${testDatabaseKind}]`, () => {
  let dir: string;
  let ca: KeyedCertificate;
  let otherCa: KeyedCertificate;

  async function appWith(agencySigner: KeyedCertificate): Promise<{ t: TestApp; w: World }> {
    const p12 = path.join(dir, `${Math.random().toString(36).slice(2)}.p12`);
    await writeFile(p12, await writePkcs12(agencySigner, 'slepens'));
    const t = await startTestApp({
      ACT_SIGNING_P12: p12,
      ACT_SIGNING_P12_PASSWORD: 'slepens',
      ACT_TRUST_ANCHORS: path.join(dir, 'trust.pem'),
    });
    await createInstitution(t.database.db, localOperator, {
      name: 'Valsts reģionālās attīstības aģentūra',
      registrationNumber: agencyNumber,
      isAgency: true,
    });
    return { t, w: await makeWorld(t.database.db) };
  }

  async function inAcceptance(t: TestApp, w: World) {
    const member = await ApiClient.logIn(t.app, w.memberA.email, w.memberA.password);
    const reviewer = await ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password);
    // One open request per service: each act gets a service of its own.
    const service = await makeTestService(t.database.db, w.institutionA.id);
    let r = (await member.post('/api/v1/requests', requestInput(service.id))).body;
    for (const [client, step] of [
      [member, 'submit'],
      [reviewer, 'start-review'],
      [reviewer, 'description'],
      // A service used in VISS infrastructure is approved with its audit analysis attached.
      [reviewer, 'audit-analyses'],
      [reviewer, 'approve-review'],
    ] as const) {
      if (step === 'description') {
        await attachCleanDescription(client, r.id, r.version);
        r = (await client.get(`/api/v1/requests/${r.id}`)).body;
        continue;
      }
      const res = await client.post(`/api/v1/requests/${r.id}/${step}`, { version: r.version });
      r = step === 'audit-analyses' ? (await client.get(`/api/v1/requests/${r.id}`)).body : res.body;
    }
    return { member, reviewer, request: r };
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pakalpe-keys-'));
    ca = await createRootCa('Kvalificētu sertifikātu CA (tests)', validity);
    otherCa = await createRootCa('Cita CA', validity);
    await writeFile(path.join(dir, 'trust.pem'), toPem([ca.certificate]));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("the agency's configured key signs the act, and the institution's certificate from a trusted CA completes it", async () => {
    const agencyKey = await issueSigningCertificate(
      ca,
      { commonName: 'VRAA e-zīmogs', organisation: 'VRAA', registrationNumber: agencyNumber },
      validity,
    );
    const { t, w } = await appWith(agencyKey);
    try {
      const { member, reviewer, request } = await inAcceptance(t, w);
      const issued = await reviewer.post(`/api/v1/requests/${request.id}/act`, { version: request.version });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      assert.equal(issued.body.signing, 'pkcs12');
      assert.equal(issued.body.current.containers[0].report.signatures[0].signer.commonName, 'VRAA e-zīmogs');

      const download = await member.get(`/api/v1/requests/${request.id}/act/container`);
      const now = () => member.get(`/api/v1/requests/${request.id}`).then((r) => r.body);
      const fromDemoLikeCa = await issueSigningCertificate(
        otherCa,
        { commonName: 'Pēteris Liepa', registrationNumber: w.institutionA.registrationNumber },
        validity,
      );
      const untrusted = await addSignatureToContainer(
        new Uint8Array(download.raw),
        fromDemoLikeCa,
        new Date(),
      );
      const refused = await uploadContainer(member, await now(), untrusted);
      assert.equal(refused.status, 422);
      assert.deepEqual(
        refused.body.report.signatures[1].problems.map((p: { code: string }) => p.code),
        ['untrusted_chain'],
      );

      const institutionKey = await issueSigningCertificate(
        ca,
        { commonName: 'Pēteris Liepa', registrationNumber: w.institutionA.registrationNumber },
        validity,
      );
      const signed = await addSignatureToContainer(new Uint8Array(download.raw), institutionKey, new Date());
      const accepted = await uploadContainer(member, await now(), signed);
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      assert.equal(accepted.body.request.state, 'registration');
    } finally {
      await t.close();
    }
  });

  it('a configured key that does not identify the agency stops the issue with 503 and writes nothing', async () => {
    const wrongKey = await issueSigningCertificate(
      ca,
      { commonName: 'Kāds cits', organisation: 'Cita iestāde', registrationNumber: '90000000999' },
      validity,
    );
    const { t, w } = await appWith(wrongKey);
    try {
      const { reviewer, request } = await inAcceptance(t, w);
      const res = await reviewer.post(`/api/v1/requests/${request.id}/act`, { version: request.version });
      assert.equal(res.status, 503);
      assert.equal(res.body.type, '/problems/unavailable');
      assert.match(res.body.detail, /unknown_signer/);
      const act = await reviewer.get(`/api/v1/requests/${request.id}/act`);
      assert.equal(act.body.current, null);
      assert.equal((await reviewer.get(`/api/v1/requests/${request.id}`)).body.version, request.version);
    } finally {
      await t.close();
    }
  });
});
