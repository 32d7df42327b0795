import type { ContainerProblemCode } from './asice.ts';

// Every reason a container or a signature is refused, with its Latvian and English text. The API
// sends the code and its parameters; the texts are filled in here so that the CLI, the API
// and the web UI all say the same thing.

export type SignatureProblemCode =
  | 'signature_unreadable'
  | 'signature_invalid'
  | 'document_digest_mismatch'
  | 'document_not_signed'
  | 'unknown_reference'
  | 'weak_algorithm'
  | 'signing_certificate_missing'
  | 'untrusted_chain'
  | 'certificate_expired'
  | 'certificate_not_yet_valid'
  | 'no_non_repudiation'
  | 'signing_time_missing'
  | 'signing_time_in_future'
  | 'signed_before_issue'
  | 'unknown_signer';

export type ReportProblemCode =
  | ContainerProblemCode
  | SignatureProblemCode
  | 'not_the_issued_act'
  | 'not_the_current_act'
  | 'missing_signature';

export type Reason = { code: ReportProblemCode; params?: Record<string, string> };

type Text = { lv: string; en: string };

export const reasonTexts: Record<ReportProblemCode, Text> = {
  container_too_large: {
    lv: 'Konteiners ir pārāk liels ({size} baiti; atļauti {limit}).',
    en: 'The container is too large ({size} bytes; {limit} allowed).',
  },
  not_a_zip: { lv: 'Fails nav nolasāms ZIP arhīvs.', en: 'The file is not a readable zip archive.' },
  too_many_entries: {
    lv: 'Konteinerā ir pārāk daudz failu ({count}; atļauti {limit}).',
    en: 'The container has too many entries ({count}; {limit} allowed).',
  },
  zip_bomb: {
    lv: 'Fails {file} izpakojas neadekvāti liels — atteikts kā ZIP bumba.',
    en: 'The entry {file} unpacks far too large — refused as a zip bomb.',
  },
  unsafe_path: {
    lv: 'Faila ceļš {file} iziet ārpus konteinera.',
    en: 'The entry path {file} leaves the container.',
  },
  duplicate_entry: { lv: 'Fails {file} konteinerā ir divreiz.', en: 'The container holds {file} twice.' },
  mimetype_not_first: {
    lv: 'Pirmajam failam jābūt nesaspiestam “mimetype” (ASiC-E); atrasts “{found}”.',
    en: 'The first entry must be an uncompressed “mimetype” (ASiC-E); found “{found}”.',
  },
  wrong_mimetype: {
    lv: 'Konteinera tips nav ASiC-E (“{found}”).',
    en: 'The container type is not ASiC-E (“{found}”).',
  },
  manifest_missing: { lv: 'Konteinerā nav META-INF/manifest.xml.', en: 'META-INF/manifest.xml is missing.' },
  manifest_invalid: { lv: 'META-INF/manifest.xml ir kļūdains.', en: 'META-INF/manifest.xml is invalid.' },
  unexpected_file: {
    lv: 'Konteinerā ir lieks fails {file}, kas nav ne parakstītais dokuments, ne paraksts.',
    en: 'The container holds an extra file {file} that is neither the signed document nor a signature.',
  },
  no_document: { lv: 'Konteinerā nav parakstītā dokumenta.', en: 'The container holds no signed document.' },
  several_documents: {
    lv: 'Konteinerā ir {count} dokumenti; akta konteinerā jābūt tieši vienam.',
    en: 'The container holds {count} documents; an act container holds exactly one.',
  },
  no_signatures: { lv: 'Konteinerā nav neviena paraksta.', en: 'The container holds no signature.' },
  signature_unreadable: {
    lv: 'Parakstu nevar nolasīt: {detail}',
    en: 'The signature cannot be read: {detail}',
  },
  signature_invalid: {
    lv: 'Paraksts matemātiski nav derīgs (parakstītie dati mainīti vai paraksts bojāts).',
    en: 'The signature is not mathematically valid (signed data changed or signature damaged).',
  },
  document_digest_mismatch: {
    lv: 'Dokuments {file} pēc parakstīšanas ir mainīts (kontrolsumma nesakrīt).',
    en: 'The document {file} was changed after signing (digest does not match).',
  },
  document_not_signed: {
    lv: 'Paraksts neaptver dokumentu {file}.',
    en: 'The signature does not cover the document {file}.',
  },
  unknown_reference: {
    lv: 'Paraksts atsaucas uz failu {file}, kura konteinerā nav.',
    en: 'The signature refers to {file}, which is not in the container.',
  },
  weak_algorithm: {
    lv: 'Paraksts izmanto novecojušu algoritmu ({algorithm}).',
    en: 'The signature uses an outdated algorithm ({algorithm}).',
  },
  signing_certificate_missing: {
    lv: 'Parakstā nav parakstītāja sertifikāta, uz ko norāda SigningCertificateV2.',
    en: 'The signature does not carry the signer certificate that SigningCertificateV2 names.',
  },
  untrusted_chain: {
    lv: 'Parakstītāja sertifikāts neved pie uzticamas sertifikācijas iestādes.',
    en: 'The signer certificate does not chain to a trusted certification authority.',
  },
  certificate_expired: {
    lv: 'Sertifikāta “{subject}” derīgums beidzās {notAfter}, pirms parakstīšanas.',
    en: 'The certificate “{subject}” expired on {notAfter}, before signing.',
  },
  certificate_not_yet_valid: {
    lv: 'Sertifikāts “{subject}” parakstīšanas brīdī vēl nebija derīgs (no {notBefore}).',
    en: 'The certificate “{subject}” was not yet valid at signing (from {notBefore}).',
  },
  no_non_repudiation: {
    lv: 'Sertifikāts nav paredzēts elektroniskajam parakstam (nav nonRepudiation lietojuma).',
    en: 'The certificate is not meant for electronic signatures (no nonRepudiation key usage).',
  },
  signing_time_missing: { lv: 'Parakstā nav parakstīšanas laika.', en: 'The signature has no signing time.' },
  signing_time_in_future: {
    lv: 'Parakstīšanas laiks {signingTime} ir nākotnē.',
    en: 'The signing time {signingTime} is in the future.',
  },
  signed_before_issue: {
    lv: 'Parakstīšanas laiks {signingTime} ir pirms akta izdošanas ({issuedAt}).',
    en: 'The signing time {signingTime} is before the act was issued ({issuedAt}).',
  },
  unknown_signer: {
    lv: 'Parakstītājs “{subject}” nepārstāv nevienu no akta pusēm (organizācijas identifikators NTRLV-<reģ. nr.>).',
    en: 'The signer “{subject}” does not represent either party of the act (organisation identifier NTRLV-<reg. no.>).',
  },
  not_the_issued_act: {
    lv: 'Parakstītais dokuments nav izdotais akts (kontrolsumma nesakrīt).',
    en: 'The signed document is not the issued act (digest does not match).',
  },
  not_the_current_act: {
    lv: 'Parakstīta akta vecāka versija ({actVersion}); parakstiet pašreizējo versiju.',
    en: 'An older version of the act ({actVersion}) was signed; sign the current version.',
  },
  missing_signature: {
    lv: 'Trūkst derīga paraksta no puses: {party}.',
    en: 'A valid signature of this party is missing: {party}.',
  },
};

export function describeReason(reason: Reason, language: 'lv' | 'en'): string {
  const template = reasonTexts[reason.code][language];
  return template.replace(/\{(\w+)\}/g, (_, key: string) => reason.params?.[key] ?? `{${key}}`);
}
