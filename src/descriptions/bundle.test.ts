import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import JSZip from 'jszip';
import { defaultBundleLimits, findMainFile, readZipBundle } from './bundle.ts';
import { DescriptionError } from './contract.ts';
import { parseWsdl } from './wsdl/parse-wsdl.ts';

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus/wsdl');

async function zipOf(entries: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(entries)) zip.file(name, content, { createFolders: false });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

async function refusal(run: () => Promise<unknown>, why: RegExp): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof DescriptionError, `expected a DescriptionError, got ${String(error)}`);
    assert.match(error.message, why);
    return true;
  });
}

/** Rewrites the uncompressed size of every entry in the local and central headers. */
function lieAboutSizes(bytes: Uint8Array, size: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  const view = new DataView(copy.buffer);
  for (let at = 0; at + 4 <= copy.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50) view.setUint32(at + 22, size, true);
    if (signature === 0x02014b50) view.setUint32(at + 24, size, true);
  }
  return copy;
}

describe('zip bundles: hostile archives are refused', () => {
  test('a zip bomb that declares its real size is refused before anything is inflated', async () => {
    const bomb = await zipOf({ 'a.wsdl': new Uint8Array(11 * 1024 * 1024) });
    assert.ok(bomb.length < 100_000, 'eleven MiB of zeros compresses to a few KB');
    await refusal(
      () => readZipBundle(bomb),
      /unpacks to 11534336 bytes; at most 10485760 are accepted per file/,
    );
  });

  test('a zip bomb that lies about its size is stopped while inflating, near the limit', async () => {
    const bomb = lieAboutSizes(await zipOf({ 'a.wsdl': new Uint8Array(11 * 1024 * 1024) }), 1000);
    const limits = { ...defaultBundleLimits, maxEntryBytes: 1024 * 1024 };
    await assert.rejects(
      () => readZipBundle(bomb, limits),
      (error: unknown) => {
        assert.ok(error instanceof DescriptionError);
        assert.match(error.message, /zip bomb/);
        const stoppedAfter = Number(/stopped after (\d+) bytes/.exec(error.message)?.[1]);
        assert.ok(stoppedAfter < 4 * 1024 * 1024, `stopped after ${stoppedAfter} bytes, well before 11 MiB`);
        return true;
      },
    );
  });

  test('many entries whose total passes the limit are refused from the declared sizes', async () => {
    const entries: Record<string, Uint8Array> = { 'a.wsdl': new Uint8Array(10) };
    for (let i = 0; i < 6; i++) entries[`x${i}.xsd`] = new Uint8Array(9 * 1024 * 1024);
    await refusal(
      async () => readZipBundle(await zipOf(entries)),
      /unpacks to \d+ bytes; at most 52428800 are accepted in all/,
    );
  });

  test('more entries than the limit are refused from the end-of-central-directory record', async () => {
    const entries: Record<string, string> = {};
    for (let i = 0; i < 30; i++) entries[`f${i}.xsd`] = '<x/>';
    await refusal(
      async () => readZipBundle(await zipOf(entries), { ...defaultBundleLimits, maxEntries: 20 }),
      /declares 30 entries; at most 20 are accepted/,
    );
  });

  test('an entry with ../ in its path is refused', async () => {
    await refusal(
      async () => readZipBundle(await zipOf({ 'a.wsdl': '<x/>', '../../etc/evil.xsd': '<x/>' })),
      /"\.\.\/\.\.\/etc\/evil.xsd" climbs out of the archive/,
    );
  });

  test('an entry with an absolute path is refused', async () => {
    await refusal(
      async () => readZipBundle(await zipOf({ 'a.wsdl': '<x/>', '/etc/evil.xsd': '<x/>' })),
      /absolute path/,
    );
  });

  test('bytes that are not a zip are refused', async () => {
    await refusal(() => readZipBundle(new TextEncoder().encode('not a zip')), /not a readable zip/);
  });

  test('a zip without a .wsdl is refused', async () => {
    await refusal(async () => readZipBundle(await zipOf({ 'a.xsd': '<x/>' })), /no \.wsdl file/);
  });

  test('two .wsdl files at the top level are ambiguous', async () => {
    await refusal(
      async () => readZipBundle(await zipOf({ 'a.wsdl': '<x/>', 'b.wsdl': '<y/>' })),
      /several \.wsdl files.*a.wsdl, b.wsdl/,
    );
  });
});

describe('zip bundles: what is read', () => {
  test('the main file is the single .wsdl nearest the top', () => {
    assert.equal(findMainFile(['svc/x.wsdl', 'svc/sub/y.wsdl', 'svc/z.xsd']), 'svc/x.wsdl');
    assert.equal(findMainFile(['Service.WSDL.xml', 'imports/other.wsdl']), 'Service.WSDL.xml');
  });

  test('a zipped corpus folder unpacks and parses like the folder itself (ONVIF deviceio with nested imports)', async () => {
    const root = path.join(corpus, 'onvif');
    const entries: Record<string, Uint8Array> = {};
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath, entry.name);
      entries[`onvif/${path.relative(root, full).split(path.sep).join('/')}`] = readFileSync(full);
    }
    const files = await readZipBundle(await zipOf(entries));
    assert.equal(files.main, 'onvif/ver10/deviceio.wsdl');
    assert.equal(files.files.size, 4);
    const contract = parseWsdl(files);
    assert.equal(contract.operations.length, 29);
    assert.ok(contract.files.includes('onvif/ver10/schema/onvif.xsd'));
  });
});
