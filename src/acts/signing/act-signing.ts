import { readFile } from 'node:fs/promises';
import type { ActSigningSettings, ActTrustServiceSettings } from '../../platform/config.ts';
import { displayUrl } from '../trust-services/http.ts';
import { ocspUrlOf } from '../trust-services/ocsp.ts';
import { importPrivateKeyPem, type KeyedCertificate, readPemCertificates } from './certificates.ts';
import type { x509 } from './crypto-engine.ts';
import { type DemoParty, demoCertificateFor, loadOrCreateDemoCa } from './demo-ca.ts';
import { extendSignature, type SignatureLevel } from './extend-signature.ts';
import { findCertificateOfKey, readPkcs12 } from './pkcs12.ts';
import { type TrustStore, trustStoreFromCertificates } from './trust-store.ts';

// The agency's signer and the trust list, chosen by configuration: a key file today, an HSM
// tomorrow (a signer only has to hand xadesjs a WebCrypto key and its certificates). Loaded on first
// use and kept; a file that cannot be read is reported when the first act is issued or verified.
// The trust services decide the level of the agency's signature: B alone, T with a time-stamping
// service, LT with an OCSP responder too (ACT_OCSP_URL, or the one the certificate's AIA names).

export type ActSigning = {
  kind: ActSigningSettings['kind'];
  trustAnchors(): Promise<x509.X509Certificate[]>;
  /** The configured anchors as trust services (trusted lists loaded by an admin are added by the caller). */
  trustStore(): Promise<TrustStore>;
  /** The key and certificate the server signs the agency's part with. */
  agencySigner(agency: DemoParty): Promise<KeyedCertificate>;
  /** The XAdES baseline level the agency's signature reaches with this signer. */
  levelFor(signer: KeyedCertificate): SignatureLevel;
  /**
   * Adds what the level asks for to one signature file (`createXadesSignature`'s bytes): the time
   * stamp at T, also the certificates and OCSP response at LT; unchanged at B. A trust service that
   * cannot be reached or refuses is a TrustServiceError.
   */
  augment(signatureXml: Uint8Array, signer: KeyedCertificate): Promise<Uint8Array>;
};

const noTrustServices: ActTrustServiceSettings = {
  tsaUrl: undefined,
  ocspUrl: undefined,
  tsaTimeoutMs: 10_000,
  ocspTimeoutMs: 10_000,
};

export function createActSigning(
  settings: ActSigningSettings,
  trustServices: ActTrustServiceSettings = noTrustServices,
): ActSigning {
  const ocspUrlFor = (signer: KeyedCertificate) => trustServices.ocspUrl ?? ocspUrlOf(signer.certificate);
  const levelFor = (signer: KeyedCertificate): SignatureLevel =>
    !trustServices.tsaUrl ? 'B' : ocspUrlFor(signer) ? 'LT' : 'T';
  // LT asks the responder about the signer's certificate, which takes its issuer's certificate.
  const checked = async (signer: KeyedCertificate) => {
    if (levelFor(signer) === 'LT' && !signer.chain[0]) {
      throw new Error(
        "the agency's signature is to embed an OCSP response (level LT), which needs the issuer's certificate: put it into the PKCS#12 file or ACT_SIGNING_CERT",
      );
    }
    return signer;
  };
  const levels = {
    levelFor,
    augment: async (signatureXml: Uint8Array, signer: KeyedCertificate) => {
      const level = levelFor(signer);
      if (level === 'B' || !trustServices.tsaUrl) return signatureXml;
      return extendSignature(signatureXml, signer, {
        level,
        tsaUrl: trustServices.tsaUrl,
        ocspUrl: ocspUrlFor(signer) ?? undefined,
        tsaTimeoutMs: trustServices.tsaTimeoutMs,
        ocspTimeoutMs: trustServices.ocspTimeoutMs,
      });
    },
  };
  if (settings.kind === 'demo') {
    const trustAnchors = async () => [(await loadOrCreateDemoCa(settings.dir)).certificate];
    return {
      kind: 'demo',
      // The demo CA also issues the local TSA's and OCSP responder's certificates: one anchor for all.
      trustAnchors,
      trustStore: async () => trustStoreFromCertificates(await trustAnchors(), 'demo', 'Pakalpe demo CA'),
      agencySigner: async (agency) => checked((await demoCertificateFor(settings.dir, agency)).keyed),
      ...levels,
    };
  }
  let signer: Promise<KeyedCertificate> | undefined;
  let anchors: Promise<x509.X509Certificate[]> | undefined;
  const trustAnchors = () => {
    anchors ??= readFile(settings.trustAnchorsFile, 'utf8').then((pem) => {
      const certificates = readPemCertificates(pem);
      if (certificates.length === 0) {
        throw new Error(`ACT_TRUST_ANCHORS ${settings.trustAnchorsFile} holds no PEM certificate`);
      }
      return certificates;
    });
    return anchors;
  };
  return {
    kind: settings.kind,
    trustAnchors,
    trustStore: async () =>
      trustStoreFromCertificates(await trustAnchors(), 'pem', settings.trustAnchorsFile),
    agencySigner: () => {
      signer ??= (settings.kind === 'pkcs12' ? loadPkcs12(settings) : loadPem(settings)).then(checked);
      return signer;
    },
    ...levels,
  };
}

/** One line for the startup log: the level the agency's signatures get and from which services. */
export function describeTrustServices(trustServices: ActTrustServiceSettings): string {
  const { tsaUrl, ocspUrl } = trustServices;
  if (!tsaUrl) return 'XAdES baseline B (no time stamp: ACT_TSA_URL is not set)';
  if (!ocspUrl) {
    return `XAdES baseline T, time stamps from ${displayUrl(tsaUrl)} (LT when the agency certificate names an OCSP responder)`;
  }
  return `XAdES baseline LT, time stamps from ${displayUrl(tsaUrl)}, OCSP from ${displayUrl(ocspUrl)}`;
}

async function loadPkcs12(settings: Extract<ActSigningSettings, { kind: 'pkcs12' }>) {
  return readPkcs12(await readFile(settings.file), settings.password);
}

async function loadPem(settings: Extract<ActSigningSettings, { kind: 'pem' }>): Promise<KeyedCertificate> {
  const [keyPem, certPem] = await Promise.all([
    readFile(settings.keyFile, 'utf8'),
    readFile(settings.certFile, 'utf8'),
  ]);
  const privateKey = await importPrivateKeyPem(keyPem);
  const certificates = readPemCertificates(certPem);
  const certificate = await findCertificateOfKey(privateKey, certificates);
  return { certificate, privateKey, chain: certificates.filter((c) => c !== certificate) };
}
