import {
  type Contract,
  DescriptionError,
  type DescriptionFiles,
  type DescriptionFormat,
  type Endpoint,
  type FaultRef,
  type MessageRef,
  type Operation,
  type SecurityScheme,
} from '../contract.ts';
import {
  DEFAULT_MAX_BYTES,
  type DocumentSet,
  isObject,
  type Located,
  openDocuments,
  scalarSource,
} from './documents.ts';
import { createSchemaBuilder, type SchemaBuilder } from './schemas.ts';

// OpenAPI 3.0, 3.1 and Swagger 2.0 become one Contract. Swagger 2.0 is normalised on the way:
// host/basePath/schemes → servers, securityDefinitions → security schemes, `in: body` and
// `formData` parameters → input parts, `schema` of a response → output or fault parts.

export type ParseOpenApiOptions = {
  /** Refuse descriptions whose files together are larger than this (default 10 MiB). */
  maxBytes?: number;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const IVIS_URN = /URN:IVIS:[A-Za-z0-9]+(?::[A-Za-z0-9._-]*[A-Za-z0-9])+/i;

type Context = {
  docs: DocumentSet;
  schemas: SchemaBuilder;
  format: DescriptionFormat;
  root: Located;
  /** Swagger 2.0: media types the API consumes and produces when an operation does not say. */
  consumes: string[];
  produces: string[];
};

export async function parseOpenApi(
  files: DescriptionFiles,
  options: ParseOpenApiOptions = {},
): Promise<Contract> {
  const docs = openDocuments(files, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const root: Located = { value: docs.main.value, file: docs.main.name, pointer: '' };
  if (!isObject(root.value)) {
    throw new DescriptionError(`${root.file} is not an OpenAPI document: its top level is not an object`, {
      file: root.file,
      line: 1,
    });
  }
  const format = detectFormat(root, docs);
  const ctx: Context = {
    docs,
    schemas: createSchemaBuilder(docs),
    format,
    root,
    consumes: stringList(root.value.consumes),
    produces: stringList(root.value.produces),
  };

  const info = docs.deref(docs.child(root, 'info'));
  const infoValue = isObject(info?.value) ? info.value : {};
  const title = text(infoValue.title);
  const description = text(infoValue.description);
  const version = scalarSource(docs.main.doc, ['info', 'version']) ?? text(infoValue.version);

  const endpoints =
    format === 'swagger-2.0' ? swaggerEndpoints(ctx) : serverEndpoints(ctx, docs.child(root, 'servers'));
  const operations = readOperations(ctx);
  for (const operation of operations) {
    for (const endpoint of operation.endpoints) {
      if (!endpoints.some((e) => e.url === endpoint.url)) endpoints.push(endpoint);
    }
  }

  return {
    format,
    protocol: 'rest',
    ...(title === undefined ? {} : { title }),
    ...(version === undefined ? {} : { version }),
    ...(description === undefined ? {} : { documentation: description }),
    ...withIdentifier(infoValue),
    operations: operations.map((o) => o.operation),
    endpoints,
    securitySchemes: readSecuritySchemes(ctx),
    rest: {
      servers: endpoints.map((e) => e.url),
      examples: collectExamples(ctx),
      unresolvedRefs: docs.remoteRefs,
    },
    files: docs.used(),
  };
}

function detectFormat(root: Located, docs: DocumentSet): DescriptionFormat {
  const value = root.value as Record<string, unknown>;
  const openapi = scalarSource(docs.main.doc, ['openapi']) ?? text(value.openapi);
  const swagger = scalarSource(docs.main.doc, ['swagger']) ?? text(value.swagger);
  const at = (key: string) => docs.locate(root.file, `/${key}`);
  if (openapi !== undefined) {
    if (/^3\.0(\.\d+)?$/.test(openapi)) return 'openapi-3.0';
    if (/^3\.1(\.\d+)?$/.test(openapi)) return 'openapi-3.1';
    throw new DescriptionError(
      `OpenAPI version ${openapi} is not supported; Pakalpe reads OpenAPI 3.0, 3.1 and Swagger 2.0`,
      at('openapi'),
    );
  }
  if (swagger !== undefined) {
    if (swagger === '2.0' || swagger === '2') return 'swagger-2.0';
    throw new DescriptionError(
      `Swagger version ${swagger} is not supported; Pakalpe reads Swagger 2.0`,
      at('swagger'),
    );
  }
  throw new DescriptionError(
    `${root.file} is not an OpenAPI 3.0/3.1 or Swagger 2.0 document: it has no "openapi" or "swagger" field`,
    { file: root.file, line: 1, path: '/' },
  );
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function withIdentifier(info: Record<string, unknown>): { identifier?: string } {
  const candidates: unknown[] = [info['x-viss-identifier'], info['x-identifier']];
  for (const [key, value] of Object.entries(info)) if (key.startsWith('x-')) candidates.push(value);
  candidates.push(info.title, info.description, info.summary);
  for (const candidate of candidates) {
    const match = typeof candidate === 'string' ? IVIS_URN.exec(candidate) : null;
    if (match) return { identifier: match[0] };
  }
  return {};
}

// --- servers ---------------------------------------------------------------------------------

function serverEndpoints(ctx: Context, servers: Located): Endpoint[] {
  const list = ctx.docs.deref(servers);
  if (!list || !Array.isArray(list.value)) return [];
  const endpoints: Endpoint[] = [];
  list.value.forEach((_, index) => {
    const server = ctx.docs.deref(ctx.docs.child(list, index));
    if (!server || !isObject(server.value) || typeof server.value.url !== 'string') return;
    const url = substituteVariables(server.value.url, server.value.variables);
    endpoints.push({
      name: text(server.value.description) ?? url,
      url,
      location: ctx.docs.locate(server.file, server.pointer),
    });
  });
  return endpoints;
}

function substituteVariables(url: string, variables: unknown): string {
  if (!isObject(variables)) return url;
  return url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = Object.hasOwn(variables, name) ? variables[name] : undefined;
    const fallback = isObject(variable) ? text(variable.default) : undefined;
    return fallback ?? whole;
  });
}

function swaggerEndpoints(ctx: Context): Endpoint[] {
  const root = ctx.root.value as Record<string, unknown>;
  const host = text(root.host);
  const basePath = text(root.basePath) ?? '';
  const location = ctx.docs.locate(ctx.root.file, host ? '/host' : '/basePath');
  if (!host) return basePath ? [{ name: basePath, url: basePath, location }] : [];
  const schemes = stringList(root.schemes);
  return (schemes.length > 0 ? schemes : ['https']).map((scheme) => {
    const url = `${scheme}://${host}${basePath === '/' ? '' : basePath}`;
    return { name: url, url, location };
  });
}

// --- security --------------------------------------------------------------------------------

function readSecuritySchemes(ctx: Context): SecurityScheme[] {
  const { docs, root } = ctx;
  const holder =
    ctx.format === 'swagger-2.0'
      ? docs.child(root, 'securityDefinitions')
      : docs.child(docs.deref(docs.child(root, 'components')) ?? root, 'securitySchemes');
  const map = docs.deref(holder);
  if (!map || !isObject(map.value)) return [];
  const schemes: SecurityScheme[] = [];
  for (const name of Object.keys(map.value)) {
    const scheme = docs.deref(docs.child(map, name));
    if (!scheme || !isObject(scheme.value)) continue;
    const location = docs.locate(scheme.file, scheme.pointer);
    schemes.push({ name, ...describeScheme(scheme.value), location });
  }
  return schemes;
}

function describeScheme(scheme: Record<string, unknown>): Pick<SecurityScheme, 'type' | 'detail'> {
  const parts = (...values: unknown[]) =>
    values
      .map(text)
      .filter((v) => v !== undefined)
      .join(' ') || undefined;
  switch (scheme.type) {
    case 'basic':
      return { type: 'http', detail: 'basic' };
    case 'http':
      return { type: 'http', detail: parts(scheme.scheme, scheme.bearerFormat) };
    case 'apiKey':
      return { type: 'apiKey', detail: parts(scheme.in, scheme.name) };
    case 'oauth2':
      return {
        type: 'oauth2',
        detail: isObject(scheme.flows)
          ? Object.keys(scheme.flows).join(', ')
          : parts(scheme.flow, scheme.tokenUrl),
      };
    case 'openIdConnect':
      return { type: 'openIdConnect', detail: parts(scheme.openIdConnectUrl) };
    case 'mutualTLS':
      return { type: 'mutualTLS' };
    default:
      return { type: 'other', detail: parts(scheme.type) };
  }
}

function readSecurity(requirements: unknown): Operation['security'] {
  if (!Array.isArray(requirements)) return undefined;
  const security: NonNullable<Operation['security']> = [];
  for (const requirement of requirements) {
    if (!isObject(requirement)) continue;
    for (const [scheme, scopes] of Object.entries(requirement)) {
      if (!security.some((s) => s.scheme === scheme)) security.push({ scheme, scopes: stringList(scopes) });
    }
  }
  return security;
}

// --- operations ------------------------------------------------------------------------------

type ReadOperation = { operation: Operation; endpoints: Endpoint[] };

function readOperations(ctx: Context): ReadOperation[] {
  const { docs, root } = ctx;
  const paths = docs.deref(docs.child(root, 'paths'));
  if (!paths || !isObject(paths.value)) return [];
  const globalSecurity = readSecurity((root.value as Record<string, unknown>).security);
  const result: ReadOperation[] = [];
  const ids = new Set<string>();
  for (const pathName of Object.keys(paths.value)) {
    if (pathName.startsWith('x-')) continue;
    const item = docs.deref(docs.child(paths, pathName));
    if (!item || !isObject(item.value)) continue;
    const pathEndpoints =
      ctx.format === 'swagger-2.0' ? [] : serverEndpoints(ctx, docs.child(item, 'servers'));
    for (const method of METHODS) {
      if (method === 'trace' && ctx.format === 'swagger-2.0') continue;
      const node = docs.child(item, method);
      if (!isObject(node.value)) continue;
      const read = readOperation(ctx, pathName, method, item, node, globalSecurity);
      if (ids.has(read.operation.id)) read.operation.id = `${method.toUpperCase()} ${pathName}`;
      ids.add(read.operation.id);
      read.endpoints.push(...pathEndpoints);
      result.push(read);
    }
  }
  return result;
}

function readOperation(
  ctx: Context,
  pathName: string,
  method: string,
  item: Located,
  node: Located,
  globalSecurity: Operation['security'],
): ReadOperation {
  const { docs } = ctx;
  const op = node.value as Record<string, unknown>;
  const fallbackId = `${method.toUpperCase()} ${pathName}`;
  const operationId = text(op.operationId);
  const documentation = [text(op.summary), text(op.description)].filter((v) => v !== undefined).join('\n\n');
  const parameters = mergeParameters(ctx, docs.child(item, 'parameters'), docs.child(node, 'parameters'));
  const input =
    ctx.format === 'swagger-2.0' ? swaggerInput(ctx, node, parameters) : requestBodyInput(ctx, node);
  const { output, faults } = readResponses(ctx, node, operationId ?? fallbackId);
  const security = op.security === undefined ? globalSecurity : readSecurity(op.security);
  const operation: Operation = {
    id: operationId ?? fallbackId,
    name: operationId ?? fallbackId,
    method: method.toUpperCase(),
    path: pathName,
    ...(documentation ? { documentation } : {}),
    ...(input ? { input } : {}),
    ...(output ? { output } : {}),
    faults,
    ...(security ? { security } : {}),
    ...(op.deprecated === true ? { deprecated: true } : {}),
    parameters: parameters
      .filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header' || p.in === 'cookie')
      .map((p) => ({
        name: p.name,
        in: p.in as 'path' | 'query' | 'header' | 'cookie',
        ...(p.required ? { required: true } : {}),
        ...parameterSchema(ctx, p.node),
        location: docs.locate(p.node.file, p.node.pointer),
      })),
    location: docs.locate(node.file, node.pointer),
  };
  const endpoints = ctx.format === 'swagger-2.0' ? [] : serverEndpoints(ctx, docs.child(node, 'servers'));
  return { operation, endpoints };
}

type Parameter = { name: string; in: string; required: boolean; node: Located };

/** Path-level parameters, overridden by the operation's own (same name and place). */
function mergeParameters(ctx: Context, pathLevel: Located, operationLevel: Located): Parameter[] {
  const merged: Parameter[] = [];
  for (const holder of [pathLevel, operationLevel]) {
    const list = ctx.docs.deref(holder);
    if (!list || !Array.isArray(list.value)) continue;
    list.value.forEach((_, index) => {
      const node = ctx.docs.deref(ctx.docs.child(list, index));
      if (!node || !isObject(node.value)) return;
      const name = text(node.value.name) ?? `#${index}`;
      const place = text(node.value.in) ?? 'query';
      const existing = merged.findIndex((p) => p.name === name && p.in === place);
      const parameter = { name, in: place, required: node.value.required === true, node };
      if (existing === -1) merged.push(parameter);
      else merged[existing] = parameter;
    });
  }
  return merged;
}

function schemaOf(ctx: Context, holder: Located): { schema?: ReturnType<SchemaBuilder['schemaRef']> } {
  const schema = ctx.schemas.schemaRef(ctx.docs.child(holder, 'schema'));
  return schema ? { schema } : {};
}

/** OpenAPI 3: `schema`, or the schema of its first `content` entry; Swagger 2.0: the parameter itself is the schema. */
function parameterSchema(ctx: Context, node: Located): { schema?: ReturnType<SchemaBuilder['schemaRef']> } {
  const value = node.value as Record<string, unknown>;
  if (value.schema !== undefined) return schemaOf(ctx, node);
  if (ctx.format === 'swagger-2.0') {
    const schema = ctx.schemas.schemaRef(node);
    return schema ? { schema } : {};
  }
  const content = ctx.docs.deref(ctx.docs.child(node, 'content'));
  const first = content && isObject(content.value) ? Object.keys(content.value)[0] : undefined;
  const media = first === undefined || !content ? undefined : ctx.docs.deref(ctx.docs.child(content, first));
  return media ? schemaOf(ctx, media) : {};
}

function contentParts(ctx: Context, holder: Located, name: string, required?: boolean): MessageRef['parts'] {
  const content = ctx.docs.deref(ctx.docs.child(holder, 'content'));
  if (!content || !isObject(content.value)) return [];
  return Object.keys(content.value).map((mediaType) => {
    const media = ctx.docs.deref(ctx.docs.child(content, mediaType));
    return {
      name,
      mediaType,
      ...(media ? schemaOf(ctx, media) : {}),
      ...(required ? { required: true } : {}),
    };
  });
}

function requestBodyInput(ctx: Context, node: Located): MessageRef | undefined {
  const body = ctx.docs.deref(ctx.docs.child(node, 'requestBody'));
  if (!body || !isObject(body.value)) return undefined;
  const parts = contentParts(ctx, body, 'body', body.value.required === true);
  return { name: 'requestBody', parts };
}

function swaggerInput(ctx: Context, node: Located, parameters: Parameter[]): MessageRef | undefined {
  const op = node.value as Record<string, unknown>;
  const consumes = Array.isArray(op.consumes) ? stringList(op.consumes) : ctx.consumes;
  const parts: MessageRef['parts'] = [];
  for (const parameter of parameters) {
    if (parameter.in === 'body') {
      const schema = schemaOf(ctx, parameter.node);
      for (const mediaType of consumes.length > 0 ? consumes : [undefined]) {
        parts.push({
          name: parameter.name,
          ...(mediaType ? { mediaType } : {}),
          ...schema,
          ...(parameter.required ? { required: true } : {}),
        });
      }
    } else if (parameter.in === 'formData') {
      const form = consumes.find((c) => /form/.test(c)) ?? 'application/x-www-form-urlencoded';
      const schema = ctx.schemas.schemaRef(parameter.node);
      parts.push({
        name: parameter.name,
        mediaType: form,
        ...(schema ? { schema } : {}),
        ...(parameter.required ? { required: true } : {}),
      });
    }
  }
  return parts.length > 0 ? { name: 'body', parts } : undefined;
}

function readResponses(
  ctx: Context,
  node: Located,
  operationName: string,
): { output?: MessageRef; faults: FaultRef[] } {
  const { docs } = ctx;
  const responses = docs.deref(docs.child(node, 'responses'));
  const faults: FaultRef[] = [];
  if (!responses || !isObject(responses.value)) return { faults };
  const op = node.value as Record<string, unknown>;
  const produces = Array.isArray(op.produces) ? stringList(op.produces) : ctx.produces;
  const outputParts: MessageRef['parts'] = [];
  const outputStatuses: string[] = [];
  for (const status of Object.keys(responses.value)) {
    if (status.startsWith('x-')) continue;
    const response = docs.deref(docs.child(responses, status));
    if (!response || !isObject(response.value)) continue;
    const parts =
      ctx.format === 'swagger-2.0'
        ? swaggerResponseParts(ctx, response, status, produces)
        : contentParts(ctx, response, status);
    if (/^2/.test(status)) {
      outputStatuses.push(status);
      outputParts.push(...parts);
    } else if (/^[45]/.test(status) || status === 'default') {
      faults.push({
        name: text(response.value.description) ?? status,
        status,
        message: { name: `${operationName} ${status}`, parts },
        location: docs.locate(response.file, response.pointer),
      });
    }
  }
  const output =
    outputStatuses.length > 0
      ? { name: `${operationName} ${outputStatuses.join(', ')}`, parts: outputParts }
      : undefined;
  return output ? { output, faults } : { faults };
}

function swaggerResponseParts(
  ctx: Context,
  response: Located,
  status: string,
  produces: string[],
): MessageRef['parts'] {
  const schema = schemaOf(ctx, response);
  if (!schema.schema) return [];
  return (produces.length > 0 ? produces : [undefined]).map((mediaType) => ({
    name: status,
    ...(mediaType ? { mediaType } : {}),
    ...schema,
  }));
}

// --- examples --------------------------------------------------------------------------------

/** Keys whose children are names chosen by the author, not keywords (a property may be called "example"). */
const NAME_MAP_KEYS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'schemas',
  'paths',
  'responses',
  'parameters',
  'requestBodies',
  'headers',
  'securitySchemes',
  'securityDefinitions',
  'links',
  'callbacks',
  'webhooks',
  'content',
  'variables',
  'encoding',
]);
const MAX_EXAMPLE_WALK_DEPTH = 128;

