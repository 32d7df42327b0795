import { organisationIdentifierOid } from './certificates.ts';
import type { x509 } from './crypto-engine.ts';

// Which party a signer represents. The rule: the signer certificate's subject names the party's
// registration number, either as organizationIdentifier (2.5.4.97, ETSI EN 319 412-1 semantics
// `NTRLV-<number>`, as in e-seals and organisation certificates) or as serialNumber (2.5.4.5) with
// the same value or the bare 11-digit number. A personal eParaksts certificate names only the person
// (serialNumber `PNOLV-…`), so it matches no party: such signatures are reported as from an unknown
// signer. Linking a person's certificate to an institution would need a register of representatives.

export type Party = 'agency' | 'institution';

export type ExpectedParty = {
  party: Party;
  name: string;
  registrationNumber: string;
  /**
   * The people entitled to sign for the party (the register of representatives), matched by the
   * keyed hash of the personal code in a personal certificate's serialNumber (`PNOLV-…`).
   */
  representatives?: readonly Representative[];
};

/** One entry of the register of representatives, as the verifier needs it. */
export type Representative = {
  /** Keyed hash (hex) of the personal code, as `VerifyOptions.hashPersonalCode` makes it. */
  personalCodeHash: string;
  /** The masked code for display, e.g. `010190-*****`. */
  maskedCode: string;
  name: string;
  position: string | null;
  validFrom: Date;
  /** Exclusive end; null while the representation lasts. */
  validTo: Date | null;
};

const serialNumberOid = '2.5.4.5';

/** The registration-number-like values a certificate subject carries. */
export function partyIdentifiersOf(certificate: x509.X509Certificate): string[] {
  const name = certificate.subjectName;
  return [...name.getField(organisationIdentifierOid), ...name.getField(serialNumberOid)];
}

export function matchParty(
  certificate: x509.X509Certificate,
  parties: readonly ExpectedParty[],
): ExpectedParty | undefined {
  const identifiers = partyIdentifiersOf(certificate).map((v) => v.trim().toUpperCase());
  return parties.find((p) => {
    const number = p.registrationNumber.trim();
    return identifiers.includes(`NTRLV-${number}`) || identifiers.includes(number);
  });
}
