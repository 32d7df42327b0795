import type { AuditRecordInput } from './record.ts';

// Realistic audit records for demos, tests and benchmarks, deterministic for a seed: calls follow the
// working day (peak 9–17 Riga time) and the week (weekends quiet), operations and consumers are mixed
// unevenly (a few dominate), about 2 % of calls fail with VISS ErrorList codes, and a few are slow.
// Pure: the start time and the seed are handed in; no clock, no global randomness.

export type GeneratorService = { urn: string; operations: readonly string[] };

export type GeneratorOptions = {
  services: readonly GeneratorService[];
  /** First day (UTC midnight of this instant's date). */
  start: Date;
  days: number;
  /** Average calls per service per day. */
  ratePerDay: number;
  seed: number;
  /** Share of failing calls; 0.02 unless given. */
  faultRate?: number;
};

/** mulberry32: tiny, fast, good enough for test data, and the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Relative traffic per hour of the Riga day (index 0 = 00:00–01:00).
const hourWeights = [
  0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.2, 0.5, 1.1, 1.6, 1.7, 1.6, 1.3, 1.5, 1.6, 1.5, 1.3, 0.9, 0.5, 0.35,
  0.25, 0.18, 0.12, 0.08,
];
const hourWeightSum = hourWeights.reduce((a, b) => a + b, 0);
// Monday … Sunday; Riga is UTC+2 in winter, UTC+3 in summer: +2 is close enough for a rhythm.
const weekdayWeights = [1.1, 1.05, 1.0, 1.0, 0.95, 0.3, 0.2];
const rigaOffsetHours = 2;

const consumers = [
  { institution: '90000000011', system: 'NRC-IRIS', weight: 5 },
  { institution: '90000000022', system: 'VSPA-SOPA', weight: 3 },
  { institution: '90000000033', system: 'RDPB-PORTALS', weight: 2 },
  { institution: '90000012345', system: 'VID-EDS', weight: 1.5 },
  { institution: '90000054321', system: 'LATVIJA-LV', weight: 1 },
];

const faults = [
  { code: 'VAL-001', severity: 'error', text: 'Pieprasījums neatbilst shēmai', http: 400, weight: 4 },
  { code: 'NOTFOUND-002', severity: 'warning', text: 'Persona nav atrasta', http: 404, weight: 3 },
  { code: 'AUTH-003', severity: 'error', text: 'Patērētājam nav tiesību uz pakalpi', http: 403, weight: 1.5 },
  {
    code: 'TIMEOUT-004',
    severity: 'fatal',
    text: 'Datu avots neatbild noteiktajā laikā',
    http: 504,
    weight: 1,
  },
];

const senderTypes = [
  { type: 'system', weight: 60 },
  { type: 'employee', weight: 30 },
  { type: 'inhabitant', weight: 8 },
  { type: 'legal_entity', weight: 2 },
] as const;

function pick<T extends { weight: number }>(items: readonly T[], r: number): T {
  const total = items.reduce((a, i) => a + i.weight, 0);
  let x = r * total;
  for (const item of items) {
    x -= item.weight;
    if (x < 0) return item;
  }
  return items[items.length - 1] as T;
}

/** A standard normal deviate (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Math.floor(random() * 4) + 8) as number).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function personalCode(index: number): string {
  const day = String((index % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(index / 28) % 12) + 1).padStart(2, '0');
  const year = String(50 + (index % 50)).padStart(2, '0');
  return `${day}${month}${year}-${String(10000 + index).slice(-5)}`;
}

const isRest = (operation: string) => /^(GET|POST|PUT|PATCH|DELETE) /.test(operation);

/** Records in time order across all services. */
export function* generateAuditRecords(options: GeneratorOptions): Generator<AuditRecordInput> {
  const random = seededRandom(options.seed);
  const faultRate = options.faultRate ?? 0.02;
  const dayStart = Date.UTC(
    options.start.getUTCFullYear(),
    options.start.getUTCMonth(),
    options.start.getUTCDate(),
  );
  // Operations of a service: the first is called most, each next one about half as often.
  const mixes = options.services.map((s) => s.operations.map((name, i) => ({ name, weight: 0.5 ** i })));
  const perHourBase = options.ratePerDay / hourWeightSum;
  for (let day = 0; day < options.days; day += 1) {
    for (let hour = 0; hour < 24; hour += 1) {
      const hourStart = dayStart + (day * 24 + hour) * 3_600_000;
      const local = new Date(hourStart + rigaOffsetHours * 3_600_000);
      const weekday = (local.getUTCDay() + 6) % 7;
      const localHour = local.getUTCHours();
      const calls: { at: number; service: number }[] = [];
      options.services.forEach((_, service) => {
        const expected =
          perHourBase *
          (hourWeights[localHour] ?? 1) *
          (weekdayWeights[weekday] ?? 1) *
          (0.85 + 0.3 * random());
        const n = Math.max(0, Math.round(expected + gaussian(random) * Math.sqrt(expected)));
        for (let i = 0; i < n; i += 1)
          calls.push({ at: hourStart + Math.floor(random() * 3_600_000), service });
      });
      calls.sort((a, b) => a.at - b.at);
      for (const call of calls)
        yield makeRecord(
          random,
          options.services[call.service] as GeneratorService,
          mixes[call.service] ?? [],
          call.at,
          faultRate,
        );
    }
  }
}