/**
 * Every `example` and `examples` value in every file that took part (components included), each
 * once, where it is written. Example values are not searched further: they are data, not keywords.
 */
function collectExamples(ctx: Context): NonNullable<Contract['rest']>['examples'] {
  const { docs } = ctx;
  const examples: NonNullable<Contract['rest']>['examples'] = [];
  const seen = new WeakSet<object>();
  const add = (value: unknown, file: string, pointer: string): void => {
    examples.push({ value, location: docs.locate(file, pointer) });
  };

  function walk(value: unknown, file: string, pointer: string, isNameMap: boolean, depth: number): void {
    if (typeof value !== 'object' || value === null || depth > MAX_EXAMPLE_WALK_DEPTH || seen.has(value))
      return;
    seen.add(value);
    // Remote references anywhere (even in unused components) are reported, never followed.
    if (isObject(value) && typeof value.$ref === 'string') {
      try {
        docs.refTarget({ value, file, pointer });
      } catch {
        // A malformed $ref that nothing uses does not stop the review.
      }
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        walk(item, file, `${pointer}/${i}`, false, depth + 1);
      });
      return;
    }
    for (const [key, inner] of Object.entries(value)) {
      const at = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (!isNameMap && key.startsWith('x-')) continue;
      if (!isNameMap && key === 'example') {
        add(inner, file, at);
      } else if (!isNameMap && key === 'examples') {
        collectExamplesKeyword(inner, file, at);
      } else if (!isNameMap && key === 'enum') {
        // Enumerated values are not examples and may legitimately hold anything.
      } else {
        walk(inner, file, at, !isNameMap && NAME_MAP_KEYS.has(key), depth + 1);
      }
    }
  }

  function collectExamplesKeyword(value: unknown, file: string, pointer: string): void {
    if (Array.isArray(value)) {
      // JSON Schema (OpenAPI 3.1) `examples`: a list of values.
      value.forEach((item, i) => {
        add(item, file, `${pointer}/${i}`);
      });
    } else if (isObject(value)) {
      for (const [name, example] of Object.entries(value)) {
        const at = `${pointer}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        if (ctx.format === 'swagger-2.0')
          add(example, file, at); // media type → value
        else if (isObject(example) && Object.hasOwn(example, 'value'))
          add(example.value, file, `${at}/value`);
      }
    }
  }

  for (const file of docs.used()) walk(docs.valueOf(file), file, '', false, 0);
  return examples;
}
