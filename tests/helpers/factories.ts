import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/accounts/actor.ts';
import { createInstitution } from '../../src/accounts/institutions.ts';
import { localOperator } from '../../src/accounts/permissions.ts';
import { toActor } from '../../src/accounts/sessions.ts';
import { createUser } from '../../src/accounts/users.ts';
import { createTestCatalogService } from '../../src/catalog/index.ts';
import type { Db } from '../../src/platform/db/transaction.ts';
import type { Role } from '../../src/requests/workflow.ts';

export const testPassword = 'correct-horse-battery-staple';

let counter = 0;
function unique(): string {
  counter += 1;
  return `${randomBytes(3).toString('hex')}${counter}`;
}

function registrationNumber(): string {
  return String(90_000_000_000 + Math.floor(Math.random() * 9_999_999_999)).slice(0, 11);
}

export type TestUser = Actor & { password: string };

export async function makeInstitution(db: Db, name = `Iestāde ${unique()}`) {
  return createInstitution(db, localOperator, { name, registrationNumber: registrationNumber() });
}

export async function makeUser(db: Db, role: Role, institutionId: string | null = null): Promise<TestUser> {
  const tag = unique();
  const view = await createUser(db, localOperator, {
    email: `${role.replace('_', '.')}.${tag}@test.lv`,
    displayName: `Lietotājs ${tag}`,
    role,
    institutionId,
    password: testPassword,
  });
  const row = await db.selectFrom('users').selectAll().where('id', '=', view.id).executeTakeFirstOrThrow();
  return { ...toActor(row), password: testPassword };
}

export async function makeTestService(db: Db, institutionId: string) {
  const tag = unique();
  return createTestCatalogService(db, localOperator, {
    identifier: `URN:IVIS:100001:SVC${tag}-V1-0`,
    name: `Pakalpe ${tag}`,
    protocol: 'soap',
    endpointUrl: `https://viss-test.example.lv/${tag}`,
    institutionId,
    informationSystem: { code: `IS-${tag}`, name: `Sistēma ${tag}` },
  });
}

/** The agency institution (there is one per database); made on first use. */
export async function ensureAgency(db: Db) {
  const existing = await db
    .selectFrom('institutions')
    .selectAll()
    .where('is_agency', '=', true)
    .executeTakeFirst();
  if (existing)
    return { id: existing.id, name: existing.name, registrationNumber: existing.registration_number };
  const created = await createInstitution(db, localOperator, {
    name: 'Valsts reģionālās attīstības aģentūra',
    registrationNumber: registrationNumber(),
    isAgency: true,
  });
  return { id: created.id, name: created.name, registrationNumber: created.registrationNumber };
}

/** Two institutions, each with a member and a test service, and the agency's people. */
export async function makeWorld(db: Db) {
  const [a, b] = [await makeInstitution(db), await makeInstitution(db)];
  return {
    agency: await ensureAgency(db),
    institutionA: a,
    institutionB: b,
    memberA: await makeUser(db, 'institution_member', a.id),
    memberB: await makeUser(db, 'institution_member', b.id),
    serviceA: await makeTestService(db, a.id),
    serviceB: await makeTestService(db, b.id),
    reviewer: await makeUser(db, 'agency_reviewer'),
    reviewer2: await makeUser(db, 'agency_reviewer'),
    admin: await makeUser(db, 'agency_admin'),
  };
}

export type World = Awaited<ReturnType<typeof makeWorld>>;

export function requestInput(serviceId: string, overrides: Record<string, unknown> = {}) {
  return {
    serviceId,
    contact: { name: 'Inese Kalēja', email: 'inese.kaleja@iestade.lv', phone: '+371 67 123 456' },
    description: 'Pakalpe izsniedz datus par personu datu ņēmējiem, kam piešķirtas tiesības.',
    testPeriod: { from: '2026-10-01', to: '2026-10-31' },
    usedInVissInfrastructure: true,
    hostedInProduction: true,
    ...overrides,
  };
}
