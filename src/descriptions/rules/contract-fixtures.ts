import type { Contract, MessageRef } from '../contract.ts';

// Hand-built contracts for the rule tests: what the WSDL and OpenAPI parsers would produce for a
// model VISS service and for the kind of description reviewers must stop. Factories, so each test
// gets its own copy to change.

const NS = 'URN:IVIS:100001:XSD-PD12-PersonData-v1-0';
const WSA = 'http://www.w3.org/2005/08/addressing';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

function vissHeaders(): MessageRef['headers'] {
  return [
    { name: 'Action', namespace: WSA },
    { name: 'MessageID', namespace: WSA },
    { name: 'Security', namespace: WSSE },
    { name: 'VISSHeader', namespace: NS },
  ];
}

function soapMessage(name: string, element: string, maxBytes = 64_000): MessageRef {
  return {
    name,
    parts: [{ name: 'parameters', schema: { kind: 'xml-element', name: element, namespace: NS, maxBytes } }],
    headers: vissHeaders(),
  };
}

function errorListFault() {
  return {
    name: 'ErrorList',
    message: {
      name: 'ErrorListFault',
      parts: [{ name: 'fault', schema: { kind: 'xml-element' as const, name: 'ErrorList', namespace: NS } }],
    },
  };
}

/** A model VISS SOAP 1.2 document/literal wrapped service with WS-Addressing and WS-Security. */
export function goodSoapContract(): Contract {
  return {
    format: 'wsdl-1.1',
    protocol: 'soap',
    title: 'Personu datu pakalpe',
    documentation: 'Izsniedz personas pamatdatus datu ņēmējiem ar piešķirtām tiesībām.',
    identifier: 'URN:IVIS:100001:PD.DA-PD12-V1-0',
    operations: ['GetPersonData', 'ListPersonChanges'].map((name, i) => ({
      id: `PersonDataPortType/${name}`,
      name,
      soapAction: `${NS}/${name}`,
      style: 'document' as const,
      use: 'literal' as const,
      documentation: `${name}: atgriež personas datus pēc pieprasījuma.`,
      input: soapMessage(`${name}Request`, name),
      output: soapMessage(`${name}Response`, `${name}Response`),
      faults: [errorListFault()],
      location: {
        file: 'person.wsdl',
        line: 40 + i * 10,
        path: `/definitions/portType/operation[@name='${name}']`,
      },
    })),
    endpoints: [
      {
        name: 'PersonDataPort',
        url: 'https://viss.gov.lv/services/persondata/v1',
        binding: 'PersonDataSoap12Binding',
        soapVersion: '1.2',
        location: { file: 'person.wsdl', line: 90 },
      },
    ],
    securitySchemes: [
      { name: 'WSSecurity', type: 'ws-security', location: { file: 'person.wsdl', line: 12 } },
    ],
    soap: {
      versions: ['1.2'],
      targetNamespace: NS,
      wsAddressing: true,
      wsSecurityPolicy: true,
      encodings: [
        { file: 'person.wsdl', encoding: 'UTF-8' },
        { file: 'person.xsd', encoding: 'utf-8' },
      ],
      types: [
        { name: 'GetPersonData', kind: 'element', location: { file: 'person.xsd', line: 5 } },
        { name: 'PersonType', kind: 'complexType', location: { file: 'person.xsd', line: 20 } },
        {
          name: 'ErrorList',
          kind: 'element',
          fields: ['ErrorCode', 'ErrorSeverity', 'ErrorDescription'],
          location: { file: 'person.xsd', line: 60 },
        },
      ],
    },
    imports: [{ target: 'person.xsd', resolved: true, location: { file: 'person.wsdl', line: 8 } }],
    files: ['person.wsdl', 'person.xsd'],
  };
}

/** What reviewers complain validators let through: RPC/encoded SOAP 1.1, no headers, no security. */
export function badSoapContract(): Contract {
  const rpc = (line: number) => ({
    id: 'PersonPortType/getPerson',
    name: 'getPerson',
    style: 'rpc' as const,
    use: 'encoded' as const,
    input: {
      name: 'getPersonRequest',
      parts: [
        {
          name: 'code',
          schema: {
            kind: 'xml-type' as const,
            name: 'string',
            namespace: 'http://www.w3.org/2001/XMLSchema',
          },
        },
        { name: 'extra' },
      ],
    },
    output: {
      name: 'getPersonResponse',
      parts: [
        {
          name: 'return',
          schema: {
            kind: 'xml-type' as const,
            name: 'anyType',
            namespace: 'http://www.w3.org/2001/XMLSchema',
            maxBytes: 5 * 1024 * 1024,
          },
        },
      ],
    },
    faults: [],
    deprecated: line > 30,
    location: { file: 'legacy.wsdl', line },
  });
  return {
    format: 'wsdl-1.1',
    protocol: 'soap',
    documentation: 'Piemēram, personas kods 010190-12345, kontakts janis.berzins@gmail.com.',
    operations: [rpc(20), rpc(35)],
    endpoints: [
      {
        name: 'PersonPort',
        url: 'http://localhost:8080/person',
        soapVersion: '1.1',
        location: { file: 'legacy.wsdl', line: 70 },
      },
    ],
    securitySchemes: [],
    soap: {
      versions: ['1.1'],
      targetNamespace: 'http://example.org/person',
      wsAddressing: false,
      wsSecurityPolicy: false,
      encodings: [{ file: 'legacy.wsdl', encoding: 'ISO-8859-1' }],
      types: [
        {
          name: 'person_type',
          kind: 'complexType',
          freeForm: true,
          location: { file: 'legacy.wsdl', line: 10 },
        },
        { name: 'ErrorList', kind: 'complexType', fields: ['code'] },
      ],
    },
    imports: [
      {
        target: 'http://schemas.example.org/common.xsd',
        resolved: false,
        location: { file: 'legacy.wsdl', line: 5 },
      },
    ],
    files: ['legacy.wsdl'],
  };
}

