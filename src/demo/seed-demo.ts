import type { Actor } from '../accounts/actor.ts';
import { createInstitution } from '../accounts/institutions.ts';
import { localOperator } from '../accounts/permissions.ts';
import { toActor } from '../accounts/sessions.ts';
import { createUser } from '../accounts/users.ts';
import { generateAuditRecords, type HashPerson, importAuditRecords, rowsOfValues } from '../audit/index.ts';
import { storeCatalogDescription } from '../catalog/catalog-descriptions.ts';
import { createTestCatalogService } from '../catalog/index.ts';
import { readDescription } from '../descriptions/read-description.ts';
import type { DatabaseHandle } from '../platform/db/connect.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import {
  createRepresentative,
  endRepresentation,
  type PersonalCodeHasher,
} from '../representatives/index.ts';
import { attachAuditAnalysis } from '../requests/audit-analysis.ts';
import {
  type Action,
  type ActionInputBody,
  addRequestNote,
  assignRequest,
  createRequest,
  postRequestMessage,
  type RequestView,
  transitionRequest,
} from '../requests/index.ts';
import { getRequestView } from '../requests/queries.ts';
import { attachDescriptionFromCatalog, waiveFinding } from '../requests/request-description.ts';
import { consultationPort } from '../support-mailbox/consultation-port.ts';
import { routeReceivedMail, storeReceivedMail } from '../support-mailbox/index.ts';
import { seedDemoConsultations } from './demo-consultations.ts';
import { demoDescriptionFiles } from './demo-descriptions.ts';

// A realistic demo, built through the same use cases users go through, so every request has a genuine
// history chain. Names are Latvian; institutions and registration numbers are invented.

export const demoPassword = 'demo-parole-2026';

export type DemoLogin = { email: string; role: string; displayName: string; institution: string | null };

const institutions = [
  { key: 'nrc', name: 'Nacionālais reģistru centrs', registrationNumber: '90000000011', owner: '100011' },
  {
    key: 'vspa',
    name: 'Valsts sociālās palīdzības aģentūra',
    registrationNumber: '90000000022',
    owner: '100022',
  },
  {
    key: 'rdpb',
    name: 'Rīgas digitālo pakalpojumu birojs',
    registrationNumber: '90000000033',
    owner: '100033',
  },
] as const;

const demoOperations: Record<string, string[]> = {
  'NRC.PersonasDati': ['SaņemtPersonasDatus', 'SaņemtPersonasStatusu'],
  'NRC.AdresesMaina': ['PaziņotAdresesMaiņu'],
  'NRC.DzivesvietasApliecinajums': ['GET /apliecinajumi/{numurs}'],
  'NRC.PersonasKodaParbaude': ['GET /personas-kodi/{kods}/derigums'],
  'NRC.DzimsanasFakts': ['GET /dzimsanas-fakti/{personasKods}'],
  'NRC.VardaMaina': ['PaziņotVārdaMaiņu'],
  'VSPA.PabalstuStatuss': ['GET /pieprasijumi/{id}/statuss'],
  'VSPA.TrucigaStatuss': ['PārbaudītStatusu'],
  'RDPB.StavvietuAtlaujas': ['GET /atlaujas', 'GET /atlaujas/{numurs}'],
  'RDPB.BuvatlaujuStatuss': ['SaņemtBūvatļaujasStatusu'],
};

const newerDemoServices = ['NRC.PersonasKodaParbaude', 'NRC.DzimsanasFakts', 'NRC.VardaMaina'];

