import type { Contract } from '../contract.ts';
import type { Finding, Rule, RuleSettings, Severity, Texts } from './rule.ts';
import { vissRules } from './viss-rules.ts';

// The rule engine: runs the enabled rules that apply to the contract's protocol, with the severities
// the admins chose, and renders findings for a terminal or as SARIF for code-scanning tools.

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export type CheckOptions = { settings?: RuleSettings; rules?: readonly Rule[] };
export type CheckOutcome = { findings: Finding[]; rulesRun: { id: string; severity: Severity }[] };

export function checkContract(contract: Contract, options: CheckOptions = {}): CheckOutcome {
  const { settings = {}, rules = vissRules } = options;
  const findings: Finding[] = [];
  const rulesRun: { id: string; severity: Severity }[] = [];
  for (const rule of rules) {
    const setting = settings[rule.id];
    if (setting?.enabled === false || !rule.protocols.includes(contract.protocol)) continue;
    const severity = setting?.severity ?? rule.severity;
    rulesRun.push({ id: rule.id, severity });
    let hits: ReturnType<Rule['check']>;
    try {
      hits = rule.check(contract);
    } catch (cause) {
      throw new Error(`Rule ${rule.id} failed on ${contract.files[0] ?? 'the contract'}`, { cause });
    }
    for (const hit of hits)
      findings.push({ ruleId: rule.id, severity, message: hit.message, location: hit.location });
  }
  return { findings: sortFindings(findings), rulesRun };
}

/** Severity first (errors on top), then file, line, rule id: stable for the same input. */
export function sortFindings(findings: Finding[]): Finding[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      cmp(a.location.file, b.location.file) ||
      (a.location.line ?? Number.MAX_SAFE_INTEGER) - (b.location.line ?? Number.MAX_SAFE_INTEGER) ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.message.en, b.message.en),
  );
}

export function summarize(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

type RuleText = Pick<Rule, 'id' | 'title' | 'rationale' | 'severity'>;

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it. Messages are English (the tools' language); the
 * Latvian texts ride along in `properties`. Findings whose rule is not in `rules` (Spectral's `oas:`
 * rules) get a minimal descriptor so that every result's ruleIndex points at a rule.
 */
export function toSarif(
  findings: readonly Finding[],
  rules: readonly RuleText[],
  toolVersion: string,
): object {
  const descriptors = rules.map((r) => ({
    id: r.id,
    name: r.id,
    shortDescription: { text: r.title.en },
    fullDescription: { text: r.rationale.en },
    help: { text: r.rationale.en },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    properties: { lv: { title: r.title.lv, rationale: r.rationale.lv } },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  for (const f of findings) {
    if (index.has(f.ruleId)) continue;
    index.set(f.ruleId, descriptors.length);
    descriptors.push({
      id: f.ruleId,
      name: f.ruleId,
      shortDescription: { text: f.ruleId },
      fullDescription: { text: f.ruleId },
      help: { text: f.ruleId },
      defaultConfiguration: { level: SARIF_LEVEL[f.severity] },
      properties: { lv: { title: f.ruleId, rationale: f.ruleId } },
    });
  }
  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message.en },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(f.location.file) },
          // Code scanning wants a region; a finding about the whole file points at its first line.
          region: {
            startLine: f.location.line ?? 1,
            ...(f.location.column !== undefined ? { startColumn: f.location.column } : {}),
          },
        },
        ...(f.location.path ? { logicalLocations: [{ fullyQualifiedName: f.location.path }] } : {}),
      },
    ],
    properties: { lv: f.message.lv },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Pakalpe',
            version: toolVersion,
            semanticVersion: toolVersion,
            rules: descriptors,
          },
        },
        results,
      },
    ],
  };
}

/** A relative URI with forward slashes, each segment percent-encoded (spaces, Latvian letters). */
function toUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

const SEVERITY_WORD: Record<'lv' | 'en', Record<Severity, string>> = {
  lv: { error: 'kļūda', warning: 'brīdinājums', info: 'informācija' },
  en: { error: 'error', warning: 'warning', info: 'info' },
};

/** One line per finding: `file:line  severity  rule-id  message`, in the language asked for. */
export function formatText(findings: readonly Finding[], lang: keyof Texts): string {
  return findings
    .map((f) => {
      const where = f.location.line !== undefined ? `${f.location.file}:${f.location.line}` : f.location.file;
      return `${where}  ${SEVERITY_WORD[lang][f.severity]}  ${f.ruleId}  ${f.message[lang]}\n`;
    })
    .join('');
}
