import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeWorld, requestInput, type World } from './helpers/factories.ts';

const corpus = path.resolve(import.meta.dirname, '../../shared/corpus/wsdl/xroad-wsdlvalidator');
const wsdlFiles = [
  { name: 'testservice.wsdl', content: readFileSync(path.join(corpus, 'testservice.wsdl'), 'utf8') },
  ...['xroad', 'identifiers', 'xml', 'swaref', 'xmlmime'].map((x) => ({
    name: `xsd/${x}.xsd`,
    content: readFileSync(path.join(corpus, `xsd/${x}.xsd`), 'utf8'),
  })),
];

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

describe(`descriptions attached to requests [${testDatabaseKind}]`, () => {
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

  async function version(id: string): Promise<number> {
    return (await member.get(`/api/v1/requests/${id}`)).body.version;
  }

  it('the institution attaches its WSDL to a draft: checked, compared with the catalog, kept with the request', async () => {
    const draft = (
      await member.post(
        '/api/v1/requests',
        requestInput((await makeTestService(t.database.db, w.institutionA.id)).id),
      )
    ).body;
    assert.equal((await member.get(`/api/v1/requests/${draft.id}/description`)).status, 404);
    const res = await member.post(`/api/v1/requests/${draft.id}/description`, {
      version: draft.version,
      main: 'testservice.wsdl',
      files: wsdlFiles,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 400));
    assert.equal(res.body.format, 'wsdl-1.1');
    assert.equal(res.body.requestVersion, draft.version + 1);
    assert.equal(res.body.rulesetVersion, 0);
    assert.deepEqual(res.body.files.sort(), wsdlFiles.map((f) => f.name).sort());
    assert.ok(res.body.findings.some((f: { ruleId: string }) => f.ruleId === 'viss-soap-version'));
    assert.deepEqual(res.body.comparison.operationsAdded.sort(), ['bodyMassIndex', 'xroadGetRandom']);
    assert.equal(res.body.comparison.version.required, 'minor');
    assert.equal(await version(draft.id), draft.version + 1);
    const history = await member.get(`/api/v1/requests/${draft.id}/history`);
    assert.equal(history.body.items.at(-1).action, 'attachDescription');
    assert.equal((await otherMember.get(`/api/v1/requests/${draft.id}/description`)).status, 404);
  });

  it('a new description is compared field by field with the one registered in the test catalog, and registration carries it into production', async () => {
    const w2 = await makeWorld(t.database.db);
    const owner = await ApiClient.logIn(t.app, w2.memberA.email, w2.memberA.password);
    const agency = await ApiClient.logIn(t.app, w2.reviewer.email, w2.reviewer.password);
    const registered = await owner.post(`/api/v1/catalog/services/${w2.serviceA.id}/description`, {
      main: 'persons.wsdl',
      files: [{ name: 'persons.wsdl', content: personsWsdl('<xs:element name="code" type="xs:string"/>') }],
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));

    const draft = (
      await owner.post('/api/v1/requests', requestInput(w2.serviceA.id, { usedInVissInfrastructure: false }))
    ).body;
    const attached = await owner.post(`/api/v1/requests/${draft.id}/description`, {
      version: draft.version,
      main: 'persons.wsdl',
      files: [
        {
          name: 'persons.wsdl',
          content: personsWsdl(
            '<xs:element name="code" type="xs:string"/><xs:element name="purpose" type="xs:string"/>',
          ),
        },
      ],
    });
    assert.equal(attached.status, 201);
    const { comparison } = attached.body;
    assert.equal(comparison.schemaCompared, true);
    assert.deepEqual(comparison.schemaChanges, [
      {
        operation: 'GetPerson',
        area: 'request',
        path: 'GetPerson/purpose',
        kind: 'field-added',
        after: 'string',
        impact: 'breaking',
      },
    ]);
    assert.deepEqual([comparison.version.required, comparison.version.satisfied], ['major', false]);

    let current = attached.body.requestVersion;
    for (const [client, action] of [
      [owner, 'submit'],
      [agency, 'start-review'],
      [agency, 'approve-review'],
      [agency, 'register-in-production'],
    ] as const) {
      if (action === 'approve-review') {
        // Approval needs every error fixed or accepted with a justification (workflow guards).
        for (const f of attached.body.findings.filter((x: { severity: string }) => x.severity === 'error')) {
          const waived = await agency.post(`/api/v1/requests/${draft.id}/findings/${f.id}/waive`, {
            version: (await agency.get(`/api/v1/requests/${draft.id}`)).body.version,
            justification: 'Pārbaudīts: produkcijā tiks labots.',
          });
          assert.equal(waived.status, 200, JSON.stringify(waived.body).slice(0, 300));
        }
        current = (await agency.get(`/api/v1/requests/${draft.id}`)).body.version;
      }
      const res = await client.post(`/api/v1/requests/${draft.id}/${action}`, {
        version: current,
        ...(action === 'register-in-production' && {
          production: { endpointUrl: 'https://prod.example.lv/service', hosting: 'agency' },
        }),
      });
      assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
      current = res.body.version;
    }
    const request = (await owner.get(`/api/v1/requests/${draft.id}`)).body;
    const productionId = request.productionService.id;
    assert.equal(request.productionService.environment, 'production');
    const production = await owner.get(`/api/v1/catalog/services/${productionId}/description`);
    assert.equal(production.status, 200, JSON.stringify(production.body));
    assert.equal(production.body.sourceRequestId, draft.id);
    const file = await owner.get(
      `/api/v1/catalog/services/${productionId}/description/file?name=persons.wsdl`,
    );
    assert.match(String(file.body), /name="purpose"/);
  });

  it('hostile XML is refused with 422 and changes nothing', async () => {
    const draft = (
      await member.post(
        '/api/v1/requests',
        requestInput((await makeTestService(t.database.db, w.institutionA.id)).id),
      )
    ).body;
    const res = await member.post(`/api/v1/requests/${draft.id}/description`, {
      version: draft.version,
      main: 'a.wsdl',
      files: [{ name: 'a.wsdl', content: '<!DOCTYPE a [<!ENTITY b "c">]><definitions/>' }],
    });
    assert.equal(res.status, 422);
    assert.equal(await version(draft.id), draft.version);
    assert.equal((await member.get(`/api/v1/requests/${draft.id}/description`)).status, 404);
  });

  it('the assigned reviewer waives a finding with a justification; the institution cannot', async () => {
    const draft = (
      await member.post(
        '/api/v1/requests',
        requestInput((await makeTestService(t.database.db, w.institutionA.id)).id),
      )
    ).body;
    await member.post(`/api/v1/requests/${draft.id}/description`, {
      version: draft.version,
      main: 'testservice.wsdl',
      files: wsdlFiles,
    });
    await member.post(`/api/v1/requests/${draft.id}/submit`, { version: await version(draft.id) });
    const started = await reviewer.post(`/api/v1/requests/${draft.id}/start-review`, {
      version: await version(draft.id),
    });
    assert.equal(started.status, 200);
    const description = (await reviewer.get(`/api/v1/requests/${draft.id}/description`)).body;
    const finding = description.findings.find((f: { ruleId: string }) => f.ruleId === 'viss-soap-version');

    const refused = await member.post(`/api/v1/requests/${draft.id}/findings/${finding.id}/waive`, {
      version: started.body.version,
      justification: 'Mums tā der.',
    });
    assert.equal(refused.status, 403);
    const waived = await reviewer.post(`/api/v1/requests/${draft.id}/findings/${finding.id}/waive`, {
      version: started.body.version,
      justification: 'Pārejas periodā atļauts SOAP 1.1 (X-Road v4 profils).',
    });
    assert.equal(waived.status, 200, JSON.stringify(waived.body).slice(0, 300));
    const after = waived.body.findings.find((f: { id: string }) => f.id === finding.id);
    assert.equal(after.waiver.justification, 'Pārejas periodā atļauts SOAP 1.1 (X-Road v4 profils).');
    assert.equal(waived.body.counts.waived, 1);
    const again = await reviewer.post(`/api/v1/requests/${draft.id}/findings/${finding.id}/waive`, {
      version: await version(draft.id),
      justification: 'Vēlreiz.',
    });
    assert.equal(again.status, 404, 'a waived finding is not open any more');
    const history = await reviewer.get(`/api/v1/requests/${draft.id}/history`);
    const entry = history.body.items.at(-1);
    assert.deepEqual([entry.action, entry.details.ruleId], ['waiveFinding', 'viss-soap-version']);
  });

  it('a submitted request waiting for review takes no new description from the institution', async () => {
    const draft = (
      await member.post(
        '/api/v1/requests',
        requestInput((await makeTestService(t.database.db, w.institutionA.id)).id),
      )
    ).body;
    const submitted = await member.post(`/api/v1/requests/${draft.id}/submit`, { version: draft.version });
    const res = await member.post(`/api/v1/requests/${draft.id}/description`, {
      version: submitted.body.version,
      main: 'testservice.wsdl',
      files: wsdlFiles,
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.type, '/problems/invalid-transition');
  });
});