const demoCatalog = {
  nrc: {
    system: { code: 'NRC-IRIS', name: 'Iedzīvotāju reģistra informācijas sistēma' },
    items: [
      { code: 'NRC.PersonasDati', name: 'Personas datu izsniegšana', protocol: 'soap' },
      { code: 'NRC.AdresesMaina', name: 'Deklarētās adreses maiņas paziņojums', protocol: 'soap' },
      {
        code: 'NRC.DzivesvietasApliecinajums',
        name: 'Dzīvesvietas apliecinājuma pārbaude',
        protocol: 'rest',
      },
      // Services with no request yet, so a new user (and the procedure test) can start one.
      { code: 'NRC.PersonasKodaParbaude', name: 'Personas koda derīguma pārbaude', protocol: 'rest' },
      { code: 'NRC.DzimsanasFakts', name: 'Dzimšanas fakta izziņa', protocol: 'rest' },
      { code: 'NRC.VardaMaina', name: 'Vārda un uzvārda maiņas paziņojums', protocol: 'soap' },
    ],
  },
  vspa: {
    system: { code: 'VSPA-SOPA', name: 'Sociālās palīdzības administrēšanas sistēma' },
    items: [
      {
        code: 'VSPA.PabalstuStatuss',
        name: 'Pabalsta pieprasījuma statuss',
        protocol: 'rest',
        operations: ['GET /pieprasijumi/{id}/statuss'],
      },
      {
        code: 'VSPA.TrucigaStatuss',
        name: 'Trūcīgas personas statusa pārbaude',
        protocol: 'soap',
        operations: ['PārbaudītStatusu'],
      },
    ],
  },
  rdpb: {
    system: { code: 'RDPB-EPAK', name: 'Pašvaldības e-pakalpojumu platforma' },
    items: [
      {
        code: 'RDPB.StavvietuAtlaujas',
        name: 'Stāvvietu atļauju reģistrs',
        protocol: 'rest',
        operations: ['GET /atlaujas', 'GET /atlaujas/{numurs}'],
      },
      {
        code: 'RDPB.BuvatlaujuStatuss',
        name: 'Būvatļauju statusa izziņa',
        protocol: 'soap',
        operations: ['SaņemtBūvatļaujasStatusu'],
      },
    ],
  },
} as const;

const people = {
  admin: { email: 'anna.berzina@vraa.demo', displayName: 'Anna Bērziņa', role: 'agency_admin' },
  reviewer: { email: 'janis.ozolins@vraa.demo', displayName: 'Jānis Ozoliņš', role: 'agency_reviewer' },
  reviewer2: { email: 'liga.kalnina@vraa.demo', displayName: 'Līga Kalniņa', role: 'agency_reviewer' },
  nrc: { email: 'peteris.liepa@nrc.demo', displayName: 'Pēteris Liepa', role: 'institution_member' },
  vspa: { email: 'ilze.krumina@vspa.demo', displayName: 'Ilze Krūmiņa', role: 'institution_member' },
  rdpb: { email: 'maris.zarins@rdpb.demo', displayName: 'Māris Zariņš', role: 'institution_member' },
} as const;

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('institutions').select('id').limit(1).executeTakeFirst();
  return !row;
}

/**
 * Audit records of the demo services' test period (October 2026, with a few days either side), made
 * by the generator; the city office's parking service never called one of its operations, so its
 * analysis shows the coverage flag.
 */
async function seedDemoAuditRecords(handle: DatabaseHandle, hashPerson: HashPerson): Promise<void> {
  const services = institutions.flatMap((inst) =>
    demoCatalog[inst.key].items.map((item) => {
      const declared = demoOperations[item.code] ?? [];
      return {
        code: item.code as string,
        urn: `URN:IVIS:${inst.owner}:${item.code}-V1-0`,
        operations: item.code === 'RDPB.StavvietuAtlaujas' ? declared.slice(1) : declared,
      };
    }),
  );
  // The services added later get their own generator run, so the first ones keep the records (and
  // the flags) they always had.
  const later = new Set(newerDemoServices);
  const batches = [
    { services: services.filter((s) => !later.has(s.code)), seed: 2026 },
    { services: services.filter((s) => later.has(s.code)), seed: 2027 },
  ];
  for (const batch of batches) {
    const records = generateAuditRecords({
      services: batch.services.map(({ urn, operations }) => ({ urn, operations })),
      start: new Date('2026-09-27T00:00:00Z'),
      days: 40,
      ratePerDay: 90,
      seed: batch.seed,
    });
    await importAuditRecords(handle, () => rowsOfValues(records), { environment: 'test', hashPerson });
  }
}

/** The entry's description, registered the way an institution would, so a request can take it. */
async function registerDemoDescription(
  db: Db,
  service: {
    id: string;
    entryVersion: number;
    identifier: string;
    name: string;
    protocol: 'soap' | 'rest';
    operations: string[];
    endpointUrl: string | null;
  },
): Promise<void> {
  const files = demoDescriptionFiles({ ...service, endpointUrl: service.endpointUrl ?? '' });
  const { contract } = await readDescription(files);
  await inTransaction(db, (trx) =>
    storeCatalogDescription(trx, localOperator, {
      serviceId: service.id,
      entryVersion: service.entryVersion,
      files,
      format: contract.format,
      protocol: contract.protocol,
      sourceRequestId: null,
    }),
  );
}

