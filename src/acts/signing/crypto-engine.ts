import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { DOMImplementation, DOMParser, XMLSerializer } from '@xmldom/xmldom';
import * as pkijs from 'pkijs';
import * as xadesjs from 'xadesjs';
import xpath from 'xpath';

// The signature libraries each want to be told which WebCrypto and which XML DOM to use. All of them
// get Node's own WebCrypto (no polyfill) and one xmldom, once, when any signing module is imported.

export const crypto = webcrypto as unknown as Crypto;

x509.cryptoProvider.set(crypto);
xadesjs.Application.setEngine('NodeJS', crypto);
xadesjs.setNodeDependencies({ DOMParser, XMLSerializer, DOMImplementation, xpath });
pkijs.setEngine('NodeJS', new pkijs.CryptoEngine({ name: 'NodeJS', crypto }));

export { pkijs, x509, xadesjs };

/** A copy whose buffer is a plain ArrayBuffer, which is what WebCrypto's types ask for. */
export function plainBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}
