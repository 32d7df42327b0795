import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import JSZip from 'jszip';
import { AppError } from '../platform/errors.ts';
import { attachmentLimits, checkAttachments, contentTypeOf, safeFilename } from './attachments.ts';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

function refusedWith(code: string) {
  return (e: unknown) => e instanceof AppError && e.code === code;
}

describe('attachment policy', () => {
  test('types are decided from the content, not the name', async () => {
    assert.equal(await contentTypeOf(pdf, 'notes.txt'), 'application/pdf');
    assert.equal(await contentTypeOf(png, 'x.bin'), 'image/png');
    assert.equal(await contentTypeOf(exe, 'report.pdf'), null);
  });

  test('text types are recognised by sniffing UTF-8', async () => {
    assert.equal(await contentTypeOf(Buffer.from('<definitions/>'), 'a.wsdl'), 'application/xml');
    assert.equal(await contentTypeOf(Buffer.from('{"a": "ā"}'), 'a.json'), 'application/json');
    assert.equal(await contentTypeOf(Buffer.from('openapi: 3.1.0\n'), 'api.yaml'), 'application/yaml');
    assert.equal(await contentTypeOf(Buffer.from('a;b\n1;2\n'), 'x.csv'), 'text/csv');
    assert.equal(await contentTypeOf(Buffer.from('Labdien, ģērbtuve\n'), 'x'), 'text/plain');
    assert.equal(await contentTypeOf(Buffer.from([0xff, 0xfe, 0x00, 0x41]), 'x.txt'), null);
    assert.equal(await contentTypeOf(Buffer.from('<!DOCTYPE html><script>x</script>'), 'a.xml'), null);
  });

  test('a zip and a DOCX-shaped zip are accepted', async () => {
    const zip = new JSZip();
    zip.file('a.txt', 'hello');
    const bytes = await zip.generateAsync({ type: 'nodebuffer' });
    assert.equal(await contentTypeOf(bytes, 'a.zip'), 'application/zip');
  });

  test('a file over 10 MiB is refused as too large', async () => {
    const big = Buffer.alloc(attachmentLimits.maxBytes + 1, 0x61);
    await assert.rejects(
      checkAttachments([{ filename: 'big.txt', contentType: 'text/plain', content: big }]),
      refusedWith('attachment_too_large'),
    );
  });

  test('an executable is refused whatever its name', async () => {
    await assert.rejects(
      checkAttachments([{ filename: 'report.pdf', contentType: 'application/pdf', content: exe }]),
      refusedWith('attachment_type_not_allowed'),
    );
  });

  test('more than five files per message are refused', async () => {
    const six = Array.from({ length: 6 }, (_, i) => ({
      filename: `${i}.txt`,
      contentType: null,
      content: Buffer.from('x'),
    }));
    await assert.rejects(checkAttachments(six), refusedWith('validation'));
  });

  test('accepted files carry size, sha256 and a safe name', async () => {
    const [a] = await checkAttachments([
      { filename: '../../etc/\u0007passwd.txt', contentType: null, content: Buffer.from('abc') },
    ]);
    assert.equal(a?.filename, 'passwd.txt');
    assert.equal(a?.size, 3);
    assert.equal(a?.sha256, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(safeFilename('C:\\Users\\x\\a.pdf'), 'a.pdf');
  });
});
