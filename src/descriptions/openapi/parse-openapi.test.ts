import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DescriptionError, type DescriptionFiles } from '../contract.ts';
import { parseOpenApi } from './parse-openapi.ts';

function upload(main: string, files: Record<string, string | Uint8Array>): DescriptionFiles {
  const encoder = new TextEncoder();
  return {
    main,
    files: new Map(
      Object.entries(files).map(([name, text]) => [
        name,
        typeof text === 'string' ? encoder.encode(text) : text,
      ]),
    ),
  };
}

async function refusal(files: DescriptionFiles, options?: { maxBytes?: number }): Promise<DescriptionError> {
  try {
    await parseOpenApi(files, options);
  } catch (error) {
    assert.ok(error instanceof DescriptionError, `expected a DescriptionError, got ${String(error)}`);
    return error;
  }
  assert.fail('the description was accepted');
}

const openApi30Yaml = `openapi: 3.0.3
info:
  title: Personu datu izsniegšana
  version: 1.0
  description: Izsniedz personas datus.
  x-viss-identifier: URN:IVIS:100001:EP.DA-DA29-V1-0
servers:
  - url: https://{env}.example.gov.lv/api/v1
    description: Production
    variables:
      env:
        default: api
security:
  - oauth: [persons.read]
paths:
  /persons/{code}:
    parameters:
      - name: code
        in: path
        required: true
        schema: { type: string, maxLength: 12 }
        example: 010101-12345
    get:
      operationId: getPerson
      summary: Get a person
      description: Returns one person.
      parameters:
        - name: X-Request-Id
          in: header
          schema: { type: string, format: uuid }
      responses:
        '200':
          description: The person
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Person' }
              examples:
                jānis:
                  value: { name: Jānis, code: 010101-12345 }
        '404':
          description: Not found
          content:
            application/problem+json:
              schema: { $ref: '#/components/schemas/Problem' }
        default:
          description: Unexpected error
    delete:
      deprecated: true
      security: []
      responses:
        '204':
          description: Deleted
        '500':
          $ref: '#/components/responses/ServerError'
  /persons:
    post:
      operationId: createPerson
      security:
        - apiKey: []
          oauth: [persons.write]
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Person' }
          application/xml:
            schema: { $ref: '#/components/schemas/Person' }
      responses:
        '201':
          description: Created
components:
  schemas:
    Person:
      type: object
      additionalProperties: false
      required: [name]
      properties:
        name: { type: string, maxLength: 100 }
        code: { type: string, maxLength: 12, example: 311299-19999 }
        example: { type: string, maxLength: 3 }
    Problem:
      type: object
      properties:
        title: { type: string }
  responses:
    ServerError:
      description: Server error
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.example.gov.lv/token
          scopes: { persons.read: read, persons.write: write }
    apiKey:
      type: apiKey
      in: header
      name: X-API-Key
`;

