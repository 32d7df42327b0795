import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import {
  createPersonalCodeHasher,
  loadRepresentatives,
  parsePersonalCode,
} from '../src/representatives/index.ts';
import { issueAct } from './helpers/acts.ts';
import { ApiClient, type Reply, startTestApp, type TestApp } from './helpers/app.ts';
import { attachCleanDescription } from './helpers/approval.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeInstitution, makeWorld, requestInput, type World } from './helpers/factories.ts';

// The register of representatives through the HTTP layer: who may change and read it, the history of
// every change, the overlap rule, and that a personal code is never answered nor stored as such.

const secret = 'representatives-test-secret-0123456789abcdef';
const hash = createPersonalCodeHasher({ representativeHashSecret: secret, dataDir: '/nonexistent' });

let sequence = 0;
/** A fresh, valid personal code (old style) for each entry, so tests do not collide on the overlap rule. */
function personalCode(): string {
  sequence += 1;
  return `0101${String(80 + (sequence % 20)).padStart(2, '0')}-${String(10000 + sequence).slice(-5)}`;
}
const digitsOf = (code: string) => code.replace('-', '');

describe(`the register of representatives [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let admin: ApiClient;
  let reviewer: ApiClient;
  let memberA: ApiClient;
  let memberB: ApiClient;
  /** Every answer the register gave in these tests, to look for personal codes in. */
  const answers: Reply[] = [];
  const codesUsed: string[] = [];

  before(async () => {
    t = await startTestApp({ REPRESENTATIVE_HASH_SECRET: secret });
    w = await makeWorld(t.database.db);
    const logIn = (u: { email: string; password: string }) => ApiClient.logIn(t.app, u.email, u.password);
    [admin, reviewer, memberA, memberB] = await Promise.all([
      logIn(w.admin),
      logIn(w.reviewer),
      logIn(w.memberA),
      logIn(w.memberB),
    ]);
  });
  after(() => t.close());

  const keep = (res: Reply) => {
    answers.push(res);
    return res;
  };
  const listUrl = (institutionId: string, query = '') =>
    `/api/v1/institutions/${institutionId}/representatives${query ? `?${query}` : ''}`;
  async function create(institutionId: string, body: Record<string, unknown>, as = admin) {
    if (typeof body.personalCode === 'string' && parsePersonalCode(body.personalCode).ok)
      codesUsed.push(body.personalCode);
    return keep(await as.post(listUrl(institutionId), body));
  }
  async function created(institutionId: string, body: Record<string, unknown> = {}) {
    const res = await create(institutionId, {
      personalCode: personalCode(),
      name: 'Pēteris Liepa',
      position: 'valdes priekšsēdētājs',
      ...body,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }
  const getEntry = async (id: string, as = admin) => keep(await as.get(`/api/v1/representatives/${id}`));

  it('an agency admin adds a representative: masked code, status, a history entry, and the stored row holds only the keyed hash', async () => {
    const code = personalCode();
    const res = await create(w.institutionA.id, {
      personalCode: `PNOLV-${code}`,
      name: 'Pēteris Liepa',
      position: 'valdes priekšsēdētājs',
      validFrom: '2026-01-01',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(
      {
        maskedCode: res.body.maskedCode,
        name: res.body.name,
        position: res.body.position,
        validFrom: res.body.validFrom,
        validTo: res.body.validTo,
        status: res.body.status,
        version: res.body.version,
        institutionId: res.body.institutionId,
      },
      {
        maskedCode: `${code.slice(0, 6)}-*****`,
        name: 'Pēteris Liepa',
        position: 'valdes priekšsēdētājs',
        validFrom: '2025-12-31T22:00:00.000Z',
        validTo: null,
        status: 'active',
        version: 1,
        institutionId: w.institutionA.id,
      },
    );

    const row = await t.database.db
      .selectFrom('representatives')
      .selectAll()
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(Buffer.from(row.personal_code_hash).toString('hex'), hash(code));
    assert.equal(row.masked_code, `${code.slice(0, 6)}-*****`);
    assert.equal(row.created_by, w.admin.id);

    const detail = await getEntry(res.body.id);
    assert.equal(detail.status, 200);
    assert.deepEqual(
      detail.body.history.map((e: { action: string; by: { id: string }; version: number }) => [
        e.action,
        e.by.id,
        e.version,
      ]),
      [['create', w.admin.id, 1]],
    );
    assert.deepEqual(detail.body.history[0].changes.maskedCode, { from: null, to: row.masked_code });
    assert.deepEqual(detail.body.history[0].changes.name, { from: null, to: 'Pēteris Liepa' });
    assert.ok(!('validTo' in detail.body.history[0].changes), 'a new entry lists only what it has');
  });

  it('a personal code that is not one is refused with 400, saying what is wrong in Latvian and English; nothing is stored', async () => {
    const before = await t.database.db
      .selectFrom('representatives')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const cases: [string, string][] = [
      ['010190-1234', 'personal_code_length'],
      ['0101-9012345', 'personal_code_hyphen'],
      ['010190 12345', 'personal_code_characters'],
      ['   ', 'personal_code_empty'],
    ];
    for (const [personalCode, code] of cases) {
      const res = await create(w.institutionA.id, { personalCode, name: 'Kļūda' });
      assert.equal(res.status, 400, personalCode);
      assert.equal(res.body.type, '/problems/validation');
      assert.deepEqual(
        res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
        [['personalCode', code]],
      );
      assert.equal(res.body.reason, code);
      assert.match(res.body.text.lv, /Personas kod|Defise|personas kodu/);
      assert.match(res.body.text.en, /personal code|hyphen/i);
      assert.equal(res.body.detail, res.body.text.en);
    }
    const bad = await create(w.institutionA.id, {
      personalCode: personalCode(),
      name: 'Otrādi',
      validFrom: '2026-05-01',
      validTo: '2026-04-01',
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors[0].path, 'validTo');
    assert.ok(bad.body.text.lv && bad.body.text.en);
    const afterwards = await t.database.db
      .selectFrom('representatives')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(afterwards.n), Number(before.n));
  });

  it('the same person twice for one institution with overlapping validity is a 409 representation-overlap; in another period or institution it is fine', async () => {
    const code = personalCode();
    const first = await created(w.institutionA.id, {
      personalCode: code,
      validFrom: '2026-01-01',
      validTo: '2026-07-01',
    });
    const clash = await create(w.institutionA.id, {
      personalCode: `PNOLV-${digitsOf(code)}`,
      name: 'Tā pati persona',
      validFrom: '2026-06-15',
    });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.type, '/problems/representation-overlap');
    assert.equal(clash.body.representativeId, first.id);
    const problemType = await t.app.inject({ method: 'GET', url: clash.body.type });
    assert.equal(problemType.json().status, 409, 'the problem type resolves');

    const later = await create(w.institutionA.id, {
      personalCode: code,
      name: 'Pēteris Liepa',
      validFrom: '2026-07-01',
    });
    assert.equal(later.status, 201, 'starting as the first ends is no overlap');
    const elsewhere = await create(w.institutionB.id, {
      personalCode: code,
      name: 'Pēteris Liepa',
      validFrom: '2026-01-01',
    });
    assert.equal(elsewhere.status, 201, 'one person may represent several institutions');

    // Moving the first entry's end past the second's start overlaps too.
    const stretch = keep(
      await admin.patch(`/api/v1/representatives/${first.id}`, {
        version: first.version,
        validTo: '2026-08-01',
        reason: 'Pagarināts',
      }),
    );
    assert.equal(stretch.status, 409);
    assert.equal(stretch.body.type, '/problems/representation-overlap');
  });

  it('an admin corrects the name and position, changes validity with a reason; each change is in the history with who and why', async () => {
    const entry = await created(w.institutionA.id, { validFrom: '2026-01-01' });
    const rename = keep(
      await admin.patch(`/api/v1/representatives/${entry.id}`, {
        version: 1,
        name: 'Pēteris Liepiņš',
        position: null,
      }),
    );
    assert.equal(rename.status, 200, JSON.stringify(rename.body));
    assert.deepEqual(
      [rename.body.name, rename.body.position, rename.body.version],
      ['Pēteris Liepiņš', null, 2],
    );

    const withoutReason = keep(
      await admin.patch(`/api/v1/representatives/${entry.id}`, { version: 2, validTo: '2027-01-01' }),
    );
    assert.equal(withoutReason.status, 400);
    assert.equal(withoutReason.body.errors[0].path, 'reason');

    const stale = keep(
      await admin.patch(`/api/v1/representatives/${entry.id}`, { version: 1, name: 'Vecā versija' }),
    );
    assert.equal(stale.status, 409);
    assert.equal(stale.body.type, '/problems/stale-version');
    assert.equal(stale.body.currentVersion, 2);

    const newCode = keep(
      await admin.patch(`/api/v1/representatives/${entry.id}`, { version: 2, personalCode: personalCode() }),
    );
    assert.equal(newCode.status, 400, 'a changed personal code is a new entry, not an update');

    const validity = keep(
      await admin.patch(`/api/v1/representatives/${entry.id}`, {
        version: 2,
        validTo: '2027-01-01',
        reason: 'Pilnvara derīga līdz 2026. gada beigām.',
      }),
    );
    assert.equal(validity.status, 200, JSON.stringify(validity.body));
    assert.equal(validity.body.validTo, '2026-12-31T22:00:00.000Z');

    const history = (await getEntry(entry.id)).body.history;
    assert.deepEqual(
      history.map((e: { action: string; version: number; reason: string | null; by: { id: string } }) => [
        e.action,
        e.version,
        e.reason,
        e.by.id,
      ]),
      [
        ['create', 1, null, w.admin.id],
        ['update', 2, null, w.admin.id],
        ['update', 3, 'Pilnvara derīga līdz 2026. gada beigām.', w.admin.id],
      ],
    );
    assert.deepEqual(history[1].changes, {
      name: { from: 'Pēteris Liepa', to: 'Pēteris Liepiņš' },
      position: { from: 'valdes priekšsēdētājs', to: null },
    });
    assert.deepEqual(history[2].changes, { validTo: { from: null, to: '2026-12-31T22:00:00.000Z' } });
  });

  it('an admin ends a representation with a reason; it stays in the register as ended and cannot be ended twice', async () => {
    const entry = await created(w.institutionA.id, { validFrom: '2026-01-01' });
    const before = Date.now();
    const end = keep(
      await admin.post(`/api/v1/representatives/${entry.id}/end`, {
        version: 1,
        reason: 'Darba attiecības izbeigtas.',
      }),
    );
    assert.equal(end.status, 200, JSON.stringify(end.body));
    assert.equal(end.body.status, 'ended');
    const endedAt = new Date(end.body.validTo).getTime();
    assert.ok(endedAt >= before - 1000 && endedAt <= Date.now() + 1000, 'ended now');
    const history = (await getEntry(entry.id)).body.history;
    assert.deepEqual(
      [history.at(-1).action, history.at(-1).reason, history.at(-1).by.id, history.at(-1).version],
      ['end', 'Darba attiecības izbeigtas.', w.admin.id, 2],
    );
    assert.deepEqual(history.at(-1).changes, { validTo: { from: null, to: end.body.validTo } });

    const again = keep(
      await admin.post(`/api/v1/representatives/${entry.id}/end`, { version: 2, reason: 'Vēlreiz' }),
    );
    assert.equal(again.status, 409);
    assert.equal(again.body.type, '/problems/conflict');
    assert.equal(again.body.reason, 'already_ended');

    const noReason = keep(await admin.post(`/api/v1/representatives/${entry.id}/end`, { version: 2 }));
    assert.equal(noReason.status, 400);

    // One that has not begun yet ends at its start: never in force.
    const future = await created(w.institutionA.id, { validFrom: '2030-01-01' });
    assert.equal(future.status, 'future');
    const cancelled = keep(
      await admin.post(`/api/v1/representatives/${future.id}/end`, { version: 1, reason: 'Atcelts.' }),
    );
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.validTo, cancelled.body.validFrom);
    assert.equal(cancelled.body.status, 'ended');

    const row = await t.database.db
      .selectFrom('representatives')
      .select('id')
      .where('id', '=', entry.id)
      .executeTakeFirst();
    assert.ok(row, 'an ended entry is kept');
  });

  it('the list shows current and future entries by default, ended ones on request, or those in force at a time; paginated', async () => {
    const institution = await makeInstitution(t.database.db);
    const ended = await created(institution.id, { validFrom: '2025-01-01', validTo: '2026-01-01' });
    const current = await created(institution.id, { validFrom: '2026-01-01' });
    const future = await created(institution.id, { validFrom: '2030-01-01' });
    const ids = (res: Reply) => res.body.items.map((i: { id: string }) => i.id);

    const byDefault = keep(await admin.get(listUrl(institution.id)));
    assert.equal(byDefault.status, 200);
    assert.deepEqual(ids(byDefault), [future.id, current.id]);
    assert.deepEqual(
      byDefault.body.items.map((i: { status: string }) => i.status),
      ['future', 'active'],
    );
    const all = keep(await admin.get(listUrl(institution.id, 'includeEnded=true')));
    assert.deepEqual(ids(all), [future.id, current.id, ended.id]);
    assert.equal(all.body.total, 3);
    const in2025 = keep(await admin.get(listUrl(institution.id, 'activeAt=2025-06-01')));
    assert.deepEqual(ids(in2025), [ended.id]);
    const atStart = keep(
      await admin.get(listUrl(institution.id, `activeAt=${encodeURIComponent('2026-01-01T00:00:00+02:00')}`)),
    );
    assert.deepEqual(ids(atStart), [current.id], 'the end is exclusive, the start inclusive');
    const page2 = keep(await admin.get(listUrl(institution.id, 'includeEnded=true&page=2&pageSize=2')));
    assert.deepEqual(ids(page2), [ended.id]);
    assert.deepEqual([page2.body.total, page2.body.page, page2.body.pageSize], [3, 2, 2]);
    const wrong = await admin.get(listUrl(institution.id, 'activeAt=yesterday'));
    assert.equal(wrong.status, 400);
  });

  it("an institution member reads their own institution's register (masked codes only), and another institution's is not found", async () => {
    const own = await created(w.institutionA.id, { validFrom: '2026-01-01' });
    const foreign = await created(w.institutionB.id, { validFrom: '2026-01-01' });

    const list = keep(await memberA.get(listUrl(w.institutionA.id)));
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((i: { id: string }) => i.id === own.id));
    for (const item of list.body.items) {
      assert.deepEqual(Object.keys(item).sort(), [
        'createdAt',
        'id',
        'institutionId',
        'maskedCode',
        'name',
        'position',
        'status',
        'updatedAt',
        'validFrom',
        'validTo',
        'version',
      ]);
      assert.match(item.maskedCode, /^\d{6}-\*{5}$/);
    }
    const detail = await getEntry(own.id, memberA);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.history.length, 1);

    for (const res of [
      await memberA.get(listUrl(w.institutionB.id)),
      await memberA.get(`/api/v1/representatives/${foreign.id}`),
      await memberB.get(`/api/v1/representatives/${own.id}`),
    ]) {
      assert.equal(res.status, 404, JSON.stringify(res.body));
      assert.equal(res.body.type, '/problems/not-found');
    }
    // An agency reviewer reads every register.
    const asReviewer = await reviewer.get(listUrl(w.institutionB.id));
    assert.equal(asReviewer.status, 200);
    assert.ok(asReviewer.body.items.some((i: { id: string }) => i.id === foreign.id));
  });

  it('institution members and reviewers cannot change the register (403), their own institution included', async () => {
    const entry = await created(w.institutionA.id, { validFrom: '2026-01-01' });
    for (const client of [memberA, reviewer]) {
      const writes = [
        await create(w.institutionA.id, { personalCode: personalCode(), name: 'Pats sevi' }, client),
        await client.patch(`/api/v1/representatives/${entry.id}`, { version: 1, name: 'Cits' }),
        await client.post(`/api/v1/representatives/${entry.id}/end`, { version: 1, reason: 'Nav vajadzīgs' }),
      ];
      for (const res of writes) {
        assert.equal(res.status, 403, JSON.stringify(res.body));
        assert.equal(res.body.type, '/problems/forbidden');
      }
    }
    const detail = await getEntry(entry.id);
    assert.deepEqual([detail.body.version, detail.body.name], [1, 'Pēteris Liepa']);
  });

  it("the act names each party's representatives in force at issue time, and the verifier's lookup has every entry with the keyed hash", async () => {
    const institutionCode = personalCode();
    const current = await created(w.institutionA.id, {
      personalCode: institutionCode,
      name: 'Ilze Krūmiņa',
      position: 'direktore',
      validFrom: '2026-01-01',
    });
    await created(w.institutionA.id, { name: 'Nākotnē Sākas', validFrom: '2030-01-01' });
    await created(w.institutionA.id, {
      name: 'Agrāk Bijis',
      validFrom: '2020-01-01',
      validTo: '2021-01-01',
    });
    await created(w.agency.id, {
      name: 'Anna Bērziņa',
      position: 'direktora vietniece',
      validFrom: '2026-01-01',
    });

    let request = (await memberA.post('/api/v1/requests', requestInput(w.serviceA.id))).body;
    for (const [client, path] of [
      [memberA, 'submit'],
      [reviewer, 'start-review'],
      [reviewer, 'description'],
      [reviewer, 'audit-analyses'],
      [reviewer, 'approve-review'],
    ] as const) {
      if (path === 'description') {
        // Approval needs a checked description, and the analysis is made against it (workflow guards).
        await attachCleanDescription(client, request.id, request.version);
        request = (await client.get(`/api/v1/requests/${request.id}`)).body;
        continue;
      }
      const res = await client.post(`/api/v1/requests/${request.id}/${path}`, { version: request.version });
      request =
        path === 'audit-analyses' ? (await client.get(`/api/v1/requests/${request.id}`)).body : res.body;
    }
    const issued = await issueAct(reviewer, request);
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const act = await t.database.db
      .selectFrom('acceptance_acts')
      .select('data')
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    const data = act.data as {
      institution: { signers: { name: string; position: string | null }[] };
      agency: { signers: { name: string; position: string | null }[] };
    };
    const activeA = (
      await admin.get(
        listUrl(w.institutionA.id, `activeAt=${encodeURIComponent(issued.body.current.issuedAt)}`),
      )
    ).body.items;
    assert.ok(activeA.some((i: { id: string }) => i.id === current.id));
    assert.deepEqual(
      data.institution.signers.map((s) => s.name).sort(),
      activeA.map((i: { name: string }) => i.name).sort(),
    );
    assert.ok(data.institution.signers.some((s) => s.name === 'Ilze Krūmiņa' && s.position === 'direktore'));
    assert.ok(!data.institution.signers.some((s) => s.name === 'Nākotnē Sākas' || s.name === 'Agrāk Bijis'));
    assert.deepEqual(
      data.agency.signers.filter((s) => s.name === 'Anna Bērziņa'),
      [{ name: 'Anna Bērziņa', position: 'direktora vietniece' }],
    );

    const lookup = await loadRepresentatives(t.database.db, w.institutionA.id);
    const all = (await admin.get(listUrl(w.institutionA.id, 'includeEnded=true&pageSize=200'))).body;
    assert.equal(lookup.length, all.total, 'ended and future entries too');
    const ilze = lookup.find((r) => r.name === 'Ilze Krūmiņa');
    assert.ok(ilze);
    assert.equal(ilze.personalCodeHash, hash(`PNOLV-${institutionCode}`), 'what the verifier computes');
    assert.equal(ilze.maskedCode, `${institutionCode.slice(0, 6)}-*****`);
    assert.ok(ilze.validFrom instanceof Date);
    assert.equal(ilze.validTo, null);
    assert.ok(lookup.some((r) => r.name === 'Agrāk Bijis' && r.validTo instanceof Date));
  });

  it('no personal code ever appears in an answer or in the database in plain form', async () => {
    assert.ok(codesUsed.length > 10);
    const spellings = codesUsed.flatMap((c) => {
      const digits = digitsOf(c.replace(/^PNOLV-/, ''));
      return [digits, `${digits.slice(0, 6)}-${digits.slice(6)}`];
    });
    const hashes = codesUsed.map((c) => hash(c));
    for (const res of answers) {
      const text = JSON.stringify(res.body);
      for (const s of [...spellings, ...hashes]) assert.ok(!text.includes(s), `an answer contains ${s}`);
    }
    for (const table of ['representatives', 'representative_events']) {
      const { rows } = await sql<{
        row: string;
      }>`SELECT to_jsonb(t)::text AS row FROM ${sql.table(table)} t`.execute(t.database.db);
      assert.ok(rows.length > 0);
      for (const { row } of rows) {
        for (const s of spellings) assert.ok(!row.includes(s), `${table} holds ${s}`);
      }
    }
    const events = await t.database.db.selectFrom('representative_events').select('changes').execute();
    for (const e of events) {
      const text = JSON.stringify(e.changes);
      for (const h of hashes) assert.ok(!text.includes(h), 'the history holds no hash either');
    }
  });

  it('the history cannot be changed and an entry cannot be deleted, even bypassing the API', async () => {
    const entry = await created(w.institutionA.id);
    await assert.rejects(
      sql`UPDATE representative_events SET reason = 'x' WHERE representative_id = ${entry.id}`.execute(
        t.database.db,
      ),
    );
    await assert.rejects(sql`DELETE FROM representatives WHERE id = ${entry.id}`.execute(t.database.db));
    await assert.rejects(
      sql`UPDATE representatives SET masked_code = '999999-*****' WHERE id = ${entry.id}`.execute(
        t.database.db,
      ),
      'the person of an entry never changes',
    );
  });
});
