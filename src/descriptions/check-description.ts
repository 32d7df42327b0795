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

export async function checkDescription(
  files: DescriptionFiles,
  settings?: RuleSettings,
): Promise<CheckResult> {
  const { contract, raw } = await readDescription(files);
  const ours = checkContract(contract, settings ? { settings } : {}).findings;
  let spectral: Finding[] = [];
  if (contract.protocol === 'rest') {
    const mainText = new TextDecoder().decode(raw.files.get(raw.main));
    spectral = (await spectralFindings(mainText, raw.main)).filter(
      (f) => settings?.[f.ruleId]?.enabled !== false,
    );
  }
  const findings = [...ours, ...spectral];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return { contract, findings, counts };
}