describe('parseOpenApi: OpenAPI 3.0 in YAML', () => {
  it('reads title, version as written, documentation and the URN:IVIS identifier', async () => {
    const contract = await parseOpenApi(upload('api.yaml', { 'api.yaml': openApi30Yaml }));
    assert.equal(contract.format, 'openapi-3.0');
    assert.equal(contract.protocol, 'rest');
    assert.equal(contract.title, 'Personu datu izsniegšana');
    assert.equal(contract.version, '1.0');
    assert.equal(contract.documentation, 'Izsniedz personas datus.');
    assert.equal(contract.identifier, 'URN:IVIS:100001:EP.DA-DA29-V1-0');
    assert.deepEqual(contract.files, ['api.yaml']);
  });

  it('finds every operation with id, method, path, documentation and a located JSON pointer', async () => {
    const contract = await parseOpenApi(upload('api.yaml', { 'api.yaml': openApi30Yaml }));
    assert.deepEqual(
      contract.operations.map((o) => [o.id, o.method, o.path]),
      [
        ['getPerson', 'GET', '/persons/{code}'],
        ['DELETE /persons/{code}', 'DELETE', '/persons/{code}'],
        ['createPerson', 'POST', '/persons'],
      ],
    );
    const get = contract.operations[0];
    assert.equal(get?.documentation, 'Get a person\n\nReturns one person.');
    assert.deepEqual(get?.location, {
      file: 'api.yaml',
      line: 23,
      column: 5,
      path: '/paths/~1persons~1{code}/get',
    });
    assert.equal(contract.operations[1]?.deprecated, true);
    assert.equal(get?.deprecated, undefined);
  });

  it('merges path-level and operation parameters with their schemas', async () => {
    const contract = await parseOpenApi(upload('api.yaml', { 'api.yaml': openApi30Yaml }));
    const parameters = contract.operations[0]?.parameters ?? [];
    assert.deepEqual(
      parameters.map((p) => [
        p.name,
        p.in,
        p.required ?? false,
        (p.schema?.schema as { type?: string } | undefined)?.type,
      ]),
      [
        ['code', 'path', true, 'string'],
        ['X-Request-Id', 'header', false, 'string'],
      ],
    );
    assert.equal(parameters[0]?.location?.line, 18);
  });

  it('turns the request body into one input part per media type with the resolved schema', async () => {
    const contract = await parseOpenApi(upload('api.yaml', { 'api.yaml': openApi30Yaml }));
    const input = contract.operations[2]?.input;
    assert.deepEqual(
      input?.parts.map((p) => [p.mediaType, p.required, p.schema?.name]),
      [
        ['application/json', true, 'Person'],
        ['application/xml', true, 'Person'],
      ],
    );
    const schema = input?.parts[0]?.schema?.schema as { properties: Record<string, unknown> };
    assert.deepEqual(Object.keys(schema.properties), ['name', 'code', 'example']);
    assert.equal(input?.parts[0]?.schema?.maxBytes, 2 + 8 + 402 + 8 + 50 + 11 + 14);
  });

  it('puts 2xx responses in the output and 4xx, 5xx and default in faults with their status', async () => {
    const contract = await parseOpenApi(upload('api.yaml', { 'api.yaml': openApi30Yaml }));
    const [get, remove] = contract.operations;
    assert.deepEqual(
      get?.output?.parts.map((p) => [p.name, p.mediaType, p.schema?.name]),
      [['200', 'application/json', 'Person']],
    );
    assert.deepEqual(
      get?.faults.map((f) => [f.name, f.status, f.message?.parts.map((p) => p.mediaType)]),
      [
        ['Not found', '404', ['application/problem+json']],
        ['Unexpected error', 'default', []],
      ],
    );
    assert.deepEqual(remove?.output?.parts, []);
    assert.deepEqual(
      remove?.faults.map((f) => [f.name, f.status, f.location?.path]),
      [['Server error', '500', '/components/responses/ServerError']],
    );
  });

  it('applies global security unless the operation sets its own, and `security: []` means none', async () => {
    const contract = await parseOpenApi(upload('api.yaml', { 'api.yaml': openApi30Yaml }));
    const [get, remove, create] = contract.operations;
    assert.deepEqual(get?.security, [{ scheme: 'oauth', scopes: ['persons.read'] }]);
    assert.deepEqual(remove?.security, []);
    assert.deepEqual(create?.security, [
      { scheme: 'apiKey', scopes: [] },
      { scheme: 'oauth', scopes: ['persons.write'] },
    ]);
    assert.deepEqual(
      contract.securitySchemes.map((s) => [s.name, s.type, s.detail, s.location?.line]),
      [
        ['oauth', 'oauth2', 'clientCredentials', 89],
        ['apiKey', 'apiKey', 'header X-API-Key', 95],
      ],
    );
  });

  it('lists servers as endpoints with variables filled from their defaults', async () => {
    const contract = await parseOpenApi(upload('api.yaml', { 'api.yaml': openApi30Yaml }));
    assert.deepEqual(
      contract.endpoints.map((e) => [e.name, e.url, e.location?.path]),
      [['Production', 'https://api.example.gov.lv/api/v1', '/servers/0']],
    );
    assert.deepEqual(contract.rest?.servers, ['https://api.example.gov.lv/api/v1']);
  });

  it('collects example values from parameters, media types and schemas with their pointer and line', async () => {
    const contract = await parseOpenApi(upload('api.yaml', { 'api.yaml': openApi30Yaml }));
    assert.deepEqual(
      contract.rest?.examples.map((e) => [e.value, e.location.path, e.location.line]),
      [
        ['010101-12345', '/paths/~1persons~1{code}/parameters/0/example', 22],
        [
          { name: 'Jānis', code: '010101-12345' },
          '/paths/~1persons~1{code}/get/responses/200/content/application~1json/examples/jānis/value',
          39,
        ],
        ['311299-19999', '/components/schemas/Person/properties/code/example', 79],
      ],
    );
  });
});

