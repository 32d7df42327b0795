import { describe, expect, it } from 'vitest';
import { isBinaryFile, pickMainFile, readDescriptionFile, toBase64 } from './description-files';

describe('pickMainFile', () => {
  it('picks the first WSDL, OpenAPI or zip file, skipping schemas', () => {
    expect(pickMainFile(['types.xsd', 'service.wsdl', 'other.wsdl'])).toBe('service.wsdl');
    expect(pickMainFile(['openapi.YAML'])).toBe('openapi.YAML');
    expect(pickMainFile(['a.xml', 'bundle.zip', 'api.json'])).toBe('bundle.zip');
  });

  it('returns null when nothing can be the main file', () => {
    expect(pickMainFile([])).toBeNull();
    expect(pickMainFile(['types.xsd', 'common.xml', 'README'])).toBeNull();
  });
});

describe('reading files', () => {
  it('reads a zip as base64 and other files as text', async () => {
    expect(isBinaryFile('bundle.ZIP')).toBe(true);
    expect(isBinaryFile('service.wsdl')).toBe(false);
    const zip = new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04])], 'bundle.zip');
    expect(await readDescriptionFile(zip)).toEqual({ name: 'bundle.zip', contentBase64: 'UEsDBA==' });
    const wsdl = new File(['<definitions/>'], 'service.wsdl');
    expect(await readDescriptionFile(wsdl)).toEqual({ name: 'service.wsdl', content: '<definitions/>' });
  });

  it('encodes large content in chunks', () => {
    const bytes = new Uint8Array(100_000).fill(65);
    expect(atob(toBase64(bytes))).toHaveLength(100_000);
  });
});
