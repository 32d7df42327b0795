import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DescriptionError } from '../contract.ts';
import {
  decodeXml,
  defaultXmlLimits,
  parseXml,
  resolveQName,
  textContent,
  walkElements,
} from './safe-xml.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function refusal(run: () => unknown, why: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DescriptionError, `expected a DescriptionError, got ${String(error)}`);
    assert.match(error.message, why);
    return true;
  });
}

describe('safe XML: hostile input is refused, never expanded', () => {
  test('a billion laughs document is refused because of its DOCTYPE, quickly and without expansion', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      ' <!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']>',
      '<lolz>&lol9;</lolz>',
    ].join('\n');
    refusal(() => parseXml(utf8(lol), 'lol.xml'), /DOCTYPE.*billion laughs/);
  });

  test('an external entity pointing at file:///etc/passwd is refused and nothing is read', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>';
    assert.throws(
      () => parseXml(utf8(xxe), 'xxe.xml'),
      (error: unknown) =>
        error instanceof DescriptionError && /XXE/.test(error.message) && !error.message.includes('root:'),
    );
  });

  test('a lower-case doctype and a DOCTYPE after a comment are refused too', () => {
    refusal(
      () => parseXml(utf8('<!-- hi --><!doctype a SYSTEM "http://evil/x.dtd"><a/>'), 'a.xml'),
      /DOCTYPE/,
    );
  });

  test('an ENTITY declaration outside a DTD is refused', () => {
    refusal(() => parseXml(utf8('<a><!ENTITY x "y"></a>'), 'a.xml'), /markup declarations/);
  });

  test('elements nested deeper than the limit are refused', () => {
    const depth = 10_000;
    const xml = `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
    refusal(() => parseXml(utf8(xml), 'deep.xml'), /nested more than 256 deep/);
  });

  test('a file with more elements than the limit is refused', () => {
    const xml = `<r>${'<a/>'.repeat(1001)}</r>`;
    refusal(
      () => parseXml(utf8(xml), 'many.xml', { ...defaultXmlLimits, maxElements: 1000 }),
      /more than 1000 elements/,
    );
  });

  test('a file over 10 MiB is refused before it is decoded', () => {
    const bytes = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x20);
    refusal(() => parseXml(bytes, 'big.xml'), /10485761 bytes, more than the 10485760 bytes allowed/);
  });

  test('bytes that are not valid UTF-8 are refused, not replaced', () => {
    const bytes = new Uint8Array([
      ...utf8('<?xml version="1.0" encoding="UTF-8"?><a>'),
      0xc3,
      0x28,
      ...utf8('</a>'),
    ]);
    refusal(() => parseXml(bytes, 'bad.xml'), /not valid UTF-8/);
  });

  test('bytes that are not UTF-8 are refused when no encoding is declared', () => {
    refusal(
      () => parseXml(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]), 'bad.xml'),
      /UTF-8/,
    );
  });

  test('a declared encoding the runtime cannot decode is refused', () => {
    refusal(() => parseXml(utf8('<?xml version="1.0" encoding="x-klingon"?><a/>'), 'k.xml'), /not supported/);
  });

  test('a declaration of UTF-16 on bytes without a byte order mark is refused', () => {
    refusal(() => parseXml(utf8('<?xml version="1.0" encoding="UTF-16"?><a/>'), 'u.xml'), /not UTF-16/);
  });

  test('a NUL character is refused', () => {
    refusal(() => parseXml(utf8('<a>\u0000</a>'), 'nul.xml'), /NUL/);
  });

  test('mismatched, unclosed and second root elements are refused with a line', () => {
    refusal(
      () => parseXml(utf8('<a>\n<b></c>\n</a>'), 'm.xml'),
      /line 2: the end tag <\/c> does not match <b>/,
    );
    refusal(() => parseXml(utf8('<a>\n<b>'), 'm.xml'), /<b> opened on line 2 is not closed/);
    refusal(() => parseXml(utf8('<a/><b/>'), 'm.xml'), /second root/);
    refusal(() => parseXml(utf8('just text'), 'm.xml'), /no root element/);
  });
});

describe('safe XML: what is read', () => {
  test('every element gets the line of its start tag, past comments, CDATA, CRLF and ">" in attributes', () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<root>',
      '  <!-- <fake> element',
      '  in a comment -->',
      '  <a x="1 > 0"',
      '     y="2"/>',
      '  <![CDATA[ <not-an-element/> ]]>',
      '  <b>',
      '    <c/>',
      '  </b>',
      '</root>',
    ].join('\r\n');
    const doc = parseXml(utf8(xml), 'lines.xml');
    const lines = Object.fromEntries([...walkElements(doc.root)].map((el) => [el.name, el.line]));
    assert.deepEqual(lines, { root: 2, a: 5, b: 8, c: 9 });
    assert.equal(doc.root.children[0]?.attributes.x, '1 > 0');
  });

  test('namespaces are resolved from xmlns declarations in scope, not from prefixes', () => {
    const xml =
      '<d:definitions xmlns:d="urn:w" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns="urn:default">' +
      '<soap:binding/><plain/><inner xmlns:soap="urn:other"><soap:binding ref="soap:X"/></inner></d:definitions>';
    const root = parseXml(utf8(xml), 'ns.xml').root;
    assert.equal(root.namespace, 'urn:w');
    assert.equal(root.children[0]?.namespace, 'http://schemas.xmlsoap.org/wsdl/soap12/');
    assert.equal(root.children[1]?.namespace, 'urn:default');
    const inner = root.children[2]?.children[0];
    assert.equal(inner?.namespace, 'urn:other');
    assert.deepEqual(resolveQName(inner as never, 'soap:X'), { name: 'X', namespace: 'urn:other' });
    assert.deepEqual(resolveQName(inner as never, 'Y'), { name: 'Y', namespace: 'urn:default' });
  });

  test('the five XML entities and character references are decoded in text and attributes', () => {
    const root = parseXml(
      utf8('<a t="&lt;&amp;&#x41;&#66;&quot;">x &gt; &apos;y&apos; &unknown;</a>'),
      'e.xml',
    ).root;
    assert.equal(root.attributes.t, '<&AB"');
    assert.equal(root.text, "x > 'y' &unknown;");
  });

  test('text content gathers nested text and CDATA, whitespace collapsed', () => {
    const root = parseXml(utf8('<doc>\n  Hello <![CDATA[& <b>]]>\n  <b>world</b></doc>'), 'd.xml').root;
    assert.equal(textContent(root), 'Hello & <b> world');
  });

  test('UTF-8 is the default and Latvian letters survive', () => {
    const doc = parseXml(utf8('<a>Ģērbtuve ūdens</a>'), 'lv.xml');
    assert.equal(doc.encoding, 'UTF-8');
    assert.equal(doc.declaredEncoding, undefined);
    assert.equal(doc.root.text, 'Ģērbtuve ūdens');
  });

  test('a UTF-8 byte order mark is accepted', () => {
    const doc = parseXml(
      new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('<?xml version="1.0"?><a>ā</a>')]),
      'bom.xml',
    );
    assert.equal(doc.root.text, 'ā');
  });

  test('UTF-16 with a byte order mark is decoded and its declaration read', () => {
    const text = '<?xml version="1.0" encoding="UTF-16"?><a>ķ</a>';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      bytes[2 + i * 2] = text.charCodeAt(i) & 0xff;
      bytes[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    const doc = parseXml(bytes, 'u16.xml');
    assert.equal(doc.encoding, 'UTF-16LE');
    assert.equal(doc.declaredEncoding, 'UTF-16');
    assert.equal(doc.root.text, 'ķ');
  });

  test('a declared ISO-8859-1 file is decoded as declared and reports its encoding', () => {
    const bytes = new Uint8Array([
      ...utf8('<?xml version="1.0" encoding="ISO-8859-1"?><a>'),
      0xe9,
      ...utf8('</a>'),
    ]);
    const decoded = decodeXml(bytes, 'latin.xml');
    assert.equal(decoded.declaredEncoding, 'ISO-8859-1');
    assert.match(decoded.text, /<a>é<\/a>/);
  });
});
