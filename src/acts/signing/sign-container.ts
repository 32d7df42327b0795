import {
  buildContainer,
  type ContainerDocument,
  type ContainerLimits,
  defaultContainerLimits,
  nextSignaturePath,
  readContainer,
} from './asice.ts';
import type { KeyedCertificate } from './certificates.ts';
import { createXadesSignature } from './xades.ts';

// Adding a signature the way an external signing tool does: the document and the signatures already
// there stay byte for byte; one more META-INF/signaturesN.xml is added.

/**
 * A new container with one signature. `augment` may add unsigned properties to the signature file
 * before it is stored (the agency's time stamp and validation data, see ActSigning.augment).
 */
export async function createSignedContainer(
  document: ContainerDocument,
  signer: KeyedCertificate,
  signingTime: Date,
  augment?: (signatureXml: Uint8Array) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const signed = await createXadesSignature({ signer, document, signingTime });
  const xml = augment ? await augment(signed) : signed;
  return buildContainer(document, [{ path: nextSignaturePath([]), xml }], signingTime);
}

export async function addSignatureToContainer(
  container: Uint8Array,
  signer: KeyedCertificate,
  signingTime: Date,
  limits: ContainerLimits = defaultContainerLimits,
): Promise<Uint8Array> {
  const contents = await readContainer(container, limits);
  const [document, ...others] = contents.dataObjects;
  if (!document || others.length > 0) {
    throw new Error(`an act container holds one document; this one holds ${contents.dataObjects.length}`);
  }
  const xml = await createXadesSignature({ signer, document, signingTime });
  const signatures = [...contents.signatures, { path: nextSignaturePath(contents.signatures), xml }];
  return buildContainer(document, signatures, signingTime);
}
