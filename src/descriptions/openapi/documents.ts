import path from 'node:path';
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  parseDocument,
} from 'yaml';
import { DescriptionError, type DescriptionFiles, type SourceLocation } from '../contract.ts';

// The uploaded files of one OpenAPI/Swagger description, parsed lazily with positions, and the one
// place `$ref`s are followed. JSON is YAML 1.2, so the `yaml` package reads both formats and gives
// every JSON pointer a line. Nothing here touches the network: a reference with a scheme
// (`https://…`) is recorded and left alone.

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** yaml's own default; an alias bomb expands far beyond it and is refused. */
const MAX_ALIAS_COUNT = 100;
/**
 * Nesting limits checked before parsing: yaml's composer recurses per level, and a stack overflow
 * inside it (around 800 levels) leaves V8 able to crash the whole process on a later parse.
 * Real descriptions stay far below these.
 */
const MAX_FLOW_DEPTH = 100;
const MAX_BLOCK_COLUMN = 200;
/** A chain of `$ref` to `$ref` longer than this is a loop or an attack. */
const MAX_REF_HOPS = 64;

/** A value inside one of the files, with where it is. */
export type Located = { value: unknown; file: string; pointer: string };

export type RemoteRef = { ref: string; reason: 'remote'; location: SourceLocation };

type ParsedFile = { name: string; doc: Document; lines: LineCounter; value: unknown };

