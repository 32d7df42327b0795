// The acceptance act feature's public surface: the PDF document and the ASiC-E/XAdES signatures.

export type { ActAuditAppendix, ActData, ActLanguage, ActParty } from './document/act-data.ts';
export { formatActNumber, serviceVersionOf } from './document/act-data.ts';
export { renderActPdf } from './document/render-act-pdf.ts';
export { type ActSigning, createActSigning, describeTrustServices } from './signing/act-signing.ts';
export { asicMimeType, type ContainerDocument } from './signing/asice.ts';
export type { KeyKind } from './signing/certificates.ts';
export { readPemCertificates } from './signing/certificates.ts';
export type { x509 } from './signing/crypto-engine.ts';
export {
  demoCertificateFor,
  demoP12Password,
  demoPersonalCertificateFor,
  loadOrCreateDemoCa,
} from './signing/demo-ca.ts';
export type { SignatureLevel } from './signing/extend-signature.ts';
export type { ExpectedParty, Party, Representative } from './signing/party.ts';
export { readPkcs12, writePkcs12 } from './signing/pkcs12.ts';
export { type Qualification, qualificationOf } from './signing/qualification.ts';
export { describeReason, type Reason, reasonTexts } from './signing/reasons.ts';
export { addSignatureToContainer, createSignedContainer } from './signing/sign-container.ts';
export {
  type ParsedTrustList,
  parseTrustList,
  TrustListError,
  type TrustListPointer,
  trustStoreFromLists,
} from './signing/trust-list.ts';
export {
  findTrustedPath,
  mergeTrustStores,
  type ServiceStatusPeriod,
  statusAt,
  type TrustService,
  type TrustSourceSummary,
  type TrustStore,
  trustStoreFromCertificates,
} from './signing/trust-store.ts';
export {
  type ContainerReport,
  type SignatureReport,
  type SignerSummary,
  sha256Hex,
  summarise as summariseCertificate,
  verifyContainer,
} from './signing/verify-container.ts';
export {
  type ActTrustService,
  displayUrl,
  TrustServiceError,
  type TrustServiceErrorKind,
} from './trust-services/http.ts';
export { type LocalTrustServices, startLocalTrustServices } from './trust-services/local-services.ts';
