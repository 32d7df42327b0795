import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { ActAuditAppendix, ActData, ActFinding, ActParty, ActSignatureClaim } from './act-data.ts';
import { type ActTexts, actTexts, fill } from './act-texts.ts';

// The act as a PDF/A-2b file: a pure function of ActData (and its language) to bytes. Deterministic —
// the creation and modification dates are the issue date, the document ID is a hash of the Info
// dictionary, and pdfmake/PDFKit add nothing random — so the same act renders to the same bytes and
// its SHA-256 is stable. The font is DejaVu Sans from the `dejavu-fonts-ttf` package (free licence),
// embedded as a subset; it covers every Latvian letter.

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fontFiles = {
  normal: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italics: 'DejaVuSans-Oblique.ttf',
  bolditalics: 'DejaVuSans-BoldOblique.ttf',
};

type VirtualFs = { writeFileSync(name: string, data: Buffer): void };
let fontsReady = false;

function prepareFonts(): void {
  if (fontsReady) return;
  const vfs = (pdfmake as unknown as { virtualfs: VirtualFs }).virtualfs;
  for (const file of Object.values(fontFiles))
    vfs.writeFileSync(file, readFileSync(path.join(fontDir, file)));
  pdfmake.setFonts({ DejaVuSans: fontFiles });
  // The act never loads anything from the network or the disk while rendering.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  fontsReady = true;
}

const colours = {
  ink: '#1b1f24',
  muted: '#5b6470',
  rule: '#c9ced6',
  band: '#eef1f5',
  accent: '#1d4f91',
  bad: '#b42318',
};