/** `publicUrl` is where the demo's e-mails (in the development mailbox) link to. */
export async function seedDemo(
  handle: DatabaseHandle,
  hashPerson: HashPerson,
  publicUrl: string,
  hashPersonalCode: PersonalCodeHasher,
): Promise<DemoLogin[]> {
  const db: Db = handle.db;
  await seedDemoAuditRecords(handle, hashPerson);
  const agency = await createInstitution(db, localOperator, {
    name: 'Valsts reģionālās attīstības aģentūra',
    registrationNumber: '90000000001',
    isAgency: true,
  });
  const institutionIds: Record<string, string> = {};
  const serviceIds: Record<string, string[]> = {};
  for (const inst of institutions) {
    const created = await createInstitution(db, localOperator, inst);
    institutionIds[inst.key] = created.id;
    serviceIds[inst.key] = [];
    const catalog = demoCatalog[inst.key];
    for (const item of catalog.items) {
      const service = await createTestCatalogService(db, localOperator, {
        identifier: `URN:IVIS:${inst.owner}:${item.code}-V1-0`,
        name: item.name,
        protocol: item.protocol,
        endpointUrl: `https://viss-test.example.lv/${inst.key}/${item.code.toLowerCase()}`,
        description: `${item.name} (${catalog.system.name}).`,
        operations: demoOperations[item.code] ?? [],
        kind: 'synchronous',
        serviceType: 'business',
        hosting: item.protocol === 'soap' ? 'agency' : 'institution',
        institutionId: created.id,
        informationSystem: catalog.system,
      });
      serviceIds[inst.key]?.push(service.id);
      await registerDemoDescription(db, service);
    }
  }

  await seedDemoRepresentatives(db, { agency: agency.id, ...institutionIds }, hashPersonalCode);

  const actors: Record<string, Actor> = {};
  const logins: DemoLogin[] = [];
  for (const [key, person] of Object.entries(people)) {
    const institutionId = person.role === 'institution_member' ? institutionIds[key] : null;
    const user = await createUser(db, localOperator, {
      ...person,
      institutionId,
      password: demoPassword,
      locale: 'lv',
    });
    const row = await db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    actors[key] = toActor(row);
    logins.push({
      email: person.email,
      role: person.role,
      displayName: person.displayName,
      institution:
        person.role === 'institution_member'
          ? (institutions.find((i) => i.key === key)?.name ?? null)
          : agency.name,
    });
  }
  const a = (key: keyof typeof people) => actors[key] as Actor;
  const service = (key: 'nrc' | 'vspa' | 'rdpb', index: number) => serviceIds[key]?.[index] as string;

  async function run(request: RequestView, steps: [Actor, Action, Omit<ActionInputBody, 'version'>?][]) {
    let current = request;
    for (const [actor, action, input] of steps) {
      current = await transitionRequest(
        db,
        actor,
        current.id,
        action,
        {
          version: current.version,
          ...input,
        },
        publicUrl,
      );
    }
    return current;
  }
  /**
   * The reviewer takes the description from the test catalog and accepts its errors with a
   * justification, as approval needs (workflow guards descriptionAttached, noOpenDescriptionErrors).
   */
  async function checkDescriptionForApproval(actor: Actor, request: RequestView): Promise<RequestView> {
    let described = await attachDescriptionFromCatalog(db, actor, request.id, { version: request.version });
    for (const finding of described.findings.filter((f) => f.severity === 'error' && !f.waiver)) {
      const { version } = await db
        .selectFrom('requests')
        .select('version')
        .where('id', '=', request.id)
        .executeTakeFirstOrThrow();
      described = await waiveFinding(db, actor, request.id, finding.id, {
        version,
        justification: 'Demonstrācijas pakalpe: prasība uz to neattiecas.',
      });
    }
    return getRequestView(db, actor, request.id);
  }
  const contact = (key: 'nrc' | 'vspa' | 'rdpb') => ({
    name: people[key].displayName,
    email: people[key].email,
    phone: '+371 67 000 000',
  });
  const period = { from: '2026-10-01', to: '2026-10-31' };

  // A draft still being written.
  await createRequest(db, a('nrc'), {
    serviceId: service('nrc', 2),
    contact: contact('nrc'),
    description: 'REST pakalpe pārbauda, vai dzīvesvietas apliecinājums ir derīgs.',
    usedInVissInfrastructure: false,
    hostedInProduction: false,
  });

  // Submitted, waiting for a reviewer.
  const submitted = await createRequest(db, a('vspa'), {
    serviceId: service('vspa', 0),
    contact: contact('vspa'),
    description:
      'Pakalpe atgriež sociālā pabalsta pieprasījuma statusu pēc pieprasījuma numura. Izmanto e-pakalpojumā "Pabalsta pieprasīšana".',
    testPeriod: period,
    usedInVissInfrastructure: true,
    hostedInProduction: true,
  });
  await run(submitted, [[a('vspa'), 'submit']]);

  // In review by Jānis, with a question in the thread and an internal note.
  const inReview = await createRequest(db, a('nrc'), {
    serviceId: service('nrc', 0),
    contact: contact('nrc'),
    description:
      'SOAP pakalpe izsniedz personas pamatdatus datu ņēmējiem ar piešķirtām tiesībām. Sinhrona, dokumenta stilā, ar VISS galveni.',
    testPeriod: period,
    usedInVissInfrastructure: true,
    hostedInProduction: false,
  });
  const reviewing = await run(inReview, [
    [a('nrc'), 'submit'],
    [a('reviewer'), 'startReview'],
  ]);
  await postRequestMessage(
    db,
    a('reviewer'),
    reviewing.id,
    'Lūdzu precizējiet, kuri datu ņēmēji piedalījās akcepttestēšanā.',
    publicUrl,
  );
  await addRequestNote(
    db,
    a('reviewer'),
    reviewing.id,
    'Auditpierakstos oktobra beigās redzamas vairākas kļūdas; jāpārbauda.',
  );

  // Corrections requested from the city office.
  const corrections = await createRequest(db, a('rdpb'), {
    serviceId: service('rdpb', 0),
    contact: contact('rdpb'),
    description: 'REST API stāvvietu atļauju pārbaudei pēc transportlīdzekļa numura.',
    testPeriod: period,
    usedInVissInfrastructure: true,
    hostedInProduction: true,
  });
  await run(corrections, [
    [a('rdpb'), 'submit'],
    [a('reviewer2'), 'startReview'],
    [
      a('reviewer2'),
      'requestCorrections',
      {
        comment: 'Apraksts neatbilst testa vides IS katalogam.',
        corrections: [
          'Norādiet kļūdu atbildes (ErrorList) visām operācijām.',
          'Aprakstā galapunkts jānorāda ar HTTPS.',
        ],
      },
    ],
  ]);

  // Acceptance act being signed.
  const acceptance = await createRequest(db, a('nrc'), {
    serviceId: service('nrc', 1),
    contact: contact('nrc'),
    description: 'Asinhrona SOAP pakalpe, kas paziņo datu ņēmējiem par deklarētās adreses maiņu.',
    testPeriod: period,
    usedInVissInfrastructure: true,
    hostedInProduction: true,
  });
  const acceptanceReview = await run(acceptance, [
    [a('nrc'), 'submit'],
    [a('reviewer'), 'startReview'],
  ]);
  const acceptanceDescribed = await checkDescriptionForApproval(a('reviewer'), acceptanceReview);
  const analysis = await attachAuditAnalysis(db, a('reviewer'), acceptance.id, {
    version: acceptanceDescribed.version,
  });
  await transitionRequest(
    db,
    a('reviewer'),
    acceptance.id,
    'approveReview',
    {
      version: analysis.requestVersion,
      comment: 'Apraksts un auditpieraksti atbilst vadlīnijām.',
    },
    publicUrl,
  );

  // Completed without step 3 (not used in VISS infrastructure, not hosted in production).
  const completed = await createRequest(db, a('rdpb'), {
    serviceId: service('rdpb', 1),
    contact: contact('rdpb'),
    description:
      'Izziņa par būvatļaujas statusu pašvaldības iekšējai sistēmai; VISS infrastruktūrā netiek izmantota.',
    usedInVissInfrastructure: false,
    hostedInProduction: false,
  });
  const completing = await run(completed, [
    [a('rdpb'), 'submit'],
    [a('reviewer2'), 'startReview'],
  ]);
  await run(await checkDescriptionForApproval(a('reviewer2'), completing), [
    [a('reviewer2'), 'approveReview'],
    [
      a('reviewer2'),
      'registerInProduction',
      {
        production: {
          endpointUrl: 'https://rdpb.demo.pakalpe.lv/viss/buvatlaujas-statuss',
          hosting: 'institution',
          version: '1.0',
        },
      },
    ],
  ]);

  // Rejected, with its reason.
  const rejected = await createRequest(db, a('vspa'), {
    serviceId: service('vspa', 1),
    contact: contact('vspa'),
    description: 'RPC stila SOAP pakalpe trūcīgas personas statusa pārbaudei.',
    testPeriod: period,
    usedInVissInfrastructure: true,
    hostedInProduction: false,
  });
  const rejecting = await run(rejected, [
    [a('vspa'), 'submit'],
    [a('reviewer'), 'startReview'],
  ]);
  await assignRequest(db, a('admin'), rejecting.id, {
    version: rejecting.version,
    assigneeId: a('reviewer2').id,
  });
  const reassigned = await db
    .selectFrom('requests')
    .select('version')
    .where('id', '=', rejecting.id)
    .executeTakeFirstOrThrow();
  await transitionRequest(
    db,
    a('reviewer2'),
    rejecting.id,
    'reject',
    {
      version: reassigned.version,
      comment: 'Pakalpe izmanto RPC/encoded stilu, kas neatbilst VISS vadlīnijām (jābūt document/literal).',
    },
    publicUrl,
  );

  await seedDemoConsultations(
    db,
    { nrc: a('nrc'), vspa: a('vspa'), rdpb: a('rdpb'), reviewer: a('reviewer'), reviewer2: a('reviewer2') },
    publicUrl,
  );

  await seedDemoSupportMail(db, publicUrl);
  return logins;
}

