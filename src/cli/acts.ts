import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  addSignatureToContainer,
  createActSigning,
  createSignedContainer,
  demoCertificateFor,
  describeReason,
  readPkcs12,
  verifyContainer,
  writePkcs12,
} from '../acts/index.ts';
import { loadConfig } from '../platform/config.ts';
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

/** Prints the verification report; true when every signature is valid. */
export async function verifyFile(file: string, options: { lang: 'lv' | 'en' }): Promise<boolean> {
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
  const lines: string[] = [];
  if (report.document)
    lines.push(`${report.document.name} (${report.document.size} B, SHA-256 ${report.document.sha256})`);
  for (const p of report.problems) lines.push(`  ✗ ${describeReason(p, options.lang)}`);
  for (const s of report.signatures) {
    lines.push(
      `${s.valid ? '✓' : '✗'} ${s.file}: ${s.signer?.subject ?? '?'}${s.signingTime ? `, ${s.signingTime}` : ''}`,
    );
    for (const p of s.problems) lines.push(`    ${describeReason(p, options.lang)}`);
  }
  lines.push(report.valid ? 'All signatures are valid.' : 'The container is NOT valid.');
  console.log(lines.join('\n'));
  return report.valid;
}

export async function issueDemoCertificate(options: {
  registrationNumber: string;
  name: string;
  person: string;
  out: string;
  password: string;
}): Promise<string> {
  const config = loadConfig();
  if (config.actSigning.kind !== 'demo') {
    throw new Error('Acts are signed with configured keys (ACT_SIGNING_*); the demo CA is not in use.');
  }
  const { keyed } = await demoCertificateFor(config.actSigning.dir, {
    name: options.name,
    registrationNumber: options.registrationNumber,
    person: options.person,
  });
  await writeFile(options.out, await writePkcs12(keyed, options.password), { mode: 0o600 });
  return `Wrote ${options.out}: ${keyed.certificate.subject}, issued by the demo CA in ${config.actSigning.dir}`;
}
