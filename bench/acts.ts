import { webcrypto } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { renderPdf } from '../src/acts/document/render-act-pdf.ts';
import { sampleAct } from '../src/acts/document/sample-act.ts';
import {
  addSignatureToContainer,
  createActSigning,
  createSignedContainer,
  renderActPdf,
  sha256Hex,
  verifyContainer,
} from '../src/acts/index.ts';
import { buildContainer, readContainer } from '../src/acts/signing/asice.ts';
import { extendSignature } from '../src/acts/signing/extend-signature.ts';
import { agencyParty, institutionParty, makeTestPki } from '../src/acts/signing/test-pki.ts';
import { trustStoreFromCertificates } from '../src/acts/signing/trust-store.ts';
import { createXadesSignature } from '../src/acts/signing/xades.ts';
import { inspectSignatureFile } from '../src/acts/signing/xades-read.ts';
import { startLocalTrustServices } from '../src/acts/trust-services/local-services.ts';
import { verifyOcspResponse } from '../src/acts/trust-services/ocsp.ts';
import { verifyTimestampToken } from '../src/acts/trust-services/timestamp.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { createPersonalCodeHasher } from '../src/representatives/index.ts';
import { issueAct } from '../src/requests/acceptance-act.ts';
import { attachAuditAnalysis } from '../src/requests/audit-analysis.ts';
import { createRequest, transitionRequest } from '../src/requests/index.ts';
import { ensureAgency, makeWorld, requestInput } from '../tests/helpers/factories.ts';

/** Links in the e-mails that benchmarked workflow steps enqueue (never delivered). */
const benchUrl = 'http://localhost:8080';

// `npm run bench:acts`: making and checking acceptance acts, each beside a baseline from the same run.
// - the act PDF (3 pages, audit appendix with a drawn chart) beside pdfmake rendering one paragraph
//   with the same embedded font;
// - the agency's XAdES signature into a new ASiC-E container beside one raw WebCrypto RSA signature;
// - issueAct as the server runs it (PGlite, one transaction: number, PDF, signature, self-check,
//   rows, history) beside the PDF alone;
// - verifying a container signed by both parties beside its bare cryptography (SHA-256 of the PDF
//   and two raw RSA verifications), and beside reading the container alone.
// Medians of BENCH_RUNS (default 15) timed runs after two warm-ups, one process.

const runs = Number(process.env.BENCH_RUNS ?? 15);

