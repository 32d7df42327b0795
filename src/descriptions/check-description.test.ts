import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkDescription } from './check-description.ts';
import { loadDescriptionFiles } from './load-files.ts';

// The whole pipeline (read, parse, rules) over every real WSDL of the corpus: each one is checked
// without a crash, and the guideline verdicts a VISS reviewer would give come out.

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus/wsdl');
const wsdls = readdirSync(corpus, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.wsdl(\.xml)?$/.test(e.name))
  .map((e) => path.join(e.parentPath, e.name))
  .sort();

describe('checking the real-world WSDL corpus', () => {
  it('finds the corpus', () => {
    assert.ok(wsdls.length >= 20, `${wsdls.length} WSDLs`);
  });

  for (const file of wsdls) {
    const name = path.relative(corpus, file);
    it(`${name} is checked, with every finding located in a file`, { timeout: 30_000 }, async () => {
      const result = await checkDescription(await loadDescriptionFiles(file));
      assert.ok(result.contract.operations.length > 0 || result.findings.length > 0);
      for (const f of result.findings) assert.ok(f.location.file, `${f.ruleId} has a file`);
      if (/maakataster|noaa/i.test(name)) {
        assert.ok(
          result.findings.some((f) => f.ruleId === 'viss-no-rpc' && f.severity === 'error'),
          'RPC is an error',
        );
      }
      if (result.contract.soap && !result.contract.soap.versions.includes('1.2')) {
        assert.ok(
          result.findings.some((f) => f.ruleId === 'viss-soap-version'),
          'SOAP 1.1 only is reported',
        );
      }
    });
  }
});
