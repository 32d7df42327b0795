// One normalised shape for every service description Pakalpe reads, whatever the format: a WSDL 1.1
// (with its XSDs) and an OpenAPI 3.0/3.1 or Swagger 2.0 document become the same Contract, so the
// comparison with the catalog and the guideline rules work on one model. Pure data, no I/O.

export type DescriptionFormat = 'wsdl-1.1' | 'openapi-3.0' | 'openapi-3.1' | 'swagger-2.0';
export type Protocol = 'soap' | 'rest';

/** Where something is in the uploaded files: the file, a 1-based line when known, and a path inside it. */
export type SourceLocation = {
  file: string;
  line?: number;
  column?: number;
  /** JSON pointer for OpenAPI (`/paths/~1persons/get`), an XPath-like path for XML (`/definitions/portType[@name='X']`). */
  path?: string;
};

/** A reference to a schema: an XML element/type (`{namespace}name`) or a JSON schema pointer. */
export type SchemaRef = {
  kind: 'xml-element' | 'xml-type' | 'json-schema';
  name: string;
  namespace?: string;
  /** For JSON schemas: the resolved schema, trimmed to what the rules need (type, format, properties…). */
  schema?: unknown;
  /** The largest size the schema allows in bytes when it is bounded (maxLength, maxOccurs…); absent when unbounded. */
  maxBytes?: number;
};

/** A child element of an XML schema type: `type` is the type's local name; inline types nest. */
export type SchemaMember = {
  name: string;
  type?: string;
  required: boolean;
  repeated: boolean;
  enum?: string[];
  children?: SchemaMember[];
};

export type MessageRef = {
  name: string;
  /** SOAP: message parts; REST: one entry per media type of the body. */
  parts: { name: string; mediaType?: string; schema?: SchemaRef; required?: boolean }[];
  /** SOAP header blocks declared for this message (e.g. WS-Addressing, WS-Security, VISS header). */
  headers?: { name: string; namespace?: string }[];
};

export type FaultRef = { name: string; status?: string; message?: MessageRef; location?: SourceLocation };

export type Operation = {
  /** Unique within the contract: SOAP `portType/operation`, REST `operationId` or `METHOD path`. */
  id: string;
  name: string;
  /** REST */
  method?: string;
  path?: string;
  /** SOAP */
  soapAction?: string;
  style?: 'document' | 'rpc';
  use?: 'literal' | 'encoded';
  documentation?: string;
  input?: MessageRef;
  output?: MessageRef;
  faults: FaultRef[];
  /** Security requirements that apply to this operation (scheme names, with scopes for OAuth2/OpenID). */
  security?: { scheme: string; scopes: string[] }[];
  deprecated?: boolean;
  /** REST: path, query, header and cookie parameters (the body is in `input`). */
  parameters?: {
    name: string;
    in: 'path' | 'query' | 'header' | 'cookie';
    required?: boolean;
    schema?: SchemaRef;
    location?: SourceLocation;
  }[];
  location: SourceLocation;
};

export type Endpoint = {
  name: string;
  url: string;
  binding?: string;
  soapVersion?: '1.1' | '1.2';
  location?: SourceLocation;
};

export type SecurityScheme = {
  name: string;
  type: 'http' | 'apiKey' | 'oauth2' | 'openIdConnect' | 'mutualTLS' | 'ws-security' | 'other';
  detail?: string;
  location?: SourceLocation;
};

export type Contract = {
  format: DescriptionFormat;
  protocol: Protocol;
  title?: string;
  version?: string;
  documentation?: string;
  /** The service's VISS identifier when the description names one (e.g. a URN:IVIS in the namespace). */
  identifier?: string;
  operations: Operation[];
  endpoints: Endpoint[];
  securitySchemes: SecurityScheme[];
  /** SOAP only: facts the VISS guidelines ask about. */
  soap?: {
    versions: ('1.1' | '1.2')[];
    targetNamespace?: string;
    wsAddressing: boolean;
    wsSecurityPolicy: boolean;
    /** Encodings declared by the XML files (`<?xml encoding=…?>`), per file. */
    encodings: { file: string; encoding: string }[];
    /** Named schema types and elements, for naming and free-form checks. */
    types: {
      name: string;
      namespace?: string;
      kind: 'element' | 'complexType' | 'simpleType';
      freeForm?: boolean;
      /** Names of the child elements of a complex type, when the parser knows them (e.g. ErrorList's). */
      fields?: string[];
      /** The child elements with their types and occurrence, for comparing schema versions. */
      members?: SchemaMember[];
      /** An element declared with `type="…"`: that type's local name. */
      typeName?: string;
      /** A simple type: its base type and enumerated values. */
      base?: string;
      enum?: string[];
      location?: SourceLocation;
    }[];
  };
  /** REST only */
  rest?: {
    servers: string[];
    examples: { value: unknown; location: SourceLocation }[];
    /** `$ref`s that were not followed: remote references are never fetched. */
    unresolvedRefs?: { ref: string; reason: 'remote'; location: SourceLocation }[];
  };
  /**
   * Every import, include or external `$ref` the description makes; `resolved` is false when the target
   * was not among the uploaded files (remote URLs are never fetched).
   */
  imports?: { target: string; resolved: boolean; location?: SourceLocation }[];
  /** Every file that took part, main file first. */
  files: string[];
  /** Imports/includes whose relative location names no file in the upload (their types are missing). */
  unresolved?: { location: string; from: SourceLocation }[];
  /** Imports/includes with an absolute http(s) location: never fetched, so their types are missing too. */
  remoteImports?: { location: string; from: SourceLocation }[];
};

/** A description could not be read at all (as opposed to breaking rules): exit 2 / HTTP 422. */
export class DescriptionError extends Error {
  constructor(
    message: string,
    readonly location?: SourceLocation,
  ) {
    super(message);
    this.name = 'DescriptionError';
  }
}

/** The files of one description: the main file first, then what it imports, by relative path. */
export type DescriptionFiles = { main: string; files: Map<string, Uint8Array> };
