import type { Contract, DescriptionFiles } from './contract.ts';
import { readDescription } from './read-description.ts';
import { checkContract } from './rules/check-contract.ts';
import type { Finding, RuleSettings } from './rules/rule.ts';
import { spectralFindings } from './rules/spectral.ts';

// The one check that the CLI (`pakalpe lint`), the API (`checkDescription`) and request reviews run:
// parse, then the VISS rules over the contract, plus Spectral's OpenAPI rules over the raw text.

export type CheckResult = {
  contract: Contract;
  findings: Finding[];
  counts: { error: number; warning: number; info: number };
};

/**
 * Spectral's ruleset is thorough but slow on very large documents (about 40 s on GitHub's 5.5 MB
 * description, where our own rules take under a second): an interactive check skips it above this
 * size and says so; the CLI, which runs in CI, always runs it.
 */
export const spectralInteractiveLimitBytes = 2 * 1024 * 1024;

export async function checkDescription(
  files: DescriptionFiles,
  options: { settings?: RuleSettings; spectral?: 'always' | 'interactive' } = {},
): Promise<CheckResult> {
  const { settings } = options;
  const { contract, raw } = await readDescription(files);
  const ours = checkContract(contract, settings ? { settings } : {}).findings;
  let spectral: Finding[] = [];
  if (contract.protocol === 'rest') {
    const main = raw.files.get(raw.main) ?? new Uint8Array();
    if (options.spectral === 'interactive' && main.length > spectralInteractiveLimitBytes) {
      const mb = (main.length / 1024 / 1024).toFixed(1);
      spectral = [
        {
          ruleId: 'spectral-skipped',
          severity: 'info',
          message: {
            lv: `Spectral OpenAPI pārbaude izlaista: dokuments ir ${mb} MB (vairāk nekā 2 MB). Palaidiet pakalpe lint, lai to veiktu.`,
            en: `The Spectral OpenAPI check was skipped: the document is ${mb} MB (over 2 MB). Run pakalpe lint to include it.`,
          },
          location: { file: raw.main },
        },
      ];
    } else {
      spectral = (await spectralFindings(new TextDecoder().decode(main), raw.main))
        .filter((f) => settings?.[f.ruleId]?.enabled !== false)
        .map((f) => ({ ...f, severity: settings?.[f.ruleId]?.severity ?? f.severity }));
    }
  }
  const findings = [...ours, ...spectral];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return { contract, findings, counts };
}
