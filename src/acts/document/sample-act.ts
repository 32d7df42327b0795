import type { ActAuditAppendix, ActData, ActLanguage } from './act-data.ts';

// A realistic act for tests and benchmarks (not used by the product): every section filled, with
// Latvian letters in names, and a 30-day audit appendix with twelve operations.

export function sampleAuditAppendix(): ActAuditAppendix {
  const daily = Array.from({ length: 30 }, (_, i) => {
    const date = new Date(Date.UTC(2026, 9, 1 + i)).toISOString().slice(0, 10);
    const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
    const calls = weekend ? 120 + i * 3 : 1800 + ((i * 137) % 600);
    return { date, calls, failed: Math.round(calls * (i % 7 === 3 ? 0.02 : 0.004)) };
  });
  const calls = daily.reduce((n, d) => n + d.calls, 0);
  const failed = daily.reduce((n, d) => n + d.failed, 0);
  const operations = Array.from({ length: 12 }, (_, i) => ({
    operation: `personasDatuIzsniegšana${i + 1}`,
    calls: Math.round(calls / 12) + i,
    failed: Math.round(failed / 12),
    p50Ms: 80 + i * 5,
    p95Ms: 240 + i * 12,
  }));
  return {
    period: { from: '2026-10-01', to: '2026-10-30' },
    totals: { calls, succeeded: calls - failed, failed },
    latencyMs: { p50: 92, p95: 268, p99: 612, max: 2140 },
    records: { count: calls, sha256: 'a3f1c2d4e5b6978812aa34bb56cc78dd90ee12ff34a1b2c3d4e5f60718293a4b' },
    operations,
    daily,
  };
}

export function sampleAct(language: ActLanguage = 'lv', withAudit = true): ActData {
  return {
    letterhead: {
      name: language === 'lv' ? 'Valsts reģionālās attīstības aģentūra' : 'State Regional Development Agency',
      address: 'Elizabetes iela 1, Rīga, LV-1010',
      phone: '+371 67 000 001',
      email: 'atbalsts@pakalpe.demo',
    },
    number: 'AA-2026-0001',
    version: 1,
    language,
    issuedAt: new Date('2026-11-25T09:30:00Z'),
    request: { reference: 'TP-2026-0007', submittedAt: new Date('2026-11-02T08:00:00Z') },
    agency: {
      name: 'Valsts reģionālās attīstības aģentūra',
      registrationNumber: '90001295469',
      representative: { name: 'Jānis Ozoliņš', email: 'janis.ozolins@vraa.demo' },
      signers: [],
    },
    institution: {
      name: 'Nacionālais reģistru centrs',
      registrationNumber: '90000000011',
      representative: { name: 'Pēteris Liepa', email: 'peteris.liepa@nrc.demo', phone: '+371 67 000 000' },
      signers: [{ name: 'Pēteris Liepa', position: 'IT nodaļas vadītājs' }],
    },
    service: {
      identifier: 'URN:IVIS:100001:XSD-NRC-PersonasDati-V1-2',
      name: 'Personas datu izsniegšana ģimenes ārstiem',
      protocol: 'soap',
      informationSystem: { code: 'NRC-IS', name: 'Iedzīvotāju reģistra ķēde' },
      version: '1.2',
      environments: [
        { name: 'test', endpoint: 'https://viss-test.example.lv/nrc/personas-dati' },
        { name: 'production', endpoint: null, hosting: 'agency' },
      ],
      operations: ['SaņemtPersonasDatus', 'PārbaudītStatusu', 'ŽurnālaIeraksts'],
    },
    testPeriod: { from: '2026-10-01', to: '2026-10-30' },
    descriptionReview: {
      mainFile: 'personas-dati.wsdl',
      format: 'WSDL 1.1',
      checkedAt: new Date('2026-11-10T10:00:00Z'),
      counts: { error: 0, warning: 0, info: 1, waived: 1 },
      waived: [
        {
          ruleId: 'viss-soap-version',
          severity: 'warning',
          message: {
            lv: 'Izmantota SOAP 1.1, ieteicama SOAP 1.2.',
            en: 'SOAP 1.1 is used; SOAP 1.2 is recommended.',
          },
          justification: 'Esošie patērētāji izmanto SOAP 1.1; pāreja plānota 2027. gadā.',
          by: 'Līga Kalniņa',
          at: new Date('2026-11-12T09:00:00Z'),
        },
      ],
      open: [
        {
          ruleId: 'viss-documentation',
          severity: 'info',
          message: { lv: 'Operācijai trūkst apraksta.', en: 'An operation has no documentation.' },
        },
      ],
    },
    audit: withAudit ? sampleAuditAppendix() : null,
    conclusionNote: null,
    supersedes: null,
    signatureClaim: { agencyLevel: 'B', agencyQualified: false },
  };
}
