import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import JSZip from 'jszip';
import {
  demoCertificateFor,
  type LocalTrustServices,
  loadOrCreateDemoCa,
  startLocalTrustServices,
} from '../src/acts/index.ts';
import { findTrustedPath, trustStoreFromCertificates } from '../src/acts/signing/trust-store.ts';
import { readUnsignedProperties } from '../src/acts/signing/xades-levels.ts';
import { verifyOcspResponse } from '../src/acts/trust-services/ocsp.ts';
import { verifyTimestampToken } from '../src/acts/trust-services/timestamp.ts';
import { issueAct, signActByBothParties } from './helpers/acts.ts';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { attachCleanDescription } from './helpers/approval.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeWorld, requestInput, type World } from './helpers/factories.ts';

// The agency's signature at issue with trust services (ACT_TSA_URL, ACT_OCSP_URL): the local TSA and
// OCSP responder of the test app's demo CA answer over real HTTP. A service that cannot be reached
// stops the issue: 503, and nothing is written.

type Setup = { t: TestApp; w: World; reviewer: ApiClient; member: ApiClient; services: LocalTrustServices };

async function setUp(env: (services: LocalTrustServices) => Record<string, string>): Promise<Setup> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pakalpe-test-data-'));
  const ca = await loadOrCreateDemoCa(path.join(dataDir, 'demo-ca'));
  const services = await startLocalTrustServices({ ca, dir: path.join(dataDir, 'demo-ca') });
  const t = await startTestApp(env(services), { dataDir });
  const w = await makeWorld(t.database.db);
  return {
    t,
    w,
    services,
    reviewer: await ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password),
    member: await ApiClient.logIn(t.app, w.memberA.email, w.memberA.password),
  };
}

async function tearDown(s: Setup | undefined) {
  await s?.t.close();
  await s?.services.close();
}

