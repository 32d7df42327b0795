// Latvian for Spectral's OpenAPI rules: Spectral speaks English only, and Latvian is the first
// language of every screen. The Latvian text states the rule; when Spectral's own message carries
// specifics (a property name, a value), they follow in parentheses as Spectral wrote them.

export const spectralRuleTextsLv: Record<string, string> = {
  'operation-success-response': 'Operācijai jābūt vismaz vienai atbildei ar kodu 2xx vai 3xx.',
  'oas2-operation-formData-consume-check':
    'Operācijām ar parametriem “in: formData” laukā “consumes” jānorāda “application/x-www-form-urlencoded” vai “multipart/form-data”.',
  'operation-operationId-unique': 'Katras operācijas operationId jābūt unikālam.',
  'operation-parameters': 'Operācijas parametri nedrīkst atkārtoties.',
  'operation-tag-defined': 'Operācijas birkām jābūt definētām globālajā “tags” sarakstā.',
  'path-params': 'Ceļa parametriem jābūt definētiem un derīgiem.',
  'duplicated-entry-in-enum': 'Uzskaitījuma (enum) vērtības nedrīkst atkārtoties.',
  'info-contact': 'Objektā “info” jābūt kontaktinformācijai (“contact”).',
  'info-description': 'Objektā “info” jābūt aprakstam (“description”).',
  'no-eval-in-markdown': 'Markdown aprakstos nedrīkst būt “eval(”.',
  'no-script-tags-in-markdown': 'Markdown aprakstos nedrīkst būt “<script>” tagu.',
  'openapi-tags-uniqueness': 'Katrai birkai jābūt unikālam nosaukumam.',
  'operation-description': 'Operācijai jābūt aprakstam (“description”).',
  'operation-operationId': 'Operācijai jābūt operationId.',
  'operation-operationId-valid-in-url': 'operationId nedrīkst saturēt URL nederīgas rakstzīmes.',
  'operation-tags': 'Operācijai jābūt vismaz vienai birkai (“tags”).',
  'path-declarations-must-exist': 'Ceļa parametru deklarācijas nedrīkst būt tukšas (piemēram, “/given/{}”).',
  'path-keys-no-trailing-slash': 'Ceļš nedrīkst beigties ar slīpsvītru.',
  'path-not-include-query': 'Ceļā nedrīkst būt vaicājuma virknes.',
  'no-$ref-siblings': 'Blakus $ref nedrīkst būt citu īpašību.',
  'array-items': 'Shēmām ar “type: array” jābūt laukam “items”.',
  'typed-enum': 'Uzskaitījuma vērtībām jāatbilst norādītajam tipam.',
  'oas2-api-host': 'OpenAPI laukam “host” jābūt norādītam.',
  'oas2-api-schemes': 'OpenAPI laukam “schemes” jābūt norādītam un netukšam.',
  'oas2-discriminator': 'Diskriminatora īpašībai jābūt definētai un obligātai.',
  'oas2-host-trailing-slash': 'Servera URL nedrīkst beigties ar slīpsvītru.',
  'oas2-operation-security-defined':
    'Operācijas drošības prasībām jāatsaucas uz shēmu, kas definēta “securityDefinitions”.',
  'oas2-valid-schema-example': 'Piemēriem jāatbilst savai shēmai.',
  'oas2-valid-media-example': 'Piemēriem jāatbilst savai shēmai.',
  'oas2-anyOf': 'anyOf OpenAPI 2.0 nav pieejams (tas ieviests OpenAPI 3).',
  'oas2-oneOf': 'oneOf OpenAPI 2.0 nav pieejams (tas ieviests OpenAPI 3).',
  'oas2-schema': 'Dokumenta struktūra neatbilst OpenAPI 2.0 specifikācijai.',
  'oas2-unused-definition': 'Šķiet, ka definīcija netiek izmantota.',
  'oas3-api-servers': 'OpenAPI laukam “servers” jābūt norādītam un netukšam.',
  'oas3-examples-value-or-externalValue': 'Piemērā jābūt vai nu “value”, vai “externalValue”.',
  'oas3-operation-security-defined':
    'Operācijas drošības prasībām jāatsaucas uz shēmu, kas definēta “components.securitySchemes”.',
  'oas3-server-trailing-slash': 'Servera URL nedrīkst beigties ar slīpsvītru.',
  'oas3-valid-media-example': 'Piemēriem jāatbilst savai shēmai.',
  'oas3-valid-schema-example': 'Piemēriem jāatbilst savai shēmai.',
  'oas3-schema': 'Dokumenta struktūra neatbilst OpenAPI 3 specifikācijai.',
  'oas3-unused-component': 'Šķiet, ka komponents netiek izmantots.',
  'oas3-server-variables':
    'Servera mainīgajiem jābūt definētiem un derīgiem, un neizmantotu mainīgo nedrīkst būt.',
  'oas3-callbacks-in-callbacks': 'Atzvanos (callbacks) nedrīkst definēt citus atzvanus.',
  'oas3_1-servers-in-webhook': 'Tīmekļa āķī (webhook) nedrīkst definēt serverus.',
  'oas3_1-callbacks-in-webhook': 'Tīmekļa āķī (webhook) nedrīkst definēt atzvanus.',
  'oas3_2-no-deprecated-xml-attribute':
    '“xml.attribute” OAS 3.2 ir novecojis; lietojiet “xml.nodeType: attribute”.',
  'operation-id-camel-case': 'operationId jāraksta lowerCamelCase stilā.',
  'servers-https': 'Servera URL jālieto HTTPS.',
  // Spectral's own diagnostics about the document rather than a rule.
  'invalid-ref': 'Atsauce ($ref) nav atrisināma.',
  parser: 'Dokumentu nevar parsēt.',
  unrecognized: 'Nezināma Spectral piezīme.',
};

/** The Latvian message for a Spectral diagnostic: the rule in Latvian, then Spectral's specifics. */
export function spectralMessageLv(code: string, message: string, description: string | undefined): string {
  const lv = spectralRuleTextsLv[code];
  if (!lv) return `${message} (Spectral)`;
  return message && message !== description ? `${lv} (${message})` : lv;
}
