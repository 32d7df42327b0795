import JSZip from 'jszip';
import { createRootCa, issueSigningCertificate, type KeyedCertificate } from './certificates.ts';
import type { ExpectedParty } from './party.ts';

// A small PKI for tests (made at run time): a trusted root with the agency's and an institution's
// signing certificates, plus the certificates tests need to see refused.

export const agencyParty: ExpectedParty = {
  party: 'agency',
  name: 'Valsts reģionālās attīstības aģentūra',
  registrationNumber: '90001295469',
};
export const institutionParty: ExpectedParty = {
  party: 'institution',
  name: 'Nacionālais reģistru centrs',
  registrationNumber: '90000000011',
};

const day = 24 * 3600 * 1000;

export async function makeTestPki(now = new Date()) {
  const validity = {
    notBefore: new Date(now.getTime() - 30 * day),
    notAfter: new Date(now.getTime() + 365 * day),
  };
  const root = await createRootCa('Pakalpe test root CA', {
    notBefore: new Date(now.getTime() - 60 * day),
    notAfter: new Date(now.getTime() + 3650 * day),
  });
  const person = (party: ExpectedParty, commonName: string) => ({
    commonName,
    organisation: party.name,
    registrationNumber: party.registrationNumber,
  });
  const agency = await issueSigningCertificate(root, person(agencyParty, 'Jānis Ozoliņš'), validity);
  const institution = await issueSigningCertificate(
    root,
    person(institutionParty, 'Pēteris Liepa'),
    validity,
  );
  const foreign = await issueSigningCertificate(
    root,
    { commonName: 'Ģirts Svešais', organisation: 'Cita iestāde', registrationNumber: '90000000099' },
    validity,
  );
  const expired = await issueSigningCertificate(root, person(institutionParty, 'Pēteris Liepa'), {
    notBefore: new Date(now.getTime() - 400 * day),
    notAfter: new Date(now.getTime() - 35 * day),
  });
  const withoutNonRepudiation = await issueSigningCertificate(
    root,
    person(institutionParty, 'Pēteris Liepa'),
    {
      ...validity,
      nonRepudiation: false,
    },
  );
  const otherRoot = await createRootCa('Untrusted CA', validity);
  const untrusted = await issueSigningCertificate(
    otherRoot,
    person(institutionParty, 'Pēteris Liepa'),
    validity,
  );
  return { root, agency, institution, foreign, expired, withoutNonRepudiation, untrusted } satisfies Record<
    string,
    KeyedCertificate
  >;
}

export type TestPki = Awaited<ReturnType<typeof makeTestPki>>;

/** A zip that claims to be small but inflates to `size` bytes of zeros (a zip bomb), after a valid mimetype. */
export async function makeZipBomb(size = 64 * 1024 * 1024): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/vnd.etsi.asic-e+zip', { compression: 'STORE' });
  zip.file('act.pdf', new Uint8Array(size), { compression: 'DEFLATE', compressionOptions: { level: 9 } });
  return zip.generateAsync({ type: 'uint8array' });
}
