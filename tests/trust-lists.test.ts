import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createRootCa, type KeyedCertificate } from '../src/acts/signing/certificates.ts';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeWorld, type World } from './helpers/factories.ts';
import {
  day,
  grantedCa,
  grantedSince,
  listOf,
  loadList,
  makeListSigner,
  tampered,
  validity,
} from './helpers/trust-lists.ts';

// Trusted lists through the HTTP layer: who loads, reads and removes them; which list of a territory
// is in force; the signature rule (a known signer — here the one the LOTL names — must have signed
// the list; with none it loads "not checked"); and the history of every change.

describe(`trusted lists [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let admin: ApiClient;
  let reviewer: ApiClient;
  let member: ApiClient;
  let lvSigner: KeyedCertificate;
  let eeSigner: KeyedCertificate;
  let ca: KeyedCertificate;
  let lotlId: string;

  before(async () => {
    t = await startTestApp();
    w = await makeWorld(t.database.db);
    [admin, reviewer, member] = await Promise.all([
      ApiClient.logIn(t.app, w.admin.email, w.admin.password),
      ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password),
      ApiClient.logIn(t.app, w.memberA.email, w.memberA.password),
    ]);
    [lvSigner, eeSigner, ca] = await Promise.all([
      makeListSigner('LV'),
      makeListSigner('EE'),
      createRootCa('Kvalificēto sertifikātu CA (tests)', validity()),
    ]);
    // The list of lists names the signer of the Latvian list; nothing signs the LOTL that we know of,
    // so it loads with its signature not checked.
    const lotl = await loadList(
      admin,
      await listOf('EU', 300, [], { pointers: [{ territory: 'LV', signer: lvSigner.certificate }] }),
    );
    assert.equal(lotl.status, 201, JSON.stringify(lotl.body));
    assert.equal(lotl.body.signature.status, 'not_checked');
    assert.equal(lotl.body.isListOfLists, true);
    lotlId = lotl.body.id;
  });
  after(() => t.close());

  const count = async (table: 'trust_lists' | 'trust_list_events') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const listed = async (query = '') => (await admin.get(`/api/v1/trust-lists${query}`)).body;

  it('an admin loads the Latvian list signed by the signer the LOTL names: listed, in force, signature valid, with who loaded it', async () => {
    const xml = await listOf('LV', 42, [grantedCa(ca)], { signer: lvSigner });
    const res = await loadList(admin, xml);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(
      {
        territory: res.body.territory,
        sequenceNumber: res.body.sequenceNumber,
        status: res.body.status,
        signature: res.body.signature,
        source: res.body.source,
        loadedBy: res.body.loadedBy?.id,
        sha256: res.body.sha256,
        size: res.body.size,
        overdue: res.body.overdue,
        isListOfLists: res.body.isListOfLists,
      },
      {
        territory: 'LV',
        sequenceNumber: 42,
        status: 'in_force',
        signature: { status: 'valid', signer: lvSigner.certificate.subject },
        source: 'upload',
        loadedBy: w.admin.id,
        sha256: createHash('sha256').update(xml).digest('hex'),
        size: xml.length,
        overdue: false,
        isListOfLists: false,
      },
    );
    const inForce = await listed('?status=in_force');
    assert.deepEqual(
      inForce.items.map((i: { territory: string; sequenceNumber: number }) => [
        i.territory,
        i.sequenceNumber,
      ]),
      [
        ['EU', 300],
        ['LV', 42],
      ],
    );
    const stored = await t.database.db
      .selectFrom('trust_lists')
      .select(['xml', 'loaded_by'])
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    assert.ok(Buffer.from(stored.xml).equals(Buffer.from(xml)), 'the file is kept exactly as loaded');

    const detail = await reviewer.get(`/api/v1/trust-lists/${res.body.id}`);
    assert.equal(detail.status, 200, JSON.stringify(detail.body));
    const [service] = detail.body.services;
    assert.deepEqual(
      {
        type: service.type,
        qualified: service.qualified,
        kind: service.kind,
        current: service.current.status,
        since: service.current.from,
        certificate: service.certificates[0].sha256,
        subject: service.certificates[0].subject,
      },
      {
        type: 'CA/QC',
        qualified: true,
        kind: 'ca',
        current: 'granted',
        since: grantedSince.toISOString(),
        certificate: createHash('sha256').update(new Uint8Array(ca.certificate.rawData)).digest('hex'),
        subject: ca.certificate.subject,
      },
    );
    assert.deepEqual(
      detail.body.history.map((e: { action: string; by: { id: string } | null }) => [e.action, e.by?.id]),
      [['loaded', w.admin.id]],
    );
  });

  it('the same file again is refused with 409 already_loaded and stored once', async () => {
    const xml = await listOf('LT', 7, [grantedCa(ca)]);
    const first = await loadList(admin, xml);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const before = await count('trust_lists');
    const again = await loadList(admin, xml);
    assert.equal(again.status, 409);
    assert.equal(again.body.type, '/problems/conflict');
    assert.equal(again.body.reason, 'already_loaded');
    assert.equal(again.body.trustListId, first.body.id);
    assert.equal(await count('trust_lists'), before);
  });

  it('an older sequence number than the list in force is refused with 409; a newer one supersedes it', async () => {
    const first = await loadList(admin, await listOf('FI', 10, [grantedCa(ca)]));
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const older = await loadList(admin, await listOf('FI', 9, [grantedCa(ca)]));
    assert.equal(older.status, 409, JSON.stringify(older.body));
    assert.equal(older.body.type, '/problems/conflict');
    assert.equal(older.body.reason, 'older_than_in_force');
    assert.deepEqual(older.body.inForce, { id: first.body.id, sequenceNumber: 10 });

    const newer = await loadList(admin, await listOf('FI', 11, [grantedCa(ca)]));
    assert.equal(newer.status, 201);
    assert.equal(newer.body.status, 'in_force');
    const fi = await listed('?territory=fi');
    assert.deepEqual(
      fi.items.map((i: { sequenceNumber: number; status: string }) => [i.sequenceNumber, i.status]),
      [
        [11, 'in_force'],
        [10, 'superseded'],
      ],
    );
    assert.equal((await listed('?territory=FI&status=superseded')).total, 1);
  });

  it('a list changed after its known signer signed it is refused with 422 and the reason; so is one by another signer', async () => {
    const before = await count('trust_lists');
    const signed = await listOf('LV', 50, [grantedCa(ca)], { signer: lvSigner });
    const changed = await loadList(admin, tampered(signed, 50));
    assert.equal(changed.status, 422, JSON.stringify(changed.body));
    assert.equal(changed.body.type, '/problems/invalid-trust-list');
    assert.equal(changed.body.reason, 'signature_invalid');
    const byOther = await loadList(admin, await listOf('LV', 50, [grantedCa(ca)], { signer: eeSigner }));
    assert.equal(byOther.status, 422);
    assert.equal(byOther.body.reason, 'wrong_signer');
    const unsigned = await loadList(admin, await listOf('LV', 50, [grantedCa(ca)]));
    assert.equal(unsigned.status, 422);
    assert.equal(unsigned.body.reason, 'signature_invalid');
    assert.equal(await count('trust_lists'), before, 'nothing was stored');
  });

  it('a list whose signer nobody names loads with its signature marked not checked', async () => {
    const res = await loadList(admin, await listOf('EE', 3, [grantedCa(ca)], { signer: eeSigner }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body.signature, { status: 'not_checked', signer: eeSigner.certificate.subject });
    assert.equal(res.body.status, 'in_force');
  });

  it('what is not a trusted list is refused with 422 and why', async () => {
    for (const [text, reason] of [
      ['<html><body>not a list</body></html>', 'not_a_trusted_list'],
      ['<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#"><', 'unreadable'],
    ] as const) {
      const res = await loadList(admin, new TextEncoder().encode(text));
      assert.equal(res.status, 422, text);
      assert.equal(res.body.type, '/problems/invalid-trust-list');
      assert.equal(res.body.reason, reason);
    }
  });

  it('removing a list with a reason takes it out of force, the previous list counts again, and its history says who and why', async () => {
    const first = await loadList(admin, await listOf('SE', 20, [grantedCa(ca)]));
    const second = await loadList(admin, await listOf('SE', 21, [grantedCa(ca)]));
    assert.equal(second.body.status, 'in_force');
    const noReason = await admin.post(`/api/v1/trust-lists/${second.body.id}/remove`, {});
    assert.equal(noReason.status, 400);
    const removed = await admin.post(`/api/v1/trust-lists/${second.body.id}/remove`, {
      reason: 'Publicēts kļūdains saraksts.',
    });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.equal(removed.body.status, 'removed');
    assert.deepEqual(
      { by: removed.body.removal.by.id, reason: removed.body.removal.reason },
      { by: w.admin.id, reason: 'Publicēts kļūdains saraksts.' },
    );
    const se = await listed('?territory=SE');
    assert.deepEqual(
      se.items.map((i: { sequenceNumber: number; status: string }) => [i.sequenceNumber, i.status]),
      [
        [21, 'removed'],
        [20, 'in_force'],
      ],
    );
    const history = (await reviewer.get(`/api/v1/trust-lists/${second.body.id}`)).body.history;
    assert.deepEqual(
      history.map((e: { action: string; by: { id: string }; reason: string | null }) => [
        e.action,
        e.by.id,
        e.reason,
      ]),
      [
        ['loaded', w.admin.id, null],
        ['removed', w.admin.id, 'Publicēts kļūdains saraksts.'],
      ],
    );
    const again = await admin.post(`/api/v1/trust-lists/${second.body.id}/remove`, { reason: 'Vēlreiz.' });
    assert.equal(again.status, 409);
    assert.equal(again.body.reason, 'already_removed');
    // With the newer one removed, a list between the two may follow the one in force.
    const between = await loadList(admin, await listOf('SE', 20, [grantedCa(ca)], { operator: 'Labots' }));
    assert.equal(between.status, 201, JSON.stringify(between.body));
    assert.equal(between.body.status, 'in_force', 'a tie goes to the later loaded');
    assert.equal((await admin.get(`/api/v1/trust-lists/${first.body.id}`)).body.status, 'superseded');
    // The removed file stays removed: loading it again is refused.
    const removedFile = await t.database.db
      .selectFrom('trust_lists')
      .select('xml')
      .where('id', '=', second.body.id)
      .executeTakeFirstOrThrow();
    const reload = await loadList(admin, new Uint8Array(removedFile.xml));
    assert.equal(reload.status, 409);
    assert.equal(reload.body.removed, true);
  });

  it('agency reviewers read the lists but cannot load or remove them; institution members get 403; no credentials 401', async () => {
    assert.equal((await reviewer.get('/api/v1/trust-lists')).status, 200);
    assert.equal((await reviewer.get(`/api/v1/trust-lists/${lotlId}`)).status, 200);
    const load = await loadList(reviewer, await listOf('NO', 1, []));
    assert.equal(load.status, 403);
    assert.equal(load.body.type, '/problems/forbidden');
    const remove = await reviewer.post(`/api/v1/trust-lists/${lotlId}/remove`, { reason: 'Nav vajadzīgs.' });
    assert.equal(remove.status, 403);
    for (const url of ['/api/v1/trust-lists', `/api/v1/trust-lists/${lotlId}`]) {
      const res = await member.get(url);
      assert.equal(res.status, 403, url);
      assert.equal(res.body.type, '/problems/forbidden');
    }
    assert.equal((await loadList(member, await listOf('NO', 1, []))).status, 403);
    const anonymous = new ApiClient(t.app);
    assert.equal((await anonymous.get('/api/v1/trust-lists')).status, 401);
    assert.equal((await anonymous.post('/api/v1/trust-lists', { xmlBase64: 'AAAA' })).status, 401);
    assert.equal((await admin.get(`/api/v1/trust-lists/${lotlId}`)).body.status, 'in_force');
  });

  it('the detail of a LOTL lists the national lists it points to with their signers; a service withdrawn shows since when', async () => {
    const lotl = (await reviewer.get(`/api/v1/trust-lists/${lotlId}`)).body;
    assert.deepEqual(
      lotl.pointers.map((p: { territory: string; signers: { subject: string }[] }) => [
        p.territory,
        p.signers[0]?.subject,
      ]),
      [['LV', lvSigner.certificate.subject]],
    );
    const withdrawnAt = new Date(Date.now() - 5 * day);
    const dk = await loadList(
      admin,
      await listOf('DK', 1, [
        {
          ...grantedCa(ca),
          history: [
            { status: 'withdrawn', from: withdrawnAt },
            { status: 'granted', from: new Date(Date.now() - 400 * day) },
          ],
        },
      ]),
    );
    const [service] = (await reviewer.get(`/api/v1/trust-lists/${dk.body.id}`)).body.services;
    assert.deepEqual(
      [service.current.status, service.current.granted, service.current.from],
      ['withdrawn', false, new Date(Math.floor(withdrawnAt.getTime() / 1000) * 1000).toISOString()],
    );
    assert.deepEqual(
      service.history.map((h: { status: string }) => h.status),
      ['withdrawn', 'granted'],
    );
  });

  it('a list past its next update is marked overdue', async () => {
    const overdue = await listOf('IS', 1, [grantedCa(ca)], {
      issuedAt: new Date(Date.now() - 200 * day),
      nextUpdate: new Date(Date.now() - 20 * day),
    });
    const res = await loadList(admin, overdue);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.overdue, true);
  });

  it('the lists and their history are append-only: the database refuses to change or delete them', async () => {
    const db = t.database.db;
    for (const statement of [
      sql`UPDATE trust_lists SET operator = 'x'`,
      sql`DELETE FROM trust_lists`,
      sql`UPDATE trust_list_events SET reason = 'x'`,
      sql`DELETE FROM trust_list_events`,
      sql`TRUNCATE trust_list_events`,
    ]) {
      await assert.rejects(statement.execute(db), /append-only/);
    }
    assert.ok((await count('trust_list_events')) > 0);
  });
});
