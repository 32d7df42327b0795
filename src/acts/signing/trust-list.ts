import { DOMParser } from '@xmldom/xmldom';
import { checkedXmlText } from '../../descriptions/xml/safe-xml.ts';
import { plainBytes, x509 } from './crypto-engine.ts';
import type {
  ServiceKind,
  ServiceStatusPeriod,
  TrustService,
  TrustSourceSummary,
  TrustStore,
} from './trust-store.ts';
import { sameCertificate } from './trust-store.ts';
import {
  base64Of,
  checkReferences,
  checkSignatureValue,
  childElements,
  dsNamespace,
  firstChild,
  textOf,
} from './xmldsig-core.ts';

// ETSI TS 119 612 trusted lists: the Latvian list (the supervisory body publishes it) and the other
// EU lists that the EU's list of lists (LOTL) points to, as XML files the agency downloads. Each
// TSPService becomes a trust service with its type (CA/QC, TSA/QTST, OCSP…), its certificates and its
// status history (ServiceStatus with StatusStartingTime, then each ServiceHistoryInstance), so a
// signature is judged by the status the service had when it was made.
//
// The list's own enveloped XML signature is checked when its signer is known: a configured
// certificate, or the one the LOTL names for the list's territory. Unknown signer: the list still
// loads, marked "signature not checked"; a known signer and a signature that does not hold: refused.

export const tslNamespace = 'http://uri.etsi.org/02231/v2#';

const typePrefix = 'http://uri.etsi.org/TrstSvc/Svctype/';
const statusPrefix = 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/';
/** Statuses under which a service's output is trusted (pre-eIDAS ones included, for old signatures). */
const positiveStatuses = new Set([
  'granted',
  'recognisedatnationallevel',
  'undersupervision',
  'supervisionincessation',
  'accredited',
  'setbynationallaw',
]);

const listLimits = { maxBytes: 16 * 1024 * 1024, maxDepth: 64, maxElements: 400_000 };

export class TrustListError extends Error {
  constructor(
    readonly code: 'unreadable' | 'not_a_trusted_list' | 'signature_invalid' | 'wrong_signer',
    message: string,
  ) {
    super(message);
    this.name = 'TrustListError';
  }
}

export type TrustListPointer = { territory: string; location: string; signers: x509.X509Certificate[] };

export type ParsedTrustList = {
  territory: string;
  sequenceNumber: number;
  type: string;
  operator: string;
  issuedAt: Date;
  nextUpdate: Date | null;
  services: TrustService[];
  /** For a list of lists: where the national lists are and who signs each. */
  pointers: TrustListPointer[];
  signature: { status: 'valid' | 'not_checked'; signer: x509.X509Certificate | null };
};

/**
 * Parses a trusted list. `knownSigners` are the certificates allowed to sign a list of this
 * territory (configured, or from a LOTL pointer); with none, the signature is not checked.
 */
