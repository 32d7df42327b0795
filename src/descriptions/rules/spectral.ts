import { Document, type ISpectralDiagnostic, Spectral } from '@stoplight/spectral-core';
import { casing, pattern } from '@stoplight/spectral-functions';
import Parsers from '@stoplight/spectral-parsers';
import { Resolver } from '@stoplight/spectral-ref-resolver';
import { oas } from '@stoplight/spectral-rulesets';
import type { Finding, Severity } from './rule.ts';
import { spectralMessageLv } from './spectral-texts.ts';

// Spectral's OpenAPI rules over the raw text, mapped into Pakalpe's Finding shape (rule ids prefixed
// `oas:`). The ruleset lives in code and the resolver has no readers, so nothing is ever fetched:
// an external `$ref` is reported as unresolved instead.

const HTTP_METHODS = '[get,put,post,delete,options,head,patch,trace]';

const ruleset = {
  extends: [[oas, 'recommended']],
  rules: {
    'operation-id-camel-case': {
      description: 'operationId must be lowerCamelCase.',
      message: '{{description}} Found: {{value}}',
      given: `$.paths[*]${HTTP_METHODS}.operationId`,
      severity: 'warn',
      // biome-ignore lint/suspicious/noThenProperty: Spectral's ruleset format names the action `then`
      then: { function: casing, functionOptions: { type: 'camel' } },
    },
    'servers-https': {
      description: 'Server URLs must use HTTPS.',
      message: '{{description}} Found: {{value}}',
      given: '$.servers[*].url',
      severity: 'error',
      // biome-ignore lint/suspicious/noThenProperty: Spectral's ruleset format names the action `then`
      then: { function: pattern, functionOptions: { notMatch: '^http://' } },
    },
  },
} as const;

let spectral: Spectral | undefined;

function getSpectral(): Spectral {
  if (!spectral) {
    // No resolvers for any scheme: file and http references stay unresolved, with a diagnostic.
    spectral = new Spectral({ resolver: new Resolver({ resolvers: {} }) });
    spectral.setRuleset(ruleset as never);
  }
  return spectral;
}

const spectralSeverity = (value: unknown): Severity =>
  value === 'error' || value === 0
    ? 'error'
    : value === 'info' || value === 'hint' || value === 2 || value === 3
      ? 'info'
      : 'warning';

/** Every Spectral rule our ruleset runs, as `oas:<code>` with its default severity and English text. */
export function spectralRules(): { id: string; severity: Severity; description: string }[] {
  const rules = { ...oas.rules, ...ruleset.rules } as Record<
    string,
    { description?: string; message?: string; severity?: unknown; recommended?: boolean }
  >;
  return Object.entries(rules)
    .filter(([, rule]) => rule.recommended !== false)
    .map(([code, rule]) => ({
      id: `oas:${code}`,
      // Spectral's rules default to a warning when their definition names no severity.
      severity: spectralSeverity(rule.severity ?? 'warn'),
      description: rule.description ?? rule.message ?? code,
    }));
}

function ruleDescription(code: string): string | undefined {
  const rules = { ...oas.rules, ...ruleset.rules } as Record<string, { description?: string } | undefined>;
  return rules[code]?.description;
}

const SEVERITY: Record<number, Severity> = { 0: 'error', 1: 'warning', 2: 'info', 3: 'info' };

function toFinding(d: ISpectralDiagnostic, file: string): Finding {
  const message = d.message || String(d.code);
  return {
    ruleId: `oas:${d.code}`,
    severity: SEVERITY[d.severity] ?? 'warning',
    message: { lv: spectralMessageLv(String(d.code), message, ruleDescription(String(d.code))), en: message },
    location: {
      file: d.source && d.source !== file && !d.source.includes('://') ? d.source : file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      path: `/${d.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
    },
  };
}

/** Spectral's findings for one OpenAPI/Swagger text (JSON or YAML); `file` names it in the findings. */
export async function spectralFindings(text: string, file: string): Promise<Finding[]> {
  const document = /^\s*[{[]/.test(text)
    ? new Document(text, Parsers.Json, file)
    : new Document(text, Parsers.Yaml, file);
  const diagnostics = await getSpectral().run(document);
  return diagnostics.map((d) => toFinding(d, file));
}
