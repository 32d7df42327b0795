import { organisationIdentifierOid } from './certificates.ts';
import type { x509 } from './crypto-engine.ts';
import type { Reason } from './reasons.ts';

// Which party a signer represents. Two ways, both from ETSI EN 319 412-1 identifiers:
// - an e-seal or organisation certificate names the party's registration number, as
//   organizationIdentifier (2.5.4.97) `NTRLV-<number>` or as serialNumber (2.5.4.5), bare or with the
//   same prefix;
// - a personal certificate (eID card, eParaksts mobile) names only the person, serialNumber
//   `PNOLV-<personal code>` (older ones the bare code): it counts for a party when the person is in
//   the party's register of representatives, valid at the time of signing. Codes are compared as
//   keyed hashes; the code itself is never stored or reported, only its masked form.

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

const personalCodePattern = /^(?:PNOLV-)?(\d{6})-?(\d{5})$/i;

/** The Latvian personal code in a personal certificate's serialNumber, normalised `DDMMYY-NNNNN`. */
export function personalCodeOf(certificate: x509.X509Certificate): string | null {
  for (const value of certificate.subjectName.getField(serialNumberOid)) {
    const match = personalCodePattern.exec(value.trim());
    if (match) return `${match[1]}-${match[2]}`;
  }
  return null;
}

export function maskPersonalCode(code: string): string {
  return `${code.slice(0, 6)}-*****`;
}

export type SignerMatch = {
  party: Party | null;
  representative: { name: string; position: string | null; maskedCode: string } | null;
  problem?: Reason;
};

/**
 * The party `certificate` signs for at `at`: by organisation identifier first (e-seals keep counting
 * as before), then by the register of representatives. The problem says why there is none.
 */
export function matchSigner(
  certificate: x509.X509Certificate,
  parties: readonly ExpectedParty[],
  at: Date,
  hashPersonalCode?: (code: string) => string,
): SignerMatch {
  const organisation = matchParty(certificate, parties);
  if (organisation) return { party: organisation.party, representative: null };
  const subject = certificate.subjectName.getField('CN')[0] ?? certificate.subject;
  const code = personalCodeOf(certificate);
  if (!code || !hashPersonalCode) {
    return {
      party: null,
      representative: null,
      problem: { code: 'unknown_signer', params: { subject: certificate.subject } },
    };
  }
  const hash = hashPersonalCode(code);
  const masked = maskPersonalCode(code);
  const entries = parties.flatMap((p) =>
    (p.representatives ?? []).filter((r) => r.personalCodeHash === hash).map((r) => ({ party: p, entry: r })),
  );
  const valid = entries.find(
    ({ entry }) =>
      entry.validFrom.getTime() <= at.getTime() &&
      (entry.validTo === null || at.getTime() < entry.validTo.getTime()),
  );
  if (valid) {
    return {
      party: valid.party.party,
      representative: {
        name: valid.entry.name,
        position: valid.entry.position,
        maskedCode: valid.entry.maskedCode,
      },
    };
  }
  const [lapsed] = entries;
  if (lapsed) {
    return {
      party: null,
      representative: null,
      problem: {
        code: 'representation_not_valid',
        params: {
          signer: subject,
          party: lapsed.party.name,
          signingTime: at.toISOString(),
          validFrom: lapsed.entry.validFrom.toISOString().slice(0, 10),
          validTo: lapsed.entry.validTo ? lapsed.entry.validTo.toISOString().slice(0, 10) : '…',
        },
      },
    };
  }
  return {
    party: null,
    representative: null,
    problem: { code: 'representative_not_registered', params: { signer: subject, code: masked } },
  };
}
