import {
  findTrustedPath,
  mergeTrustStores,
  type ParsedTrustList,
  qualificationOf,
  statusAt,
  summariseCertificate,
  type TrustService,
  type TrustStore,
  trustStoreFromLists,
  type x509,
} from '../acts/index.ts';
import type { CertificateView, TrustServiceView } from './schemas.ts';

// The rules of trusted lists as data, pure: who may sign a list, which list of a territory is in
// force, what the verifier trusts, when the agency's signature is qualified, and how a list's
// services read in the API.

/** The EU's list of lists (LOTL) is the list of territory EU. */
export const lotlTerritory = 'EU';

export function isListOfLists(list: { territory: string; type: string }): boolean {
  return list.territory === lotlTerritory || /listofthelists$/i.test(list.type);
}

/**
 * The certificates allowed to sign a list of `territory`: those configured (ACT_TRUST_LIST_SIGNERS,
 * for every territory) and the ones the LOTL in force names in its pointer for that territory
 * (the LOTL's pointer to itself names the LOTL's own signers). None: the signature is not checked.
 */
export function knownSignersOf(
  configured: readonly x509.X509Certificate[],
  lotl: Pick<ParsedTrustList, 'pointers'> | undefined,
): (territory: string) => x509.X509Certificate[] {
  return (territory) => [
    ...configured,
    ...(lotl?.pointers ?? []).filter((p) => p.territory === territory).flatMap((p) => p.signers),
  ];
}

/** Per territory the list in force: the highest sequence number, later in `lists` on a tie. */
export function newestPerTerritory<L extends Pick<ParsedTrustList, 'territory' | 'sequenceNumber'>>(
  lists: readonly L[],
): L[] {
  const newest = new Map<string, L>();
  for (const list of lists) {
    const current = newest.get(list.territory);
    if (!current || list.sequenceNumber >= current.sequenceNumber) newest.set(list.territory, list);
  }
  return [...newest.values()];
}

/**
 * What the verifier trusts: the services of the lists in force and the configured anchors (the demo
 * CA or ACT_TRUST_ANCHORS). The lists come first, so that a CA that is in both is judged by its
 * entry in the list — its status history and whether it is qualified — while the configured anchor
 * still trusts it when the list does not (an anchor is trusted for everything, always).
 */
export function composeTrustStore(anchors: TrustStore, lists: readonly ParsedTrustList[]): TrustStore {
  return mergeTrustStores(trustStoreFromLists(lists), anchors);
}

/**
 * Whether a signature by `signer` at `at` is a qualified one by what the trusted lists say: the
 * certificate chains to a CA/QC service of a list, in force at `at`, and is a qualified certificate
 * whose key is on a qualified device (qualificationOf: 'qes'). Configured anchors never count.
 */
export function isQualifiedSigner(
  store: TrustStore,
  signer: { certificate: x509.X509Certificate; chain: readonly x509.X509Certificate[] },
  at: Date,
): boolean {
  const fromLists: TrustStore = {
    services: store.services.filter((s) => s.source.kind === 'trusted_list'),
    sources: [],
  };
  const path = findTrustedPath(signer.certificate, signer.chain, fromLists, 'ca', at, { servicesOnly: true });
  return (
    path !== null &&
    path.service.kind === 'ca' &&
    path.service.qualified &&
    qualificationOf(signer.certificate, path.service, at) === 'qes'
  );
}

export function certificateViewOf(certificate: x509.X509Certificate): CertificateView {
  const summary = summariseCertificate(certificate);
  return {
    subject: summary.subject,
    issuer: summary.issuer,
    serialNumber: summary.certificateSerialNumber,
    notBefore: summary.notBefore,
    notAfter: summary.notAfter,
    sha256: summary.sha256,
  };
}

const serviceTypePrefix = 'http://uri.etsi.org/TrstSvc/Svctype/';

export function serviceViewOf(service: TrustService, now: Date): TrustServiceView {
  const period = (p: TrustService['history'][number]) => ({
    status: p.status,
    granted: p.granted,
    from: p.from.toISOString(),
  });
  const current = statusAt(service, now);
  return {
    name: service.name,
    type: service.typeUri?.startsWith(serviceTypePrefix)
      ? service.typeUri.slice(serviceTypePrefix.length)
      : (service.typeUri ?? service.kind),
    typeUri: service.typeUri,
    kind: service.kind,
    qualified: service.qualified,
    current: current ? period(current) : null,
    certificates: service.certificates.map(certificateViewOf),
    history: service.history.map(period),
  };
}
