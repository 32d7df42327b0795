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
import { issueAct, uploadContainer } from './helpers/acts.ts';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { attachCleanDescription } from './helpers/approval.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeWorld, requestInput, type World } from './helpers/factories.ts';
import {
  day,
  grantedCa,
  grantedSince,
  issueQualifiedCertificate,
  listOf,
  loadList,
  validity,
} from './helpers/trust-lists.ts';

// The trust store in use: what the trusted lists in force say decides which signatures an upload
// accepts (a CA only on a loaded list; refused once the list is removed, or when the list says the
// service was withdrawn before the signature), and whether the act may call the agency's signature
// qualified.

type Parties = { t: TestApp; w: World; admin: ApiClient; reviewer: ApiClient; member: ApiClient };

async function parties(t: TestApp): Promise<Parties> {
  const w = await makeWorld(t.database.db);
  const [admin, reviewer, member] = await Promise.all([
    ApiClient.logIn(t.app, w.admin.email, w.admin.password),
    ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password),
    ApiClient.logIn(t.app, w.memberA.email, w.memberA.password),
  ]);
  return { t, w, admin, reviewer, member };
}

async function inAcceptance({ member, reviewer, w, t }: Parties) {
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
  return r;
}

const problemsOf = (res: { body: { report: { signatures: { problems: { code: string }[] }[] } } }) =>
  res.body.report.signatures.map((s) => s.problems.map((p) => p.code));

describe(`the trust store in use: institution signatures from a CA on a trusted list [${testDatabaseKind}]`, () => {
  let p: Parties;
  let ca: KeyedCertificate;
  let signer: KeyedCertificate;

  before(async () => {
    p = await parties(await startTestApp());
    ca = await createRootCa('Sarakstā esoša CA (tests)', validity());
    signer = await issueSigningCertificate(
      ca,
      {
        commonName: 'Inese Kalēja',
        organisation: p.w.institutionA.name,
        registrationNumber: p.w.institutionA.registrationNumber,
      },
      validity(),
    );
  });
  after(() => p.t.close());

  /** Issues the act of a new request and signs the downloaded container with the listed CA's certificate. */
  async function signedAct() {
    const request = await inAcceptance(p);
    const issued = await issueAct(p.reviewer, request);
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const download = await p.member.get(`/api/v1/requests/${request.id}/act/container`);
    const container = await addSignatureToContainer(new Uint8Array(download.raw), signer, new Date());
    const current = (await p.member.get(`/api/v1/requests/${request.id}`)).body;
    return { request: current, container };
  }

  it('is refused while no list names the CA, accepted once a loaded list does, and refused again once that list is removed', async () => {
    const first = await signedAct();
    const untrusted = await uploadContainer(p.member, first.request, first.container);
    assert.equal(untrusted.status, 422, JSON.stringify(untrusted.body));
    assert.deepEqual(problemsOf(untrusted), [[], ['untrusted_chain']]);

    const list = await loadList(p.admin, await listOf('LV', 1, [grantedCa(ca)]));
    assert.equal(list.status, 201, JSON.stringify(list.body));
    const accepted = await uploadContainer(p.member, first.request, first.container);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.request.state, 'registration');
    const institution = accepted.body.report.signatures[1];
    assert.deepEqual([institution.party, institution.valid], ['institution', true]);
    assert.ok(
      accepted.body.report.trust.some(
        (s: { kind: string; territory?: string }) => s.kind === 'trusted_list' && s.territory === 'LV',
      ),
      'the report names the list it trusted',
    );

    const second = await signedAct();
    const removed = await p.admin.post(`/api/v1/trust-lists/${list.body.id}/remove`, {
      reason: 'Saraksts ielādēts kļūdas pēc.',
    });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    const refused = await uploadContainer(p.member, second.request, second.container);
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.deepEqual(problemsOf(refused), [[], ['untrusted_chain']]);
    // The check of any container (checkContainer) uses the same store.
    const checked = await p.member.post('/api/v1/acts/verify', {
      containerBase64: Buffer.from(second.container).toString('base64'),
    });
    assert.equal(checked.status, 200, JSON.stringify(checked.body));
    assert.deepEqual(
      checked.body.report.signatures.map((s: { problems: { code: string }[] }) =>
        s.problems.map((x) => x.code),
      ),
      [[], ['untrusted_chain']],
    );
  });

  it('is refused when the list in force says the CA was withdrawn before the signature was made', async () => {
    const act = await signedAct();
    const list = await loadList(
      p.admin,
      await listOf('LV', 2, [
        {
          ...grantedCa(ca),
          history: [
            { status: 'withdrawn', from: new Date(Date.now() - day) },
            { status: 'granted', from: grantedSince },
          ],
        },
      ]),
    );
    assert.equal(list.status, 201, JSON.stringify(list.body));
    assert.equal(list.body.status, 'in_force');
    const refused = await uploadContainer(p.member, act.request, act.container);
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.deepEqual(problemsOf(refused), [[], ['untrusted_chain']]);

    // A newer list restoring the status makes the same signature good again.
    const restored = await loadList(p.admin, await listOf('LV', 3, [grantedCa(ca)]));
    assert.equal(restored.status, 201);
    const accepted = await uploadContainer(p.member, act.request, act.container);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  });
});