describe('parseOpenApi: OpenAPI 3.1 in JSON', () => {
  const document = JSON.stringify(
    {
      openapi: '3.1.0',
      info: { title: 'Reģistrs', version: '2.0.0', description: 'Pakalpe URN:IVIS:100001:EP.DA-DA30-V2-0.' },
      servers: [{ url: 'https://registrs.example.gov.lv' }],
      paths: {
        '/records': {
          get: {
            operationId: 'listRecords',
            security: [{ mtls: [] }],
            responses: {
              '200': {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: {
                      type: ['array', 'null'],
                      items: { $ref: '#/components/schemas/Record' },
                      examples: [[{ id: 1 }]],
                    },
                  },
                },
              },
              '4XX': { description: 'client error' },
            },
          },
        },
      },
      webhooks: { changed: { post: { responses: { '200': { description: 'ok' } } } } },
      components: {
        schemas: { Record: { type: 'object', properties: { id: { type: 'integer' } } } },
        securitySchemes: { mtls: { type: 'mutualTLS' } },
      },
    },
    null,
    2,
  );

  it('reads 3.1 with mutualTLS, JSON Schema `examples` arrays, type lists and 4XX ranges', async () => {
    const contract = await parseOpenApi(upload('openapi.json', { 'openapi.json': document }));
    assert.equal(contract.format, 'openapi-3.1');
    assert.equal(contract.identifier, 'URN:IVIS:100001:EP.DA-DA30-V2-0');
    assert.deepEqual(
      contract.securitySchemes.map((s) => [s.name, s.type]),
      [['mtls', 'mutualTLS']],
    );
    const [list] = contract.operations;
    assert.equal(contract.operations.length, 1, 'webhooks are not operations of the service');
    assert.deepEqual(list?.security, [{ scheme: 'mtls', scopes: [] }]);
    assert.deepEqual(
      list?.faults.map((f) => f.status),
      ['4XX'],
    );
    assert.deepEqual(list?.output?.parts[0]?.schema?.schema, {
      type: ['array', 'null'],
      items: { type: 'object', properties: { id: { type: 'integer' } } },
    });
    assert.deepEqual(
      contract.rest?.examples.map((e) => [e.value, e.location.path]),
      [[[{ id: 1 }], '/paths/~1records/get/responses/200/content/application~1json/schema/examples/0']],
    );
  });

  it('gives JSON positions lines too', async () => {
    const contract = await parseOpenApi(upload('openapi.json', { 'openapi.json': document }));
    assert.equal(contract.operations[0]?.location.line, 15);
    assert.equal(contract.rest?.examples[0]?.location.line, 36);
  });
});