export type DocumentSet = {
  main: ParsedFile;
  /** Names of the files that took part, main first. */
  used: () => string[];
  /** The parsed value of a file that took part. */
  valueOf: (file: string) => unknown;
  locate: (file: string, pointer: string) => SourceLocation;
  child: (node: Located, key: string | number) => Located;
  /** Follows `$ref` chains to the referenced value; undefined for remote references (recorded). */
  deref: (node: Located) => Located | undefined;
  /** Where a `$ref` points, as `file#pointer`, without reading it; undefined when remote. */
  refTarget: (node: Located) => string | undefined;
  remoteRefs: RemoteRef[];
};

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function escapePointer(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

function decodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function normaliseName(name: string): string {
  return path.posix.normalize(name.replaceAll('\\', '/')).replace(/^\.\//, '');
}

export function openDocuments(files: DescriptionFiles, maxBytes = DEFAULT_MAX_BYTES): DocumentSet {
  const byName = new Map<string, Uint8Array>();
  for (const [name, bytes] of files.files) byName.set(normaliseName(name), bytes);
  const parsed = new Map<string, ParsedFile>();
  const remoteRefs: RemoteRef[] = [];
  let totalBytes = 0;

  function load(name: string, from?: SourceLocation): ParsedFile {
    const cached = parsed.get(name);
    if (cached) return cached;
    const bytes = byName.get(name);
    if (!bytes) {
      throw new DescriptionError(
        from
          ? `${from.file} refers to ${name}, which is not among the uploaded files; upload it with the description`
          : `The description file ${name} is missing`,
        from,
      );
    }
    totalBytes += bytes.byteLength;
    if (totalBytes > maxBytes) {
      throw new DescriptionError(
        `The description is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB (at ${name}); Pakalpe does not read descriptions that large`,
        { file: name },
      );
    }
    const file = parseFile(name, bytes);
    parsed.set(name, file);
    return file;
  }

  const main = load(normaliseName(files.main));

  function locate(file: string, pointer: string): SourceLocation {
    const parsedFile = parsed.get(file);
    const offset = parsedFile ? offsetOf(parsedFile.doc, pointer) : undefined;
    if (!parsedFile || offset === undefined) return { file, path: pointer || '/' };
    const { line, col } = parsedFile.lines.linePos(offset);
    return { file, line, column: col, path: pointer || '/' };
  }

  function child(node: Located, key: string | number): Located {
    const { value } = node;
    let next: unknown;
    if (Array.isArray(value) && typeof key === 'number') next = value[key];
    else if (isObject(value) && Object.hasOwn(value, key)) next = value[key];
    return { value: next, file: node.file, pointer: `${node.pointer}/${escapePointer(key)}` };
  }

  /** `file#pointer` for a `$ref` string written in `file`; undefined (and recorded) when remote. */
  function target(ref: string, at: Located): { file: string; pointer: string } | undefined {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    if (/^[a-z][a-z0-9+.-]*:/i.test(filePart) || filePart.startsWith('//')) {
      const location = locate(at.file, `${at.pointer}/$ref`);
      if (
        !remoteRefs.some(
          (r) => r.ref === ref && r.location.path === location.path && r.location.file === location.file,
        )
      ) {
        remoteRefs.push({ ref, reason: 'remote', location });
      }
      return undefined;
    }
    const file =
      filePart === ''
        ? at.file
        : normaliseName(path.posix.join(path.posix.dirname(at.file), decodeUri(filePart)));
    const pointer = decodeUri(fragment);
    if (pointer !== '' && !pointer.startsWith('/')) {
      throw new DescriptionError(
        `$ref "${ref}" uses a plain-name fragment; only JSON pointers (#/…) are supported`,
        locate(at.file, `${at.pointer}/$ref`),
      );
    }
    return { file, pointer: pointer === '/' ? '' : pointer };
  }

  function refTarget(node: Located): string | undefined {
    if (!isObject(node.value) || typeof node.value.$ref !== 'string') return undefined;
    const t = target(node.value.$ref, node);
    return t && `${t.file}#${t.pointer}`;
  }

  function deref(node: Located): Located | undefined {
    let current = node;
    const seen = new Set<string>();
    for (let hop = 0; isObject(current.value) && typeof current.value.$ref === 'string'; hop += 1) {
      const ref = current.value.$ref;
      const refLocation = locate(current.file, `${current.pointer}/$ref`);
      const t = target(ref, current);
      if (!t) return undefined;
      const key = `${t.file}#${t.pointer}`;
      if (seen.has(key) || hop >= MAX_REF_HOPS) {
        throw new DescriptionError(
          `$ref "${ref}" is circular: it refers back to itself through other $refs`,
          refLocation,
        );
      }
      seen.add(key);
      const file = load(t.file, refLocation);
      const value = valueAt(file.value, t.pointer);
      if (value === undefined) {
        throw new DescriptionError(`$ref "${ref}" points to nothing in ${t.file}`, refLocation);
      }
      current = { value, file: t.file, pointer: t.pointer };
    }
    return current;
  }

  return {
    main,
    used: () => [...parsed.keys()],
    valueOf: (file) => parsed.get(file)?.value,
    locate,
    child,
    deref,
    refTarget,
    remoteRefs,
  };
}

function parseFile(name: string, bytes: Uint8Array): ParsedFile {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DescriptionError(`${name} is not UTF-8 text`, { file: name });
  }
  assertShallow(name, text);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const firstLine = error.message.split('\n')[0] ?? error.code;
    const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
    throw new DescriptionError(
      `${name} is not valid JSON or YAML${where}: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`,
      {
        file: name,
        line: pos?.line,
        column: pos?.col,
      },
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    const message = (cause as Error).message;
    throw new DescriptionError(
      /alias/i.test(message)
        ? `${name} expands YAML aliases too many times (a resource exhaustion attack, or far too much reuse)`
        : `${name} cannot be read: ${message}`,
      { file: name },
    );
  }
  return { name, doc, lines, value };
}

/**
 * Refuses input nested deeper than the limits, using yaml's lexer (iterative, so it cannot overflow):
 * `[`/`{` tokens for flow nesting, and per line the indentation plus `-`/`?` indicators for block
 * nesting. Scalars (quoted, plain or block) are skipped, so brackets inside text do not count.
 */
function assertShallow(name: string, text: string): void {
  let flow = 0;
  let line = 1;
  let column = 0;
  let isScalarNext = false;
  let isLineStart = true;
  const refuse = (what: string) => {
    throw new DescriptionError(
      `${name} is nested too deeply (${what} at line ${line}); Pakalpe does not read it`,
      {
        file: name,
        line,
      },
    );
  };
  for (const token of new Lexer().lex(text)) {
    if (isScalarNext || token.startsWith('"') || token.startsWith("'") || token.startsWith('#')) {
      isScalarNext = false;
      isLineStart = false;
      line += countNewlines(token);
      continue;
    }
    if (token.startsWith('\n') || token.startsWith('\r')) {
      line += countNewlines(token);
      column = 0;
      isLineStart = true;
      continue;
    }
    if (isLineStart && (token === '-' || token === '?' || /^[ \t]+$/.test(token))) {
      column += token.length;
      if (column > MAX_BLOCK_COLUMN) refuse(`content indented beyond column ${MAX_BLOCK_COLUMN}`);
      continue;
    }
    isLineStart = false;
    if (token === '\u001f') {
      isScalarNext = true;
    } else if (token === '[' || token === '{') {
      flow += 1;
      if (flow > MAX_FLOW_DEPTH) refuse(`more than ${MAX_FLOW_DEPTH} levels of [ ] or { }`);
    } else if (token === ']' || token === '}') {
      flow = Math.max(0, flow - 1);
    }
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let current = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = unescapePointer(raw);
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (isObject(current) && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/** Source offset of the key (or item) a JSON pointer names; the deepest known ancestor when it is not found. */
function offsetOf(doc: Document, pointer: string): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as { range?: [number, number] } | null)?.range?.[0];
  if (pointer === '') return offset;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = unescapePointer(raw);
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) === segment : String(p.key) === segment),
      );
      if (!pair) return offset;
      offset = (pair.key as { range?: [number, number] } | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(segment)) {
      node = node.items[Number(segment)];
      offset = (node as { range?: [number, number] } | null)?.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

/** The literal text of a scalar (so `version: 1.0` stays "1.0" in YAML), or undefined. */
export function scalarSource(doc: Document, keys: string[]): string | undefined {
  const node = doc.getIn(keys, true);
  if (isScalar(node) && node.source !== undefined && node.source !== '') return String(node.source);
  return undefined;
}
