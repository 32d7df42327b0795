import type { Contract, MessageRef, Operation, SchemaMember } from './contract.ts';

// What changed in the data a service takes and gives between two versions of its description, and
// whether each change breaks existing consumers. The two sides are judged differently: a consumer
// sends requests (so the service may only become more lenient) and reads responses (so the service
// may only add). Pure.

export const schemaChangeKinds = [
  'operation-added',
  'operation-removed',
  'field-added',
  'field-removed',
  'type-changed',
  'became-required',
  'became-optional',
  'became-repeated',
  'became-single',
  'enum-values-added',
  'enum-values-removed',
  'fault-added',
  'fault-removed',
  'security-added',
  'security-removed',
] as const;
export type SchemaChangeKind = (typeof schemaChangeKinds)[number];
export const schemaChangeAreas = ['operation', 'request', 'response', 'fault', 'security'] as const;

export type SchemaChange = {
  operation: string;
  area: (typeof schemaChangeAreas)[number];
  /** The field (`GetPerson/code`, `query:limit`, `body.address.city`), fault or scheme concerned. */
  path?: string;
  kind: SchemaChangeKind;
  before?: string;
  after?: string;
  impact: 'breaking' | 'compatible';
};

type Field = { type: string; required: boolean; repeated: boolean; enum?: string[] };
type Shape = Map<string, Field>;
type OperationShape = {
  name: string;
  request: Shape;
  response: Shape;
  faults: Set<string>;
  security: Set<string>;
};

const MAX_DEPTH = 10;
const MAX_FIELDS = 2_000;

/** Operation names match case- and accent-insensitively, as in the catalog comparison. */
export function operationKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

// ---- SOAP: message parts resolved through the XML schema declarations ----

type XmlIndex = {
  elements: Map<string, NonNullable<Contract['soap']>['types'][number]>;
  types: Map<string, NonNullable<Contract['soap']>['types'][number]>;
};

function xmlIndex(contract: Contract): XmlIndex {
  const elements = new Map();
  const types = new Map();
  for (const t of contract.soap?.types ?? []) (t.kind === 'element' ? elements : types).set(t.name, t);
  return { elements, types };
}

function addXmlMembers(
  shape: Shape,
  index: XmlIndex,
  members: SchemaMember[],
  prefix: string,
  seen: Set<string>,
  depth: number,
): void {
  for (const m of members) {
    if (shape.size >= MAX_FIELDS || depth > MAX_DEPTH) return;
    const path = `${prefix}/${m.name}`;
    const field: Field = { type: m.type ?? 'anyType', required: m.required, repeated: m.repeated };
    if (m.enum) field.enum = m.enum;
    if (m.children) {
      field.type = 'complex';
      shape.set(path, field);
      addXmlMembers(shape, index, m.children, path, seen, depth + 1);
      continue;
    }
    const referenced = m.type?.startsWith('element:') ? index.elements.get(m.type.slice(8)) : undefined;
    const named = referenced ?? (m.type ? index.types.get(m.type) : undefined);
    if (named?.kind === 'simpleType') {
      field.type = named.base ?? named.name;
      if (named.enum) field.enum = named.enum;
    }
    shape.set(path, field);
    if (named && named.kind !== 'simpleType' && !seen.has(named.name)) {
      const inner = named.members ?? index.types.get(named.typeName ?? '')?.members ?? [];
      addXmlMembers(shape, index, inner, path, new Set([...seen, named.name]), depth + 1);
    }
  }
}

function xmlMessageShape(index: XmlIndex, message: MessageRef | undefined): Shape {
  const shape: Shape = new Map();
  for (const part of message?.parts ?? []) {
    const name = part.schema?.name ?? part.name;
    const declared =
      part.schema?.kind === 'xml-type' ? index.types.get(name) : (index.elements.get(name) ?? undefined);
    shape.set(name, {
      type: declared?.typeName ?? declared?.base ?? 'complex',
      required: true,
      repeated: false,
    });
    const members = declared?.members ?? index.types.get(declared?.typeName ?? '')?.members ?? [];
    addXmlMembers(shape, index, members, name, new Set([name]), 1);
  }
  return shape;
}

// ---- REST: parameters and JSON schemas ----