describe('parseOpenApi: Swagger 2.0', () => {
  const swagger = `swagger: '2.0'
info: { title: Legacy, version: '1' }
host: legacy.example.gov.lv
basePath: /v1
schemes: [https, http]
consumes: [application/json]
produces: [application/json, application/xml]
securityDefinitions:
  basicAuth: { type: basic }
  key: { type: apiKey, in: query, name: api_key }
  oauth: { type: oauth2, flow: application, tokenUrl: 'https://auth.example/token', scopes: { read: r } }
security: [ { basicAuth: [] } ]
paths:
  /persons:
    post:
      operationId: addPerson
      parameters:
        - in: body
          name: person
          required: true
          schema: { $ref: '#/definitions/Person' }
        - in: query
          name: dryRun
          type: boolean
      responses:
        200:
          description: ok
          schema: { $ref: '#/definitions/Person' }
          examples:
            application/json: { code: 010101-12345 }
        400:
          description: bad request
  /upload:
    post:
      consumes: [multipart/form-data]
      security: [ { oauth: [read] } ]
      parameters:
        - { in: formData, name: file, type: file, required: true }
      responses:
        201: { description: created }
definitions:
  Person:
    type: object
    properties:
      code: { type: string, example: 010101-12345 }
`;

  it('normalises host, basePath and schemes into servers and security definitions into schemes', async () => {
    const contract = await parseOpenApi(upload('swagger.yaml', { 'swagger.yaml': swagger }));
    assert.equal(contract.format, 'swagger-2.0');
    assert.deepEqual(contract.rest?.servers, [
      'https://legacy.example.gov.lv/v1',
      'http://legacy.example.gov.lv/v1',
    ]);
    assert.deepEqual(
      contract.securitySchemes.map((s) => [s.name, s.type, s.detail]),
      [
        ['basicAuth', 'http', 'basic'],
        ['key', 'apiKey', 'query api_key'],
        ['oauth', 'oauth2', 'application https://auth.example/token'],
      ],
    );
  });

  it('turns body and formData parameters into input parts and response schemas into output and faults', async () => {
    const contract = await parseOpenApi(upload('swagger.yaml', { 'swagger.yaml': swagger }));
    const [add, uploadFile] = contract.operations;
    assert.deepEqual(
      add?.input?.parts.map((p) => [p.name, p.mediaType, p.required, p.schema?.name]),
      [['person', 'application/json', true, 'Person']],
    );
    assert.deepEqual(
      add?.parameters?.map((p) => [p.name, p.in, p.schema?.schema]),
      [['dryRun', 'query', { type: 'boolean' }]],
    );
    assert.deepEqual(
      add?.output?.parts.map((p) => [p.name, p.mediaType]),
      [
        ['200', 'application/json'],
        ['200', 'application/xml'],
      ],
    );
    assert.deepEqual(
      add?.faults.map((f) => [f.status, f.name]),
      [['400', 'bad request']],
    );
    assert.deepEqual(add?.security, [{ scheme: 'basicAuth', scopes: [] }]);
    assert.equal(uploadFile?.id, 'POST /upload');
    assert.deepEqual(
      uploadFile?.input?.parts.map((p) => [p.name, p.mediaType, p.required]),
      [['file', 'multipart/form-data', true]],
    );
    assert.deepEqual(uploadFile?.security, [{ scheme: 'oauth', scopes: ['read'] }]);
  });

  it('collects response examples per media type and schema examples', async () => {
    const contract = await parseOpenApi(upload('swagger.yaml', { 'swagger.yaml': swagger }));
    assert.deepEqual(
      contract.rest?.examples.map((e) => [e.value, e.location.path]),
      [
        [{ code: '010101-12345' }, '/paths/~1persons/post/responses/200/examples/application~1json'],
        ['010101-12345', '/definitions/Person/properties/code/example'],
      ],
    );
  });
});

