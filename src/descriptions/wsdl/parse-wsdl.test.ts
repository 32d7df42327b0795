import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { type Contract, DescriptionError, type DescriptionFiles } from '../contract.ts';
import { parseWsdl, resolveLocation } from './parse-wsdl.ts';

const corpus = path.resolve(import.meta.dirname, '../../../../shared/corpus/wsdl');
const utf8 = (text: string) => new TextEncoder().encode(text);

/** A corpus folder as an upload: every file by its path relative to the folder. */
function readFolder(folder: string): Map<string, Uint8Array> {
  const root = path.join(corpus, folder);
  const files = new Map<string, Uint8Array>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full));
  }
  return files;
}

const folderCache = new Map<string, Map<string, Uint8Array>>();
function parseCorpus(folder: string, main: string): Contract {
  let files = folderCache.get(folder);
  if (!files) {
    files = readFolder(folder);
    folderCache.set(folder, files);
  }
  return parseWsdl({ main, files });
}

function lineOf(folder: string, file: string, needle: string, after = 0): number {
  const lines = readFileSync(path.join(corpus, folder, file), 'utf8').split('\n');
  const index = lines.findIndex((line, i) => i >= after && line.includes(needle));
  assert.ok(index >= 0, `${needle} not found in ${file}`);
  return index + 1;
}

const xroadNs = 'http://x-road.eu/xsd/xroad.xsd';
const timeout = { timeout: 20_000 };

