import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type CheckResult, checkDescription } from '../descriptions/check-description.ts';
import { DescriptionError } from '../descriptions/contract.ts';
import { loadDescriptionFiles } from '../descriptions/load-files.ts';
import { formatText, toSarif } from '../descriptions/rules/check-contract.ts';
import type { Finding, RuleSettings, Severity } from '../descriptions/rules/rule.ts';
import { normaliseSettings } from '../descriptions/rules/rule-catalog.ts';
import { vissRules } from '../descriptions/rules/viss-rules.ts';

// `pakalpe lint FILE…`: the same checks as a request review, with no server and no database, so an
// institution's developers can run them in their own CI. Exit 0: no errors; 1: rule errors; 2: a file
// could not be read or parsed.

export type LintFormat = 'text' | 'json' | 'sarif';

type FileOutcome = { file: string; result?: CheckResult; failure?: string };

function version(): string {
  const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'));
  return String(pkg.version);
}

/**
 * The agency's rule settings for a lint run, from a file: either what `GET /api/v1/rules` answers
 * (so CI can fetch the ruleset in force) or a plain map of rule id → { enabled, severity }.
 */
export function readRulesetFile(file: string): RuleSettings {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DescriptionError(`${file}: not a JSON ruleset (${(error as Error).message})`);
  }
  const map: RuleSettings =
    data && typeof data === 'object' && Array.isArray((data as { rules?: unknown }).rules)
      ? Object.fromEntries(
          (data as { rules: { id: string; enabled: boolean; severity: Severity }[] }).rules.map((r) => [
            r.id,
            { enabled: r.enabled, severity: r.severity },
          ]),
        )
      : (data as RuleSettings);
  const normalised = normaliseSettings(map ?? {});
  if ('unknown' in normalised)
    throw new DescriptionError(`${file}: no such rule: ${normalised.unknown.join(', ')}`);
  return normalised.settings;
}

export async function lint(
  files: string[],
  options: { format: LintFormat; lang: 'lv' | 'en'; ruleset?: string },
  write: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  let settings: RuleSettings = {};
  if (options.ruleset) {
    try {
      settings = readRulesetFile(options.ruleset);
    } catch (error) {
      if (!(error instanceof DescriptionError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
  }
  const outcomes: FileOutcome[] = [];
  for (const file of files) {
    try {
      const loaded = await loadDescriptionFiles(file);
      const result = await checkDescription(loaded, { settings });
      // Findings name files relative to the description's folder; report them as the user named them.
      const base = path.dirname(file);
      const findings = result.findings.map((f) => ({
        ...f,
        location: { ...f.location, file: path.join(base, f.location.file) },
      }));
      outcomes.push({ file, result: { ...result, findings } });
    } catch (error) {
      if (!(error instanceof DescriptionError)) throw error;
      outcomes.push({ file, failure: error.message });
    }
  }

  const findings: Finding[] = outcomes.flatMap((o) => o.result?.findings ?? []);
  if (options.format === 'json') {
    write(
      `${JSON.stringify(
        outcomes.map((o) => ({
          file: o.file,
          ...(o.failure
            ? { error: o.failure }
            : {
                format: o.result?.contract.format,
                operations: o.result?.contract.operations.length,
                counts: o.result?.counts,
                findings: o.result?.findings,
              }),
        })),
        null,
        2,
      )}\n`,
    );
  } else if (options.format === 'sarif') {
    write(`${JSON.stringify(toSarif(findings, vissRules, version()), null, 2)}\n`);
  } else {
    for (const o of outcomes) {
      if (o.failure)
        write(`${o.file}: ${options.lang === 'lv' ? 'nevar nolasīt' : 'cannot read'}: ${o.failure}\n`);
      else if (o.result) write(formatText(o.result.findings, options.lang));
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    write(
      options.lang === 'lv'
        ? `${files.length} fails(i): ${errors} kļūdas, ${warnings} brīdinājumi\n`
        : `${files.length} file(s): ${errors} errors, ${warnings} warnings\n`,
    );
  }
  if (outcomes.some((o) => o.failure)) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