describe('parseOpenApi: $ref resolution', () => {
  it('follows relative references into other uploaded files and locates what it finds there', async () => {
    const contract = await parseOpenApi(
      upload('api/main.yaml', {
        'api/main.yaml': `openapi: 3.0.0
info: { title: Multi, version: '1' }
paths:
  /persons:
    $ref: paths/persons.yaml
`,
        'api/paths/persons.yaml': `get:
  operationId: listPersons
  responses:
    '200':
      description: ok
      content:
        application/json:
          schema:
            $ref: ../schemas/person.yaml#/Person
    '404':
      $ref: '../common.yaml#/components/responses/NotFound'
`,
        'api/schemas/person.yaml': `Person:
  type: object
  properties:
    address: { $ref: './address.yaml' }
`,
        'api/schemas/address.yaml': `type: string
example: Rīga, Brīvības iela 1
`,
        'api/common.yaml': `components:
  responses:
    NotFound:
      description: Not found
`,
        'unused.yaml': 'not: used',
      }),
    );
    const [list] = contract.operations;
    assert.equal(list?.id, 'listPersons');
    assert.deepEqual(list?.location, { file: 'api/paths/persons.yaml', line: 1, column: 1, path: '/get' });
    assert.deepEqual(list?.output?.parts[0]?.schema?.schema, {
      type: 'object',
      properties: { address: { type: 'string' } },
    });
    assert.deepEqual(list?.faults[0]?.location, {
      file: 'api/common.yaml',
      line: 3,
      column: 5,
      path: '/components/responses/NotFound',
    });
    assert.deepEqual(contract.files, [
      'api/main.yaml',
      'api/paths/persons.yaml',
      'api/schemas/person.yaml',
      'api/schemas/address.yaml',
      'api/common.yaml',
    ]);
    assert.deepEqual(contract.rest?.examples, [
      {
        value: 'Rīga, Brīvības iela 1',
        location: { file: 'api/schemas/address.yaml', line: 2, column: 1, path: '/example' },
      },
    ]);
  });

  it('reports a remote $ref with its location and never fetches it', async (t) => {
    const fetch = t.mock.method(globalThis, 'fetch', async () => {
      throw new Error('network access');
    });
    const contract = await parseOpenApi(
      upload('api.yaml', {
        'api.yaml': `openapi: 3.0.0
info: { title: Remote, version: '1' }
paths:
  /x:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: 'https://schemas.example.com/person.json#/Person' }
`,
      }),
    );
    assert.equal(fetch.mock.callCount(), 0);
    assert.deepEqual(contract.rest?.unresolvedRefs, [
      {
        ref: 'https://schemas.example.com/person.json#/Person',
        reason: 'remote',
        location: {
          file: 'api.yaml',
          line: 11,
          column: 25,
          path: '/paths/~1x/get/responses/200/content/application~1json/schema/$ref',
        },
      },
    ]);
    assert.deepEqual(contract.operations[0]?.output?.parts[0]?.schema?.schema, {
      $ref: 'https://schemas.example.com/person.json#/Person',
    });
  });

  it('reports remote $refs in parts nothing uses, and reads parameter schemas given as content', async () => {
    const contract = await parseOpenApi(
      upload('api.yaml', {
        'api.yaml': `openapi: 3.0.0
info: { title: Unused, version: '1' }
paths:
  /x:
    get:
      parameters:
        - name: filter
          in: query
          content:
            application/json:
              schema: { type: object }
      responses: { '200': { description: ok } }
components:
  schemas:
    Unused: { $ref: 'http://schemas.example.com/unused.json' }
`,
      }),
    );
    assert.deepEqual(
      contract.rest?.unresolvedRefs?.map((r) => [r.ref, r.location.line]),
      [['http://schemas.example.com/unused.json', 15]],
    );
    assert.deepEqual(contract.operations[0]?.parameters?.[0]?.schema?.schema, { type: 'object' });
  });

  it('keeps recursive schemas finite by leaving the repeated $ref in place', async () => {
    const contract = await parseOpenApi(
      upload('api.yaml', {
        'api.yaml': `openapi: 3.0.0
info: { title: Tree, version: '1' }
paths:
  /tree:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Node' }
components:
  schemas:
    Node:
      type: object
      properties:
        children: { type: array, items: { $ref: '#/components/schemas/Node' } }
`,
      }),
    );
    assert.deepEqual(contract.operations[0]?.output?.parts[0]?.schema?.schema, {
      type: 'object',
      properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } },
    });
    assert.equal(contract.operations[0]?.output?.parts[0]?.schema?.maxBytes, undefined);
  });

  it('refuses a $ref chain that loops back on itself', async () => {
    const error = await refusal(
      upload('api.yaml', {
        'api.yaml': `openapi: 3.0.0
info: { title: Loop, version: '1' }
paths:
  /a: { $ref: '#/paths/~1b' }
  /b: { $ref: '#/paths/~1a' }
`,
      }),
    );
    assert.match(error.message, /circular/);
    assert.equal(error.location?.file, 'api.yaml');
    assert.ok(error.location?.line === 4 || error.location?.line === 5);
  });

  it('refuses a reference to a file that was not uploaded, naming it', async () => {
    const error = await refusal(
      upload('api.yaml', {
        'api.yaml': `openapi: 3.0.0
info: { title: Missing, version: '1' }
paths:
  /a: { $ref: 'paths/a.yaml' }
`,
      }),
    );
    assert.match(error.message, /paths\/a\.yaml, which is not among the uploaded files/);
    assert.equal(error.location?.line, 4);
  });

  it('refuses a reference that points to nothing', async () => {
    const error = await refusal(
      upload('api.yaml', {
        'api.yaml': `openapi: 3.0.0
info: { title: Dangling, version: '1' }
paths:
  /a: { $ref: '#/components/pathItems/A' }
`,
      }),
    );
    assert.match(error.message, /points to nothing/);
  });
});

