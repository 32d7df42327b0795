import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  addSignatureToContainer,
  type ContainerReport,
  createActSigning,
  createSignedContainer,
  demoCertificateFor,
  demoPersonalCertificateFor,
  describeReason,
  type KeyKind,
  readPkcs12,
  verifyContainer,
  writePkcs12,
} from '../acts/index.ts';
import { loadConfig } from '../platform/config.ts';
import { parsePersonalCode, personalCodeProblemTexts } from '../representatives/index.ts';
import { toReportView } from '../requests/acceptance-act-views.ts';
import { composeTrustStore, parseConfiguredTrustLists } from '../trust-lists/index.ts';

// `pakalpe sign`, `pakalpe verify` and `pakalpe demo-ca issue`: what an institution's signing tool
// and a validator do, for demos, tests and scripts. None of them touches the database: `verify`
// trusts the configured anchors and the trusted lists of ACT_TRUST_LIST read from their files.

export async function signFile(
  file: string,
  options: { p12: string; password: string; out?: string | undefined },
): Promise<string> {
  const input = new Uint8Array(await readFile(file));
  const signer = await readPkcs12(await readFile(options.p12), options.password);
  const now = new Date();
  const isPdf = Buffer.from(input.subarray(0, 5)).toString('latin1') === '%PDF-';
  // A PDF becomes a new container; a container gets one more signature, the others kept as they are.
  const signed = isPdf
    ? await createSignedContainer(
        { name: path.basename(file), mimeType: 'application/pdf', bytes: input },
        signer,
        now,
      )
    : await addSignatureToContainer(input, signer, now);
  const out = options.out ?? file.replace(/(\.(asice|edoc|sce|pdf))?$/i, '-signed.asice');
  await writeFile(out, signed);
  return `Signed by ${signer.certificate.subject}\nWrote ${out}`;
}

/**
 * Prints the verification report — as text (the reasons in Latvian or English) or as JSON, the same
 * report the API answers with — and returns whether the container is valid.
 */
export async function verifyFile(
  file: string,
  options: { lang: 'lv' | 'en'; format?: 'text' | 'json' },
): Promise<boolean> {
  const config = loadConfig();
  const signing = createActSigning(config.actSigning);
  const [anchors, lists] = await Promise.all([
    signing.trustStore(),
    parseConfiguredTrustLists(config.trustLists),
  ]);
  const report = await verifyContainer(new Uint8Array(await readFile(file)), {
    trust: composeTrustStore(anchors, lists),
    now: new Date(),
  });
  console.log(
    options.format === 'json'
      ? JSON.stringify(toReportView(report), null, 2)
      : reportText(report, options.lang),
  );
  return report.valid;
}

const texts = {
  lv: {
    level: 'līmenis',
    proven: 'pierādīts',
    claimed: 'norādīts',
    notChecked: 'nav pārbaudīts',
    note: 'piezīme',
    valid: 'Konteiners ir derīgs.',
    invalid: 'Konteiners NAV derīgs.',
  },
  en: {
    level: 'level',
    proven: 'proven',
    claimed: 'claimed',
    notChecked: 'not checked',
    note: 'note',
    valid: 'The container is valid.',
    invalid: 'The container is NOT valid.',
  },
};

export function reportText(report: ContainerReport, lang: 'lv' | 'en'): string {
  const t = texts[lang];
  const lines: string[] = [];
  for (const d of report.documents) lines.push(`${d.name} (${d.size} B, SHA-256 ${d.sha256})`);
  for (const p of report.problems) lines.push(`  ✗ ${describeReason(p, lang)}`);
  for (const w of report.warnings) lines.push(`  ! ${t.note}: ${describeReason(w, lang)}`);
  for (const s of report.signatures) {
    const level = s.valid && s.level ? ` [${t.level} ${s.level}]` : '';
    lines.push(`${s.valid ? '✓' : '✗'} ${s.file}: ${s.signer?.subject ?? '?'}${level}`);
    if (s.provenTime) lines.push(`    ${t.proven}: ${s.provenTime}`);
    if (s.signingTime) lines.push(`    ${t.claimed}: ${s.signingTime}`);
    for (const p of s.problems) lines.push(`    ✗ ${describeReason(p, lang)}`);
    for (const w of s.warnings) lines.push(`    ! ${describeReason(w, lang)}`);
    for (const n of s.notChecked) lines.push(`    – ${t.notChecked}: ${describeReason(n, lang)}`);
  }
  lines.push(report.valid ? t.valid : t.invalid);
  return lines.join('\n');
}

export async function issueDemoCertificate(options: {
  registrationNumber?: string | undefined;
  name?: string | undefined;
  person: string;
  personalCode?: string | undefined;
  key?: KeyKind | undefined;
  out: string;
  password: string;
}): Promise<string> {
  const config = loadConfig();
  if (config.actSigning.kind !== 'demo') {
    throw new Error('Acts are signed with configured keys (ACT_SIGNING_*); the demo CA is not in use.');
  }
  if (options.personalCode) {
    const code = parsePersonalCode(options.personalCode);
    if (!code.ok) throw new Error(personalCodeProblemTexts[code.problem].en);
    const { keyed } = await demoPersonalCertificateFor(config.actSigning.dir, {
      person: options.person,
      personalCode: `${code.digits.slice(0, 6)}-${code.digits.slice(6)}`,
      ...(options.key && { keyKind: options.key }),
    });
    await writeFile(options.out, await writePkcs12(keyed, options.password), { mode: 0o600 });
    return `Wrote ${options.out}: ${keyed.certificate.subject} (a personal certificate: it signs for a party when the person is its registered representative)`;
  }
  if (!options.registrationNumber || !options.name) {
    throw new Error(
      'Give --registration-number and --name for an organisation certificate, or --personal-code for a personal one.',
    );
  }
  const { keyed } = await demoCertificateFor(config.actSigning.dir, {
    name: options.name,
    registrationNumber: options.registrationNumber,
    person: options.person,
  });
  await writeFile(options.out, await writePkcs12(keyed, options.password), { mode: 0o600 });
  return `Wrote ${options.out}: ${keyed.certificate.subject}, issued by the demo CA in ${config.actSigning.dir}`;
}
