import type { ContainerProblemCode } from './asice.ts';

// Every reason a container or a signature is refused, with its Latvian and English text. The API
// sends the code and its parameters; the texts are filled in here so that the CLI, the API
// and the web UI all say the same thing.

export type SignatureProblemCode =
  | 'signature_unreadable'
  | 'unsupported_algorithm'
  | 'signed_properties_invalid'
  | 'signs_meta_inf_file'
  | 'issuer_serial_mismatch'
  | 'counter_signature_invalid'
  | 'representative_not_registered'
  | 'representation_not_valid'
  | 'timestamp_invalid'
  | 'timestamp_imprint_mismatch'
  | 'timestamp_untrusted'
  | 'timestamp_unsupported'
  | 'signing_time_after_timestamp'
  | 'certificate_revoked'
  | 'revocation_unknown'
  | 'ocsp_invalid'
  | 'ocsp_not_authorised'
  | 'ocsp_before_signature'
  | 'ocsp_untrusted'
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

/** What a report says it did not check, so that no report claims more than it checked. */
export type NotCheckedCode =
  | 'no_timestamp'
  | 'revocation_not_checked'
  | 'policy_not_checked'
  | 'archive_timestamp_not_checked'
  | 'property_not_checked'
  | 'chain_revocation_not_checked'
  | 'demo_trust';

