import type { Protocol } from '../contract.ts';
import type { RuleSettings, Severity, Texts } from './rule.ts';
import { spectralRules } from './spectral.ts';
import { spectralRuleTextsLv } from './spectral-texts.ts';
import { vissRules } from './viss-rules.ts';

// Every rule a description check can run — the VISS rules and Spectral's OpenAPI rules — in one list
// with the defaults an admin's settings change. Pure.

export type RuleInfo = {
  id: string;
  source: 'viss' | 'spectral';
  title: Texts;
  rationale: Texts | null;
  protocols: Protocol[];
  defaultSeverity: Severity;
};

export function ruleCatalog(): RuleInfo[] {
  return [
    ...vissRules.map((r) => ({
      id: r.id,
      source: 'viss' as const,
      title: r.title,
      rationale: r.rationale,
      protocols: [...r.protocols],
      defaultSeverity: r.severity,
    })),
    ...spectralRules().map((r) => ({
      id: r.id,
      source: 'spectral' as const,
      title: { lv: spectralRuleTextsLv[r.id.slice(4)] ?? r.description, en: r.description },
      rationale: null,
      protocols: ['rest' as const],
      defaultSeverity: r.severity,
    })),
  ];
}

/**
 * Settings reduced to what differs from the defaults, or the ids that name no rule. Keeping only the
 * differences makes two versions comparable at a glance and the stored document small.
 */
export function normaliseSettings(
  settings: RuleSettings,
): { settings: RuleSettings } | { unknown: string[] } {
  const rules = new Map(ruleCatalog().map((r) => [r.id, r]));
  const unknown = Object.keys(settings).filter((id) => !rules.has(id));
  if (unknown.length > 0) return { unknown };
  const out: RuleSettings = {};
  for (const [id, setting] of Object.entries(settings).sort(([a], [b]) => a.localeCompare(b))) {
    const rule = rules.get(id);
    const entry: RuleSettings[string] = {};
    if (setting.enabled === false) entry.enabled = false;
    if (setting.severity && setting.severity !== rule?.defaultSeverity) entry.severity = setting.severity;
    if (Object.keys(entry).length > 0) out[id] = entry;
  }
  return { settings: out };
}