export async function parseTrustList(
  bytes: Uint8Array,
  knownSigners: (territory: string) => readonly x509.X509Certificate[] = () => [],
): Promise<ParsedTrustList> {
  let document: Document;
  try {
    const text = checkedXmlText(bytes, 'trusted list', listLimits);
    const problems: string[] = [];
    document = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') problems.push(message);
      },
    }).parseFromString(text.replace(/^\uFEFF/, ''), 'application/xml') as unknown as Document;
    if (problems.length > 0) throw new Error(`the XML is not well-formed: ${problems[0]}`);
  } catch (error) {
    throw new TrustListError('unreadable', (error as Error).message);
  }
  const root = document.documentElement;
  if (root?.localName !== 'TrustServiceStatusList' || root.namespaceURI !== tslNamespace) {
    throw new TrustListError(
      'not_a_trusted_list',
      'the file is not an ETSI TS 119 612 TrustServiceStatusList',
    );
  }
  const tsl = (parent: Element | undefined, name: string) =>
    parent ? firstChild(parent, tslNamespace, name) : undefined;
  const scheme = tsl(root, 'SchemeInformation');
  if (!scheme) throw new TrustListError('not_a_trusted_list', 'the list has no SchemeInformation');
  const territory = textOf(tsl(scheme, 'SchemeTerritory')).toUpperCase();
  const sequenceNumber = Number.parseInt(textOf(tsl(scheme, 'TSLSequenceNumber')), 10);
  const issuedAt = new Date(textOf(tsl(scheme, 'ListIssueDateTime')));
  if (!territory || !Number.isFinite(sequenceNumber) || Number.isNaN(issuedAt.getTime())) {
    throw new TrustListError(
      'not_a_trusted_list',
      'the list lacks its territory, sequence number or issue time',
    );
  }
  const next = textOf(tsl(tsl(scheme, 'NextUpdate'), 'dateTime'));
  const source = { kind: 'trusted_list' as const, territory, sequenceNumber };

  const services: TrustService[] = [];
  for (const provider of childElements(
    tsl(root, 'TrustServiceProviderList') ?? root,
    tslNamespace,
    'TrustServiceProvider',
  )) {
    const providerName = localisedName(tsl(tsl(provider, 'TSPInformation'), 'TSPName'));
    for (const service of childElements(
      tsl(provider, 'TSPServices') ?? provider,
      tslNamespace,
      'TSPService',
    )) {
      const information = tsl(service, 'ServiceInformation');
      if (!information) continue;
      const parsed = serviceOf(information, providerName, source);
      if (!parsed) continue;
      const history = childElements(
        tsl(service, 'ServiceHistory') ?? service,
        tslNamespace,
        'ServiceHistoryInstance',
      );
      for (const instance of history) {
        const period = statusPeriodOf(instance);
        if (period) parsed.history.push(period);
      }
      parsed.history.sort((a, b) => b.from.getTime() - a.from.getTime());
      services.push(parsed);
    }
  }

  const pointers: TrustListPointer[] = [];
  for (const pointer of childElements(
    tsl(scheme, 'PointersToOtherTSL') ?? scheme,
    tslNamespace,
    'OtherTSLPointer',
  )) {
    const identities = tsl(pointer, 'ServiceDigitalIdentities');
    const signers = identities
      ? childElements(identities, tslNamespace, 'ServiceDigitalIdentity').flatMap(certificatesOf)
      : [];
    const additional = tsl(pointer, 'AdditionalInformation');
    const pointerTerritory = additional
      ? childElements(additional, tslNamespace, 'OtherInformation')
          .map((o) => textOf(tsl(o, 'SchemeTerritory')))
          .find(Boolean)
      : undefined;
    if (pointerTerritory) {
      pointers.push({
        territory: pointerTerritory.toUpperCase(),
        location: textOf(tsl(pointer, 'TSLLocation')),
        signers,
      });
    }
  }

  const signature = await checkListSignature(root, knownSigners(territory));
  return {
    territory,
    sequenceNumber,
    type: textOf(tsl(scheme, 'TSLType')),
    operator: localisedName(tsl(scheme, 'SchemeOperatorName')),
    issuedAt,
    nextUpdate: next ? new Date(next) : null,
    services,
    pointers,
    signature,
  };
}

function localisedName(parent: Element | undefined): string {
  if (!parent) return '';
  const names = childElements(parent, tslNamespace, 'Name');
  const english = names.find((n) => n.getAttribute('xml:lang') === 'en');
  return textOf(english ?? names[0]);
}

function certificatesOf(identity: Element): x509.X509Certificate[] {
  return childElements(identity, tslNamespace, 'DigitalId')
    .map((id) => firstChild(id, tslNamespace, 'X509Certificate'))
    .filter((c): c is Element => c !== undefined)
    .flatMap((c) => {
      try {
        return [new x509.X509Certificate(plainBytes(base64Of(c)))];
      } catch {
        return [];
      }
    });
}

