import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DescriptionError, type DescriptionFiles } from './contract.ts';

// For the CLI: a description on disk is its file plus the files beside it that it may import
// (XSDs next to a WSDL, split OpenAPI files), keyed by path relative to the main file's folder.

const companions = /\.(wsdl|xsd|xml|json|ya?ml)$/i;
const maxFiles = 500;
const maxTotalBytes = 50 * 1024 * 1024;

export async function loadDescriptionFiles(file: string): Promise<DescriptionFiles> {
  const absolute = path.resolve(file);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(absolute);
  } catch {
    throw new DescriptionError(`Cannot read ${file}: no such file.`, { file });
  }
  if (!info.isFile()) throw new DescriptionError(`${file} is not a file.`, { file });
  const root = path.dirname(absolute);
  const main = path.basename(absolute);
  const files = new Map<string, Uint8Array>([[main, await readFile(absolute)]]);
  if (/\.zip$/i.test(main)) return { main, files };
  let total = info.size;
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !companions.test(entry.name)) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, full).split(path.sep).join('/');
    if (relative === main || relative.split('/').includes('node_modules')) continue;
    if (files.size >= maxFiles) break;
    const size = (await stat(full)).size;
    if (total + size > maxTotalBytes) break;
    total += size;
    files.set(relative, await readFile(full));
  }
  return { main, files };
}
