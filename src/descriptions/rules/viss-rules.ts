import type { Contract, Endpoint, MessageRef, Operation, SourceLocation } from '../contract.ts';
import type { Rule, Texts } from './rule.ts';

// The built-in VISS guideline ruleset. Each rule is data (id, texts, severity, protocols) plus one
// pure check over the Contract; the engine (check-contract.ts) fills in the rule id and severity.
// Messages name the specifics (operation, URL, type) so a reviewer can act without opening the file.

type Hit = { message: Texts; location: SourceLocation };

const WSA_NAMESPACES = [
  'http://www.w3.org/2005/08/addressing',
  'http://schemas.xmlsoap.org/ws/2004/08/addressing',
];
const WSSE_NAMESPACE_PART = 'oasis-200401-wss-wssecurity-secext';
const MESSAGE_LIMIT_BYTES = 4 * 1024 * 1024;
const IVIS_URN = /^URN:IVIS:\d+:[A-Za-z0-9][A-Za-z0-9._-]*$/i;
const URN_VERSION = /-V\d+-\d+(?:-|$)/i;

const t = (lv: string, en: string): Texts => ({ lv, en });

function mainFile(contract: Contract, path?: string): SourceLocation {
  return { file: contract.files[0] ?? '', ...(path ? { path } : {}) };
}

function endpointLocation(contract: Contract, endpoint: Endpoint): SourceLocation {
  return endpoint.location ?? mainFile(contract);
}

/** The endpoint URLs of a contract: SOAP addresses and REST servers, each with the best location known. */
function endpointUrls(contract: Contract): { url: string; location: SourceLocation }[] {
  const fromEndpoints = contract.endpoints.map((e) => ({
    url: e.url,
    location: endpointLocation(contract, e),
  }));
  const known = new Set(fromEndpoints.map((e) => e.url));
  const fromServers = (contract.rest?.servers ?? [])
    .filter((url) => !known.has(url))
    .map((url, i) => ({ url, location: mainFile(contract, `/servers/${i}`) }));
  return [...fromEndpoints, ...fromServers];
}

function messages(op: Operation): MessageRef[] {
  return [op.input, op.output].filter((m): m is MessageRef => m !== undefined);
}

function hasHeaderIn(
  contract: Contract,
  match: (h: { name: string; namespace?: string }) => boolean,
): boolean {
  return contract.operations.some((op) => messages(op).some((m) => (m.headers ?? []).some(match)));
}

function hasWsAddressing(contract: Contract): boolean {
  return (
    contract.soap?.wsAddressing === true ||
    hasHeaderIn(contract, (h) => h.namespace !== undefined && WSA_NAMESPACES.includes(h.namespace))
  );
}

function hasWsSecurity(contract: Contract): boolean {
  return (
    contract.soap?.wsSecurityPolicy === true ||
    contract.securitySchemes.some((s) => s.type === 'ws-security') ||
    hasHeaderIn(contract, (h) => h.namespace?.includes(WSSE_NAMESPACE_PART) === true)
  );
}

function isUnresolvedPlaceholder(url: string): string | undefined {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${…} placeholder is what this rule looks for
  if (/\$\{[^}]*\}|\{\{[^}]*\}\}/.test(url)) return '${…}';
  // Upper case only: `/todos` or `your-bank.lv` are real paths and hosts, `INSERT_HOST` is not.
  if (/INSERT_|YOUR_|CHANGE_?ME|REPLACE_?ME|TODO|<[^>]+>/.test(url)) return 'INSERT_…';
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return 'localhost';
  if (host === '127.0.0.1' || host === '0.0.0.0' || host === '[::1]' || host === '::1') return host;
  if (
    /(^|\.)example\.(com|org|net)$/.test(host) ||
    /\.(example|test|invalid)$/.test(host) ||
    host === 'example'
  )
    return 'example';
  return undefined;
}

/** Strings anywhere inside an example value, each with the JSON path that leads to it. */
function stringsIn(value: unknown, at = ''): { text: string; at: string }[] {
  if (typeof value === 'string') return [{ text: value, at }];
  if (typeof value === 'number') return [{ text: String(value), at }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, `${at}/${i}`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) =>
      stringsIn(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
    );
  return [];
}

const OLD_PERSONAL_CODE = /(?<!\d)(\d{2})(\d{2})\d{2}-?[0-2]\d{4}(?!\d)/g;
const NEW_PERSONAL_CODE = /(?<!\d)32\d{4}-?\d{5}(?!\d)/g;

/** Latvian personal codes: `DDMMYY-CNNNN` with a real day and month, or the date-free `32xxxx-xxxxx`. */
export function findPersonalCodes(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(NEW_PERSONAL_CODE)) found.push(m[0]);
  for (const m of text.matchAll(OLD_PERSONAL_CODE)) {
    const day = Number(m[1]);
    const month = Number(m[2]);
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12 && !found.includes(m[0])) found.push(m[0]);
  }
  return found;
}

const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;
const PLACEHOLDER_MAIL_DOMAIN = /(^|\.)(example\.(com|org|net)|example|test|invalid|localhost)$/i;

/** Texts a description carries as examples or prose, where personal data must not appear. */
function exampleTexts(contract: Contract): { text: string; location: SourceLocation; where: string }[] {
  const out: { text: string; location: SourceLocation; where: string }[] = [];
  for (const ex of contract.rest?.examples ?? []) {
    for (const s of stringsIn(ex.value)) {
      const path = ex.location.path !== undefined ? `${ex.location.path}${s.at}` : undefined;
      out.push({
        text: s.text,
        location: { ...ex.location, ...(path !== undefined ? { path } : {}) },
        where: path ?? ex.location.file,
      });
    }
  }
  for (const op of contract.operations) {
    if (op.documentation) out.push({ text: op.documentation, location: op.location, where: op.name });
  }
  if (contract.documentation)
    out.push({ text: contract.documentation, location: mainFile(contract), where: 'documentation' });
  return out;
}