describe('parseOpenApi: hostile and broken input', () => {
  it('refuses a YAML alias bomb instead of expanding it', async () => {
    const bomb = `openapi: 3.0.0
info: { title: Bomb, version: '1' }
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
paths: {}
`;
    const error = await refusal(upload('bomb.yaml', { 'bomb.yaml': bomb }));
    assert.match(error.message, /aliases too many times/);
  });

  it('refuses deeply nested input before the YAML parser can overflow the stack, every time', async () => {
    const flow = `{"openapi":"3.0.0","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const block = `openapi: 3.0.0\nx:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}b:`).join('\n')} 1\n`;
    const compact = `openapi: 3.0.0\nx:\n${'- '.repeat(2000)}1\n`;
    for (let round = 0; round < 2; round += 1) {
      assert.match(
        (await refusal(upload('a.json', { 'a.json': flow }))).message,
        /nested too deeply \(more than 100 levels/,
      );
      assert.match(
        (await refusal(upload('a.yaml', { 'a.yaml': block }))).message,
        /nested too deeply \(content indented/,
      );
      assert.match((await refusal(upload('a.yaml', { 'a.yaml': compact }))).message, /nested too deeply/);
    }
  });

  it('does not count brackets and indentation inside strings and block scalars as nesting', async () => {
    const contract = await parseOpenApi(
      upload('api.yaml', {
        'api.yaml': `openapi: 3.0.0
info:
  title: "${'['.repeat(300)}"
  version: '${'{'.repeat(300)}'
  description: |
${' '.repeat(300)}${'['.repeat(300)}
paths: {}
`,
      }),
    );
    assert.equal(contract.title, '['.repeat(300));
  });

  it('refuses a description larger than 10 MiB before parsing it', async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x20);
    const error = await refusal(upload('big.json', { 'big.json': big }));
    assert.match(error.message, /larger than 10 MiB/);
  });

  it('counts referenced files towards the size limit', async () => {
    const error = await refusal(
      upload('api.yaml', {
        'api.yaml': `openapi: 3.0.0\ninfo: { title: T, version: '1' }\npaths:\n  /a: { $ref: 'a.yaml' }\n`,
        'a.yaml': `get: { responses: { '200': { description: '${'x'.repeat(200)}' } } }\n`,
      }),
      { maxBytes: 150 },
    );
    assert.match(error.message, /at a\.yaml/);
  });

  it('refuses malformed JSON with the line of the problem', async () => {
    const error = await refusal(
      upload('api.json', {
        'api.json': '{\n  "openapi": "3.0.0",\n  "info": {"title": "x",, "version": "1"}\n}\n',
      }),
    );
    assert.match(error.message, /api\.json is not valid JSON or YAML at line 3/);
    assert.equal(error.location?.line, 3);
  });

  it('refuses malformed YAML with the line of the problem', async () => {
    const error = await refusal(
      upload('api.yaml', { 'api.yaml': 'openapi: 3.0.0\ninfo:\n  title: x\n  - bad\npaths: {}\n' }),
    );
    assert.match(
      error.message,
      /not valid JSON or YAML at line 4, column 1: A block sequence may not be used/,
    );
    assert.equal(error.location?.file, 'api.yaml');
    assert.equal(error.location?.line, 4);
  });

  it('refuses documents that are not OpenAPI, newer OpenAPI versions and text that is not UTF-8', async () => {
    assert.match(
      (await refusal(upload('a.yaml', { 'a.yaml': 'name: x\n' }))).message,
      /no "openapi" or "swagger" field/,
    );
    assert.match(
      (await refusal(upload('a.yaml', { 'a.yaml': '- 1\n- 2\n' }))).message,
      /top level is not an object/,
    );
    assert.match(
      (await refusal(upload('a.yaml', { 'a.yaml': 'openapi: 3.2.0\ninfo: {title: x, version: "1"}\n' })))
        .message,
      /OpenAPI version 3\.2\.0 is not supported/,
    );
    assert.match(
      (await refusal(upload('a.yaml', { 'a.yaml': new Uint8Array([0x6f, 0xff, 0xfe]) }))).message,
      /not UTF-8/,
    );
  });

  it('reads a self-referencing YAML anchor without looping', async () => {
    const contract = await parseOpenApi(
      upload('api.yaml', {
        'api.yaml': `openapi: 3.0.0
info: { title: Anchors, version: '1' }
x-loop: &loop { again: *loop }
paths:
  /a:
    get:
      responses:
        '200': { description: ok, content: { application/json: { example: &e { self: *e } } } }
`,
      }),
    );
    assert.equal(contract.operations.length, 1);
    assert.equal(contract.rest?.examples.length, 1);
  });
});