/**
 * The register of representatives: one person entitled to sign for the agency and for each
 * institution, and at the registry centre a predecessor whose representation has ended, so the admin
 * screen shows an entry's history. The personal codes are made up (valid in form only); the demo CA's
 * certificates name institutions, not these codes.
 */
async function seedDemoRepresentatives(
  db: Db,
  ids: Record<string, string>,
  hashPersonalCode: PersonalCodeHasher,
): Promise<void> {
  const entries = [
    { key: 'agency', personalCode: '320412-71835', name: 'Anna Bērziņa', position: 'direktora vietniece' },
    { key: 'nrc', personalCode: '010180-10006', name: 'Pēteris Liepa', position: 'IT nodaļas vadītājs' },
    { key: 'vspa', personalCode: '150375-11208', name: 'Ilze Krūmiņa', position: 'direktore' },
    { key: 'rdpb', personalCode: '230886-12904', name: 'Māris Zariņš', position: 'biroja vadītājs' },
  ];
  for (const entry of entries) {
    await createRepresentative(
      db,
      localOperator,
      ids[entry.key] as string,
      { ...entry, validFrom: '2026-01-01' },
      hashPersonalCode,
    );
  }
  const predecessor = await createRepresentative(
    db,
    localOperator,
    ids.nrc as string,
    {
      personalCode: '120568-10217',
      name: 'Kārlis Ozols',
      position: 'valdes loceklis',
      validFrom: '2024-03-01',
    },
    hashPersonalCode,
  );
  await endRepresentation(db, localOperator, predecessor.id, {
    version: predecessor.version,
    validTo: '2026-01-01',
    reason: 'Pilnvaru termiņš beidzās; iestādi pārstāv Pēteris Liepa.',
  });
}