function isFreeFormJsonSchema(schema: unknown): boolean {
  if (schema === true) return true;
  if (schema === null || typeof schema !== 'object') return false;
  const s = schema as Record<string, unknown>;
  const structural = [
    '$ref',
    'properties',
    'items',
    'allOf',
    'oneOf',
    'anyOf',
    'enum',
    'const',
    'format',
    'pattern',
  ];
  if (structural.some((k) => k in s)) return false;
  const additional = s.additionalProperties;
  if (
    additional !== undefined &&
    additional !== true &&
    !(typeof additional === 'object' && Object.keys(additional ?? {}).length === 0)
  )
    return false;
  return s.type === undefined || s.type === 'object';
}

const isErrorStatus = (status: string | undefined, digit: '4' | '5') =>
  status?.startsWith(digit) === true && /^[45](\d\d|XX)$/i.test(status);

function hasOperationId(op: Operation): boolean {
  return !(op.method && op.path && op.id === `${op.method.toUpperCase()} ${op.path}`);
}

const opLabel = (op: Operation) => (op.method && op.path ? `${op.method.toUpperCase()} ${op.path}` : op.name);

export const vissRules: readonly Rule[] = [
  // ---- SOAP: the VISS data-exchange guidelines -------------------------------------------------
  {
    id: 'viss-soap-version',
    title: t('Jāizmanto SOAP 1.2', 'SOAP 1.2 is required'),
    rationale: t(
      'VISS servisu kopne pārsūta SOAP 1.2 ziņojumus; SOAP 1.1 saistījumi produkcijas vidē netiek pieņemti.',
      'The VISS service bus carries SOAP 1.2 messages; SOAP 1.1 bindings are not accepted in production.',
    ),
    severity: 'error',
    protocols: ['soap'],
    check: (c) => {
      const hits: Hit[] = [];
      const versions = c.soap?.versions ?? [];
      if (!versions.includes('1.2'))
        hits.push({
          message: t(
            `Apraksts nedeklarē SOAP 1.2 saistījumu (atrastās versijas: ${versions.join(', ') || 'nav'}).`,
            `The description declares no SOAP 1.2 binding (versions found: ${versions.join(', ') || 'none'}).`,
          ),
          location: mainFile(c),
        });
      for (const e of c.endpoints.filter((e) => e.soapVersion === '1.1'))
        hits.push({
          message: t(
            `Galapunkts ${e.name} (${e.url}) izmanto SOAP 1.1.`,
            `Endpoint ${e.name} (${e.url}) uses SOAP 1.1.`,
          ),
          location: endpointLocation(c, e),
        });
      return hits;
    },
  },
  {
    id: 'viss-no-rpc',
    title: t('RPC stils nav atļauts', 'RPC style is not allowed'),
    rationale: t(
      'VISS vadlīnijas prasa document stilu; RPC stila operācijas nav savietojamas ar VISS ziņojumu shēmām un auditu.',
      'The VISS guidelines require document style; RPC-style operations do not fit VISS message schemas and auditing.',
    ),
    severity: 'error',
    protocols: ['soap'],
    check: (c) =>
      c.operations
        .filter((op) => op.style === 'rpc')
        .map((op) => ({
          message: t(`Operācija ${op.name} izmanto RPC stilu.`, `Operation ${op.name} uses RPC style.`),
          location: op.location,
        })),
  },
  {
    id: 'viss-document-literal',
    title: t('Jāizmanto document/literal kodējums', 'Document/literal encoding is required'),
    rationale: t(
      'Ziņojumu saturam jābūt aprakstītam ar XML shēmu (use="literal"); SOAP kodējums (encoded) nav atļauts.',
      'Message bodies must be described by an XML schema (use="literal"); SOAP encoding (encoded) is not allowed.',
    ),
    severity: 'error',
    protocols: ['soap'],
    check: (c) =>
      c.operations
        .filter((op) => op.use === 'encoded')
        .map((op) => ({
          message: t(
            `Operācija ${op.name} izmanto use="encoded", nevis literal.`,
            `Operation ${op.name} uses use="encoded" instead of literal.`,
          ),
          location: op.location,
        })),
  },
  {
    id: 'viss-wrapped-parts',
    title: t(
      'Ziņojumam jābūt vienai daļai ar elementu',
      'A message must have one part that names an element',
    ),
    rationale: t(
      'Document/literal wrapped stilā katram ziņojumam ir tieši viena daļa, kas atsaucas uz shēmas elementu, nevis tipu.',
      'In document/literal wrapped style each message has exactly one part, which refers to a schema element, not a type.',
    ),
    severity: 'warning',
    protocols: ['soap'],
    check: (c) =>
      c.operations.flatMap((op) =>
        messages(op)
          .filter((m) => m.parts.length !== 1 || m.parts[0]?.schema?.kind !== 'xml-element')
          .map((m) => ({
            message: t(
              `Operācijas ${op.name} ziņojumam ${m.name} ir ${m.parts.length} daļa(s); vajag vienu daļu ar element=.`,
              `Message ${m.name} of operation ${op.name} has ${m.parts.length} part(s); one part with element= is expected.`,
            ),
            location: op.location,
          })),
      ),
  },
  {
    id: 'viss-ws-addressing',
    title: t('Jādeklarē WS-Addressing', 'WS-Addressing must be declared'),
    rationale: t(
      'VISS ziņojumu maršrutēšana un sasaiste (MessageID, Action, RelatesTo) balstās uz WS-Addressing 1.0 galvenēm.',
      'VISS routes and correlates messages (MessageID, Action, RelatesTo) by WS-Addressing 1.0 headers.',
    ),
    severity: 'error',
    protocols: ['soap'],
    check: (c) =>
      hasWsAddressing(c)
        ? []
        : [
            {
              message: t(
                'Apraksts nedeklarē WS-Addressing (ne politiku, ne galvenes blokus).',
                'The description declares no WS-Addressing (neither a policy nor header blocks).',
              ),
              location: mainFile(c),
            },
          ],
  },
  {
    id: 'viss-ws-security',
    title: t('Jādeklarē WS-Security galvene', 'A WS-Security header must be declared'),
    rationale: t(
      'Sūtītājs tiek noteikts pēc WS-Security galvenes (laika zīmogs, SAML 2.0 apliecinājums); bez tās izsaukumu nevar autentificēt un auditēt.',
      'The sender is taken from the WS-Security header (time stamp, SAML 2.0 assertion); without it a call cannot be authenticated or audited.',
    ),
    severity: 'error',
    protocols: ['soap'],
    check: (c) =>
      hasWsSecurity(c)
        ? []
        : [
            {
              message: t(
                'Apraksts nedeklarē WS-Security (ne politiku, ne wsse:Security galveni).',
                'The description declares no WS-Security (neither a policy nor a wsse:Security header).',
              ),
              location: mainFile(c),
            },
          ],
  },
  {
    id: 'viss-operation-headers',
    title: t('Operācijām jādeklarē SOAP galvenes', 'Operations must declare SOAP headers'),
    rationale: t(
      'Bez galvenēm (MessageID, MessageType, Sender, Destination) VISS nevar maršrutēt, auditēt un sasaistīt ziņojumus; apraksti bez galvenēm netiek laisti produkcijā.',
      'Without headers (MessageID, MessageType, Sender, Destination) VISS cannot route, audit or correlate messages; header-less descriptions do not reach production.',
    ),
    severity: 'error',
    protocols: ['soap'],
    check: (c) => {
      if (c.soap?.wsAddressing && c.soap.wsSecurityPolicy) return [];
      return c.operations
        .filter((op) => (op.input?.headers ?? []).length === 0)
        .map((op) => ({
          message: t(
            `Operācijas ${op.name} pieprasījumam nav deklarētu SOAP galveņu.`,
            `The request of operation ${op.name} declares no SOAP header blocks.`,
          ),
          location: op.location,
        }));
    },
  },
  {
    id: 'viss-utf8',
    title: t('XML failiem jābūt UTF-8 kodējumā', 'XML files must be UTF-8'),
    rationale: t(
      'VISS shēmas un ziņojumi ir UTF-8; cits kodējums bojā latviešu burtus (ā, č, ē, ģ …) un paraksta pārbaudi.',
      'VISS schemas and messages are UTF-8; another encoding corrupts Latvian letters (ā, č, ē, ģ …) and signature checks.',
    ),
    severity: 'error',
    protocols: ['soap'],
    check: (c) =>
      (c.soap?.encodings ?? [])
        .filter((e) => !/^utf-?8$/i.test(e.encoding.trim()))
        .map((e) => ({
          message: t(
            `Fails ${e.file} deklarē kodējumu ${e.encoding}, nevis UTF-8.`,
            `File ${e.file} declares encoding ${e.encoding}, not UTF-8.`,
          ),
          location: { file: e.file, line: 1 },
        })),
  },
  {
    id: 'viss-urn-identifier',
    title: t('Servisam jābūt URN:IVIS identifikatoram', 'The service must have a URN:IVIS identifier'),
    rationale: t(
      'VISS katalogs identificē servisu ar URN:IVIS:<iestāde>:<kods>-V<galvenā>-<papildu>; bez tā aprakstu nevar sasaistīt ar kataloga ierakstu.',
      'The VISS catalog identifies a service as URN:IVIS:<institution>:<code>-V<major>-<minor>; without it the description cannot be tied to a catalog entry.',
    ),
    severity: 'error',
    protocols: ['soap'],
    check: (c) => {
      if (c.identifier === undefined)
        return [
          {
            message: t(
              `Aprakstā nav atrasts URN:IVIS identifikators (mērķa vārdtelpa: ${c.soap?.targetNamespace ?? 'nav'}).`,
              `No URN:IVIS identifier found in the description (target namespace: ${c.soap?.targetNamespace ?? 'none'}).`,
            ),
            location: mainFile(c),
          },
        ];
      return IVIS_URN.test(c.identifier)
        ? []
        : [
            {
              message: t(
                `Identifikators ${c.identifier} neatbilst formai URN:IVIS:<iestāde>:<kods>.`,
                `Identifier ${c.identifier} does not have the form URN:IVIS:<institution>:<code>.`,
              ),
              location: mainFile(c),
            },
          ];
    },
  },
  {
    id: 'versioned-identifier',
    title: t('Identifikatorā jābūt versijai', 'The identifier must carry a version'),
    rationale: t(
      'Versija ir identifikatora daļa (…-V1-0); nesaderīgas izmaiņas prasa jaunu versiju, lai esošie datu ņēmēji nesalūztu.',
      'The version is part of the identifier (…-V1-0); breaking changes need a new version so existing data consumers keep working.',
    ),
    severity: 'warning',
    protocols: ['soap', 'rest'],
    check: (c) => {
      if (c.identifier !== undefined)
        return URN_VERSION.test(c.identifier)
          ? []
          : [
              {
                message: t(
                  `Identifikatorā ${c.identifier} nav versijas (…-V<galvenā>-<papildu>).`,
                  `Identifier ${c.identifier} carries no version (…-V<major>-<minor>).`,
                ),
                location: mainFile(c),
              },
            ];
      if (c.protocol === 'rest' && !c.version?.trim())
        return [
          {
            message: t(
              'API aprakstam nav norādīta versija (info.version).',
              'The API description states no version (info.version).',
            ),
            location: mainFile(c, '/info/version'),
          },
        ];
      return [];
    },
  },
  {
    id: 'viss-message-type-urn',
    title: t(
      'Ziņojumu tipiem jābūt versionētiem URN:IVIS nosaukumiem',
      'Message types must have versioned URN:IVIS names',
    ),
    rationale: t(
      'MessageType galvene nes ziņojuma shēmas URN (piem., URN:IVIS:100001:XSD-EP67-EP67Data-v1-0); shēmas vārdtelpai jābūt šādam versionētam URN.',
      'The MessageType header carries the URN of the body schema (e.g. URN:IVIS:100001:XSD-EP67-EP67Data-v1-0); the schema namespace must be such a versioned URN.',
    ),
    severity: 'warning',
    protocols: ['soap'],
    check: (c) =>
      c.operations.flatMap((op) => {
        const namespaces = new Set(
          messages(op).flatMap((m) =>
            m.parts.map((p) => p.schema?.namespace).filter((n): n is string => !!n),
          ),
        );
        return [...namespaces]
          .filter((ns) => !(/^URN:IVIS:\d+:/i.test(ns) && URN_VERSION.test(ns)))
          .map((ns) => ({
            message: t(
              `Operācijas ${op.name} ziņojuma tipa vārdtelpa ${ns} nav versionēts URN:IVIS nosaukums.`,
              `The message type namespace ${ns} of operation ${op.name} is not a versioned URN:IVIS name.`,
            ),
            location: op.location,
          }));
      }),
  },
  {
    id: 'viss-errorlist',
    title: t('Kļūdas jāatgriež ErrorList struktūrā', 'Errors must be returned in the ErrorList structure'),
    rationale: t(
      'VISS kļūdas atgriež kā ErrorList ar ErrorCode, ErrorSeverity un ErrorDescription, lai datu ņēmēji tās apstrādātu vienādi.',
      'VISS returns errors as an ErrorList of ErrorCode, ErrorSeverity and ErrorDescription, so every data consumer handles them the same way.',
    ),
    severity: 'error',
    protocols: ['soap'],
    check: (c) => {
      const hits: Hit[] = [];
      const isErrorList = (name: string | undefined) => name !== undefined && /ErrorList$/i.test(name);
      for (const op of c.operations) {
        const returnsErrorList = op.faults.some(
          (f) => isErrorList(f.name) || (f.message?.parts ?? []).some((p) => isErrorList(p.schema?.name)),
        );
        if (!returnsErrorList)
          hits.push({
            message: t(
              `Operācija ${op.name} nedeklarē kļūdu (fault) ar ErrorList struktūru.`,
              `Operation ${op.name} declares no fault carrying an ErrorList.`,
            ),
            location: op.location,
          });
      }
      for (const type of (c.soap?.types ?? []).filter(
        (ty) => isErrorList(ty.name) && ty.fields !== undefined,
      )) {
        const missing = ['ErrorCode', 'ErrorSeverity', 'ErrorDescription'].filter(
          (f) => !type.fields?.includes(f),
        );
        if (missing.length > 0)
          hits.push({
            message: t(
              `Tipam ${type.name} trūkst lauku: ${missing.join(', ')}.`,
              `Type ${type.name} lacks fields: ${missing.join(', ')}.`,
            ),
            location: type.location ?? mainFile(c),
          });
      }
      return hits;
    },
  },
  {
    id: 'viss-message-size',
    title: t('Ziņojums nedrīkst pārsniegt 4 MB', 'A message must not exceed 4 MB'),
    rationale: t(
      'VISS pārsūta ziņojumus līdz 4 MB; ja shēma pieļauj lielāku ziņojumu, tas tiks noraidīts izpildes laikā.',
      'VISS carries messages of at most 4 MB; a schema that allows a larger message will be rejected at run time.',
    ),
    severity: 'error',
    protocols: ['soap'],
    check: (c) =>
      c.operations.flatMap((op) =>
        messages(op)
          .map((m) => ({ m, bytes: m.parts.reduce((sum, p) => sum + (p.schema?.maxBytes ?? 0), 0) }))
          .filter(({ bytes }) => bytes > MESSAGE_LIMIT_BYTES)
          .map(({ m, bytes }) => ({
            message: t(
              `Operācijas ${op.name} ziņojums ${m.name} var sasniegt ${(bytes / 1024 / 1024).toFixed(1)} MB (robeža 4 MB).`,
              `Message ${m.name} of operation ${op.name} may reach ${(bytes / 1024 / 1024).toFixed(1)} MB (limit 4 MB).`,
            ),
            location: op.location,
          })),
      ),
  },
  {
    id: 'type-naming',
    title: t(
      'Tipu nosaukumi: latīņu burti, sākas ar lielo burtu',
      'Type names: ASCII, starting with a capital',
    ),
    rationale: t(
      'Vienots nosaukumu stils (UpperCamelCase, bez diakritiskām zīmēm un atstarpēm) atvieglo koda ģenerēšanu datu ņēmējiem.',
      'One naming style (UpperCamelCase, no diacritics or spaces) keeps code generation working for data consumers.',
    ),
    severity: 'info',
    protocols: ['soap'],
    check: (c) =>
      (c.soap?.types ?? [])
        .filter((ty) => ty.kind !== 'element' && !/^[A-Z][A-Za-z0-9_]*$/.test(ty.name))
        .map((ty) => ({
          message: t(
            `Tipa nosaukums ${ty.name} neatbilst UpperCamelCase stilam.`,
            `Type name ${ty.name} is not UpperCamelCase.`,
          ),
          location: ty.location ?? mainFile(c),
        })),
  },

  // ---- General rules, both protocols ------------------------------------------------------------
  {
    id: 'operation-documented',
    title: t('Katrai operācijai jābūt aprakstam', 'Every operation must be documented'),
    rationale: t(
      'Datu ņēmēji un VISS recenzenti vērtē servisu pēc apraksta; operācija bez apraksta nav pieņemama katalogā.',
      'Data consumers and VISS reviewers judge a service by its documentation; an undocumented operation is not acceptable in the catalog.',
    ),
    severity: 'warning',
    protocols: ['soap', 'rest'],
    check: (c) =>
      c.operations
        .filter((op) => !op.documentation?.trim())
        .map((op) => ({
          message: t(
            `Operācijai ${opLabel(op)} nav apraksta.`,
            `Operation ${opLabel(op)} has no documentation.`,
          ),
          location: op.location,
        })),
  },
  {
    id: 'service-documented',
    title: t('Servisam jābūt nosaukumam un aprakstam', 'The service must have a title and a description'),
    rationale: t(
      'IS katalogā servisa ierakstam nepieciešams nosaukums un darbības apraksts.',
      'A service entry in the IS catalog needs a name and a description of how it works.',
    ),
    severity: 'info',
    protocols: ['soap', 'rest'],
    check: (c) =>
      c.title?.trim() && c.documentation?.trim()
        ? []
        : [
            {
              message: t(
                `Servisam ${c.title ?? ''} trūkst ${c.title?.trim() ? '' : 'nosaukuma '}${c.documentation?.trim() ? '' : 'apraksta'}.`.replace(
                  /\s+/g,
                  ' ',
                ),
                `The service ${c.title ?? ''} lacks ${c.title?.trim() ? '' : 'a title '}${c.documentation?.trim() ? '' : 'a description'}.`.replace(
                  /\s+/g,
                  ' ',
                ),
              ),
              location: mainFile(c),
            },
          ],
  },
  {
    id: 'endpoint-declared',
    title: t('Jānorāda vismaz viens galapunkts', 'At least one endpoint must be declared'),
    rationale: t(
      'IS katalogā tiek reģistrēts servisa fiziskais galapunkta URL; bez tā servisu nevar uzstādīt.',
      'The IS catalog records the physical endpoint URL; without one the service cannot be installed.',
    ),
    severity: 'warning',
    protocols: ['soap', 'rest'],
    check: (c) =>
      endpointUrls(c).length > 0
        ? []
        : [
            {
              message: t('Aprakstā nav neviena galapunkta URL.', 'The description declares no endpoint URL.'),
              location: mainFile(c, c.protocol === 'rest' ? '/servers' : undefined),
            },
          ],
  },
  {
    id: 'https-endpoints',
    title: t('Galapunktiem jāizmanto HTTPS', 'Endpoints must use HTTPS'),
    rationale: t(
      'Valsts pakalpes apmainās ar personas datiem; nešifrēts HTTP savienojums nav pieļaujams.',
      'State web services exchange personal data; unencrypted HTTP connections are not allowed.',
    ),
    severity: 'error',
    protocols: ['soap', 'rest'],
    check: (c) =>
      endpointUrls(c)
        .filter((e) => /^http:\/\//i.test(e.url.trim()))
        .map((e) => ({
          message: t(`Galapunkts ${e.url} neizmanto HTTPS.`, `Endpoint ${e.url} does not use HTTPS.`),
          location: e.location,
        })),
  },
  {
    id: 'endpoint-not-placeholder',
    title: t('Galapunkts nedrīkst būt vietturis', 'An endpoint must not be a placeholder'),
    rationale: t(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${…} placeholder is what this rule looks for
      'localhost, example.com, INSERT_… vai ${…} adreses norāda uz izstrādes vai veidnes aprakstu, nevis produkcijas galapunktu.',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${…} placeholder is what this rule looks for
      'localhost, example.com, INSERT_… or ${…} addresses show a development or template description, not a production endpoint.',
    ),
    severity: 'error',
    protocols: ['soap', 'rest'],
    check: (c) =>
      endpointUrls(c).flatMap((e) => {
        const kind = isUnresolvedPlaceholder(e.url);
        return kind
          ? [
              {
                message: t(
                  `Galapunkts ${e.url} ir vietturis (${kind}).`,
                  `Endpoint ${e.url} is a placeholder (${kind}).`,
                ),
                location: e.location,
              },
            ]
          : [];
      }),
  },
  {
    id: 'faults-declared',
    title: t('Jādeklarē kļūdas vai kļūdu atbildes', 'Faults or error responses must be declared'),
    rationale: t(
      'Datu ņēmējam jāzina, kādas kļūdas operācija var atgriezt, lai tās apstrādātu, nevis jāmin.',
      'A data consumer must know which errors an operation returns so that it handles them instead of guessing.',
    ),
    severity: 'error',
    protocols: ['soap', 'rest'],
    check: (c) =>
      c.operations
        .filter((op) => op.faults.length === 0)
        .map((op) => ({
          message: t(
            `Operācija ${opLabel(op)} nedeklarē ${c.protocol === 'soap' ? 'nevienu kļūdu (fault)' : 'nevienu kļūdas atbildi (4xx/5xx)'}.`,
            `Operation ${opLabel(op)} declares no ${c.protocol === 'soap' ? 'fault' : 'error response (4xx/5xx)'}.`,
          ),
          location: op.location,
        })),
  },
  {
    id: 'security-declared',
    title: t('Jādeklarē drošības prasības', 'Security requirements must be declared'),
    rationale: t(
      'VISS piešķir tiesības katram servisam atsevišķi; operācija bez drošības prasības būtu pieejama ikvienam.',
      'VISS grants rights per service; an operation without a security requirement would be open to anyone.',
    ),
    severity: 'error',
    protocols: ['soap', 'rest'],
    check: (c) => {
      if (c.protocol === 'soap')
        return hasWsSecurity(c) ||
          c.securitySchemes.length > 0 ||
          c.operations.some((op) => (op.security ?? []).length > 0)
          ? []
          : [
              {
                message: t(
                  'Aprakstā nav deklarēta neviena drošības shēma vai politika.',
                  'The description declares no security scheme or policy.',
                ),
                location: mainFile(c),
              },
            ];
      return c.operations
        .filter((op) => (op.security ?? []).length === 0)
        .map((op) => ({
          message: t(
            `Operācijai ${opLabel(op)} nav drošības prasības.`,
            `Operation ${opLabel(op)} has no security requirement.`,
          ),
          location: op.location,
        }));
    },
  },
  {
    id: 'unique-operation-ids',
    title: t('Operāciju identifikatoriem jābūt unikāliem', 'Operation ids must be unique'),
    rationale: t(
      'Katalogs, salīdzināšana un audits atsaucas uz operāciju pēc identifikatora; dublikāti padara tos neviennozīmīgus.',
      'The catalog, comparisons and audit records refer to an operation by its id; duplicates make them ambiguous.',
    ),
    severity: 'error',
    protocols: ['soap', 'rest'],
    check: (c) => {
      const seen = new Map<string, Operation>();
      const hits: Hit[] = [];
      for (const op of c.operations) {
        const key = op.id.toLowerCase();
        const first = seen.get(key);
        if (first)
          hits.push({
            message: t(
              `Operācijas identifikators ${op.id} atkārtojas (pirmo reizi: ${first.location.file}${first.location.line ? `:${first.location.line}` : ''}).`,
              `Operation id ${op.id} is repeated (first: ${first.location.file}${first.location.line ? `:${first.location.line}` : ''}).`,
            ),
            location: op.location,
          });
        else seen.set(key, op);
      }
      return hits;
    },
  },
  {
    id: 'operation-naming',
    title: t('Operāciju nosaukumi: latīņu burti, CamelCase', 'Operation names: ASCII CamelCase'),
    rationale: t(
      'SOAP operācijas nosauc UpperCamelCase, REST operationId — lowerCamelCase, bez diakritiskām zīmēm un atstarpēm, lai klientu kods būtu ģenerējams.',
      'SOAP operations are named in UpperCamelCase, REST operationIds in lowerCamelCase, without diacritics or spaces, so client code can be generated.',
    ),
    severity: 'warning',
    protocols: ['soap', 'rest'],
    check: (c) =>
      c.operations
        .filter((op) => c.protocol === 'soap' || hasOperationId(op))
        .filter(
          (op) => !(c.protocol === 'soap' ? /^[A-Z][A-Za-z0-9]*$/ : /^[a-z][A-Za-z0-9]*$/).test(op.name),
        )
        .map((op) => ({
          message: t(
            `Operācijas nosaukums ${op.name} neatbilst ${c.protocol === 'soap' ? 'UpperCamelCase' : 'lowerCamelCase'} stilam.`,
            `Operation name ${op.name} is not ${c.protocol === 'soap' ? 'UpperCamelCase' : 'lowerCamelCase'}.`,
          ),
          location: op.location,
        })),
  },
  {
    id: 'messages-typed',
    title: t('Ziņojumiem jābūt aprakstītiem ar shēmu', 'Messages must be described by a schema'),
    rationale: t(
      'Bez shēmas VISS nevar pārbaudīt ziņojumu, un datu ņēmējs nezina tā struktūru.',
      'Without a schema VISS cannot validate a message and a data consumer does not know its structure.',
    ),
    severity: 'warning',
    protocols: ['soap', 'rest'],
    check: (c) =>
      c.operations.flatMap((op) =>
        messages(op).flatMap((m) =>
          m.parts
            .filter((p) => p.schema === undefined)
            .map((p) => ({
              message: t(
                `Operācijas ${opLabel(op)} ziņojuma ${m.name} daļai ${p.name} nav shēmas.`,
                `Part ${p.name} of message ${m.name} of operation ${opLabel(op)} has no schema.`,
              ),
              location: op.location,
            })),
        ),
      ),
  },
  {
    id: 'no-free-form-types',
    title: t('Bez neierobežotiem brīvas formas tipiem', 'No unbounded free-form types'),
    rationale: t(
      'xs:any, xs:anyType vai tukšs JSON objekts ļauj sūtīt jebko: to nevar validēt, auditēt un aizsargāt no datu noplūdes.',
      'xs:any, xs:anyType or an empty JSON object accepts anything: it cannot be validated, audited or guarded against data leaks.',
    ),
    severity: 'warning',
    protocols: ['soap', 'rest'],
    check: (c) => {
      const hits: Hit[] = (c.soap?.types ?? [])
        .filter((ty) => ty.freeForm)
        .map((ty) => ({
          message: t(
            `Tips ${ty.name} ir brīvas formas (xs:any/xs:anyType).`,
            `Type ${ty.name} is free-form (xs:any/xs:anyType).`,
          ),
          location: ty.location ?? mainFile(c),
        }));
      for (const op of c.operations)
        for (const m of messages(op))
          for (const p of m.parts) {
            const s = p.schema;
            const free =
              s !== undefined &&
              ((s.kind === 'json-schema' && s.schema !== undefined && isFreeFormJsonSchema(s.schema)) ||
                (s.kind === 'xml-type' && /^(anyType|anySimpleType)$/.test(s.name)));
            if (free)
              hits.push({
                message: t(
                  `Operācijas ${opLabel(op)} ziņojuma ${m.name} daļa ${p.name} ir brīvas formas objekts bez struktūras.`,
                  `Part ${p.name} of message ${m.name} of operation ${opLabel(op)} is a free-form object with no structure.`,
                ),
                location: op.location,
              });
          }
      return hits;
    },
  },
  {
    id: 'no-personal-codes-in-examples',
    title: t('Piemēros nedrīkst būt personas kodu', 'No personal codes in examples'),
    rationale: t(
      'Aprakstus redz izstrādātāji un datu ņēmēji; personas kods piemērā var būt īstas personas dati (VDAR).',
      "Descriptions are read by developers and data consumers; a personal code in an example may be a real person's data (GDPR).",
    ),
    severity: 'error',
    protocols: ['soap', 'rest'],
    check: (c) =>
      exampleTexts(c).flatMap((x) =>
        findPersonalCodes(x.text).map((code) => ({
          message: t(
            `Piemērā (${x.where}) ir personas kodam līdzīga vērtība ${code}.`,
            `The example (${x.where}) holds a value that looks like a personal code: ${code}.`,
          ),
          location: x.location,
        })),
      ),
  },
  {
    id: 'no-real-emails-in-examples',
    title: t('Piemēros — tikai fiktīvas e-pasta adreses', 'Only fictitious e-mail addresses in examples'),
    rationale: t(
      'Piemēros izmanto example.com vai .test domēnus, lai neatklātu īstu cilvēku kontaktinformāciju.',
      "Examples use example.com or .test domains so that no real person's contact details are published.",
    ),
    severity: 'warning',
    protocols: ['soap', 'rest'],
    check: (c) =>
      exampleTexts(c).flatMap((x) =>
        [...x.text.matchAll(EMAIL)]
          .filter((m) => !PLACEHOLDER_MAIL_DOMAIN.test(m[1] ?? ''))
          .map((m) => ({
            message: t(
              `Piemērā (${x.where}) ir īsta izskata e-pasta adrese ${m[0]}.`,
              `The example (${x.where}) holds a real-looking e-mail address ${m[0]}.`,
            ),
            location: x.location,
          })),
      ),
  },
  {
    id: 'no-remote-imports-unresolved',
    title: t('Visiem importiem jābūt atrisinātiem', 'Every import must be resolved'),
    rationale: t(
      'Pakalpe nekad neielādē failus no tīkla; visām importētajām shēmām jābūt iesniegtajā komplektā, citādi apraksts nav pilnīgs.',
      'Pakalpe never fetches files from the network; every imported schema must be in the submitted bundle, or the description is incomplete.',
    ),
    severity: 'error',
    protocols: ['soap', 'rest'],
    check: (c) =>
      (c.imports ?? [])
        .filter((i) => !i.resolved)
        .map((i) => {
          const remote = /^https?:\/\//i.test(i.target);
          return {
            message: t(
              remote
                ? `Attālais imports ${i.target} nav iekļauts komplektā (no tīkla netiek ielādēts).`
                : `Importētais fails ${i.target} nav atrasts komplektā.`,
              remote
                ? `Remote import ${i.target} is not in the bundle (nothing is fetched from the network).`
                : `Imported file ${i.target} is not in the bundle.`,
            ),
            location: i.location ?? mainFile(c),
          };
        }),
  },
  {
    id: 'deprecated-has-notice',
    title: t('Novecojušai operācijai jābūt paziņojumam', 'A deprecated operation must carry a notice'),
    rationale: t(
      'Datu ņēmējiem jāzina, kas aizstāj novecojušu operāciju un līdz kuram datumam tā darbosies.',
      'Data consumers need to know what replaces a deprecated operation and until when it keeps working.',
    ),
    severity: 'warning',
    protocols: ['soap', 'rest'],
    check: (c) =>
      c.operations
        .filter((op) => op.deprecated)
        .filter(
          (op) =>
            !/(deprecat|novecoj|replace|aizstāj|izmantojiet|use |sunset|until|līdz|\d{4}-\d{2}-\d{2})/i.test(
              op.documentation ?? '',
            ),
        )
        .map((op) => ({
          message: t(
            `Operācija ${opLabel(op)} ir novecojusi, bet apraksts nenorāda aizstājēju vai beigu datumu.`,
            `Operation ${opLabel(op)} is deprecated but its documentation names no replacement or end date.`,
          ),
          location: op.location,
        })),
  },

  // ---- REST (API manager) ---------------------------------------------------------------------
  {
    id: 'rest-operation-id',
    title: t('Katrai REST operācijai jābūt operationId', 'Every REST operation must have an operationId'),
    rationale: t(
      'Stabils operationId ļauj salīdzināt versijas, ģenerēt klientus un atsaukties uz operāciju katalogā.',
      'A stable operationId lets versions be compared, clients generated and the operation be referred to in the catalog.',
    ),
    severity: 'warning',
    protocols: ['rest'],
    check: (c) =>
      c.operations
        .filter((op) => !hasOperationId(op))
        .map((op) => ({
          message: t(
            `Operācijai ${opLabel(op)} nav operationId.`,
            `Operation ${opLabel(op)} has no operationId.`,
          ),
          location: op.location,
        })),
  },
  {
    id: 'rest-scopes',
    title: t('OAuth2/OpenID prasībām jānorāda tvērumi', 'OAuth2/OpenID requirements must name scopes'),
    rationale: t(
      'API pārvaldniekā tiesības piešķir ar abonementiem un tvērumiem (scopes); prasība bez tvēruma atļauj visu.',
      'The API manager grants rights by subscriptions and scopes; a requirement without a scope allows everything.',
    ),
    severity: 'warning',
    protocols: ['rest'],
    check: (c) => {
      const scoped = new Set(
        c.securitySchemes.filter((s) => s.type === 'oauth2' || s.type === 'openIdConnect').map((s) => s.name),
      );
      return c.operations.flatMap((op) =>
        (op.security ?? [])
          .filter((r) => scoped.has(r.scheme) && r.scopes.length === 0)
          .map((r) => ({
            message: t(
              `Operācijas ${opLabel(op)} drošības prasībai ${r.scheme} nav norādīts neviens tvērums.`,
              `The security requirement ${r.scheme} of operation ${opLabel(op)} names no scope.`,
            ),
            location: op.location,
          })),
      );
    },
  },
  {
    id: 'rest-security-scheme-defined',
    title: t(
      'Drošības prasībai jāatsaucas uz definētu shēmu',
      'A security requirement must refer to a defined scheme',
    ),
    rationale: t(
      'Atsauce uz nedefinētu drošības shēmu nozīmē, ka API pārvaldnieks nevar piemērot autentifikāciju.',
      'A reference to an undefined security scheme means the API manager cannot apply authentication.',
    ),
    severity: 'error',
    protocols: ['rest'],
    check: (c) => {
      const defined = new Set(c.securitySchemes.map((s) => s.name));
      return c.operations.flatMap((op) =>
        (op.security ?? [])
          .filter((r) => !defined.has(r.scheme))
          .map((r) => ({
            message: t(
              `Operācija ${opLabel(op)} atsaucas uz nedefinētu drošības shēmu ${r.scheme}.`,
              `Operation ${opLabel(op)} refers to an undefined security scheme ${r.scheme}.`,
            ),
            location: op.location,
          })),
      );
    },
  },
  {
    id: 'no-api-key-in-query',
    title: t('API atslēgu nedrīkst sūtīt URL vaicājumā', 'API keys must not travel in the query string'),
    rationale: t(
      'Vaicājuma parametri nonāk piekļuves žurnālos un starpniekserveros; atslēgu sūta galvenē.',
      'Query parameters end up in access logs and proxies; send the key in a header.',
    ),
    severity: 'warning',
    protocols: ['rest'],
    check: (c) =>
      c.securitySchemes
        .filter((s) => s.type === 'apiKey' && /\bquery\b/i.test(s.detail ?? ''))
        .map((s) => ({
          message: t(
            `Drošības shēma ${s.name} sūta API atslēgu URL vaicājumā.`,
            `Security scheme ${s.name} sends the API key in the query string.`,
          ),
          location: s.location ?? mainFile(c, `/components/securitySchemes/${s.name}`),
        })),
  },
  {
    id: 'rest-error-responses-4xx',
    title: t('Jādeklarē 4xx kļūdu atbildes', '4xx error responses must be declared'),
    rationale: t(
      'Klients jāinformē, kā izskatās nederīga pieprasījuma vai liegtas piekļuves atbilde (400, 401, 403, 404).',
      'Clients must know what an invalid request or a denied access looks like (400, 401, 403, 404).',
    ),
    severity: 'warning',
    protocols: ['rest'],
    check: (c) =>
      c.operations
        .filter((op) => !op.faults.some((f) => isErrorStatus(f.status, '4')))
        .map((op) => ({
          message: t(
            `Operācija ${opLabel(op)} nedeklarē nevienu 4xx atbildi.`,
            `Operation ${opLabel(op)} declares no 4xx response.`,
          ),
          location: op.location,
        })),
  },
  {
    id: 'rest-auth-responses',
    title: t('Aizsargātai operācijai jādeklarē 401 vai 403', 'A protected operation must declare 401 or 403'),
    rationale: t(
      'Ja operācijai ir drošības prasība, klientam jāzina atbilde, ko saņem bez derīgiem akreditācijas datiem vai tiesībām.',
      'When an operation has a security requirement, clients must know the answer they get without valid credentials or rights.',
    ),
    severity: 'info',
    protocols: ['rest'],
    check: (c) =>
      c.operations
        .filter(
          (op) =>
            (op.security ?? []).length > 0 &&
            !op.faults.some((f) => f.status === '401' || f.status === '403'),
        )
        .map((op) => ({
          message: t(
            `Aizsargātā operācija ${opLabel(op)} nedeklarē 401 vai 403 atbildi.`,
            `Protected operation ${opLabel(op)} declares neither a 401 nor a 403 response.`,
          ),
          location: op.location,
        })),
  },
  {
    id: 'rest-json-problem',
    title: t('Kļūdu atbildes kā application/problem+json', 'Error responses as application/problem+json'),
    rationale: t(
      'RFC 9457 problēmas apraksts (type, title, status, detail) dod visām API vienādu kļūdu formu, tāpat kā ErrorList SOAP servisos.',
      'An RFC 9457 problem document (type, title, status, detail) gives every API the same error shape, as ErrorList does for SOAP services.',
    ),
    severity: 'warning',
    protocols: ['rest'],
    check: (c) =>
      c.operations.flatMap((op) =>
        op.faults
          .filter((f) => isErrorStatus(f.status, '4') || isErrorStatus(f.status, '5'))
          .filter(
            (f) =>
              !(f.message?.parts ?? []).some((p) =>
                p.mediaType?.toLowerCase().startsWith('application/problem+json'),
              ),
          )
          .map((f) => ({
            message: t(
              `Operācijas ${opLabel(op)} kļūdas atbilde ${f.status} nav application/problem+json.`,
              `Error response ${f.status} of operation ${opLabel(op)} is not application/problem+json.`,
            ),
            location: f.location ?? op.location,
          })),
      ),
  },
];