type JsonSchema = {
  type?: string | string[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  $ref?: string;
};

function jsonType(schema: JsonSchema): string {
  if (schema.$ref) return schema.$ref.split('/').pop() ?? 'ref';
  if (schema.oneOf) return 'oneOf';
  if (schema.anyOf) return 'anyOf';
  const type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null').join('|') : schema.type;
  const base = type ?? (schema.properties ? 'object' : 'any');
  return schema.format ? `${base}:${schema.format}` : base;
}

/** allOf parts merged into one object schema, since that is what the consumer sends or reads. */
function merged(schema: JsonSchema): JsonSchema {
  if (!schema.allOf) return schema;
  const out: JsonSchema = {
    ...schema,
    properties: { ...schema.properties },
    required: [...(schema.required ?? [])],
  };
  delete out.allOf;
  for (const part of schema.allOf.map(merged)) {
    Object.assign(out.properties as Record<string, JsonSchema>, part.properties);
    out.required?.push(...(part.required ?? []));
    if (!out.type && part.type) out.type = part.type;
  }
  return out;
}

function addJsonSchema(shape: Shape, raw: unknown, path: string, required: boolean, depth: number): void {
  if (shape.size >= MAX_FIELDS || depth > MAX_DEPTH || typeof raw !== 'object' || raw === null) return;
  const schema = merged(raw as JsonSchema);
  const field: Field = { type: jsonType(schema), required, repeated: false };
  if (schema.enum) field.enum = schema.enum.map((v) => JSON.stringify(v));
  if (schema.items) {
    field.repeated = true;
    const items = merged(schema.items);
    field.type = `array<${jsonType(items)}>`;
    if (items.enum) field.enum = items.enum.map((v) => JSON.stringify(v));
    shape.set(path, field);
    addProperties(shape, items, `${path}[]`, depth);
    return;
  }
  shape.set(path, field);
  addProperties(shape, schema, path, depth);
}

function addProperties(shape: Shape, schema: JsonSchema, path: string, depth: number): void {
  const required = new Set(schema.required ?? []);
  for (const [name, inner] of Object.entries(schema.properties ?? {}))
    addJsonSchema(shape, inner, `${path}.${name}`, required.has(name), depth + 1);
}

function restRequestShape(op: Operation): Shape {
  const shape: Shape = new Map();
  for (const p of op.parameters ?? []) {
    const schema = (p.schema?.schema ?? {}) as JsonSchema;
    shape.set(`${p.in}:${p.name}`, {
      type: jsonType(schema),
      required: p.required === true,
      repeated: schema.items !== undefined,
      ...(schema.enum ? { enum: schema.enum.map((v) => JSON.stringify(v)) } : {}),
    });
  }
  const body = preferJson(op.input);
  if (body) addJsonSchema(shape, body.schema?.schema, 'body', body.required === true, 0);
  return shape;
}

function preferJson(message: MessageRef | undefined) {
  const parts = message?.parts ?? [];
  return parts.find((p) => /json/i.test(p.mediaType ?? '')) ?? parts[0];
}

function restResponseShape(op: Operation): Shape {
  const shape: Shape = new Map();
  const body = preferJson(op.output);
  if (body) addJsonSchema(shape, body.schema?.schema, 'body', true, 0);
  return shape;
}

// ---- Both ----

function shapesOf(contract: Contract): Map<string, OperationShape> {
  const index = contract.protocol === 'soap' ? xmlIndex(contract) : null;
  const shapes = new Map<string, OperationShape>();
  for (const op of contract.operations) {
    shapes.set(operationKey(op.name), {
      name: op.name,
      request: index ? xmlMessageShape(index, op.input) : restRequestShape(op),
      response: index ? xmlMessageShape(index, op.output) : restResponseShape(op),
      faults: new Set(op.faults.map((f) => f.status ?? f.name)),
      security: new Set((op.security ?? []).map((s) => s.scheme)),
    });
  }
  return shapes;
}

const sorted = (values: Iterable<string>) => [...values].sort();

function compareFields(operation: string, side: 'request' | 'response', before: Shape, after: Shape) {
  const changes: SchemaChange[] = [];
  // The consumer sends requests: anything that makes the service stricter breaks it. It reads
  // responses: anything it may have relied on that goes away or changes shape breaks it.
  const onRequest = side === 'request';
  const add = (path: string, kind: SchemaChangeKind, breaking: boolean, b?: string, a?: string) =>
    changes.push({
      operation,
      area: side,
      path,
      kind,
      impact: breaking ? 'breaking' : 'compatible',
      ...(b === undefined ? {} : { before: b }),
      ...(a === undefined ? {} : { after: a }),
    });
  const parentGone = (path: string, shape: Shape) =>
    [...shape.keys()].some(
      (p) => p !== path && path.startsWith(p) && /^[/.[]/.test(path.slice(p.length)) && !after.has(p),
    );
  for (const [path, old] of before) {
    const now = after.get(path);
    if (!now) {
      if (!parentGone(path, before)) add(path, 'field-removed', true, old.type);
      continue;
    }
    if (old.type !== now.type) add(path, 'type-changed', true, old.type, now.type);
    if (old.required !== now.required) {
      const nowRequired = now.required;
      add(path, nowRequired ? 'became-required' : 'became-optional', onRequest ? nowRequired : !nowRequired);
    }
    if (old.repeated !== now.repeated) {
      add(path, now.repeated ? 'became-repeated' : 'became-single', onRequest ? !now.repeated : now.repeated);
    }
    if (old.enum || now.enum) {
      const was = new Set(old.enum ?? []);
      const is = new Set(now.enum ?? []);
      const added = [...is].filter((v) => !was.has(v));
      const removed = [...was].filter((v) => !is.has(v));
      // A list that appears or disappears narrows or widens everything at once.
      if (old.enum && now.enum) {
        if (added.length) add(path, 'enum-values-added', !onRequest, undefined, added.join(', '));
        if (removed.length) add(path, 'enum-values-removed', onRequest, removed.join(', '));
      } else if (now.enum) add(path, 'enum-values-removed', onRequest, 'any', now.enum.join(', '));
      else add(path, 'enum-values-added', !onRequest, old.enum?.join(', '), 'any');
    }
  }
  for (const [path, now] of after) {
    if (before.has(path)) continue;
    const parentNew = [...after.keys()].some(
      (p) => p !== path && path.startsWith(p) && /^[/.[]/.test(path.slice(p.length)) && !before.has(p),
    );
    if (!parentNew) add(path, 'field-added', onRequest && now.required, undefined, now.type);
  }
  return changes;
}

/** Faults or security schemes added and removed; removing either never breaks a consumer. */
function memberChanges(
  operation: string,
  area: 'fault' | 'security',
  before: Set<string>,
  after: Set<string>,
  addedImpact: SchemaChange['impact'],
): SchemaChange[] {
  const added = sorted(after).filter((m) => !before.has(m));
  const removed = sorted(before).filter((m) => !after.has(m));
  return [
    ...added.map((path) => ({ operation, area, path, kind: `${area}-added` as const, impact: addedImpact })),
    ...removed.map((path) => ({
      operation,
      area,
      path,
      kind: `${area}-removed` as const,
      impact: 'compatible' as const,
    })),
  ];
}

/** Every change between the registered contract and the new one, each classified. */
export function compareSchemas(previous: Contract, next: Contract): SchemaChange[] {
  const before = shapesOf(previous);
  const after = shapesOf(next);
  const changes: SchemaChange[] = [];
  for (const [key, old] of before) {
    const now = after.get(key);
    if (!now) {
      changes.push({ operation: old.name, area: 'operation', kind: 'operation-removed', impact: 'breaking' });
      continue;
    }
    changes.push(...compareFields(now.name, 'request', old.request, now.request));
    changes.push(...compareFields(now.name, 'response', old.response, now.response));
    changes.push(...memberChanges(now.name, 'fault', old.faults, now.faults, 'compatible'));
    // A consumer without credentials for a newly required scheme can no longer call.
    changes.push(...memberChanges(now.name, 'security', old.security, now.security, 'breaking'));
  }
  for (const [key, now] of after)
    if (!before.has(key))
      changes.push({ operation: now.name, area: 'operation', kind: 'operation-added', impact: 'compatible' });
  return changes;
}
