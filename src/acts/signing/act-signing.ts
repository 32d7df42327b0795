import { readFile } from 'node:fs/promises';
import type { ActSigningSettings } from '../../platform/config.ts';
import { importPrivateKeyPem, type KeyedCertificate, readPemCertificates } from './certificates.ts';
import type { x509 } from './crypto-engine.ts';
import { type DemoParty, demoCertificateFor, loadOrCreateDemoCa } from './demo-ca.ts';
import { findCertificateOfKey, readPkcs12 } from './pkcs12.ts';
import { type TrustStore, trustStoreFromCertificates } from './trust-store.ts';

// The agency's signer and the trust list, chosen by configuration: a key file today, an HSM
// tomorrow (a signer only has to hand xadesjs a WebCrypto key and its certificates). Loaded on first
// use and kept; a file that cannot be read is reported when the first act is issued or verified.

export type ActSigning = {
  kind: ActSigningSettings['kind'];
  trustAnchors(): Promise<x509.X509Certificate[]>;
  /** The configured anchors as trust services (trusted lists loaded by an admin are added by the caller). */
  trustStore(): Promise<TrustStore>;
  /** The key and certificate the server signs the agency's part with. */
  agencySigner(agency: DemoParty): Promise<KeyedCertificate>;
};

export function createActSigning(settings: ActSigningSettings): ActSigning {
  if (settings.kind === 'demo') {
    const trustAnchors = async () => [(await loadOrCreateDemoCa(settings.dir)).certificate];
    return {
      kind: 'demo',
      trustAnchors,
      trustStore: async () => trustStoreFromCertificates(await trustAnchors(), 'demo', 'Pakalpe demo CA'),
      agencySigner: async (agency) => (await demoCertificateFor(settings.dir, agency)).keyed,
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
      signer ??= settings.kind === 'pkcs12' ? loadPkcs12(settings) : loadPem(settings);
      return signer;
    },
  };
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
