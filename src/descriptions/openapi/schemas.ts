import type { SchemaRef } from '../contract.ts';
import { type DocumentSet, isObject, type Located } from './documents.ts';

// A schema as the rules see it: `$ref`s inlined, recursion cut where it loops (left as `{ $ref }`),
// and trimmed to the keywords that say what data flows (types, formats, bounds, structure). Every
// schema is bounded in nodes so a hostile or merely enormous description cannot blow up memory.

const KEPT_KEYWORDS = new Set([
  'type',
  'format',
  'title',
  'description',
  'properties',
  'patternProperties',
  'additionalProperties',
  'items',
  'prefixItems',
  'required',
  'enum',
  'const',
  'nullable',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'discriminator',
  'readOnly',
  'writeOnly',
  'deprecated',
  'contentMediaType',
  'contentEncoding',
  'default',
]);
/** Keywords whose value is a map from names to schemas. */
const NAME_MAPS = new Set(['properties', 'patternProperties']);
const SCHEMA_LISTS = new Set(['allOf', 'oneOf', 'anyOf', 'prefixItems']);
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'not']);

/** Nodes one materialised schema may have once expanded as a tree. */
const MAX_NODES_PER_SCHEMA = 5_000;
const MAX_DEPTH = 32;

type Built = { value: unknown; size: number };

export type SchemaBuilder = { schemaRef: (node: Located) => SchemaRef | undefined };

export function createSchemaBuilder(docs: DocumentSet): SchemaBuilder {
  // Finished `$ref` targets, shared between the schemas that use them.
  const cache = new Map<string, Built>();

  function build(node: Located, stack: Set<string>, depth: number, budget: { left: number }): Built {
    const { value } = node;
    if (depth > MAX_DEPTH) return { value: {}, size: 1 };
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      let size = 1;
      for (let i = 0; i < value.length; i += 1) {
        const built = build(docs.child(node, i), stack, depth + 1, budget);
        items.push(built.value);
        size += built.size;
      }
      return { value: items, size };
    }
    if (!isObject(value)) return { value, size: 1 };
    if (typeof value.$ref === 'string') {
      const key = docs.refTarget(node);
      const placeholder = { value: { $ref: value.$ref }, size: 1 };
      if (!key || stack.has(key) || depth > MAX_DEPTH) return placeholder;
      const cached = cache.get(key);
      if (cached) {
        if (cached.size > budget.left) return placeholder;
        budget.left -= cached.size;
        return cached;
      }
      const target = docs.deref(node);
      if (!target) return placeholder;
      stack.add(key);
      const built = build(target, stack, depth + 1, budget);
      stack.delete(key);
      cache.set(key, built);
      return built;
    }
    budget.left -= 1;
    if (budget.left <= 0 || depth > MAX_DEPTH) return { value: {}, size: 1 };
    const out: Record<string, unknown> = {};
    let size = 1;
    for (const [keyword, inner] of Object.entries(value)) {
      if (!KEPT_KEYWORDS.has(keyword)) continue;
      const at = docs.child(node, keyword);
      if (NAME_MAPS.has(keyword) && isObject(inner)) {
        const map: Record<string, unknown> = {};
        for (const name of Object.keys(inner)) {
          const built = build(docs.child(at, name), stack, depth + 1, budget);
          Object.defineProperty(map, name, {
            value: built.value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
          size += built.size;
        }
        out[keyword] = map;
      } else if (
        (SCHEMA_LISTS.has(keyword) || SCHEMA_VALUES.has(keyword)) &&
        typeof inner === 'object' &&
        inner !== null
      ) {
        const built = build(at, stack, depth + 1, budget);
        out[keyword] = built.value;
        size += built.size;
      } else {
        out[keyword] = inner;
        size += 1;
      }
    }
    return { value: out, size };
  }

  function schemaRef(node: Located): SchemaRef | undefined {
    if (node.value === undefined || node.value === null || typeof node.value !== 'object') return undefined;
    const ref = isObject(node.value) && typeof node.value.$ref === 'string' ? node.value.$ref : undefined;
    const name = ref ? (ref.split('/').pop() ?? ref) : `${node.file}#${node.pointer}`;
    const built = build(node, new Set(), 0, { left: MAX_NODES_PER_SCHEMA });
    const maxBytes = boundOf(built.value, 0);
    return {
      kind: 'json-schema',
      name,
      schema: built.value,
      ...(maxBytes === undefined ? {} : { maxBytes }),
    };
  }

  return { schemaRef };
}

/**
 * The most bytes a JSON value valid against the schema can take, when the schema bounds it: strings by
 * maxLength (4 bytes per character, UTF-8's worst), arrays by maxItems, objects only when they allow
 * no other properties. Anything open-ended or recursive is unbounded (undefined).
 */
function boundOf(schema: unknown, depth: number): number | undefined {
  if (!isObject(schema) || depth > MAX_DEPTH || typeof schema.$ref === 'string') return undefined;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return Math.max(...schema.enum.map((v) => Buffer.byteLength(JSON.stringify(v) ?? 'null')));
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const options = schema[keyword];
    if (Array.isArray(options) && options.length > 0) {
      const bounds = options.map((o) => boundOf(o, depth + 1));
      return bounds.every((b) => b !== undefined) ? Math.max(...(bounds as number[])) : undefined;
    }
  }
  const type = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (type.length !== 1) return undefined;
  switch (type[0]) {
    case 'string':
      return typeof schema.maxLength === 'number' ? schema.maxLength * 4 + 2 : undefined;
    case 'integer':
    case 'number':
      return 24;
    case 'boolean':
      return 5;
    case 'null':
      return 4;
    case 'array': {
      const item = boundOf(schema.items, depth + 1);
      return typeof schema.maxItems === 'number' && item !== undefined
        ? 2 + schema.maxItems * (item + 1)
        : undefined;
    }
    case 'object': {
      if (schema.additionalProperties !== false || !isObject(schema.properties)) return undefined;
      let total = 2;
      for (const [name, property] of Object.entries(schema.properties)) {
        const bound = boundOf(property, depth + 1);
        if (bound === undefined) return undefined;
        total += Buffer.byteLength(JSON.stringify(name)) + 2 + bound;
      }
      return total;
    }
    default:
      return undefined;
  }
}
