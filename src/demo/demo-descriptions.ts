import type { DescriptionFiles } from '../descriptions/contract.ts';

// The description documents the demo's test-catalog entries are registered with, written from each
// entry's operations: a document/literal SOAP 1.2 WSDL or an OpenAPI 3.0 document. They are plain
// enough that the guideline check still has things to say — as real first drafts do.

export type DemoService = {
  identifier: string;
  name: string;
  protocol: 'soap' | 'rest';
  operations: readonly string[];
  endpointUrl: string;
};

const xmlText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function wsdl(s: DemoService): string {
  const ns = `urn:${s.identifier}`;
  const types = s.operations
    .map(
      (op) => `
      <xs:element name="${op}"><xs:complexType><xs:sequence>
        <xs:element name="personasKods" type="xs:string"/>
        <xs:element name="pieprasitajs" type="xs:string" minOccurs="0"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="${op}Atbilde"><xs:complexType><xs:sequence>
        <xs:element name="statuss" type="tns:Statuss"/>
        <xs:element name="derigsLidz" type="xs:date" minOccurs="0"/>
      </xs:sequence></xs:complexType></xs:element>`,
    )
    .join('');
  const messages = s.operations
    .map(
      (op) => `
  <wsdl:message name="${op}Pieprasijums"><wsdl:part name="body" element="tns:${op}"/></wsdl:message>
  <wsdl:message name="${op}Atbilde"><wsdl:part name="body" element="tns:${op}Atbilde"/></wsdl:message>`,
    )
    .join('');
  const portOps = s.operations
    .map(
      (op) => `
    <wsdl:operation name="${op}">
      <wsdl:documentation>${xmlText(s.name)}: ${op}.</wsdl:documentation>
      <wsdl:input message="tns:${op}Pieprasijums"/>
      <wsdl:output message="tns:${op}Atbilde"/>
    </wsdl:operation>`,
    )
    .join('');
  const bindingOps = s.operations
    .map(
      (op) => `
    <wsdl:operation name="${op}">
      <soap12:operation soapAction="${ns}#${op}" style="document"/>
      <wsdl:input><soap12:body use="literal"/></wsdl:input>
      <wsdl:output><soap12:body use="literal"/></wsdl:output>
    </wsdl:operation>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="${ns}" targetNamespace="${ns}" name="${xmlText(s.name)}">
  <wsdl:documentation>${xmlText(s.name)} (${s.identifier})</wsdl:documentation>
  <wsdl:types>
    <xs:schema targetNamespace="${ns}" elementFormDefault="qualified">
      <xs:simpleType name="Statuss"><xs:restriction base="xs:string">
        <xs:enumeration value="aktīvs"/><xs:enumeration value="anulēts"/>
      </xs:restriction></xs:simpleType>${types}
    </xs:schema>
  </wsdl:types>${messages}
  <wsdl:portType name="PakalpePort">${portOps}
  </wsdl:portType>
  <wsdl:binding name="PakalpeBinding" type="tns:PakalpePort">
    <soap12:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>${bindingOps}
  </wsdl:binding>
  <wsdl:service name="Pakalpe">
    <wsdl:port name="PakalpePort" binding="tns:PakalpeBinding"><soap12:address location="${xmlText(s.endpointUrl)}"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}

function openApi(s: DemoService): string {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of s.operations) {
    const [method = 'GET', path = '/'] = op.split(' ');
    const parameters = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string', maxLength: 40 },
    }));
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[method.toLowerCase()] = {
      summary: `${s.name}: ${op}`,
      description: `${s.name}.`,
      ...(parameters.length ? { parameters } : {}),
      security: [{ viss: ['lasit'] }],
      responses: {
        '200': {
          description: 'Atrasts',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Ieraksts' } } },
        },
        '404': { description: 'Nav atrasts' },
      },
    };
  }
  return JSON.stringify(
    {
      openapi: '3.0.3',
      info: { title: s.name, version: '1.0.0', description: s.identifier },
      servers: [{ url: s.endpointUrl }],
      paths,
      components: {
        securitySchemes: {
          viss: {
            type: 'oauth2',
            flows: {
              clientCredentials: {
                tokenUrl: 'https://viss-test.example.lv/token',
                scopes: { lasit: 'Lasīt' },
              },
            },
          },
        },
        schemas: {
          Ieraksts: {
            type: 'object',
            required: ['numurs', 'statuss'],
            properties: {
              numurs: { type: 'string', maxLength: 40 },
              statuss: { type: 'string', enum: ['aktīvs', 'anulēts'] },
              derigsLidz: { type: 'string', format: 'date' },
            },
          },
        },
      },
    },
    null,
    2,
  );
}

export function demoDescriptionFiles(s: DemoService): DescriptionFiles {
  const slug =
    s.identifier
      .split(':')
      .pop()
      ?.replace(/-V\d+-\d+$/, '')
      .toLowerCase() ?? 'pakalpe';
  const [name, text] =
    s.protocol === 'soap' ? [`${slug}.wsdl`, wsdl(s)] : [`${slug}.openapi.json`, openApi(s)];
  return { main: name, files: new Map([[name, new TextEncoder().encode(text)]]) };
}