export type ReportProblemCode =
  | ContainerProblemCode
  | SignatureProblemCode
  | NotCheckedCode
  | 'unsigned_file'
  | 'manifest_mimetype_mismatch'
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
    lv: 'ASiC-E paredz, ka pirmais ir nesaspiests “mimetype”; atrasts “{found}” (parakstus tas neietekmē).',
    en: 'ASiC-E expects an uncompressed “mimetype” first; found “{found}” (it does not affect the signatures).',
  },
  wrong_mimetype: {
    lv: 'Konteinera tips nav ASiC-E (“{found}”).',
    en: 'The container type is not ASiC-E (“{found}”).',
  },
  manifest_missing: { lv: 'Konteinerā nav META-INF/manifest.xml.', en: 'META-INF/manifest.xml is missing.' },
  manifest_invalid: {
    lv: 'META-INF/manifest.xml nav nolasāms: {detail}',
    en: 'META-INF/manifest.xml cannot be read: {detail}',
  },
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
  unsupported_container: {
    lv: 'Konteinera formāts “{format}” netiek atbalstīts: {detail}',
    en: 'The container format “{format}” is not supported: {detail}',
  },
  mimetype_missing: {
    lv: 'Konteinerā nav faila “mimetype” (ASiC-E to prasa; parakstus tas neietekmē).',
    en: 'The container has no “mimetype” entry (ASiC-E asks for one; it does not affect the signatures).',
  },
  mimetype_bom: {
    lv: 'Faila “mimetype” sākumā ir BOM zīme (ASiC-E to neparedz; parakstus tas neietekmē).',
    en: 'The “mimetype” entry starts with a byte order mark (not foreseen by ASiC-E; it does not affect the signatures).',
  },
  manifest_file_missing: {
    lv: 'META-INF/manifest.xml uzskaita failu {file}, kura konteinerā nav.',
    en: 'META-INF/manifest.xml lists {file}, which is not in the container.',
  },
  not_in_manifest: {
    lv: 'Fails {file} nav uzskaitīts META-INF/manifest.xml.',
    en: 'The file {file} is not listed in META-INF/manifest.xml.',
  },
  legacy_asic_namespace: {
    lv: 'Paraksta fails {file} lieto agrīnās Latvijas eDoc programmatūras kļūdaino ASiC nosaukumvietu (“2918”); nolasīts kā ASiC-E.',
    en: 'The signature file {file} uses the misspelt ASiC namespace of early Latvian eDoc software (“2918”); read as ASiC-E.',
  },
  unsigned_file: {
    lv: 'Fails {file} nav parakstīts ne ar vienu parakstu.',
    en: 'The file {file} is not covered by any signature.',
  },
  manifest_mimetype_mismatch: {
    lv: 'Failam {file} manifestā norādīts tips {manifest}, bet parakstā — {signature}.',
    en: 'The manifest gives {file} the type {manifest}, but the signature says {signature}.',
  },
  signature_unreadable: {
    lv: 'Parakstu nevar nolasīt: {detail}',
    en: 'The signature cannot be read: {detail}',
  },
  unsupported_algorithm: {
    lv: 'Parakstā lietots algoritms, ko Pakalpe nepārbauda ({algorithm}); paraksts nav ne apstiprināts, ne noraidīts kā bojāts.',
    en: 'The signature uses an algorithm Pakalpe does not check ({algorithm}); it is neither confirmed nor judged damaged.',
  },
  signed_properties_invalid: {
    lv: 'Paraksta parakstītās īpašības (SignedProperties) nav derīgas: {detail}.',
    en: 'The signed properties (SignedProperties) of the signature do not hold: {detail}.',
  },
  signs_meta_inf_file: {
    lv: 'Paraksts paraksta failu {file} mapē META-INF, kas nav datu fails.',
    en: 'The signature signs {file} in META-INF, which is not a data file.',
  },
  issuer_serial_mismatch: {
    lv: 'Parakstītāja sertifikāta izdevējs vai sērijas numurs parakstā nesakrīt ar sertifikātu (kontrolsumma sakrīt).',
    en: 'The issuer or serial number of the signing certificate in the signature does not match the certificate (its digest does).',
  },
  counter_signature_invalid: {
    lv: 'Paraksta kontrasignatūra ({signer}) nav derīga; pašu parakstu tas neietekmē.',
    en: 'A counter-signature on the signature ({signer}) does not hold; the signature itself is unaffected.',
  },
  representative_not_registered: {
    lv: 'Personas sertifikāta īpašnieks ({signer}, {code}) nav reģistrēts kā neviena akta puses pārstāvis.',
    en: 'The holder of the personal certificate ({signer}, {code}) is not a registered representative of either party of the act.',
  },
  representation_not_valid: {
    lv: '{signer} ir reģistrēts kā puses “{party}” pārstāvis, bet ne parakstīšanas brīdī ({signingTime}; pārstāvība {validFrom}–{validTo}).',
    en: '{signer} is registered as a representative of “{party}”, but not at the time of signing ({signingTime}; representation {validFrom}–{validTo}).',
  },
  timestamp_invalid: {
    lv: 'Laika zīmogs nav derīgs: {detail}',
    en: 'The time stamp does not hold: {detail}',
  },
  timestamp_imprint_mismatch: {
    lv: 'Laika zīmogs neattiecas uz šo parakstu (tā nospiedums nesakrīt ar paraksta vērtību).',
    en: 'The time stamp is not of this signature (its imprint does not match the signature value).',
  },
  timestamp_untrusted: {
    lv: 'Laika zīmoga izdevējs “{subject}” nav uzticams laika zīmogošanas pakalpojums.',
    en: 'The time stamp issuer “{subject}” is not a trusted time-stamping service.',
  },
  timestamp_unsupported: {
    lv: 'Laika zīmogu nevar pārbaudīt: {detail}',
    en: 'The time stamp cannot be checked: {detail}',
  },
  signing_time_after_timestamp: {
    lv: 'Norādītais parakstīšanas laiks {signingTime} ir pēc laika zīmoga laika {provenTime}.',
    en: 'The claimed signing time {signingTime} is after the time stamp’s time {provenTime}.',
  },
  certificate_revoked: {
    lv: 'Parakstītāja sertifikāts ir atsaukts ({revokedAt}; OCSP atbilde {producedAt}).',
    en: 'The signer certificate is revoked ({revokedAt}; OCSP response of {producedAt}).',
  },
  revocation_unknown: {
    lv: 'OCSP serveris sertifikātu nepazīst (statuss “unknown”).',
    en: 'The OCSP responder does not know the certificate (status “unknown”).',
  },
  ocsp_invalid: { lv: 'OCSP atbilde nav derīga: {detail}', en: 'The OCSP response does not hold: {detail}' },
  ocsp_not_authorised: {
    lv: 'OCSP atbildi parakstījis “{subject}”, kam nav tiesību atbildēt par šo sertifikātu.',
    en: 'The OCSP response is signed by “{subject}”, which may not answer for this certificate.',
  },
  ocsp_before_signature: {
    lv: 'OCSP atbilde ({producedAt}) ir vecāka par parakstu ({signatureTime}); tā nepierāda, ka sertifikāts bija derīgs parakstot.',
    en: 'The OCSP response ({producedAt}) is older than the signature ({signatureTime}); it does not show the certificate was good at signing.',
  },
  ocsp_untrusted: {
    lv: 'OCSP atbildētājs “{subject}” neved pie uzticamas sertifikācijas iestādes.',
    en: 'The OCSP responder “{subject}” does not chain to a trusted certification authority.',
  },
  no_timestamp: {
    lv: 'Parakstīšanas laiks ir parakstītāja apgalvojums: parakstā nav laika zīmoga.',
    en: 'The signing time is the signer’s claim: the signature carries no time stamp.',
  },
  revocation_not_checked: {
    lv: 'Atsaukšana nav pārbaudīta: parakstā nav OCSP atbildes, un OCSP piekļuve nav iestatīta.',
    en: 'Revocation not checked: no OCSP response in the signature and no OCSP access configured.',
  },
  policy_not_checked: {
    lv: 'Paraksta politika {policy} nosaukta, bet tās dokumenta kontrolsumma nav pārbaudīta (dokuments nav pieejams bezsaistē).',
    en: 'The signature policy {policy} is named, but its document’s hash was not checked (the document is not available offline).',
  },
  archive_timestamp_not_checked: {
    lv: 'Arhīva laika zīmogs (LTA) ir parakstā, bet netiek pārbaudīts; sasniegtais līmenis ne augstāks par LT.',
    en: 'An archive time stamp (LTA) is present but not checked; the level reached is at most LT.',
  },
  property_not_checked: {
    lv: 'Paraksta īpašība {property} ir parakstā, bet netiek pārbaudīta.',
    en: 'The signature property {property} is present but not checked.',
  },
  chain_revocation_not_checked: {
    lv: 'Starpsertifikātu atsaukšana nav pārbaudīta (tikai parakstītāja sertifikāta).',
    en: 'Revocation of the intermediate certificates was not checked (only of the signer’s).',
  },
  demo_trust: {
    lv: 'Uzticamība balstīta uz Pakalpes demonstrācijas CA, nevis uzticamo sarakstu: paraksts nav juridiski saistošs.',
    en: 'Trust comes from Pakalpe’s demo CA, not a trusted list: the signature has no legal effect.',
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
    lv: 'Parakstītājs “{subject}” nepārstāv nevienu no akta pusēm (ne e-zīmogs vai organizācijas sertifikāts ar NTRLV-<reģ. nr.>, ne reģistrēts pārstāvis).',
    en: 'The signer “{subject}” does not represent either party of the act (neither an e-seal or organisation certificate with NTRLV-<reg. no.> nor a registered representative).',
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