/**
 * One e-mail to the support address from someone who is not a user, waiting in quarantine, so the
 * quarantine screen has something to show. It goes through the mailbox's own storing and routing.
 */
async function seedDemoSupportMail(db: Db, publicUrl: string): Promise<void> {
  const raw = Buffer.from(
    [
      'From: Kārlis Vītols <karlis.vitols@pasts.demo>',
      'To: atbalsts@pakalpe.demo',
      'Subject: =?UTF-8?Q?Jaut=C4=81jums_par_VISS_test=C4=93=C5=A1anu?=',
      'Message-ID: <demo-1@pasts.demo>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Labdien! Kā mūsu iestāde var pieteikt jaunu tīmekļa pakalpi testēšanai VISS vidē?',
      '',
      'Kārlis Vītols',
      '',
    ].join('\r\n'),
  );
  const id = await storeReceivedMail(db, {
    envelopeFrom: 'karlis.vitols@pasts.demo',
    envelopeTo: ['atbalsts@pakalpe.demo'],
    remoteAddress: '127.0.0.1',
    raw,
  });
  // Nobody has this address, so no token or consultation is involved: it waits as `unknown_sender`.
  await routeReceivedMail(
    db,
    {
      supportAddress: 'atbalsts@pakalpe.demo',
      tokenSecret: 'demo-seeding-needs-no-token-secret',
      consultations: consultationPort,
      publicUrl,
    },
    id,
  );
}
