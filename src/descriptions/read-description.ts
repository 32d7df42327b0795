import { readZipBundle } from './bundle.ts';
import { type Contract, DescriptionError, type DescriptionFiles } from './contract.ts';
import { parseOpenApi } from './openapi/parse-openapi.ts';
import { parseWsdl } from './wsdl/parse-wsdl.ts';

// Which parser a description needs, decided from its bytes (never trusting the file name alone).

export type DescriptionKind = 'wsdl' | 'openapi' | 'zip';

export function detectKind(name: string, bytes: Uint8Array): DescriptionKind {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'zip';
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 4096))
    .replace(/^\uFEFF/, '');
  if (/^\s*</.test(head)) {
    if (/<(\w+:)?definitions[\s>]/.test(head) || /\.wsdl$/i.test(name)) return 'wsdl';
    throw new DescriptionError(`${name} is XML but not a WSDL 1.1 description (no <definitions> root).`, {
      file: name,
    });
  }
  if (/(^|\n)\s*["']?(openapi|swagger)["']?\s*:/.test(head) || /^\s*\{/.test(head)) return 'openapi';
  throw new DescriptionError(`${name} is neither a WSDL, an OpenAPI/Swagger document nor a zip bundle.`, {
    file: name,
  });
}

/** Parses a description given as its files (main first). */
export async function readDescription(
  files: DescriptionFiles,
): Promise<{ contract: Contract; raw: DescriptionFiles }> {
  const main = files.files.get(files.main);
  if (!main) throw new DescriptionError(`The main file ${files.main} is missing.`);
  const kind = detectKind(files.main, main);
  if (kind === 'zip') {
    const bundle = await readZipBundle(main);
    return readDescription(bundle);
  }
  const contract = kind === 'wsdl' ? parseWsdl(files) : await parseOpenApi(files);
  return { contract, raw: files };
}
