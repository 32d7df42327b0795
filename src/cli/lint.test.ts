import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { lint } from './lint.ts';

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus/wsdl');
const rpcWsdl = path.join(corpus, 'xtee-maakataster-rpc/Maakataster.wsdl.xml');

async function run(files: string[], format: 'text' | 'json' | 'sarif', lang: 'lv' | 'en' = 'en') {
  let out = '';
  const code = await lint(files, { format, lang }, (t) => {
    out += t;
  });
  return { code, out };
}

describe('pakalpe lint', () => {
  it('an RPC/encoded WSDL fails with exit 1 and names the VISS rules it breaks', async () => {
    const { code, out } = await run([rpcWsdl], 'json');
    assert.equal(code, 1);
    const [report] = JSON.parse(out);
    const ids = new Set(report.findings.map((f: { ruleId: string }) => f.ruleId));
    for (const id of ['viss-no-rpc', 'viss-document-literal', 'viss-soap-version'])
      assert.ok(ids.has(id), id);
    assert.equal(report.format, 'wsdl-1.1');
    assert.ok(
      report.findings.every((f: { location: { file: string } }) => f.location.file.includes('Maakataster')),
    );
  });

  it('prints Latvian text by default wording, with file:line and a summary', async () => {
    const { out } = await run([rpcWsdl], 'text', 'lv');
    assert.match(out, /Maakataster\.wsdl\.xml:\d+\s+kļūda\s+viss-no-rpc/);
    assert.match(out, /1 fails\(i\): \d+ kļūdas, \d+ brīdinājumi/);
  });

  it('writes SARIF 2.1.0 that code-scanning tools read', async () => {
    const { out } = await run([rpcWsdl], 'sarif');
    const sarif = JSON.parse(out);
    assert.equal(sarif.version, '2.1.0');
    const [runOne] = sarif.runs;
    assert.ok(runOne.tool.driver.rules.length >= 25);
    const result = runOne.results.find((r: { ruleId: string }) => r.ruleId === 'viss-no-rpc');
    assert.equal(result.level, 'error');
    assert.ok(result.locations[0].physicalLocation.region.startLine >= 1);
  });

  it('a file that cannot be read or parsed gives exit 2 with the reason', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pakalpe-lint-'));
    const hostile = path.join(dir, 'laughs.wsdl');
    await writeFile(
      hostile,
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><definitions>&lol2;</definitions>',
    );
    const { code, out } = await run([hostile, path.join(dir, 'missing.wsdl')], 'text');
    assert.equal(code, 2);
    assert.match(out, /laughs\.wsdl: cannot read: .*(DOCTYPE|DTD)/i);
    assert.match(out, /missing\.wsdl: cannot read: .*no such file/);
  });

  it("runs with the agency's ruleset: a rule switched off there finds nothing, an unknown rule is exit 2", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pakalpe-lint-'));
    const ruleset = path.join(dir, 'rules.json');
    // The shape GET /api/v1/rules answers: only id, enabled and severity are read.
    await writeFile(
      ruleset,
      JSON.stringify({
        version: 3,
        rules: [
          { id: 'viss-no-rpc', enabled: false, severity: 'error' },
          { id: 'viss-soap-version', enabled: true, severity: 'info' },
        ],
      }),
    );
    let out = '';
    await lint([rpcWsdl], { format: 'json', lang: 'en', ruleset }, (t) => {
      out += t;
    });
    const findings = JSON.parse(out)[0].findings as { ruleId: string; severity: string }[];
    assert.ok(!findings.some((f) => f.ruleId === 'viss-no-rpc'));
    assert.ok(findings.filter((f) => f.ruleId === 'viss-soap-version').every((f) => f.severity === 'info'));

    await writeFile(ruleset, JSON.stringify({ 'no-such-rule': { enabled: false } }));
    assert.equal(await lint([rpcWsdl], { format: 'json', lang: 'en', ruleset }, () => {}), 2);
  });

  it('runs as a command with no server and no database, exiting with the same code', async () => {
    const bin = path.resolve(import.meta.dirname, '../../bin/pakalpe.js');
    const result = await promisify(execFile)(process.execPath, [bin, 'lint', '--format', 'json', rpcWsdl], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DATA_DIR: '/nonexistent' },
    }).then(
      () => ({ code: 0 }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    assert.equal(result.code, 1);
  });
});