function kindOf(typeUri: string): { kind: ServiceKind; qualified: boolean } | null {
  const type = typeUri.startsWith(typePrefix) ? typeUri.slice(typePrefix.length) : '';
  if (type === 'CA/QC') return { kind: 'ca', qualified: true };
  if (type === 'CA/PKC') return { kind: 'ca', qualified: false };
  if (type === 'TSA/QTST') return { kind: 'tsa', qualified: true };
  if (type.startsWith('TSA')) return { kind: 'tsa', qualified: false };
  if (type === 'Certstatus/OCSP/QC') return { kind: 'ocsp', qualified: true };
  if (type === 'Certstatus/OCSP') return { kind: 'ocsp', qualified: false };
  return null;
}

function statusPeriodOf(element: Element): ServiceStatusPeriod | null {
  const status = textOf(firstChild(element, tslNamespace, 'ServiceStatus'));
  const from = new Date(textOf(firstChild(element, tslNamespace, 'StatusStartingTime')));
  if (!status || Number.isNaN(from.getTime())) return null;
  const name = status.startsWith(statusPrefix) ? status.slice(statusPrefix.length) : status;
  return { granted: positiveStatuses.has(name.toLowerCase()), status: name, from };
}

function serviceOf(
  information: Element,
  provider: string,
  source: TrustService['source'],
): TrustService | null {
  const typeUri = textOf(firstChild(information, tslNamespace, 'ServiceTypeIdentifier'));
  const kind = kindOf(typeUri);
  const identity = firstChild(information, tslNamespace, 'ServiceDigitalIdentity');
  const certificates = identity ? certificatesOf(identity) : [];
  const period = statusPeriodOf(information);
  if (!kind || certificates.length === 0 || !period) return null;
  const name = localisedName(firstChild(information, tslNamespace, 'ServiceName'));
  return {
    name: provider && !name.includes(provider) ? `${name} (${provider})` : name,
    kind: kind.kind,
    typeUri,
    qualified: kind.qualified,
    certificates,
    history: [period],
    source,
  };
}

async function checkListSignature(
  root: Element,
  signers: readonly x509.X509Certificate[],
): Promise<ParsedTrustList['signature']> {
  const signature = firstChild(root, dsNamespace, 'Signature');
  const keyInfo = signature && firstChild(signature, dsNamespace, 'KeyInfo');
  const carried = keyInfo
    ? childElements(keyInfo, dsNamespace, 'X509Data')
        .flatMap((d) => childElements(d, dsNamespace, 'X509Certificate'))
        .map((c) => new x509.X509Certificate(plainBytes(base64Of(c))))
    : [];
  const signer = carried[0] ?? null;
  if (signers.length === 0) return { status: 'not_checked', signer };
  if (!signature || !signer) throw new TrustListError('signature_invalid', 'the list is not signed');
  if (!signers.some((s) => sameCertificate(s, signer))) {
    throw new TrustListError(
      'wrong_signer',
      `the list is signed by “${signer.subject}”, not by its known signer`,
    );
  }
  const references = await checkReferences(signature, () => undefined);
  const whole = references.find((r) => r.uri === '' || r.element === root);
  if (whole?.digestMatches !== true || references.some((r) => r.digestMatches !== true)) {
    throw new TrustListError('signature_invalid', 'the list was changed after it was signed');
  }
  const value = await checkSignatureValue(signature, signer);
  if (value.result !== 'valid') {
    throw new TrustListError(
      'signature_invalid',
      value.result === 'unsupported_algorithm'
        ? `the list's signature algorithm is not supported (${value.algorithm})`
        : "the list's signature value does not verify",
    );
  }
  return { status: 'valid', signer };
}

export function trustStoreFromLists(lists: readonly ParsedTrustList[]): TrustStore {
  return {
    services: lists.flatMap((l) => l.services),
    sources: lists.map(
      (l): TrustSourceSummary => ({
        kind: 'trusted_list',
        name: l.operator || `${l.territory} trusted list`,
        territory: l.territory,
        sequenceNumber: l.sequenceNumber,
        issuedAt: l.issuedAt.toISOString(),
        nextUpdate: l.nextUpdate?.toISOString() ?? null,
        signature: l.signature.status,
      }),
    ),
  };
}
