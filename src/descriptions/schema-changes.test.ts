import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareWithCatalog } from './compare-with-catalog.ts';
import type { Contract } from './contract.ts';
import { parseOpenApi } from './openapi/parse-openapi.ts';
import { compareSchemas, type SchemaChange } from './schema-changes.ts';
import { parseWsdl } from './wsdl/parse-wsdl.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A VISS-style document/literal WSDL whose request and response types are given as XSD text. */
function wsdl(types: string, operations = ['GetPerson']): Contract {
  const ops = operations
    .map(
      (name) => `
    <wsdl:operation name="${name}">
      <wsdl:input message="tns:${name}Request"/>
      <wsdl:output message="tns:${name}Response"/>
    </wsdl:operation>`,
    )
    .join('');
  const messages = operations
    .map(
      (name) => `
  <wsdl:message name="${name}Request"><wsdl:part name="body" element="tns:${name}"/></wsdl:message>
  <wsdl:message name="${name}Response"><wsdl:part name="body" element="tns:${name}Result"/></wsdl:message>`,
    )
    .join('');
  const text = `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:test" targetNamespace="urn:test">
  <wsdl:types>
    <xs:schema targetNamespace="urn:test" elementFormDefault="qualified">${types}</xs:schema>
  </wsdl:types>${messages}
  <wsdl:portType name="Port">${ops}
  </wsdl:portType>
</wsdl:definitions>`;
  return parseWsdl({ main: 'a.wsdl', files: new Map([['a.wsdl', utf8(text)]]) });
}

const personTypes = (request: string, response: string, extra = '') => `
      <xs:element name="GetPerson"><xs:complexType><xs:sequence>${request}</xs:sequence></xs:complexType></xs:element>
      <xs:element name="GetPersonResult"><xs:complexType><xs:sequence>${response}</xs:sequence></xs:complexType></xs:element>
      <xs:complexType name="Address"><xs:sequence>
        <xs:element name="city" type="xs:string"/><xs:element name="street" type="xs:string" minOccurs="0"/>
      </xs:sequence></xs:complexType>
      <xs:simpleType name="Status"><xs:restriction base="xs:string">
        <xs:enumeration value="active"/><xs:enumeration value="closed"/>${extra}
      </xs:restriction></xs:simpleType>`;

const v1 = wsdl(
  personTypes(
    '<xs:element name="code" type="xs:string"/><xs:element name="purpose" type="xs:string" minOccurs="0"/>',
    '<xs:element name="name" type="xs:string"/><xs:element name="address" type="tns:Address"/><xs:element name="status" type="tns:Status"/>',
  ),
);

const summary = (changes: SchemaChange[]) =>
  changes.map((c) => `${c.impact} ${c.area} ${c.kind} ${c.path ?? c.operation}`).sort();

describe('schema changes between two WSDL versions', () => {
  it('the same description has no changes', () => {
    assert.deepEqual(compareSchemas(v1, v1), []);
  });

  it('a new optional request field and a new response field are compatible', () => {
    const v2 = wsdl(
      personTypes(
        '<xs:element name="code" type="xs:string"/><xs:element name="purpose" type="xs:string" minOccurs="0"/><xs:element name="lang" type="xs:string" minOccurs="0"/>',
        '<xs:element name="name" type="xs:string"/><xs:element name="address" type="tns:Address"/><xs:element name="status" type="tns:Status"/><xs:element name="born" type="xs:date" minOccurs="0"/>',
      ),
    );
    assert.deepEqual(summary(compareSchemas(v1, v2)), [
      'compatible request field-added GetPerson/lang',
      'compatible response field-added GetPersonResult/born',
    ]);
  });

  it('a required request field, a removed response field, a changed type and a nested change break consumers', () => {
    const v2 = wsdl(
      personTypes(
        '<xs:element name="code" type="xs:int"/><xs:element name="purpose" type="xs:string"/>',
        '<xs:element name="address" type="tns:Address"/><xs:element name="status" type="tns:Status"/>',
      ).replace('name="street" type="xs:string" minOccurs="0"', 'name="street" type="xs:string"'),
    );
    assert.deepEqual(summary(compareSchemas(v1, v2)), [
      'breaking request became-required GetPerson/purpose',
      'breaking request type-changed GetPerson/code',
      'breaking response field-removed GetPersonResult/name',
      'compatible response became-required GetPersonResult/address/street',
    ]);
  });

  it('a new enumeration value breaks readers of the response; a removed one is compatible there', () => {
    const v2 = wsdl(
      personTypes(
        '<xs:element name="code" type="xs:string"/><xs:element name="purpose" type="xs:string" minOccurs="0"/>',
        '<xs:element name="name" type="xs:string"/><xs:element name="address" type="tns:Address"/><xs:element name="status" type="tns:Status"/>',
        '<xs:enumeration value="suspended"/>',
      ),
    );
    const [change] = compareSchemas(v1, v2);
    assert.equal(change?.kind, 'enum-values-added');
    assert.equal(change?.after, 'suspended');
    assert.equal(change?.impact, 'breaking');
  });

  it('operations added and removed are reported once, not field by field', () => {
    const both = wsdl(
      `${personTypes('<xs:element name="code" type="xs:string"/>', '<xs:element name="name" type="xs:string"/>')}
      <xs:element name="ListPersons"><xs:complexType><xs:sequence><xs:element name="q" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="ListPersonsResult"><xs:complexType><xs:sequence><xs:element name="n" type="xs:int"/></xs:sequence></xs:complexType></xs:element>`,
      ['GetPerson', 'ListPersons'],
    );
    const one = wsdl(
      personTypes('<xs:element name="code" type="xs:string"/>', '<xs:element name="name" type="xs:string"/>'),
    );
    assert.deepEqual(summary(compareSchemas(one, both)), [
      'compatible operation operation-added ListPersons',
    ]);
    assert.deepEqual(summary(compareSchemas(both, one)), [
      'breaking operation operation-removed ListPersons',
    ]);
  });
});