// Every WSDL in the corpus, with what SOURCES.md says about it.
const expectations: {
  folder: string;
  main: string;
  operations: number;
  versions: ('1.1' | '1.2')[];
  style: 'document' | 'rpc' | undefined;
  use: 'literal' | 'encoded' | undefined;
}[] = [
  {
    folder: 'xroad-wsdlvalidator',
    main: 'testservice.wsdl',
    operations: 2,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'xroad-wsdlvalidator',
    main: 'warn.wsdl',
    operations: 2,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'xroad-wsdlvalidator',
    main: 'warnanderror.wsdl',
    operations: 2,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'xroad-wsdlvalidator',
    main: 'error.wsdl',
    operations: 3,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'xroad-proxymonitor',
    main: 'monitoring.wsdl',
    operations: 1,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'xroad-managementservices',
    main: 'managementservices.wsdl',
    operations: 10,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'xroad-op-monitoring',
    main: 'op-monitoring.wsdl',
    operations: 2,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'xroad6-getrandom',
    main: 'xroad6.wsdl',
    operations: 1,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'xroad-test-service',
    main: 'test-service.wsdl',
    operations: 1,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'xroad-catalog-lister',
    main: 'services.wsdl',
    operations: 10,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'xroad-metaservices',
    main: 'metaservices.wsdl',
    operations: 3,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'xtee-maakataster-rpc',
    main: 'Maakataster.wsdl.xml',
    operations: 3,
    versions: ['1.1'],
    style: 'rpc',
    use: 'encoded',
  },
  {
    folder: 'xroad5-aktorstest',
    main: 'AktorstestService.wsdl.xml',
    operations: 12,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  { folder: 'ee-dhx', main: 'dhx.wsdl', operations: 2, versions: ['1.1'], style: 'document', use: 'literal' },
  {
    folder: 'ee-dvk-dhl',
    main: 'dhl.wsdl',
    operations: 4,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'eu-vies-checkvat',
    main: 'checkVatService.wsdl',
    operations: 2,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'us-noaa-ndfd',
    main: 'ndfdXML.wsdl',
    operations: 12,
    versions: ['1.1'],
    style: 'rpc',
    use: 'encoded',
  },
  {
    folder: 'us-cdc-iis',
    main: 'cdc-iis-hub.wsdl',
    operations: 2,
    versions: ['1.2'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'us-cdc-iis',
    main: 'cdc-iis.wsdl',
    operations: 2,
    versions: ['1.2'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'us-cdc-iis',
    main: 'cdc-iis-2011.wsdl',
    operations: 2,
    versions: ['1.2'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'ru-cbr-dailyinfo',
    main: 'DailyInfo.wsdl',
    operations: 82,
    versions: ['1.1', '1.2'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'dk-oioidws-provider',
    main: 'poc-provider.wsdl',
    operations: 2,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'dk-oioidws-sts',
    main: 'sts.wsdl',
    operations: 1,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'onvif',
    main: 'ver10/device/wsdl/devicemgmt.wsdl',
    operations: 103,
    versions: ['1.2'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'onvif',
    main: 'ver10/deviceio.wsdl',
    operations: 29,
    versions: ['1.2'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'paypal-soap-api',
    main: 'PayPalSvc.wsdl',
    operations: 57,
    versions: ['1.1'],
    style: 'document',
    use: 'literal',
  },
  // The concrete half binds one portType of the abstract WSDL it imports: its one operation.
  {
    folder: 'apache-cxf-doubleit',
    main: 'DoubleItFault.wsdl',
    operations: 1,
    versions: ['1.1', '1.2'],
    style: 'document',
    use: 'literal',
  },
  {
    folder: 'apache-cxf-doubleit',
    main: 'src/test/resources/DoubleItLogical.wsdl',
    operations: 8,
    versions: [],
    style: undefined,
    use: undefined,
  },
];

describe('WSDL corpus: every description parses with the counts SOURCES.md gives', () => {
  test('the table covers every WSDL in every corpus folder', () => {
    const folders = readdirSync(corpus, { withFileTypes: true }).filter((e) => e.isDirectory());
    const all = folders.flatMap((folder) =>
      [...readFolder(folder.name).keys()]
        .filter((f) => /\.wsdl(\.xml)?$/.test(f))
        .map((f) => `${folder.name}/${f}`),
    );
    assert.deepEqual(all.sort(), expectations.map((e) => `${e.folder}/${e.main}`).sort());
  });

  for (const e of expectations) {
    test(
      `${e.folder}/${e.main}: ${e.operations} operations, SOAP ${e.versions.join('+') || 'none'}, ${e.style ?? 'abstract'}`,
      timeout,
      () => {
        const contract = parseCorpus(e.folder, e.main);
        assert.equal(contract.format, 'wsdl-1.1');
        assert.equal(contract.protocol, 'soap');
        assert.equal(contract.operations.length, e.operations);
        assert.deepEqual(contract.soap?.versions, e.versions);
        for (const op of contract.operations) {
          assert.equal(op.style, e.style, op.id);
          assert.equal(op.use, e.use, op.id);
          assert.ok(op.location.line && op.location.line > 0, `${op.id} has a line`);
          assert.match(op.id, /^[^/]+\/[^/]+$/);
        }
        assert.equal(new Set(contract.operations.map((o) => o.id)).size, contract.operations.length);
        assert.equal(contract.files[0], e.main);
      },
    );
  }
});

describe('WSDL corpus: what the upstream validators expect', () => {
  test('X-Road testservice: every operation carries the X-Road headers, from two partial bindings', () => {
    const contract = parseCorpus('xroad-wsdlvalidator', 'testservice.wsdl');
    const expected = ['client', 'service', 'id', 'userId', 'issue', 'protocolVersion'];
    for (const op of contract.operations) {
      assert.deepEqual(
        op.input?.headers,
        expected.map((name) => ({ name, namespace: xroadNs })),
        op.id,
      );
      assert.ok(op.documentation, `${op.id} has documentation`);
    }
    assert.deepEqual(
      contract.endpoints.map((e) => [e.name, e.binding, e.soapVersion]),
      [
        ['xroadGetRandomPortSoap11', 'xroadGetRandomPortSoap11', '1.1'],
        ['bodyMassIndexPortSoap11', 'bodyMassIndexPortSoap11', '1.1'],
      ],
    );
    assert.deepEqual(contract.files, [
      'testservice.wsdl',
      'xsd/xroad.xsd',
      'xsd/xml.xsd',
      'xsd/identifiers.xsd',
      'xsd/swaref.xsd',
      'xsd/xmlmime.xsd',
    ]);
    assert.equal(contract.unresolved, undefined);
    assert.ok(
      contract.soap?.types.some(
        (t) => t.name === 'client' && t.namespace === xroadNs && t.kind === 'element',
      ),
    );
  });

  test('operation, port and fault lines point at the declarations in the file', () => {
    const contract = parseCorpus('xroad-wsdlvalidator', 'testservice.wsdl');
    const op = contract.operations.find((o) => o.name === 'bodyMassIndex');
    const portTypeLine = lineOf('xroad-wsdlvalidator', 'testservice.wsdl', '<wsdl:portType');
    assert.equal(
      op?.location.line,
      lineOf('xroad-wsdlvalidator', 'testservice.wsdl', 'operation name="bodyMassIndex"', portTypeLine),
    );
    assert.equal(
      op?.location.path,
      "/definitions/portType[@name='testServicePort']/operation[@name='bodyMassIndex']",
    );
    const port = contract.endpoints.find((e) => e.name === 'bodyMassIndexPortSoap11');
    assert.equal(
      port?.location?.line,
      lineOf('xroad-wsdlvalidator', 'testservice.wsdl', 'port name="bodyMassIndexPortSoap11"'),
    );
    const cdc = parseCorpus('us-cdc-iis', 'cdc-iis.wsdl');
    const fault = cdc.operations.flatMap((o) => o.faults)[0];
    assert.ok(fault?.location?.line);
    const faultLine = readFileSync(path.join(corpus, 'us-cdc-iis/cdc-iis.wsdl'), 'utf8').split('\n')[
      (fault.location.line as number) - 1
    ];
    assert.match(faultLine ?? '', new RegExp(`fault[^>]*name="${fault.name}"`));
  });

  test('warn.wsdl: one operation has no documentation and an empty output', () => {
    const contract = parseCorpus('xroad-wsdlvalidator', 'warn.wsdl');
    const op = contract.operations.find((o) => o.name === 'xroadGetRandom');
    assert.equal(op?.documentation, undefined);
    assert.deepEqual(op?.output?.parts, []);
    assert.equal(op?.output?.name, '');
  });

  test('warnanderror.wsdl: no output at all, and swaref.xsd is reported as unresolvable with its line', () => {
    const contract = parseCorpus('xroad-wsdlvalidator', 'warnanderror.wsdl');
    const op = contract.operations.find((o) => o.name === 'xroadGetRandom');
    assert.equal(op?.documentation, undefined);
    assert.equal(op?.output, undefined);
    assert.deepEqual(contract.unresolved, [
      {
        location: 'swaref.xsd',
        from: {
          file: 'warnanderror.wsdl',
          line: lineOf('xroad-wsdlvalidator', 'warnanderror.wsdl', 'schemaLocation="swaref.xsd"') - 1,
        },
      },
    ]);
    assert.ok(!contract.files.includes('xsd/swaref.xsd'));
    assert.deepEqual(
      contract.imports?.map((i) => [i.target, i.resolved]),
      [
        ['xsd/xroad.xsd', true],
        ['xml.xsd', true],
        ['identifiers.xsd', true],
        ['swaref.xsd', false],
        ['xsd/xmlmime.xsd', true],
      ],
    );
  });

  test('error.wsdl: headers inside mime:multipartRelated are read and anyType content is free-form', () => {
    const contract = parseCorpus('xroad-wsdlvalidator', 'error.wsdl');
    const swaRef = contract.operations.find((o) => o.name === 'mockSwaRef');
    assert.equal(swaRef?.input?.headers?.length, 6);
    assert.equal(swaRef?.output?.headers?.length, 6);
    assert.ok(contract.soap?.types.find((t) => t.name === 'mock')?.freeForm);
  });

  test('Maakataster: MIME attachment parts get their media type', () => {
    const contract = parseCorpus('xtee-maakataster-rpc', 'Maakataster.wsdl.xml');
    const parts = contract.operations.flatMap((o) => [...(o.input?.parts ?? []), ...(o.output?.parts ?? [])]);
    assert.ok(parts.some((p) => p.name === 'p1' && p.mediaType === 'application/binary'));
  });

  test('xroad-test-service: the issue header is read even though the schema does not declare it', () => {
    const contract = parseCorpus('xroad-test-service', 'test-service.wsdl');
    const headers = contract.operations[0]?.input?.headers ?? [];
    assert.ok(headers.some((h) => h.name === 'issue' && h.namespace === xroadNs));
    assert.ok(!contract.soap?.types.some((t) => t.name === 'issue' && t.namespace === xroadNs));
  });

  test('remote imports are recorded and never fetched', () => {
    const getRandom = parseCorpus('xroad6-getrandom', 'xroad6.wsdl');
    assert.deepEqual(
      getRandom.imports?.map((i) => [i.target, i.resolved]),
      [['http://x-road.eu/xsd/xroad.xsd', false]],
    );
    assert.deepEqual(
      getRandom.remoteImports?.map((r) => r.location),
      ['http://x-road.eu/xsd/xroad.xsd'],
    );
    assert.equal(parseCorpus('ee-dvk-dhl', 'dhl.wsdl').remoteImports?.length, 5);
    const proxy = parseCorpus('xroad-proxymonitor', 'monitoring.wsdl');
    assert.deepEqual(proxy.files, ['monitoring.wsdl', 'xroad.xsd', 'identifiers.xsd', 'monitoring.xsd']);
    assert.equal(proxy.remoteImports?.length, 1);
  });

  test('xs:include of a local schema brings its declarations in (metaservices)', () => {
    const contract = parseCorpus('xroad-metaservices', 'metaservices.wsdl');
    assert.ok(contract.files.includes('list-clients.xsd'));
    assert.ok(contract.soap?.types.some((t) => t.location?.file === 'list-clients.xsd'));
  });

  test('X-Road v5 and legacy X-tee headers are read, and the RPC ones are rpc/encoded', () => {
    const aktorstest = parseCorpus('xroad5-aktorstest', 'AktorstestService.wsdl.xml');
    // listMethods and testSystem are X-Road v5 meta-services and declare no headers.
    const withHeaders = aktorstest.operations.filter((o) =>
      o.input?.headers?.some((h) => h.name === 'producer'),
    );
    assert.equal(withHeaders.length, 10);
    const maakataster = parseCorpus('xtee-maakataster-rpc', 'Maakataster.wsdl.xml');
    assert.ok(maakataster.operations.every((o) => o.style === 'rpc' && o.use === 'encoded'));
    assert.ok(maakataster.operations[0]?.input?.headers?.some((h) => h.name === 'isikukood'));
  });

  test('CDC IIS: SOAP 1.2 with wsam:Addressing; the 2011 version has wsaw:Action but no addressing', () => {
    const hub = parseCorpus('us-cdc-iis', 'cdc-iis-hub.wsdl');
    assert.equal(hub.soap?.wsAddressing, true);
    assert.deepEqual(
      hub.endpoints.map((e) => e.soapVersion),
      ['1.2'],
    );
    assert.ok(hub.operations.every((o) => o.input?.headers?.some((h) => h.name === 'HubRequestHeader')));
    assert.deepEqual(
      hub.unresolved?.map((u) => u.location),
      ['/IISHubService?xsd=cdc-iis.xsd', '/IISHubService?xsd=cdc-iis-hub.xsd'],
    );
    assert.equal(parseCorpus('us-cdc-iis', 'cdc-iis.wsdl').soap?.wsAddressing, true);
    assert.equal(parseCorpus('us-cdc-iis', 'cdc-iis-2011.wsdl').soap?.wsAddressing, false);
    assert.ok(hub.operations.reduce((n, o) => n + o.faults.length, 0) >= 5);
  });

  test('DailyInfo: one portType bound by SOAP 1.1 and 1.2; DataSet results are free-form; Cyrillic text survives', () => {
    const contract = parseCorpus('ru-cbr-dailyinfo', 'DailyInfo.wsdl');
    assert.deepEqual(contract.endpoints.map((e) => e.soapVersion).sort(), ['1.1', '1.2']);
    assert.ok(contract.operations.every((o) => o.soapAction?.startsWith('http://web.cbr.ru/')));
    assert.ok((contract.soap?.types.filter((t) => t.freeForm).length ?? 0) > 10);
    assert.ok(contract.operations.some((o) => /[\u0400-\u04FF]/.test(o.documentation ?? '')));
  });

  test('ONVIF: the soap prefix bound to SOAP 1.2 is read as SOAP 1.2, and wsdl:import brings devicemgmt in', () => {
    const deviceio = parseCorpus('onvif', 'ver10/deviceio.wsdl');
    assert.deepEqual(deviceio.soap?.versions, ['1.2']);
    assert.ok(deviceio.files.includes('ver10/device/wsdl/devicemgmt.wsdl'));
    assert.ok(deviceio.files.includes('ver10/schema/onvif.xsd'));
    assert.ok(deviceio.files.includes('ver10/schema/common.xsd'));
    assert.equal(deviceio.remoteImports?.length, 4);
  });

  test('PayPal: 57 operations in 2 portTypes, RequesterCredentials on every input and output, circular imports end', () => {
    const contract = parseCorpus('paypal-soap-api', 'PayPalSvc.wsdl');
    const portTypes = new Set(contract.operations.map((o) => o.id.split('/')[0]));
    assert.equal(portTypes.size, 2);
    let headers = 0;
    for (const op of contract.operations) {
      for (const io of [op.input, op.output]) {
        assert.ok(
          io?.headers?.some((h) => h.name === 'RequesterCredentials'),
          op.id,
        );
        headers += io?.headers?.length ?? 0;
      }
    }
    assert.equal(headers, 114);
    assert.equal(contract.files.length, 4);
    assert.equal(contract.endpoints.length, 2);
  });

  test('WS-SecurityPolicy: OIO IDWS provider and STS and CXF DoubleIt are detected; addressing too where declared', () => {
    const provider = parseCorpus('dk-oioidws-provider', 'poc-provider.wsdl');
    assert.equal(provider.soap?.wsSecurityPolicy, true);
    assert.equal(provider.soap?.wsAddressing, true);
    assert.ok(
      provider.securitySchemes.some(
        (s) =>
          s.type === 'ws-security' &&
          /AsymmetricBinding/.test(s.detail ?? '') &&
          /IssuedToken/.test(s.detail ?? ''),
      ),
    );
    const sts = parseCorpus('dk-oioidws-sts', 'sts.wsdl');
    assert.equal(sts.soap?.wsSecurityPolicy, true);
    assert.equal(sts.operations[0]?.input?.parts[0]?.schema?.kind, 'xml-type');
    const doubleIt = parseCorpus('apache-cxf-doubleit', 'DoubleItFault.wsdl');
    assert.equal(doubleIt.soap?.wsSecurityPolicy, true);
    assert.equal(doubleIt.endpoints.length, 9);
    assert.ok(doubleIt.files.includes('src/test/resources/DoubleItLogical.wsdl'));
    assert.ok(
      doubleIt.securitySchemes.some(
        (s) => /SymmetricBinding/.test(s.detail ?? '') && /UsernameToken/.test(s.detail ?? ''),
      ),
    );
    // The abstract half declares the policy namespaces but no policies.
    assert.equal(
      parseCorpus('apache-cxf-doubleit', 'src/test/resources/DoubleItLogical.wsdl').soap?.wsSecurityPolicy,
      false,
    );
    assert.equal(parseCorpus('eu-vies-checkvat', 'checkVatService.wsdl').soap?.wsSecurityPolicy, false);
  });
});

// --- Built inputs -------------------------------------------------------------------------------

const wsdlNs = 'xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema"';

function wsdl(body: string, extraNs = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions ${wsdlNs} xmlns:tns="urn:t" targetNamespace="urn:t" ${extraNs}>
${body}
</wsdl:definitions>`;
}

function upload(main: string, entries: Record<string, string>): DescriptionFiles {
  return { main, files: new Map(Object.entries(entries).map(([name, text]) => [name, utf8(text)])) };
}

function refusal(run: () => unknown, why: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DescriptionError, `expected a DescriptionError, got ${String(error)}`);
    assert.match(error.message, why);
    return true;
  });
}

describe('WSDL: built inputs', () => {
  test('a file that is not a WSDL 1.1 is refused, naming the root element', () => {
    refusal(
      () =>
        parseWsdl(upload('a.wsdl', { 'a.wsdl': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>' })),
      /not a WSDL 1.1 description: the root element is <\{http:\/\/www.w3.org\/2001\/XMLSchema\}schema>/,
    );
  });

  test('WSDL 2.0 is refused as unsupported', () => {
    refusal(
      () => parseWsdl(upload('a.wsdl', { 'a.wsdl': '<description xmlns="http://www.w3.org/ns/wsdl"/>' })),
      /WSDL 2.0 is not supported/,
    );
  });

  test('a main file missing from the upload is refused', () => {
    refusal(() => parseWsdl(upload('a.wsdl', {})), /main file a.wsdl is not among the uploaded files/);
  });

  test('a hostile imported schema stops the review and says who imported it', () => {
    const main = wsdl(
      '<wsdl:types><xs:schema><xs:import schemaLocation="evil.xsd"/></xs:schema></wsdl:types>',
    );
    const evil =
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">&e;</xs:schema>';
    refusal(
      () => parseWsdl(upload('a.wsdl', { 'a.wsdl': main, 'evil.xsd': evil })),
      /evil.xsd.*DOCTYPE.*imported from a.wsdl, line 3/,
    );
  });

  test('locations outside the upload (../, absolute paths, file: URLs) are unresolved, never read from disk', () => {
    const main = wsdl(`<wsdl:import location="../../../../etc/passwd"/>
<wsdl:types><xs:schema>
  <xs:import schemaLocation="/etc/passwd"/>
  <xs:import schemaLocation="file:///etc/passwd"/>
  <xs:include schemaLocation="sub/../../../x.xsd"/>
</xs:schema></wsdl:types>`);
    const contract = parseWsdl(upload('dir/a.wsdl', { 'dir/a.wsdl': main, 'x.xsd': '<never/>' }));
    assert.deepEqual(
      contract.unresolved?.map((u) => u.location),
      ['../../../../etc/passwd', '/etc/passwd', 'file:///etc/passwd', 'sub/../../../x.xsd'],
    );
    assert.deepEqual(contract.files, ['dir/a.wsdl']);
    assert.deepEqual(
      resolveLocation(
        { main: 'dir/a.wsdl', files: new Map([['x.xsd', new Uint8Array()]]) },
        'dir/a.wsdl',
        '../x.xsd',
      ),
      {
        kind: 'local',
        file: 'x.xsd',
      },
    );
  });

  test('imports that form a cycle are read once each', () => {
    const main = wsdl('<wsdl:import location="b.wsdl"/>');
    const b = wsdl(
      '<wsdl:import location="a.wsdl"/><wsdl:types><xs:schema targetNamespace="urn:t"><xs:import schemaLocation="c.xsd"/></xs:schema></wsdl:types>',
    );
    const c =
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:c"><xs:import schemaLocation="c.xsd"/><xs:element name="C" type="xs:int"/></xs:schema>';
    const contract = parseWsdl(upload('a.wsdl', { 'a.wsdl': main, 'b.wsdl': b, 'c.xsd': c }));
    assert.deepEqual(contract.files, ['a.wsdl', 'b.wsdl', 'c.xsd']);
    assert.deepEqual(
      contract.soap?.types.map((t) => [t.name, t.namespace]),
      [['C', 'urn:c']],
    );
  });

  const vissLike = wsdl(
    `<wsdl:documentation>VISS pakalpe URN:IVIS:100001:EP.DA-DA29-V1-0</wsdl:documentation>
<wsdl:types>
  <xs:schema targetNamespace="urn:t">
    <xs:element name="GetPerson"><xs:complexType><xs:sequence><xs:element name="code" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
    <xs:element name="GetPersonResponse" type="tns:PersonType"/>
    <xs:complexType name="PersonType"><xs:sequence><xs:any processContents="lax"/></xs:sequence></xs:complexType>
    <xs:complexType name="Extensible"><xs:sequence><xs:element name="a" type="xs:int"/><xs:any/></xs:sequence></xs:complexType>
    <xs:element name="Raw" type="xs:string"/>
    <xs:element name="HeaderOnly" type="xs:string"/>
    <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:maxLength value="11"/></xs:restriction></xs:simpleType>
  </xs:schema>
</wsdl:types>
<wsdl:message name="In"><wsdl:part name="body" element="tns:GetPerson"/><wsdl:part name="h" element="tns:HeaderOnly"/></wsdl:message>
<wsdl:message name="Out"><wsdl:part name="body" element="tns:GetPersonResponse"/></wsdl:message>
<wsdl:message name="RawIn"><wsdl:part name="body" element="tns:Raw"/></wsdl:message>
<wsdl:message name="Hdr"><wsdl:part name="Action" element="wsa:Action"/><wsdl:part name="Security" element="wsse:Security"/></wsdl:message>
<wsdl:portType name="PersonPort">
  <wsdl:operation name="GetPerson">
    <wsdl:documentation>  Returns   a person.  </wsdl:documentation>
    <wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/>
    <wsdl:fault name="NotFound" message="tns:Out"/>
  </wsdl:operation>
  <wsdl:operation name="PutRaw"><wsdl:input message="tns:RawIn"/></wsdl:operation>
</wsdl:portType>
<wsdl:binding name="PersonBinding12" type="tns:PersonPort">
  <s12:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
  <wsaw:UsingAddressing/>
  <wsdl:operation name="GetPerson">
    <s12:operation soapAction="urn:t/GetPerson"/>
    <wsdl:input><s12:body use="literal" parts="body"/><s12:header message="tns:In" part="h" use="literal"/>
      <s12:header message="tns:Hdr" part="Action" use="literal"/><s12:header message="tns:Hdr" part="Security" use="literal"/></wsdl:input>
    <wsdl:output><s12:body use="literal"/></wsdl:output>
  </wsdl:operation>
  <wsdl:operation name="PutRaw"><s12:operation style="rpc"/><wsdl:input><s12:body use="encoded"/></wsdl:input></wsdl:operation>
</wsdl:binding>
<wsdl:service name="PersonService">
  <wsdl:port name="PersonPort12" binding="tns:PersonBinding12"><s12:address location="https://viss.example.lv/person"/></wsdl:port>
</wsdl:service>`,
    'xmlns:s12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"',
  );

  test('a VISS-like SOAP 1.2 WSDL gives operations, headers, endpoint, addressing and identifier', () => {
    const contract = parseWsdl(upload('viss.wsdl', { 'viss.wsdl': vissLike }));
    assert.equal(contract.identifier, 'URN:IVIS:100001:EP.DA-DA29-V1-0');
    assert.equal(contract.soap?.targetNamespace, 'urn:t');
    assert.equal(contract.soap?.wsAddressing, true);
    assert.deepEqual(contract.soap?.versions, ['1.2']);
    assert.deepEqual(contract.soap?.encodings, [{ file: 'viss.wsdl', encoding: 'UTF-8' }]);
    const [get, raw] = contract.operations;
    assert.equal(get?.id, 'PersonPort/GetPerson');
    assert.equal(get?.soapAction, 'urn:t/GetPerson');
    assert.equal(get?.style, 'document');
    assert.equal(get?.use, 'literal');
    assert.equal(get?.documentation, 'Returns a person.');
    assert.deepEqual(get?.input?.parts[0], {
      name: 'body',
      schema: { kind: 'xml-element', name: 'GetPerson', namespace: 'urn:t' },
    });
    assert.deepEqual(get?.input?.headers, [
      { name: 'HeaderOnly', namespace: 'urn:t' },
      { name: 'Action', namespace: 'http://www.w3.org/2005/08/addressing' },
      {
        name: 'Security',
        namespace: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
      },
    ]);
    assert.equal(get?.faults[0]?.name, 'NotFound');
    assert.equal(raw?.style, 'rpc');
    assert.equal(raw?.use, 'encoded');
    assert.equal(raw?.output, undefined);
    assert.deepEqual(contract.endpoints, [
      {
        name: 'PersonPort12',
        url: 'https://viss.example.lv/person',
        binding: 'PersonBinding12',
        soapVersion: '1.2',
        location: {
          file: 'viss.wsdl',
          line: vissLike.split('\n').findIndex((l) => l.includes('port name="PersonPort12"')) + 1,
          path: "/definitions/service[@name='PersonService']/port[@name='PersonPort12']",
        },
      },
    ]);
    assert.ok(contract.securitySchemes.some((s) => s.name === 'wsse:Security'));
  });

  test('free-form: wildcard-only types and body strings are marked; extension points, headers and restrictions are not', () => {
    const contract = parseWsdl(upload('viss.wsdl', { 'viss.wsdl': vissLike }));
    const free = Object.fromEntries((contract.soap?.types ?? []).map((t) => [t.name, t.freeForm === true]));
    assert.deepEqual(free, {
      GetPerson: false,
      GetPersonResponse: true,
      PersonType: true,
      Extensible: false,
      Raw: true,
      HeaderOnly: false,
      Code: false,
    });
  });

  test('types list the fields their own content model declares', () => {
    const contract = parseWsdl(upload('viss.wsdl', { 'viss.wsdl': vissLike }));
    const fields = Object.fromEntries((contract.soap?.types ?? []).map((t) => [t.name, t.fields]));
    assert.deepEqual(fields.GetPerson, ['code']);
    assert.deepEqual(fields.Extensible, ['a']);
    assert.equal(fields.Raw, undefined);
  });

  test('WS-Addressing header parts alone count as addressing', () => {
    const withoutUsing = vissLike.replace('<wsaw:UsingAddressing/>', '');
    assert.equal(parseWsdl(upload('v.wsdl', { 'v.wsdl': withoutUsing })).soap?.wsAddressing, true);
    const none = withoutUsing.replace(/<s12:header message="tns:Hdr" part="Action" use="literal"\/>/, '');
    assert.equal(parseWsdl(upload('v.wsdl', { 'v.wsdl': none })).soap?.wsAddressing, false);
  });

  test('a malformed main WSDL is refused with the line of the problem', () => {
    refusal(
      () => parseWsdl(upload('a.wsdl', { 'a.wsdl': wsdl('<wsdl:message name="x">\n</wsdl:portType>') })),
      /a.wsdl, line 4: the end tag/,
    );
  });
});
