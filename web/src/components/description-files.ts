// Reading the description files the user picks, in the browser, into the attachDescription body.

/** Files read as base64 (binary bundles); every other accepted file is read as UTF-8 text. */
const binaryExtensions = ['.zip'];
/** Files that can be the main file of a description: a WSDL, an OpenAPI document or a zip bundle. */
const mainExtensions = ['.wsdl', '.json', '.yaml', '.yml', '.zip'];
/** What the file input offers. */
export const acceptedExtensions = ['.wsdl', '.xsd', '.xml', '.json', '.yaml', '.yml', '.zip'];

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

export function isBinaryFile(name: string): boolean {
  return binaryExtensions.includes(extensionOf(name));
}

/** The main file: the first selected WSDL, OpenAPI (JSON/YAML) or zip; null when there is none. */
export function pickMainFile(names: readonly string[]): string | null {
  return names.find((n) => mainExtensions.includes(extensionOf(n))) ?? null;
}

export type DescriptionFile = { name: string; content: string } | { name: string; contentBase64: string };

/** Base64 of bytes, in chunks so a large bundle does not overflow the argument list. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** Reads a file with FileReader (supported everywhere the app runs, test DOM included). */
function read<T extends 'text' | 'bytes'>(
  file: File,
  as: T,
): Promise<T extends 'text' ? string : ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as T extends 'text' ? string : ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    if (as === 'text') reader.readAsText(file);
    else reader.readAsArrayBuffer(file);
  });
}

export async function readDescriptionFile(file: File): Promise<DescriptionFile> {
  if (isBinaryFile(file.name)) {
    return { name: file.name, contentBase64: toBase64(new Uint8Array(await read(file, 'bytes'))) };
  }
  return { name: file.name, content: await read(file, 'text') };
}