async function inAcceptance({ member, reviewer, w, t }: Setup) {
  // One open request per service: each act gets a service of its own.
  const service = await makeTestService(t.database.db, w.institutionA.id);
  let r = (await member.post('/api/v1/requests', requestInput(service.id))).body;
  for (const [client, step] of [
    [member, 'submit'],
    [reviewer, 'start-review'],
    [reviewer, 'description'],
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
  assert.equal(r.state, 'acceptance');
  return r as { id: string; version: number };
}

async function agencySignatureOf(s: Setup, requestId: string): Promise<Uint8Array> {
  const download = await s.member.get(`/api/v1/requests/${requestId}/act/container`);
  assert.equal(download.status, 200);
  const zip = await JSZip.loadAsync(download.raw);
  const xml = await zip.file('META-INF/signatures0.xml')?.async('uint8array');
  assert.ok(xml);
  return xml;
}

async function claimedLevel(s: Setup, requestId: string) {
  const row = await s.t.database.db
    .selectFrom('acceptance_acts')
    .select('data')
    .where('request_id', '=', requestId)
    .executeTakeFirstOrThrow();
  const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as {
    signatureClaim: { agencyLevel: string; agencyQualified: boolean };
  };
  return data.signatureClaim;
}

async function counts(s: Setup, requestId: string) {
  const db = s.t.database.db;
  const [acts, containers, counters] = await Promise.all([
    db
      .selectFrom('acceptance_acts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('act_containers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('act_number_counters')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { acts: Number(acts.n), containers: Number(containers.n), counters: Number(counters.n) };
}

describe(`acts signed with a time stamp and OCSP (XAdES LT) [${testDatabaseKind}]`, () => {
  let s: Setup;
  before(async () => {
    s = await setUp((services) => ({ ACT_TSA_URL: services.tsaUrl, ACT_OCSP_URL: services.ocspUrl }));
  });
  after(() => tearDown(s));

  it("the issued container's agency signature carries the time stamp, the certificates and the OCSP response", async () => {
    const request = await inAcceptance(s);
    const from = Date.now();
    const res = await issueAct(s.reviewer, request);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.current.containers[0].report.signatures.map((x: { party: string; valid: boolean }) => [
        x.party,
        x.valid,
      ]),
      [['agency', true]],
    );
    assert.deepEqual(await claimedLevel(s, request.id), { agencyLevel: 'LT', agencyQualified: false });

    const xml = await agencySignatureOf(s, request.id);
    const values = readUnsignedProperties(xml);
    assert.deepEqual(values.problems, []);
    assert.equal(values.signatureTimestamps.length, 1);
    const [stamp] = values.signatureTimestamps;
    const token = verifyTimestampToken(
      stamp?.token ?? new Uint8Array(),
      stamp?.timestampedData ?? new Uint8Array(),
    );
    assert.deepEqual([token.imprintMatches, token.signatureValid, token.problems], [true, true, []]);
    assert.ok(token.genTime && token.genTime.getTime() >= from && token.genTime.getTime() <= Date.now());
    assert.equal(token.signerCertificate?.subject, s.services.tsaCertificate.subject);

    // The demo CA is the one trust anchor for the agency, the TSA and the OCSP responder.
    const ca = (await loadOrCreateDemoCa(path.join(s.t.dataDir, 'demo-ca'))).certificate;
    const anchors = trustStoreFromCertificates([ca], 'demo', 'demo CA');
    assert.ok(
      findTrustedPath(s.services.tsaCertificate, values.certificateValues, anchors, 'tsa', new Date()),
    );
    assert.ok(
      findTrustedPath(s.services.ocspCertificate, values.certificateValues, anchors, 'ocsp', new Date()),
    );
    assert.deepEqual(
      values.certificateValues.map((c) => c.subject).sort(),
      [s.services.ocspCertificate.subject, s.services.tsaCertificate.subject].sort(),
    );

    const agency = await demoCertificateFor(path.join(s.t.dataDir, 'demo-ca'), {
      name: s.w.agency.name,
      registrationNumber: s.w.agency.registrationNumber,
      person: `${s.w.agency.name} (e-zīmogs)`,
    });
    assert.equal(values.ocspValues.length, 1);
    const ocsp = verifyOcspResponse(values.ocspValues[0] as Uint8Array, agency.keyed.certificate, ca);
    assert.deepEqual(
      [ocsp.status, ocsp.signatureValid, ocsp.responderAuthorised, ocsp.problems],
      ['good', true, true, []],
    );
  });

  it('the institution signs the LT container as before, and the upload completes the act', async () => {
    const request = await inAcceptance(s);
    const res = await signActByBothParties(s.reviewer, s.member, s.t.dataDir, request, {
      name: s.w.institutionA.name,
      registrationNumber: s.w.institutionA.registrationNumber,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.request.state, 'registration');
  });

  it('a revoked agency certificate stops the issue with 503 naming the OCSP responder; nothing is written', async () => {
    const own = await setUp((services) => ({ ACT_TSA_URL: services.tsaUrl, ACT_OCSP_URL: services.ocspUrl }));
    try {
      const agency = await demoCertificateFor(path.join(own.t.dataDir, 'demo-ca'), {
        name: own.w.agency.name,
        registrationNumber: own.w.agency.registrationNumber,
        person: `${own.w.agency.name} (e-zīmogs)`,
      });
      own.services.revoke(
        agency.keyed.certificate.serialNumber,
        new Date(Date.now() - 60_000),
        'keyCompromise',
      );
      const request = await inAcceptance(own);
      const res = await issueAct(own.reviewer, request);
      assert.equal(res.status, 503, JSON.stringify(res.body));
      assert.equal(res.body.service, 'ocsp');
      assert.equal(res.body.reason, 'certificate_revoked');
      assert.match(
        res.body.detail,
        /OCSP responder .* does not confirm the agency's signing certificate.*keyCompromise/,
      );
      assert.deepEqual(await counts(own, request.id), { acts: 0, containers: 0, counters: 0 });
    } finally {
      await tearDown(own);
    }
  });
});

describe(`acts with a time stamp only (XAdES T) [${testDatabaseKind}]`, () => {
  let s: Setup;
  before(async () => {
    s = await setUp((services) => ({ ACT_TSA_URL: services.tsaUrl }));
  });
  after(() => tearDown(s));

  it('ACT_TSA_URL alone: the signature has its time stamp and no validation data; the act says T', async () => {
    const request = await inAcceptance(s);
    const res = await issueAct(s.reviewer, request);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal((await claimedLevel(s, request.id)).agencyLevel, 'T');
    const values = readUnsignedProperties(await agencySignatureOf(s, request.id));
    assert.equal(values.signatureTimestamps.length, 1);
    assert.deepEqual([values.certificateValues, values.ocspValues], [[], []]);
  });
});

describe(`a configured time-stamping service that cannot be reached [${testDatabaseKind}]`, () => {
  let s: Setup;
  let closedUrl: string;
  before(async () => {
    // A port that was just free: nothing listens there.
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closedUrl = `http://user:secret@127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    s = await setUp(() => ({ ACT_TSA_URL: closedUrl, ACT_TSA_TIMEOUT_MS: '3000' }));
  });
  after(() => tearDown(s));

  it('issueAct fails with 503 problem+json naming the TSA, and no act, container or number is written', async () => {
    const request = await inAcceptance(s);
    const res = await issueAct(s.reviewer, request);
    assert.equal(res.status, 503, JSON.stringify(res.body));
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    assert.equal(res.body.type, '/problems/unavailable');
    assert.equal(res.body.service, 'tsa');
    assert.equal(res.body.reason, 'unreachable');
    assert.match(res.body.detail, /time-stamping service http:\/\/127\.0\.0\.1:\d+\/tsa failed/);
    assert.doesNotMatch(JSON.stringify(res.body), /secret/, 'credentials in the URL are not shown');
    assert.deepEqual(await counts(s, request.id), { acts: 0, containers: 0, counters: 0 });
    const after = (await s.member.get(`/api/v1/requests/${request.id}`)).body;
    assert.deepEqual([after.state, after.version], ['acceptance', request.version]);
    const history = (await s.member.get(`/api/v1/requests/${request.id}/history`)).body.items;
    assert.ok(!history.some((h: { action: string }) => h.action === 'issueAct'));
  });
});