function openApi(schemas: string, parameters = '', security = ''): Promise<Contract> {
  const text = `openapi: 3.0.3
info: { title: Persons, version: '1.0' }
servers: [{ url: 'https://api.example.lv' }]
paths:
  /persons/{code}:
    get:
      operationId: getPerson
      parameters:
        - { name: code, in: path, required: true, schema: { type: string } }${parameters}${security}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Person' }
        '404': { description: not found }
components:
  securitySchemes:
    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: 'https://id.example.lv/token', scopes: { read: r } } } }
  schemas:
${schemas}
`;
  return parseOpenApi({ main: 'api.yaml', files: new Map([['api.yaml', utf8(text)]]) });
}

const person = `    Person:
      type: object
      required: [code, name]
      properties:
        code: { type: string }
        name: { type: string }
        tags: { type: array, items: { type: string } }`;

describe('schema changes between two OpenAPI versions', () => {
  it('a new optional query parameter and a new response property are compatible', async () => {
    const a = await openApi(person);
    const b = await openApi(
      `${person}\n        email: { type: string, format: email }`,
      '\n        - { name: lang, in: query, schema: { type: string } }',
    );
    assert.deepEqual(summary(compareSchemas(a, b)), [
      'compatible request field-added query:lang',
      'compatible response field-added body.email',
    ]);
  });

  it('a required query parameter, a new security requirement and a removed property break consumers', async () => {
    const a = await openApi(person);
    const b = await openApi(
      person.replace('        tags: { type: array, items: { type: string } }', ''),
      '\n        - { name: purpose, in: query, required: true, schema: { type: string } }',
      '\n      security: [{ oauth: [read] }]',
    );
    assert.deepEqual(summary(compareSchemas(a, b)), [
      'breaking request field-added query:purpose',
      'breaking response field-removed body.tags',
      'breaking security security-added oauth',
    ]);
  });

  it('the catalog comparison asks for a major version when a schema change breaks, a minor one otherwise', async () => {
    const a = await openApi(person);
    const compatible = await openApi(`${person}\n        email: { type: string }`);
    const breaking = await openApi(person.replace('name: { type: string }', 'name: { type: integer }'));
    const catalog = { identifier: 'URN:IVIS:100001:P01-V1-0', operations: ['getPerson'], endpointUrl: null };
    const minor = compareWithCatalog({ ...compatible, identifier: 'URN:IVIS:100001:P01-V1-0' }, catalog, a);
    assert.deepEqual(
      [minor.schemaCompared, minor.version.required, minor.version.satisfied],
      [true, 'minor', false],
    );
    const major = compareWithCatalog({ ...breaking, identifier: 'URN:IVIS:100001:P01-V1-1' }, catalog, a);
    assert.deepEqual([major.version.required, major.version.satisfied], ['major', false]);
    const raised = compareWithCatalog({ ...breaking, identifier: 'URN:IVIS:100001:P01-V2-0' }, catalog, a);
    assert.deepEqual([raised.version.required, raised.version.satisfied], ['major', true]);
    const unknown = compareWithCatalog(breaking, catalog);
    assert.deepEqual([unknown.schemaCompared, unknown.schemaChanges], [false, []]);
  });
});