describe(`the act calls the agency's signature qualified only as a trusted list says [${testDatabaseKind}]`, () => {
  const agencyNumber = '90001295469';
  let dir: string;
  let ca: KeyedCertificate;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pakalpe-qualified-'));
    ca = await createRootCa('Kvalificēto e-zīmogu CA (tests)', validity());
    await writeFile(path.join(dir, 'trust.pem'), toPem([ca.certificate]));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function appSigningWith(agencyKey: KeyedCertificate): Promise<Parties> {
    const p12 = path.join(dir, `${Math.random().toString(36).slice(2)}.p12`);
    await writeFile(p12, await writePkcs12(agencyKey, 'slepens'));
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
    return parties(t);
  }

  async function claimOf(p: Parties, requestId: string, version: number) {
    const row = await p.t.database.db
      .selectFrom('acceptance_acts')
      .select('data')
      .where('request_id', '=', requestId)
      .where('version', '=', version)
      .executeTakeFirstOrThrow();
    const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as {
      signatureClaim: { agencyLevel: string; agencyQualified: boolean };
    };
    return data.signatureClaim;
  }

  const seal = { commonName: 'VRAA e-zīmogs', organisation: 'VRAA', registrationNumber: agencyNumber };

  it('a qualified e-seal from a CA/QC on a list in force: qualified; before the list is loaded, and once it is removed: not', async () => {
    const p = await appSigningWith(await issueQualifiedCertificate(ca, seal));
    try {
      let request = await inAcceptance(p);
      const plain = await issueAct(p.reviewer, request);
      assert.equal(plain.status, 201, JSON.stringify(plain.body));
      assert.deepEqual(await claimOf(p, request.id, 1), { agencyLevel: 'B', agencyQualified: false });

      const list = await loadList(p.admin, await listOf('LV', 1, [grantedCa(ca)]));
      assert.equal(list.status, 201, JSON.stringify(list.body));
      request = (await p.reviewer.get(`/api/v1/requests/${request.id}`)).body;
      const qualified = await issueAct(p.reviewer, request);
      assert.equal(qualified.status, 201, JSON.stringify(qualified.body));
      assert.deepEqual(await claimOf(p, request.id, 2), { agencyLevel: 'B', agencyQualified: true });
      // The report of the agency's own signature agrees: the list, not the configured anchor, judged it.
      assert.equal(qualified.body.current.containers[0].report.signatures[0].qualification, 'qes');

      await p.admin.post(`/api/v1/trust-lists/${list.body.id}/remove`, { reason: 'Pārbaude.' });
      request = (await p.reviewer.get(`/api/v1/requests/${request.id}`)).body;
      assert.equal((await issueAct(p.reviewer, request)).status, 201);
      assert.deepEqual(await claimOf(p, request.id, 3), { agencyLevel: 'B', agencyQualified: false });
    } finally {
      await p.t.close();
    }
  });

  it('a qualified certificate without a qualified device (no QcSSCD), or a CA/PKC entry: not qualified', async () => {
    for (const [certificate, type] of [
      [await issueQualifiedCertificate(ca, seal, { sscd: false }), 'CA/QC'],
      [await issueQualifiedCertificate(ca, seal), 'CA/PKC'],
    ] as const) {
      const p = await appSigningWith(certificate);
      try {
        const list = await loadList(p.admin, await listOf('LV', 1, [{ ...grantedCa(ca), type }]));
        assert.equal(list.status, 201, JSON.stringify(list.body));
        const request = await inAcceptance(p);
        assert.equal((await issueAct(p.reviewer, request)).status, 201);
        assert.deepEqual(await claimOf(p, request.id, 1), { agencyLevel: 'B', agencyQualified: false }, type);
      } finally {
        await p.t.close();
      }
    }
  });
});
