import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeWorld, requestInput, type World } from './helpers/factories.ts';

/** A small document/literal WSDL whose GetPerson request has the given elements. */
const personsWsdl = (requestElements: string) => `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tns="urn:test" targetNamespace="urn:test">
  <wsdl:types><xs:schema targetNamespace="urn:test">
    <xs:element name="GetPerson"><xs:complexType><xs:sequence>${requestElements}</xs:sequence></xs:complexType></xs:element>
    <xs:element name="GetPersonResult"><xs:complexType><xs:sequence><xs:element name="name" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
  </xs:schema></wsdl:types>
  <wsdl:message name="In"><wsdl:part name="body" element="tns:GetPerson"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="body" element="tns:GetPersonResult"/></wsdl:message>
  <wsdl:portType name="Persons"><wsdl:operation name="GetPerson"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation></wsdl:portType>
</wsdl:definitions>`;

const elements = (...names: string[]) =>
  names.map((n) => `<xs:element name="${n}" type="xs:string"/>`).join('');

describe(`corrections as a review [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let member: ApiClient;
  let reviewer: ApiClient;
  let otherMember: ApiClient;

  before(async () => {
    t = await startTestApp();
    w = await makeWorld(t.database.db);
    member = await ApiClient.logIn(t.app, w.memberA.email, w.memberA.password);
    reviewer = await ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password);
    otherMember = await ApiClient.logIn(t.app, w.memberB.email, w.memberB.password);
  });
  after(() => t.close());

  const get = async (id: string) => (await member.get(`/api/v1/requests/${id}`)).body;

  async function attach(id: string, wsdl: string): Promise<void> {
    const res = await member.post(`/api/v1/requests/${id}/description`, {
      version: (await get(id)).version,
      main: 'persons.wsdl',
      files: [{ name: 'persons.wsdl', content: wsdl }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 400));
  }

  async function act(client: ApiClient, id: string, path: string, extra: Record<string, unknown> = {}) {
    const res = await client.post(`/api/v1/requests/${id}/${path}`, {
      version: (await get(id)).version,
      ...extra,
    });
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body).slice(0, 400)}`);
    return res.body;
  }

  /** Back in review after the institution resubmitted (straight back, or started again by the reviewer). */
  async function backInReview(id: string) {
    const request = await get(id);
    return request.state === 'in_review' ? request : act(reviewer, id, 'start-review');
  }

  /** A request of institution A with eleven corrections asked for in round 1. */
  async function withElevenCorrections() {
    const draft = (
      await member.post(
        '/api/v1/requests',
        requestInput((await makeTestService(t.database.db, w.institutionA.id)).id),
      )
    ).body;
    await attach(draft.id, personsWsdl(elements('code')));
    await act(member, draft.id, 'submit');
    await act(reviewer, draft.id, 'start-review');
    const texts = Array.from({ length: 11 }, (_, i) => `Labojums Nr. ${i + 1}: papildināt aprakstu`);
    const request = await act(reviewer, draft.id, 'request-corrections', { corrections: texts });
    assert.equal(request.state, 'corrections_requested');
    assert.equal(request.corrections.length, 11);
    return request;
  }

  it('the institution answers a single correction, the reviewer replies; each message is a history entry', async () => {
    const request = await withElevenCorrections();
    const [first, second] = request.corrections;
    const answer = await member.post(`/api/v1/requests/${request.id}/corrections/${first.id}/messages`, {
      body: 'Izlabots 3. versijā',
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(answer.body.body, 'Izlabots 3. versijā');
    assert.equal(answer.body.author.role, 'institution_member');
    const reply = await reviewer.post(`/api/v1/requests/${request.id}/corrections/${first.id}/messages`, {
      body: 'Paldies, pārbaudīšu pēc atkārtotas iesniegšanas.',
    });
    assert.equal(reply.status, 201);

    const view = await get(request.id);
    const thread = view.corrections.find((c: { id: string }) => c.id === first.id).messages;
    assert.deepEqual(
      thread.map((m: { body: string }) => m.body),
      ['Izlabots 3. versijā', 'Paldies, pārbaudīšu pēc atkārtotas iesniegšanas.'],
    );
    assert.deepEqual(view.corrections.find((c: { id: string }) => c.id === second.id).messages, []);
    // Answering does not move the request's version: the reviewer's open page is not made stale.
    assert.equal(view.version, request.version);

    const history = (await member.get(`/api/v1/requests/${request.id}/history`)).body.items;
    const entries = history.filter((e: { action: string }) => e.action === 'postCorrectionMessage');
    assert.equal(entries.length, 2);
    assert.equal(entries[0].details.correctionId, first.id);
    assert.equal(entries[0].details.text, first.text);
  });

  it("another institution cannot answer or even find the request's corrections (404)", async () => {
    const request = await withElevenCorrections();
    const res = await otherMember.post(
      `/api/v1/requests/${request.id}/corrections/${request.corrections[0].id}/messages`,
      { body: 'Mēs arī' },
    );
    assert.equal(res.status, 404);
    assert.equal(res.body.type, '/problems/not-found');
    const bulk = await otherMember.post(`/api/v1/requests/${request.id}/corrections/resolve`, {
      version: request.version,
      correctionIds: [request.corrections[0].id],
    });
    assert.equal(bulk.status, 404);
    assert.deepEqual((await get(request.id)).corrections[0].messages, []);
  });

  it('a correction of another request is not found on this one', async () => {
    const one = await withElevenCorrections();
    const two = await withElevenCorrections();
    const res = await member.post(
      `/api/v1/requests/${one.id}/corrections/${two.corrections[0].id}/messages`,
      {
        body: 'Nepareizais pieteikums',
      },
    );
    assert.equal(res.status, 404);
  });

  it('the reviewer resolves all eleven corrections in one action, with one history entry listing them; reopens one', async () => {
    const request = await withElevenCorrections();
    await act(member, request.id, 'submit');
    const inReview = await backInReview(request.id);
    const ids = inReview.corrections.map((c: { id: string }) => c.id);

    const byMember = await member.post(`/api/v1/requests/${request.id}/corrections/resolve`, {
      version: inReview.version,
      correctionIds: ids,
    });
    assert.equal(byMember.status, 403);
    const stale = await reviewer.post(`/api/v1/requests/${request.id}/corrections/resolve`, {
      version: inReview.version - 1,
      correctionIds: ids,
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.type, '/problems/stale-version');

    const res = await reviewer.post(`/api/v1/requests/${request.id}/corrections/resolve`, {
      version: inReview.version,
      correctionIds: ids,
      comment: 'Visi labojumi veikti',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 400));
    assert.equal(res.body.version, inReview.version + 1);
    assert.ok(res.body.corrections.every((c: { resolvedAt: string | null }) => c.resolvedAt !== null));
    assert.ok(res.body.allowedActions.includes('approveReview') || res.body.blockedActions);

    const history = (await reviewer.get(`/api/v1/requests/${request.id}/history`)).body.items;
    const bulk = history.filter((e: { action: string }) => e.action === 'resolveCorrections');
    assert.equal(bulk.length, 1);
    assert.equal(bulk[0].details.count, 11);
    assert.equal(bulk[0].comment, 'Visi labojumi veikti');
    assert.deepEqual(
      bulk[0].details.corrections.map((c: { correctionId: string }) => c.correctionId),
      ids,
    );

    // Resolving an already resolved one again refuses the whole action.
    const again = await reviewer.post(`/api/v1/requests/${request.id}/corrections/resolve`, {
      version: res.body.version,
      correctionIds: ids.slice(0, 2),
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.type, '/problems/conflict');

    const reopened = await reviewer.post(`/api/v1/requests/${request.id}/corrections/${ids[3]}/reopen`, {
      version: res.body.version,
      comment: 'Trūkst lauka apraksta',
    });
    assert.equal(reopened.status, 200);
    const open = reopened.body.corrections.filter(
      (c: { resolvedAt: string | null }) => c.resolvedAt === null,
    );
    assert.deepEqual(
      open.map((c: { id: string }) => c.id),
      [ids[3]],
    );
  });

  it('shows the changes since the last round after a resubmission with a changed description and fields', async () => {
    const request = await withElevenCorrections();
    const none = await reviewer.get(`/api/v1/requests/${request.id}/changes-since-last-round`);
    assert.equal(none.status, 200);
    assert.equal(none.body.round, 1);
    assert.equal(none.body.description.changed, false);
    assert.deepEqual(none.body.fields, []);

    const edited = await member.patch(`/api/v1/requests/${request.id}`, {
      version: (await get(request.id)).version,
      contact: { name: 'Inese Kalēja', email: 'inese.kaleja@iestade.lv', phone: '+371 29 999 999' },
    });
    assert.equal(edited.status, 200);
    await attach(request.id, personsWsdl(elements('code', 'birthDate')));
    await act(member, request.id, 'submit');
    await backInReview(request.id);

    const res = await reviewer.get(`/api/v1/requests/${request.id}/changes-since-last-round`);
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 400));
    assert.equal(res.body.round, 1);
    assert.ok(res.body.resubmittedAt);
    assert.equal(res.body.description.changed, true);
    assert.notEqual(res.body.description.before.id, res.body.description.after.id);
    assert.deepEqual(res.body.description.diff.operationsChanged, ['GetPerson']);
    assert.ok(
      res.body.description.diff.changes.some(
        (c: { kind: string; path?: string }) => c.kind === 'field-added' && c.path?.includes('birthDate'),
      ),
    );
    assert.deepEqual(res.body.fields, [
      { field: 'contact_phone', before: '+371 67 123 456', after: '+371 29 999 999' },
    ]);

    // The history entry of the replaced description carries its diff summary.
    const history = (await member.get(`/api/v1/requests/${request.id}/history`)).body.items;
    const attached = history.filter((e: { action: string }) => e.action === 'attachDescription');
    assert.equal(attached.length, 2);
    assert.equal(attached[0].details.diff, undefined);
    assert.deepEqual(
      [attached[1].details.diff.added, attached[1].details.diff.removed, attached[1].details.diff.changed],
      [0, 0, 1],
    );

    const foreign = await otherMember.get(`/api/v1/requests/${request.id}/changes-since-last-round`);
    assert.equal(foreign.status, 404);
  });
});