function formatDate(value: Date | string, language: 'lv' | 'en'): string {
  const date = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
  return new Intl.DateTimeFormat(language === 'lv' ? 'lv-LV' : 'en-GB', {
    timeZone: 'Europe/Riga',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(date);
}

function formatNumber(value: number, language: 'lv' | 'en'): string {
  return new Intl.NumberFormat(language === 'lv' ? 'lv-LV' : 'en-GB', { maximumFractionDigits: 1 }).format(
    value,
  );
}

const heading = (text: string): Content => ({ text, style: 'h2', margin: [0, 14, 0, 6] });

function keyValueTable(rows: [string, string][], labelWidth = 140): Content {
  return {
    table: {
      widths: [labelWidth, '*'],
      body: rows.map(([k, v]) => [
        { text: k, style: 'label' },
        { text: v, style: 'value' },
      ]),
    },
    layout: 'noBorders',
  };
}

function gridTable(header: string[], rows: TableCell[][], widths: (string | number)[]): Content {
  return {
    table: {
      headerRows: 1,
      widths,
      body: [header.map((h) => ({ text: h, style: 'th' })), ...rows],
    },
    layout: {
      fillColor: (row: number) => (row === 0 ? colours.band : null),
      hLineColor: () => colours.rule,
      vLineColor: () => colours.rule,
      hLineWidth: () => 0.5,
      vLineWidth: () => 0.5,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    fontSize: 8.5,
  };
}

function partyRows(t: ActTexts, label: string, party: ActParty): [string, string][] {
  const rep = party.representative;
  const contact = rep ? [rep.name, rep.email, rep.phone].filter(Boolean).join(', ') : t.notGiven;
  return [
    [label, party.name],
    [t.registrationNumber, party.registrationNumber],
    [t.representative, contact],
  ];
}

function findingRows(findings: readonly ActFinding[], data: ActData, t: ActTexts): TableCell[][] {
  return findings.map((f) => [
    { text: f.ruleId, style: 'mono' },
    { text: t.severity[f.severity] },
    { text: f.message[data.language] },
  ]);
}

function reviewSection(data: ActData, t: ActTexts): Content[] {
  const review = data.descriptionReview;
  if (!review) return [{ text: t.reviewNone, style: 'muted' }];
  const content: Content[] = [
    keyValueTable([
      [t.reviewFile, `${review.mainFile} (${review.format}), ${formatDate(review.checkedAt, data.language)}`],
    ]),
    { text: fill(t.reviewCounts, review.counts), margin: [0, 4, 0, 4] },
  ];
  if (review.open.length === 0) content.push({ text: t.reviewPassed, margin: [0, 0, 0, 4] });
  if (review.waived.length > 0) {
    content.push({ text: t.waived, style: 'h3' });
    content.push(
      gridTable(
        [t.rule, t.finding, t.justification],
        review.waived.map((w) => [
          { text: w.ruleId, style: 'mono' },
          { text: w.message[data.language] },
          { text: `${w.justification} — ${w.by}, ${formatDate(w.at, data.language)}` },
        ]),
        [95, '*', '*'],
      ),
    );
  }
  if (review.open.length > 0) {
    content.push({ text: t.open, style: 'h3' });
    content.push(gridTable([t.rule, '', t.finding], findingRows(review.open, data, t), [95, 55, '*']));
  }
  return content;
}

/** Daily call volume as bars (failed calls in red on top), drawn with vectors: no image library. */
export function volumeChart(daily: ActAuditAppendix['daily'], language: 'lv' | 'en'): Content {
  const width = 480;
  const height = 120;
  const max = Math.max(1, ...daily.map((d) => d.calls));
  const slot = daily.length > 0 ? width / daily.length : width;
  const bar = Math.max(1, slot * 0.7);
  const shapes: NonNullable<Extract<Content, { canvas: unknown }>['canvas']> = [
    { type: 'line', x1: 0, y1: height, x2: width, y2: height, lineWidth: 0.7, lineColor: colours.muted },
    {
      type: 'line',
      x1: 0,
      y1: 0,
      x2: width,
      y2: 0,
      lineWidth: 0.3,
      lineColor: colours.rule,
      dash: { length: 2 },
    },
  ];
  daily.forEach((d, i) => {
    const x = i * slot + (slot - bar) / 2;
    const h = (d.calls / max) * height;
    const hf = (d.failed / max) * height;
    shapes.push({ type: 'rect', x, y: height - h, w: bar, h, color: colours.accent });
    if (hf > 0) shapes.push({ type: 'rect', x, y: height - h, w: bar, h: hf, color: colours.bad });
  });
  const first = daily[0]?.date;
  const last = daily.at(-1)?.date;
  return {
    stack: [
      { text: formatNumber(max, language), style: 'axis' },
      { canvas: shapes },
      {
        columns: [
          { text: first ? formatDate(first, language) : '', style: 'axis' },
          { text: last ? formatDate(last, language) : '', style: 'axis', alignment: 'right' },
        ],
      },
    ],
    unbreakable: true,
  };
}

function auditAppendix(audit: ActAuditAppendix, data: ActData, t: ActTexts): Content[] {
  const n = (v: number) => formatNumber(v, data.language);
  return [
    { text: t.appendix, style: 'h1', pageBreak: 'before' },
    keyValueTable([
      [
        t.period,
        `${formatDate(audit.period.from, data.language)} – ${formatDate(audit.period.to, data.language)}`,
      ],
      [t.calls, n(audit.totals.calls)],
      [t.succeeded, n(audit.totals.succeeded)],
      [t.failed, n(audit.totals.failed)],
      [t.recordsUsed, n(audit.records.count)],
      // Two halves: a 64-character word would not wrap in the value column.
      [t.recordsHash, `${audit.records.sha256.slice(0, 32)} ${audit.records.sha256.slice(32)}`],
    ]),
    heading(t.latency),
    gridTable(
      ['p50', 'p95', 'p99', 'max'],
      [
        [audit.latencyMs.p50, audit.latencyMs.p95, audit.latencyMs.p99, audit.latencyMs.max].map((v) => ({
          text: n(v),
          alignment: 'right' as const,
        })),
      ],
      ['*', '*', '*', '*'],
    ),
    heading(t.operations),
    gridTable(
      [t.operation, t.calls, t.failed, 'p50 ms', 'p95 ms'],
      audit.operations.map((o) => [
        { text: o.operation, style: 'mono' },
        ...[o.calls, o.failed, o.p50Ms, o.p95Ms].map((v) => ({ text: n(v), alignment: 'right' as const })),
      ]),
      ['*', 60, 60, 55, 55],
    ),
    heading(t.dailyVolume),
    volumeChart(audit.daily, data.language),
  ];
}

function signatureBlock(t: ActTexts, label: string, party: ActParty): TableCell {
  const line = (text: string, style?: string): Content => ({ text, style, margin: [0, 2, 0, 0] });
  // The register's signers when the party has some; otherwise its e-seal or a representative signs,
  // and the contact person is named (as a contact, not as the signer).
  const signers =
    party.signers.length > 0
      ? party.signers.map((s) => line(s.position ? `${s.name}, ${s.position}` : s.name))
      : [
          line(t.signsWithSeal, 'small'),
          ...(party.representative ? [line(`${t.contact}: ${party.representative.name}`, 'small')] : []),
        ];
  return {
    stack: [
      { text: label, style: 'label' },
      { text: party.name, bold: true, margin: [0, 2, 0, 0] },
      ...signers,
    ],
    // The signature line under the block: a cell border, so both parties' lines are level.
    border: [false, false, false, true],
  };
}

/**
 * Whether the act may carry the standard closing line that it is signed with a qualified (drošs)
 * electronic signature and contains a time stamp: only when the agency's signature is both.
 */
export function claimsQualifiedTimeStampedSignature(claim: ActSignatureClaim): boolean {
  return claim.agencyQualified && claim.agencyLevel !== 'B';
}

function signatureSection(data: ActData, t: ActTexts): Content[] {
  const claim = data.signatureClaim;
  return [
    heading(t.signatures),
    { text: t.signedElectronically, style: 'small' },
    {
      text: t.agencySignature[claim.agencyLevel][claim.agencyQualified ? 'qualified' : 'plain'],
      style: 'small',
      margin: [0, 2, 0, 12],
    },
    {
      table: {
        widths: ['*', 24, '*'],
        body: [
          [
            signatureBlock(t, t.forAgency, data.agency),
            { text: '', border: [false, false, false, false] },
            signatureBlock(t, t.forInstitution, data.institution),
          ],
        ],
      },
      layout: {
        defaultBorder: false,
        hLineWidth: () => 0.5,
        hLineColor: () => colours.muted,
        paddingLeft: () => 0,
        paddingRight: () => 0,
        paddingTop: () => 0,
        paddingBottom: () => 18,
      },
      unbreakable: true,
    },
  ];
}

export function actDocumentDefinition(data: ActData): TDocumentDefinitions {
  const t = actTexts[data.language];
  const s = data.service;
  const title = `${t.title} ${t.number} ${data.number}`;
  const documentTitle = `${title} (${fill(t.version, { version: data.version })})`;
  const head = data.letterhead;
  const content: Content[] = [
    // The agency's header block: its name and how to reach it, above the title.
    {
      stack: [
        { text: head.name, bold: true, fontSize: 11 },
        ...(head.address ? [{ text: head.address, style: 'small' }] : []),
        {
          text: [head.phone ? `${t.phone} ${head.phone}` : null, `${t.email} ${head.email}`]
            .filter(Boolean)
            .join(' · '),
          style: 'small',
        },
      ],
      alignment: 'center',
      margin: [0, 0, 0, 14],
    },
    { text: t.title, style: 'title' },
    {
      text: `${t.number} ${data.number} (${fill(t.version, { version: data.version })})`,
      alignment: 'center',
      style: 'subtitle',
    },
    {
      text: `${t.place}, ${formatDate(data.issuedAt, data.language)}`,
      alignment: 'center',
      style: 'muted',
      margin: [0, 0, 0, 6],
    },
    ...(data.supersedes
      ? [{ text: fill(t.supersedes, data.supersedes), alignment: 'center' as const, style: 'muted' }]
      : []),
    heading(t.parties),
    {
      columns: [
        keyValueTable(partyRows(t, t.agency, data.agency), 82),
        keyValueTable(partyRows(t, t.institution, data.institution), 82),
      ],
      columnGap: 16,
    },
    heading(t.service),
    keyValueTable([
      [t.serviceName, s.name],
      [t.identifier, s.identifier],
      [t.serviceVersion, s.version ?? '—'],
      [t.protocol, s.protocol.toUpperCase()],
      [t.informationSystem, `${s.informationSystem.name} (${s.informationSystem.code})`],
      [t.request, data.request.reference],
    ]),
    {
      stack: [
        gridTable(
          [t.environment, t.endpoint],
          s.environments.map((e) => [
            t.environments[e.name],
            e.endpoint
              ? { text: e.endpoint, style: 'mono' }
              : e.hosting
                ? { text: fill(t.productionPending, { hosting: t.hosting[e.hosting] }), style: 'small' }
                : { text: '—', style: 'mono' },
          ]),
          [120, '*'],
        ),
      ],
      margin: [0, 6, 0, 0],
    },
    ...(s.operations.length > 0
      ? [
          {
            text: `${t.operations}: ${s.operations.join(', ')}`,
            style: 'small',
            margin: [0, 4, 0, 0],
          } as Content,
        ]
      : []),
    heading(t.testing),
    data.testPeriod
      ? keyValueTable([
          [
            t.testPeriod,
            `${formatDate(data.testPeriod.from, data.language)} – ${formatDate(data.testPeriod.to, data.language)}`,
          ],
        ])
      : { text: t.noTestPeriod, style: 'muted' },
    heading(t.review),
    ...reviewSection(data, t),
    heading(t.audit),
    {
      text: data.audit ? t.auditSeeAppendix : t.auditNone,
      style: data.audit ? undefined : 'muted',
    } as Content,
    heading(t.conclusion),
    { text: fill(t.conclusionText, { service: s.name, identifier: s.identifier }) },
    ...(data.conclusionNote ? [{ text: data.conclusionNote, margin: [0, 4, 0, 0] } as Content] : []),
    ...signatureSection(data, t),
    ...(data.audit ? auditAppendix(data.audit, data, t) : []),
    // The closing mark of a document signed with a qualified signature goes at its very end.
    ...(claimsQualifiedTimeStampedSignature(data.signatureClaim)
      ? [{ text: t.qualifiedWithTimeStamp, style: 'closing' } as Content]
      : []),
  ];
  return {
    // PDF/A-2b: see renderActPdf.
    version: '1.7',
    subset: 'PDF/A-2b',
    language: data.language,
    displayTitle: true,
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 56],
    // Only text the act itself composes goes into the Info dictionary (PDFKit copies it into the XMP
    // packet unescaped); the party names are in the XMP alone, escaped — see actXmpProperties. The
    // trailer's document ID is a hash of these entries, so it follows the number, version and date.
    info: {
      title: documentTitle,
      creator: 'Pakalpe',
      producer: 'Pakalpe',
      creationDate: data.issuedAt,
      modDate: data.issuedAt,
    },
    defaultStyle: { font: 'DejaVuSans', fontSize: 9.5, lineHeight: 1.2, color: colours.ink },
    styles: {
      title: { fontSize: 16, bold: true, alignment: 'center', characterSpacing: 1, margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 11, bold: true, margin: [0, 0, 0, 2] },
      h1: { fontSize: 13, bold: true, margin: [0, 0, 0, 10] },
      h2: { fontSize: 11, bold: true, color: colours.accent },
      h3: { fontSize: 9.5, bold: true, margin: [0, 6, 0, 3] },
      label: { color: colours.muted, fontSize: 8.5 },
      value: {},
      th: { bold: true, fontSize: 8.5 },
      muted: { color: colours.muted },
      small: { fontSize: 8.5, color: colours.muted },
      mono: { fontSize: 8 },
      axis: { fontSize: 7, color: colours.muted },
      closing: { fontSize: 8, bold: true, alignment: 'center', margin: [0, 24, 0, 0] },
    },
    header: (currentPage: number) =>
      currentPage > 1
        ? { text: title, style: 'small', margin: [56, 28, 56, 0], alignment: 'right' }
        : { text: '' },
    footer: (currentPage: number, pageCount: number) => ({
      text: fill(t.page, { page: currentPage, pages: pageCount }),
      style: 'small',
      alignment: 'center',
      margin: [0, 20, 0, 0],
    }),
    content,
  };
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The form of xmp:CreateDate that PDFKit writes: UTC, whole seconds. */
const xmpDate = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/**
 * The XMP properties PDFKit does not write: xmp:ModifyDate (the Info dictionary has ModDate, and
 * PDF/A wants the two to agree), the document's language, its creator (the agency) and description.
 */
export function actXmpProperties(data: ActData): string {
  const description = `${data.service.identifier} — ${data.institution.name}`;
  return `
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
  <xmp:ModifyDate>${xmpDate(data.issuedAt)}</xmp:ModifyDate>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:creator><rdf:Seq><rdf:li>${escapeXml(data.agency.name)}</rdf:li></rdf:Seq></dc:creator>
  <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(description)}</rdf:li></rdf:Alt></dc:description>
  <dc:language><rdf:Bag><rdf:li>${data.language}</rdf:li></rdf:Bag></dc:language>
</rdf:Description>`;
}

/**
 * The act as a PDF/A-2b file. PDFKit, under pdfmake, does the conformance work when the definition
 * asks for `subset: 'PDF/A-2b'`: the pdfaid identification in the XMP packet, and an OutputIntent
 * GTS_PDFA1 with PDFKit's own sRGB IEC61966-2.1 profile. It writes the packet only above PDF 1.3,
 * hence version 1.7 (the base of PDF/A-2). Fonts are embedded by pdfmake, nothing is encrypted, the
 * trailer has an ID and the catalog the `/Lang`. The rest of the packet is added here.
 */
export function renderActPdf(data: ActData): Promise<Uint8Array> {
  return renderPdf(actDocumentDefinition(data), actXmpProperties(data));
}

/**
 * Any document definition with the act's fonts and access policy (the benchmark's baseline uses it),
 * with `xmp` appended to the XMP packet when the definition makes one.
 */
export async function renderPdf(definition: TDocumentDefinitions, xmp?: string): Promise<Uint8Array> {
  prepareFonts();
  const pdf = pdfmake.createPdf(definition);
  // getStream() hands over PDFKit's document before it is ended, the packet is still open.
  if (xmp) (await pdf.getStream()).appendXML(xmp);
  return new Uint8Array(await pdf.getBuffer());
}