function makeRecord(
  random: () => number,
  service: GeneratorService,
  mix: { name: string; weight: number }[],
  at: number,
  faultRate: number,
): AuditRecordInput {
  const operation = mix.length > 0 ? pick(mix, random()).name : 'Unknown';
  const consumer = pick(consumers, random());
  const sender = pick(senderTypes, random()).type;
  const person = personalCode(Math.floor(random() * 2000));
  const isFault = random() < faultRate;
  const fault = isFault ? pick(faults, random()) : null;
  // Latency: log-normal around ~120 ms; one call in 200 is slow (3–15 s); timeouts are always slow.
  let latency = Math.round(Math.exp(Math.log(120) + 0.6 * gaussian(random)));
  if (random() < 0.005 || fault?.code === 'TIMEOUT-004') latency = 3000 + Math.floor(random() * 12_000);
  const requestOut = at + 1 + Math.floor(random() * 4);
  const responseIn = requestOut + latency;
  const responseOut = responseIn + 1 + Math.floor(random() * 3);
  const rest = isRest(operation);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    messageId: uuidFrom(random),
    transactionId: uuidFrom(random),
    ...(random() < 0.3 && { correlationId: uuidFrom(random) }),
    senderType: sender,
    senderId:
      sender === 'employee' || sender === 'inhabitant'
        ? person
        : sender === 'system'
          ? `CERT:${consumer.system}`
          : consumer.institution,
    consumerInstitution: consumer.institution,
    consumerSystem: consumer.system,
    service: service.urn,
    messageType: `${service.urn.replace(/-V\d+-\d+$/, '')}-${operation.replace(/[^\p{L}\p{N}]+/gu, '')}-v1-0-TYPE`,
    serviceInstanceId: `${service.urn.split(':')[3] ?? 'svc'}-node${1 + Math.floor(random() * 2)}`,
    operation,
    requestInAt: iso(at),
    requestOutAt: iso(requestOut),
    responseInAt: iso(responseIn),
    responseOutAt: iso(responseOut),
    requestSize: 800 + Math.floor(random() * 2500),
    responseSize: fault ? 600 + Math.floor(random() * 400) : 1500 + Math.floor(random() * 40_000),
    result: fault ? 'fault' : 'success',
    ...(fault && { faultCode: fault.code, faultSeverity: fault.severity, faultText: fault.text }),
    httpStatus: fault ? (rest ? fault.http : 500) : 200,
    ...(sender === 'system' && random() < 0.7 && { endUser: person }),
  };
}