async function median(work: () => unknown | Promise<unknown>): Promise<number> {
  await work();
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const rows: [string, number, string, number][] = [];
const now = new Date();
const pki = await makeTestPki(now);

// 1. The PDF.
const act = sampleAct('lv');
const pdf = await renderActPdf(act);
const trivial = { content: [{ text: 'Akcepttestēšanas akts' }], defaultStyle: { font: 'DejaVuSans' } };
const pdfMs = await median(() => renderActPdf(act));
const pdfShortMs = await median(() => renderActPdf(sampleAct('lv', false)));
const trivialMs = await median(() => renderPdf(trivial));
rows.push([
  `act PDF, 3 pages with audit appendix (${(pdf.length / 1024).toFixed(0)} KB)`,
  pdfMs,
  'pdfmake, one paragraph, same font',
  trivialMs,
]);
rows.push(['act PDF, 2 pages without appendix', pdfShortMs, 'pdfmake, one paragraph, same font', trivialMs]);

// 2. The agency's signature.
const document = { name: 'AA-2026-0001-v1.pdf', mimeType: 'application/pdf', bytes: pdf };
const rsa = { name: 'RSASSA-PKCS1-v1_5' };
const signMs = await median(() => createSignedContainer(document, pki.agency, now));
const rawSignMs = await median(() => webcrypto.subtle.sign(rsa, pki.agency.privateKey, pdf));
rows.push([
  'XAdES signature + ASiC-E container (agency)',
  signMs,
  'one WebCrypto RSA-2048 signature',
  rawSignMs,
]);

// 3. issueAct over the embedded database.
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pakalpe-bench-acts-'));
const handle = await connectDatabase({ kind: 'pglite', dataDir });
try {
  await migrateToLatest(handle.db);
  const world = await makeWorld(handle.db);
  await ensureAgency(handle.db);
  const signing = createActSigning({ kind: 'demo', dir: path.join(dataDir, 'demo-ca') });
  const hashPersonalCode = createPersonalCodeHasher({ representativeHashSecret: undefined, dataDir });
  let request = await createRequest(handle.db, world.memberA, requestInput(world.serviceA.id));
  for (const [actor, action] of [
    [world.memberA, 'submit'],
    [world.reviewer, 'startReview'],
    [world.reviewer, 'attachAuditAnalysis'],
    [world.reviewer, 'approveReview'],
  ] as const) {
    if (action === 'attachAuditAnalysis') {
      // A service used in VISS is approved with an analysis of its audit records (here: none).
      await attachAuditAnalysis(handle.db, actor, request.id, { version: request.version });
      request = { ...request, version: request.version + 1 };
      continue;
    }
    request = await transitionRequest(
      handle.db,
      actor,
      request.id,
      action,
      { version: request.version },
      benchUrl,
    );
  }
  let version = request.version;
  const issueMs = await median(async () => {
    await issueAct(handle.db, signing, world.reviewer, request.id, { version }, benchUrl, hashPersonalCode);
    version += 1;
  });
  rows.push([
    'issueAct use case (PGlite): number, PDF, sign, self-check, store',
    issueMs,
    'act PDF alone',
    pdfMs,
  ]);
} finally {
  await handle.close();
  await rm(dataDir, { recursive: true, force: true });
}

// 4. Verification.
const both = await addSignatureToContainer(
  await createSignedContainer(document, pki.agency, now),
  pki.institution,
  now,
);
const options = {
  trust: trustStoreFromCertificates([pki.root.certificate], 'pem', 'bench root'),
  now,
  expected: {
    sha256: sha256Hex(pdf),
    issuedAt: new Date(now.getTime() - 60_000),
    parties: [agencyParty, institutionParty],
  },
};
const report = await verifyContainer(both, options);
if (!report.valid) throw new Error('the benchmark container does not verify');
const verifyMs = await median(() => verifyContainer(both, options));
const signature = await webcrypto.subtle.sign(rsa, pki.agency.privateKey, pdf);
const publicKey = await pki.agency.certificate.publicKey.export({ ...rsa, hash: 'SHA-256' }, ['verify']);
const rawVerifyMs = await median(async () => {
  await webcrypto.subtle.digest('SHA-256', pdf);
  await webcrypto.subtle.verify(rsa, publicKey, signature, pdf);
  await webcrypto.subtle.verify(rsa, publicKey, signature, pdf);
});
const readMs = await median(() => readContainer(both));
rows.push([
  `verify container, 2 signatures (${(both.length / 1024).toFixed(0)} KB)`,
  verifyMs,
  'SHA-256 of the PDF + two raw WebCrypto verifications',
  rawVerifyMs,
]);
rows.push([
  `verify container, 2 signatures`,
  verifyMs,
  'reading the container alone (unzip, limits, manifest)',
  readMs,
]);

// 5. Verification of a 2-signature LT container: each signature carries a time stamp and an OCSP
// response from the local TSA and responder (real DER), so each verification checks three signatures
// (the XAdES one, the time-stamp token's, the OCSP response's) besides the references and chains.
const services = await startLocalTrustServices({ ca: pki.root });
try {
  const lt = {
    level: 'LT' as const,
    tsaUrl: services.tsaUrl,
    ocspUrl: services.ocspUrl,
    tsaTimeoutMs: 5000,
    ocspTimeoutMs: 5000,
  };
  const extended = async (signer: typeof pki.agency) =>
    extendSignature(await createXadesSignature({ signer, document, signingTime: now }), signer, lt);
  const ltContainer = await buildContainer(
    document,
    [
      { path: 'META-INF/signatures0.xml', xml: await extended(pki.agency) },
      { path: 'META-INF/signatures1.xml', xml: await extended(pki.institution) },
    ],
    now,
  );
  const ltOptions = { ...options, now: new Date() };
  const ltReport = await verifyContainer(ltContainer, ltOptions);
  if (!ltReport.valid || ltReport.signatures.some((s) => s.level !== 'LT')) {
    throw new Error('the LT benchmark container does not verify at LT');
  }
  const ltMs = await median(() => verifyContainer(ltContainer, ltOptions));
  const rawLtMs = await median(async () => {
    await webcrypto.subtle.digest('SHA-256', pdf);
    for (let i = 0; i < 6; i += 1) await webcrypto.subtle.verify(rsa, publicKey, signature, pdf);
  });
  rows.push([
    `verify container, 2 LT signatures (${(ltContainer.length / 1024).toFixed(0)} KB)`,
    ltMs,
    'SHA-256 of the PDF + six raw WebCrypto RSA verifications (2 × signature, time stamp, OCSP)',
    rawLtMs,
  ]);
  // The time-stamp tokens and OCSP responses parsed and checked by PKI.js alone (what the LT level
  // adds), taken from the very container.
  const embedded = await Promise.all(
    [0, 1].map(async (i) => {
      const xml = (await readContainer(ltContainer)).signatures[i]?.xml as Uint8Array;
      const file = await inspectSignatureFile(xml, 'bench', new Map([[document.name, pdf]]));
      return file.signatures[0] as NonNullable<(typeof file.signatures)[0]>;
    }),
  );
  const pkiOnlyMs = await median(() => {
    embedded.forEach((s, i) => {
      const signer = i === 0 ? pki.agency.certificate : pki.institution.certificate;
      const stamp = s.timestamps[0];
      if (stamp?.covered) verifyTimestampToken(stamp.token, stamp.covered);
      for (const der of s.ocspResponses)
        verifyOcspResponse(der, signer, pki.root.certificate, s.certificates);
    });
  });
  rows.push([
    'verify container, 2 LT signatures',
    ltMs,
    'the 2 time-stamp tokens and 2 OCSP responses checked by PKI.js alone',
    pkiOnlyMs,
  ]);
} finally {
  await services.close();
}

console.log('| operation | ms (median) | baseline | baseline ms | ÷ baseline |');
console.log('|---|--:|---|--:|--:|');
for (const [name, ms, baseline, baseMs] of rows) {
  console.log(
    `| ${name} | ${ms.toFixed(1)} | ${baseline} | ${baseMs.toFixed(1)} | ${(ms / baseMs).toFixed(1)}× |`,
  );
}
console.log(
  `\n${runs} timed runs each after two warm-ups; Node ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}; ` +
    `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.`,
);