function problem(status: string) {
  return {
    name: status,
    status,
    message: {
      name: status,
      parts: [
        {
          name: 'application/problem+json',
          mediaType: 'application/problem+json',
          schema: {
            kind: 'json-schema' as const,
            name: '#/components/schemas/Problem',
            schema: { type: 'object', properties: { type: { type: 'string' }, title: { type: 'string' } } },
          },
        },
      ],
    },
    location: { file: 'companies.yaml', line: 30, path: `/paths/~1companies/get/responses/${status}` },
  };
}

export function goodRestContract(): Contract {
  return {
    format: 'openapi-3.1',
    protocol: 'rest',
    title: 'Uzņēmumu reģistra API',
    version: '1.2.0',
    documentation: 'Uzņēmumu pamatdati datu ņēmējiem.',
    identifier: 'URN:IVIS:100002:UR.API-UR01-V1-2',
    operations: [
      {
        id: 'listCompanies',
        name: 'listCompanies',
        method: 'get',
        path: '/companies',
        documentation: 'Atgriež uzņēmumu sarakstu.',
        output: {
          name: '200',
          parts: [
            {
              name: 'application/json',
              mediaType: 'application/json',
              schema: {
                kind: 'json-schema',
                name: '#/components/schemas/CompanyList',
                schema: {
                  type: 'array',
                  items: { type: 'object', properties: { name: { type: 'string' } } },
                },
              },
            },
          ],
        },
        faults: [problem('400'), problem('401'), problem('500')],
        security: [{ scheme: 'oauth', scopes: ['companies:read'] }],
        location: { file: 'companies.yaml', line: 20, path: '/paths/~1companies/get' },
      },
    ],
    endpoints: [
      { name: 'production', url: 'https://api.gov.lv/ur/v1', location: { file: 'companies.yaml', line: 8 } },
    ],
    securitySchemes: [{ name: 'oauth', type: 'oauth2', location: { file: 'companies.yaml', line: 80 } }],
    rest: {
      servers: ['https://api.gov.lv/ur/v1'],
      examples: [
        {
          // 40003000000 is a registration code, not a personal code: 40 is no day of a month.
          value: {
            name: 'SIA Piemērs',
            email: 'info@example.com',
            regCode: '40003000000',
            phone: '+37126123456',
          },
          location: { file: 'companies.yaml', line: 60, path: '/components/examples/Company/value' },
        },
      ],
    },
    files: ['companies.yaml'],
  };
}

export function badRestContract(): Contract {
  const getPerson = (line: number) => ({
    id: 'Get_Person',
    name: 'Get_Person',
    method: 'post',
    path: '/persons/{id}',
    deprecated: true,
    input: { name: 'body', parts: [{ name: 'application/json', mediaType: 'application/json' }] },
    faults: [
      {
        name: '500',
        status: '500',
        message: { name: '500', parts: [{ name: 'application/json', mediaType: 'application/json' }] },
        location: { file: 'persons.yaml', line: line + 5 },
      },
    ],
    security: [
      { scheme: 'oauth', scopes: [] },
      { scheme: 'partnerKey', scopes: [] },
    ],
    location: { file: 'persons.yaml', line },
  });
  return {
    format: 'openapi-3.0',
    protocol: 'rest',
    operations: [
      {
        id: 'GET /persons',
        name: 'GET /persons',
        method: 'get',
        path: '/persons',
        output: {
          name: '200',
          parts: [
            {
              name: 'application/json',
              mediaType: 'application/json',
              schema: { kind: 'json-schema', name: '(inline)', schema: { type: 'object' } },
            },
          ],
        },
        faults: [],
        location: { file: 'persons.yaml', line: 12, path: '/paths/~1persons/get' },
      },
      getPerson(30),
      getPerson(50),
    ],
    endpoints: [],
    securitySchemes: [
      { name: 'oauth', type: 'oauth2' },
      { name: 'key', type: 'apiKey', detail: 'query', location: { file: 'persons.yaml', line: 90 } },
    ],
    rest: {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an unexpanded template variable is the point
      servers: ['http://localhost:3000', 'https://${HOST}/api'],
      examples: [
        {
          value: { personalCode: '321234-56789', contact: { email: 'anna.liepa@inbox.lv' } },
          location: { file: 'persons.yaml', line: 70, path: '/components/examples/Person/value' },
        },
        { value: ['150385-12345'], location: { file: 'persons.yaml', line: 75 } },
      ],
    },
    imports: [{ target: './common.yaml', resolved: false, location: { file: 'persons.yaml', line: 40 } }],
    files: ['persons.yaml'],
  };
}
