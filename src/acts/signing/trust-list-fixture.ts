import { DOMParser } from '@xmldom/xmldom';
import * as xmldsigjs from 'xmldsigjs';
import type { KeyedCertificate } from './certificates.ts';
import type { x509 } from './crypto-engine.ts';
import { tslNamespace } from './trust-list.ts';

// A small ETSI TS 119 612 trusted list for tests and demos, made at run time: the services given,
// each with its status history, signed (enveloped XML signature, exclusive c14n) by `signer` when one
// is given — the shape the Latvian list and the LOTL's lists have, small enough to read.

export type FixtureService = {
  name: string;
  type: 'CA/QC' | 'CA/PKC' | 'TSA/QTST' | 'Certstatus/OCSP/QC';
  certificate: x509.X509Certificate;
  /** Newest first; the first is the current status. */
  history: { status: 'granted' | 'withdrawn' | 'accredited' | 'undersupervision'; from: Date }[];
};

export type FixtureList = {
  territory: string;
  sequenceNumber: number;
  issuedAt: Date;
  nextUpdate?: Date;
  operator?: string;
  services: FixtureService[];
  /** Pointers of a list of lists: territory → the certificate that signs its list. */
  pointers?: { territory: string; signer: x509.X509Certificate }[];
  signer?: KeyedCertificate;
};

const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const base64 = (c: x509.X509Certificate) => Buffer.from(c.rawData).toString('base64');

function statusXml(status: string, from: Date): string {
  return `<tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/${status}</tsl:ServiceStatus><tsl:StatusStartingTime>${from.toISOString().replace(/\.\d{3}Z$/, 'Z')}</tsl:StatusStartingTime>`;
}

function serviceXml(service: FixtureService): string {
  const [current, ...older] = service.history;
  if (!current) throw new Error('a service needs at least one status');
  const head = (status: { status: string; from: Date }) =>
    `<tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/${service.type}</tsl:ServiceTypeIdentifier><tsl:ServiceName><tsl:Name xml:lang="en">${escapeXml(service.name)}</tsl:Name></tsl:ServiceName><tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>${base64(service.certificate)}</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity>${statusXml(status.status, status.from)}`;
  const history = older.length
    ? `<tsl:ServiceHistory>${older.map((h) => `<tsl:ServiceHistoryInstance>${head(h)}</tsl:ServiceHistoryInstance>`).join('')}</tsl:ServiceHistory>`
    : '';
  return `<tsl:TSPService><tsl:ServiceInformation>${head(current)}</tsl:ServiceInformation>${history}</tsl:TSPService>`;
}

export async function buildTrustList(list: FixtureList): Promise<Uint8Array> {
  const pointers = list.pointers?.length
    ? `<tsl:PointersToOtherTSL>${list.pointers
        .map(
          (p) =>
            `<tsl:OtherTSLPointer><tsl:ServiceDigitalIdentities><tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>${base64(p.signer)}</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity></tsl:ServiceDigitalIdentities><tsl:TSLLocation>https://example.invalid/${p.territory}.xml</tsl:TSLLocation><tsl:AdditionalInformation><tsl:OtherInformation><tsl:SchemeTerritory>${p.territory}</tsl:SchemeTerritory></tsl:OtherInformation></tsl:AdditionalInformation></tsl:OtherTSLPointer>`,
        )
        .join('')}</tsl:PointersToOtherTSL>`
    : '';
  const xml = `<tsl:TrustServiceStatusList xmlns:tsl="${tslNamespace}" Id="tsl" TSLTag="http://uri.etsi.org/19612/TSLTag"><tsl:SchemeInformation><tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier><tsl:TSLSequenceNumber>${list.sequenceNumber}</tsl:TSLSequenceNumber><tsl:TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric</tsl:TSLType><tsl:SchemeOperatorName><tsl:Name xml:lang="en">${escapeXml(list.operator ?? `${list.territory} test supervisory body`)}</tsl:Name></tsl:SchemeOperatorName>${pointers}<tsl:SchemeTerritory>${list.territory}</tsl:SchemeTerritory><tsl:ListIssueDateTime>${list.issuedAt.toISOString()}</tsl:ListIssueDateTime><tsl:NextUpdate><tsl:dateTime>${(list.nextUpdate ?? new Date(list.issuedAt.getTime() + 180 * 86_400_000)).toISOString()}</tsl:dateTime></tsl:NextUpdate></tsl:SchemeInformation><tsl:TrustServiceProviderList><tsl:TrustServiceProvider><tsl:TSPInformation><tsl:TSPName><tsl:Name xml:lang="en">Test trust service provider</tsl:Name></tsl:TSPName></tsl:TSPInformation><tsl:TSPServices>${list.services.map(serviceXml).join('')}</tsl:TSPServices></tsl:TrustServiceProvider></tsl:TrustServiceProviderList></tsl:TrustServiceStatusList>`;
  if (!list.signer) return new TextEncoder().encode(xml);
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  const root = document.documentElement;
  if (!root) throw new Error('trusted list not built');
  const signed = new xmldsigjs.SignedXml();
  const key = list.signer.privateKey;
  await signed.Sign(
    key.algorithm.name === 'ECDSA'
      ? ({ name: 'ECDSA', hash: { name: 'SHA-256' } } as Algorithm)
      : ({ name: key.algorithm.name } as Algorithm),
    key,
    document as never,
    {
      references: [{ uri: '', hash: 'SHA-256', transforms: ['enveloped', 'exc-c14n'] }],
      x509: [base64(list.signer.certificate)],
    },
  );
  // An enveloped signature serialises as the signed document with the signature appended.
  return new TextEncoder().encode(signed.toString());
}
