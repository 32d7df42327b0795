import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createRootCa, type KeyedCertificate } from '../src/acts/signing/certificates.ts';
import { buildTrustList } from '../src/acts/signing/trust-list-fixture.ts';
import { shiftDay } from '../src/calendar/index.ts';
import { deliverDueMessages } from '../src/mail/index.ts';
import { devMailboxTransport } from '../src/mail/transport.ts';
import type { RequestView } from '../src/requests/schemas.ts';
import type { State } from '../src/requests/workflow.ts';
import { consultationPort } from '../src/support-mailbox/consultation-port.ts';
import { routeReceivedMail, storeReceivedMail } from '../src/support-mailbox/index.ts';
import { issueAct, signActByBothParties, signAsInstitution, uploadContainer } from './helpers/acts.ts';
import { ApiClient, type Reply, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeUser, makeWorld, requestInput, type World } from './helpers/factories.ts';

// Every operation of the OpenAPI document, through the real server, against each kind of answer that
// applies to it: success, validation (400), no credentials (401), wrong role (403), another institution's
// request (404), stale version (409) and invalid transition (409). A test below fails when the document
// gains an operation this table does not list.

/** A fresh Saturday (from 2030-01-05 on) for each calendar call, so entries never collide. */
let calendarSaturdays = 0;
const nextCalendarSaturday = () => shiftDay('2030-01-05', 7 * calendarSaturdays++);

type Who = 'anonymous' | 'admin' | 'reviewer' | 'reviewer2' | 'memberA' | 'memberB';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One prepared call: path parameters, query, body, and the request it acts on (to check nothing changed). */
type Call = {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  request?: RequestView;
  /** Overrides the `as` caller (e.g. a fresh session for logOut). */
  client?: ApiClient;
  /** Something the expectation looks for (e.g. the id of a token created beforehand). */
  expected?: string;
  /** For stale writes to something other than a request: the version the refusal must report. */
  currentVersion?: number;
};

type Probe = { as: Who; call: () => Promise<Call> };
type Step = Probe & { name: string };

type Route = {
  method: Method;
  /** As the OpenAPI document spells it. */
  path: string;
  isPublic?: boolean;
  success: Step & {
    status: number;
    expect: (res: Reply, call: Call) => void | Promise<void>;
    /** Downloads answer with the file's own type; everything else with JSON. */
    contentType?: RegExp;
  };
  validation?: Step;
  /** For public routes: the case that answers 401 (or false when none does). Others: an anonymous call. */
  unauthenticated?: Step | false;
  forbidden?: Step;
  /** Member of institution B on institution A's request: 404, never 403. */
  foreign?: Probe;
  /** Something else that does not exist or is not the caller's: 404. */
  notFound?: Step;
  stale?: Probe;
  invalidTransition?: Step;
  /** 409 for a clash with another record: `/problems/conflict` unless the step names its own type. */
  conflict?: Step & { type?: string };
  more?: { name: string; run: () => Promise<void> }[];
};

let testApp: TestApp;
let world: World;
let clients: Record<Who, ApiClient>;

const unique = () => randomBytes(4).toString('hex');
const registrationNumber = () => String(10_000_000_000 + Math.floor(Math.random() * 89_999_999_999));

function assertProblem(res: Reply, status: number, type: string): void {
  assert.equal(
    res.status,
    status,
    `expected ${status} ${type}, got ${res.status}: ${JSON.stringify(res.body)}`,
  );
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.equal(res.body.type, type);
  assert.equal(res.body.status, status);
  assert.equal(typeof res.body.title, 'string');
}

function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return value;
  });
}

async function send(route: Route, who: Who, call: Call): Promise<Reply> {
  const url = fillPath(route.path, call.params) + (call.query ? `?${call.query}` : '');
  return (call.client ?? clients[who]).request(route.method, url, call.body);
}

function expectOk(res: Reply, status = 200): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

// --- Requests in a given state, built through the API ------------------------------------------------

const tinyOpenApi = JSON.stringify({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths: {} });

async function createDraft(
  overrides: Record<string, unknown> = {},
  serviceId?: string,
): Promise<RequestView> {
  // One open request per service: each request gets a test-catalog service of its own.
  serviceId ??= (await makeTestService(testApp.database.db, world.institutionA.id)).id;
  const res = await clients.memberA.post('/api/v1/requests', requestInput(serviceId, overrides));
  expectOk(res, 201);
  return res.body;
}

const institutionA = () => ({
  name: world.institutionA.name,
  registrationNumber: world.institutionA.registrationNumber,
});

async function act(who: Who, request: RequestView, path: string, extra: object = {}): Promise<RequestView> {
  if (path === 'sign-act') {
    // Step 3 is not one call: the agency issues the act, the institution signs and uploads it.
    const signed = await signActByBothParties(
      clients.reviewer,
      clients[who],
      testApp.dataDir,
      request,
      institutionA(),
    );
    expectOk(signed);
    return signed.body.request;
  }
  if (path === 'description') {
    // Approval needs a checked description without open errors: this one has none.
    const attached = await clients[who].post(`/api/v1/requests/${request.id}/description`, {
      version: request.version,
      main: 'api.json',
      files: [{ name: 'api.json', content: tinyOpenApi }],
    });
    expectOk(attached, 201);
    const now = await clients[who].get(`/api/v1/requests/${request.id}`);
    expectOk(now);
    return now.body;
  }
  const res = await clients[who].post(`/api/v1/requests/${request.id}/${path}`, {
    version: request.version,
    ...extra,
  });
  // Attaching an audit analysis answers with the analysis; the move goes on from the request.
  if (path === 'audit-analyses') {
    expectOk(res, 201);
    const now = await clients[who].get(`/api/v1/requests/${request.id}`);
    expectOk(now);
    return now.body;
  }
  expectOk(res);
  return res.body;
}

type Move = [Who, string, object?];
const toSubmitted: Move[] = [['memberA', 'submit']];
const toInReview: Move[] = [...toSubmitted, ['reviewer', 'start-review']];
// Approval needs a checked description; a service used in VISS infrastructure (the default here) also an
// audit analysis made against that description.
const withAuditAnalysis: Move[] = [
  ...toInReview,
  ['reviewer', 'description'],
  ['reviewer', 'audit-analyses'],
];
const toAcceptance: Move[] = [...withAuditAnalysis, ['reviewer', 'approve-review']];
const toRegistration: Move[] = [...toAcceptance, ['memberA', 'sign-act']];
const productionInput = {
  production: { endpointUrl: 'https://prod.example.lv/service', hosting: 'agency', version: '1.0' },
};
const installationInput = { installation: { checkedUrl: 'https://prod.example.lv/service?wsdl' } };
const toInstallation: Move[] = [...toRegistration, ['reviewer', 'register-in-production', productionInput]];
const pathTo: Record<State, Move[]> = {
  draft: [],
  submitted: toSubmitted,
  in_review: toInReview,
  corrections_requested: [
    ...toInReview,
    ['reviewer', 'request-corrections', { corrections: ['Add the WSDL'] }],
  ],
  acceptance: toAcceptance,
  registration: toRegistration,
  installation: toInstallation,
  completed: [...toInstallation, ['reviewer', 'confirm-installation', installationInput]],
  rejected: [...toSubmitted, ['admin', 'reject', { comment: 'Not a VISS service.' }]],
  // Withdrawn after submission, so the agency still sees it (a never-submitted draft is private).
  withdrawn: [...toSubmitted, ['memberA', 'withdraw']],
};

/** A new request of institution A, driven through the API to `state`. */
async function requestIn(
  state: State,
  moves: Move[] = pathTo[state],
  serviceId?: string,
): Promise<RequestView> {
  let request = await createDraft({}, serviceId);
  for (const [who, path, extra] of moves) request = await act(who, request, path, extra);
  assert.equal(request.state, state);
  return request;
}

/** In review again after a round of corrections, so the correction is open. */
async function requestWithOpenCorrection(): Promise<RequestView> {
  let request = await requestIn('corrections_requested');
  // With its reviewer assigned, the resubmitted request goes straight back to review.
  request = await act('memberA', request, 'submit');
  assert.equal(request.state, 'in_review');
  assert.equal(request.corrections.filter((c) => c.resolvedAt === null).length, 1);
  return request;
}

/** A request in `state` whose version has moved past 1, so `version - 1` is a real, older version. */
async function requestWithHistory(state: State, serviceId?: string): Promise<RequestView> {
  let request = await createDraft({}, serviceId);
  const res = await clients.memberA.patch(`/api/v1/requests/${request.id}`, {
    version: request.version,
    description: `${request.description} Atjaunināts.`,
  });
  expectOk(res);
  request = res.body;
  for (const [who, path, extra] of pathTo[state]) request = await act(who, request, path, extra);
  return request;
}

const onRequest =
  (state: State, body: object = {}, moves: Move[] = pathTo[state]) =>
  async (): Promise<Call> => {
    const request = await requestIn(state, moves);
    return { params: { id: request.id }, body: { version: request.version, ...body }, request };
  };

const staleOn =
  (state: State, body: object = {}) =>
  async (): Promise<Call> => {
    const request = await requestWithHistory(state);
    return { params: { id: request.id }, body: { version: request.version - 1, ...body }, request };
  };

const withBadId = async (): Promise<Call> => ({ params: { id: 'not-a-uuid' }, body: { version: 1 } });

function assertMovedTo(state: State, res: Reply, call: Call): void {
  assert.equal(res.body.id, call.request?.id);
  assert.equal(res.body.state, state);
  assert.equal(res.body.version, (call.request?.version ?? 0) + 1);
}

/** A workflow action route: the same six checks, with the action's own states and roles. */
function actionRoute(
  path: string,
  o: {
    by: Who;
    from: State;
    to: State;
    does: string;
    wrongRole: Who;
    /** Where the wrong role is tried, when `from` is a state that role cannot even see (a draft). */
    wrongRoleFrom?: State;
    invalidFrom: State;
    body?: object;
    /** How to reach `from` when the default path does not satisfy the action's guards. */
    fromMoves?: Move[];
    expect?: (res: Reply, call: Call) => void;
    validation?: Step;
    more?: Route['more'];
  },
): Route {
  const body = o.body ?? {};
  const moves = o.fromMoves ?? pathTo[o.from];
  return {
    method: 'POST',
    path: `/api/v1/requests/{id}/${path}`,
    success: {
      name: o.does,
      as: o.by,
      call: onRequest(o.from, body, moves),
      status: 200,
      expect: (res, call) => {
        assertMovedTo(o.to, res, call);
        o.expect?.(res, call);
      },
    },
    validation: o.validation ?? {
      name: 'a body without the version is refused',
      as: o.by,
      call: async () => ({ ...(await onRequest(o.from)()), body: body }),
    },
    forbidden: {
      name: `${o.wrongRole === 'memberA' ? 'an institution member' : 'an agency user'} cannot ${path.replaceAll('-', ' ')}`,
      as: o.wrongRole,
      call: o.wrongRoleFrom ? onRequest(o.wrongRoleFrom, body) : onRequest(o.from, body, moves),
    },
    foreign: { as: 'memberB', call: onRequest(o.from, body, moves) },
    stale: { as: o.by, call: staleOn(o.from, body) },
    invalidTransition: {
      name: `${path.replaceAll('-', ' ')} is not possible in state ${o.invalidFrom}`,
      as: o.by,
      call: onRequest(o.invalidFrom, body),
    },
    ...(o.more && { more: o.more }),
  };
}

// --- The matrix -------------------------------------------------------------------------------------

// --- Consultation tickets ---------------------------------------------------------------------------

const pdfBase64 = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');

function ticketInput(attachments: { filename: string; contentBase64: string }[] = []) {
  return { subject: `Jautājums ${unique()}`, category: 'technical', body: 'Kā rīkoties?', attachments };
}

async function openTicket(
  who: Who = 'memberA',
  attachments: { filename: string; contentBase64: string }[] = [],
): Promise<Reply['body']> {
  const res = await clients[who].post('/api/v1/consultations', ticketInput(attachments));
  expectOk(res, 201);
  return res.body;
}

const matrix: Record<string, Route> = {
  logIn: {
    method: 'POST',
    path: '/api/v1/session',
    isPublic: true,
    success: {
      name: 'a user logs in with e-mail and password and gets the session and its CSRF token',
      as: 'anonymous',
      call: async () => ({ body: { email: world.memberA.email, password: world.memberA.password } }),
      status: 200,
      expect: (res) => {
        assert.equal(res.body.user.id, world.memberA.id);
        assert.equal(res.body.user.role, 'institution_member');
        assert.ok(res.body.csrfToken.length > 20);
        assert.ok(Date.parse(res.body.expiresAt) > Date.now());
      },
    },
    validation: {
      name: 'an empty e-mail and password are refused',
      as: 'anonymous',
      call: async () => ({ body: { email: '', password: '' } }),
    },
    unauthenticated: {
      name: 'a wrong password is refused with 401',
      as: 'anonymous',
      call: async () => ({ body: { email: world.memberA.email, password: 'not-the-password-at-all' } }),
    },
  },

  getSession: {
    method: 'GET',
    path: '/api/v1/session',
    success: {
      name: 'a logged-in user sees who they are and the CSRF token',
      as: 'memberA',
      call: async () => ({}),
      status: 200,
      expect: (res) => {
        assert.equal(res.body.user.id, world.memberA.id);
        assert.equal(res.body.user.institutionId, world.institutionA.id);
        assert.ok(res.body.csrfToken.length > 20);
      },
    },
  },

  logOut: {
    method: 'DELETE',
    path: '/api/v1/session',
    isPublic: true,
    unauthenticated: false,
    success: {
      name: 'logging out ends the session',
      as: 'anonymous',
      call: async () => ({
        client: await ApiClient.logIn(testApp.app, world.memberA.email, world.memberA.password),
      }),
      status: 204,
      expect: async (_res, call) => {
        const later = await call.client?.get('/api/v1/session');
        assert.equal(later?.status, 401);
      },
    },
  },

  getAgency: {
    method: 'GET',
    path: '/api/v1/agency',
    isPublic: true,
    unauthenticated: false,
    success: {
      name: "anyone sees the agency's configured name and support e-mail (VDAA by default)",
      as: 'anonymous',
      call: async () => ({}),
      status: 200,
      expect: (res) => {
        assert.deepEqual(res.body.name, {
          lv: 'Valsts digitālās attīstības aģentūra',
          en: 'State Digital Development Agency',
        });
        assert.equal(res.body.email, 'atbalsts@vdaa.gov.lv');
      },
    },
  },

  updateMyPreferences: {
    method: 'PATCH',
    path: '/api/v1/me',
    success: {
      name: 'a user switches their interface language to English, and the session shows it',
      as: 'memberB',
      call: async () => ({ body: { locale: 'en' } }),
      status: 200,
      expect: async (res) => {
        assert.equal(res.body.locale, 'en');
        const session = await clients.memberB.get('/api/v1/session');
        assert.equal(session.body.user.locale, 'en');
        await clients.memberB.patch('/api/v1/me', { locale: 'lv' });
      },
    },
    validation: {
      name: 'an unknown language is refused',
      as: 'memberA',
      call: async () => ({ body: { locale: 'de' } }),
    },
  },
  listApiTokens: {
    method: 'GET',
    path: '/api/v1/me/tokens',
    success: {
      name: 'a user lists their tokens without the secrets',
      as: 'memberA',
      call: async () => {
        const created = await clients.memberA.post('/api/v1/me/tokens', { name: `list ${unique()}` });
        expectOk(created, 201);
        return { expected: created.body.id };
      },
      status: 200,
      expect: (res, call) => {
        const ids = res.body.items.map((t: { id: string }) => t.id);
        assert.ok(ids.includes(call.expected));
        for (const token of res.body.items) assert.equal('token' in token, false);
      },
    },
  },

  createApiToken: {
    method: 'POST',
    path: '/api/v1/me/tokens',
    success: {
      name: 'a user creates a token and sees its secret once',
      as: 'memberA',
      call: async () => ({ body: { name: `CI ${unique()}`, expiresInDays: 30 } }),
      status: 201,
      expect: (res) => {
        assert.match(res.body.token, /^pkt_/);
        assert.equal(res.body.prefix, res.body.token.slice(0, 10));
        assert.equal(res.body.revokedAt, null);
        assert.ok(Date.parse(res.body.expiresAt) > Date.now() + 29 * 86_400_000);
      },
    },
    validation: {
      name: 'a token without a name is refused',
      as: 'memberA',
      call: async () => ({ body: { name: '' } }),
    },
  },

  revokeApiToken: {
    method: 'DELETE',
    path: '/api/v1/me/tokens/{id}',
    success: {
      name: 'a user revokes their own token',
      as: 'memberA',
      call: async () => {
        const created = await clients.memberA.post('/api/v1/me/tokens', { name: `revoke ${unique()}` });
        expectOk(created, 201);
        return { params: { id: created.body.id } };
      },
      status: 200,
      expect: (res, call) => {
        assert.equal(res.body.id, call.params?.id);
        assert.ok(res.body.revokedAt);
      },
    },
    validation: {
      name: 'a token id that is not a UUID is refused',
      as: 'memberA',
      call: async () => ({ params: { id: 'not-a-uuid' } }),
    },
    notFound: {
      name: "a user cannot revoke another user's token",
      as: 'memberB',
      call: async () => {
        const created = await clients.memberA.post('/api/v1/me/tokens', { name: `other ${unique()}` });
        expectOk(created, 201);
        return { params: { id: created.body.id } };
      },
    },
  },

  listAgencyStaff: {
    method: 'GET',
    path: '/api/v1/agency-staff',
    success: {
      name: 'a reviewer sees the agency staff to choose an assignee from, and no institution members',
      as: 'reviewer',
      call: async () => ({}),
      status: 200,
      expect: (res) => {
        const ids = res.body.items.map((u: { id: string }) => u.id);
        assert.ok(ids.includes(world.reviewer2.id));
        assert.ok(ids.includes(world.admin.id));
        assert.ok(!ids.includes(world.memberA.id));
        for (const u of res.body.items)
          assert.deepEqual(Object.keys(u).sort(), ['displayName', 'id', 'isActive', 'role']);
      },
    },
    forbidden: {
      name: 'an institution member cannot list the agency staff',
      as: 'memberA',
      call: async () => ({}),
    },
  },
  listInstitutions: {
    method: 'GET',
    path: '/api/v1/institutions',
    success: {
      name: 'an agency user sees every institution',
      as: 'admin',
      call: async () => ({}),
      status: 200,
      expect: (res) => {
        const ids = res.body.items.map((i: { id: string }) => i.id);
        assert.ok(ids.includes(world.institutionA.id));
        assert.ok(ids.includes(world.institutionB.id));
      },
    },
    more: [
      {
        name: 'an institution member sees only their own institution',
        run: async () => {
          const res = await clients.memberA.get('/api/v1/institutions');
          expectOk(res);
          assert.deepEqual(
            res.body.items.map((i: { id: string }) => i.id),
            [world.institutionA.id],
          );
        },
      },
    ],
  },

  createInstitution: {
    method: 'POST',
    path: '/api/v1/institutions',
    success: {
      name: 'an agency admin adds an institution',
      as: 'admin',
      call: async () => ({ body: { name: `Iestāde ${unique()}`, registrationNumber: registrationNumber() } }),
      status: 201,
      expect: (res, call) => {
        const body = call.body as { name: string; registrationNumber: string };
        assert.equal(res.body.name, body.name);
        assert.equal(res.body.registrationNumber, body.registrationNumber);
        assert.equal(res.body.isAgency, false);
      },
    },
    validation: {
      name: 'a registration number that is not 11 digits is refused',
      as: 'admin',
      call: async () => ({ body: { name: 'Iestāde', registrationNumber: '123' } }),
    },
    forbidden: {
      name: 'an agency reviewer cannot add an institution',
      as: 'reviewer',
      call: async () => ({ body: { name: `Iestāde ${unique()}`, registrationNumber: registrationNumber() } }),
    },
    conflict: {
      name: 'a registration number already registered is refused',
      as: 'admin',
      call: async () => ({
        body: { name: `Iestāde ${unique()}`, registrationNumber: world.institutionA.registrationNumber },
      }),
    },
  },

  listUsers: {
    method: 'GET',
    path: '/api/v1/users',
    success: {
      name: 'an agency admin lists users, filtered by institution, without password hashes',
      as: 'admin',
      call: async () => ({ query: `institutionId=${world.institutionA.id}` }),
      status: 200,
      expect: (res) => {
        const ids = res.body.items.map((u: { id: string }) => u.id);
        assert.ok(ids.includes(world.memberA.id));
        assert.ok(!ids.includes(world.memberB.id));
        for (const user of res.body.items) {
          assert.equal('passwordHash' in user || 'password_hash' in user || 'password' in user, false);
        }
      },
    },
    validation: {
      name: 'an unknown role filter is refused',
      as: 'admin',
      call: async () => ({ query: 'role=superuser' }),
    },
    forbidden: { name: 'an institution member cannot list users', as: 'memberA', call: async () => ({}) },
  },

  createUser: {
    method: 'POST',
    path: '/api/v1/users',
    success: {
      name: 'an agency admin creates an institution member (e-mail stored in lower case)',
      as: 'admin',
      call: async () => ({
        body: {
          email: `Jauns.${unique()}@Iestade.LV`,
          displayName: 'Jānis Bērziņš',
          role: 'institution_member',
          institutionId: world.institutionA.id,
          password: 'a-long-enough-password',
        },
      }),
      status: 201,
      expect: (res, call) => {
        const body = call.body as { email: string };
        assert.equal(res.body.email, body.email.toLowerCase());
        assert.equal(res.body.institutionId, world.institutionA.id);
        assert.equal(res.body.isActive, true);
        assert.equal('password' in res.body, false);
      },
    },
    validation: {
      name: 'an invalid e-mail is refused',
      as: 'admin',
      call: async () => ({
        body: { email: 'not-an-email', displayName: 'X', role: 'agency_reviewer' },
      }),
    },
    forbidden: {
      name: 'an institution member cannot create users',
      as: 'memberA',
      call: async () => ({
        body: {
          email: `x.${unique()}@test.lv`,
          displayName: 'X',
          role: 'institution_member',
          institutionId: world.institutionA.id,
        },
      }),
    },
    conflict: {
      name: 'an e-mail already in use is refused',
      as: 'admin',
      call: async () => ({
        body: { email: world.reviewer.email, displayName: 'Dublikāts', role: 'agency_reviewer' },
      }),
    },
    more: [
      {
        name: 'an institution member needs an institution',
        run: async () => {
          const res = await clients.admin.post('/api/v1/users', {
            email: `x.${unique()}@test.lv`,
            displayName: 'Bez iestādes',
            role: 'institution_member',
          });
          assertProblem(res, 400, '/problems/validation');
          assert.deepEqual(
            res.body.errors.map((e: { path: string }) => e.path),
            ['institutionId'],
          );
        },
      },
    ],
  },

  updateUser: {
    method: 'PATCH',
    path: '/api/v1/users/{id}',
    success: {
      name: "an agency admin changes a user's name",
      as: 'admin',
      call: async () => {
        const user = await makeUser(testApp.database.db, 'agency_reviewer');
        return { params: { id: user.id }, body: { displayName: `Pārdēvēts ${unique()}` } };
      },
      status: 200,
      expect: (res, call) => {
        assert.equal(res.body.id, call.params?.id);
        assert.equal(res.body.displayName, (call.body as { displayName: string }).displayName);
      },
    },
    validation: {
      name: 'a too short password is refused',
      as: 'admin',
      call: async () => ({ params: { id: world.memberA.id }, body: { password: 'short' } }),
    },
    forbidden: {
      name: 'an agency reviewer cannot change users',
      as: 'reviewer',
      call: async () => ({ params: { id: world.memberA.id }, body: { displayName: 'Cits' } }),
    },
    notFound: {
      name: 'an unknown user is not found',
      as: 'admin',
      call: async () => ({ params: { id: randomUUID() }, body: { displayName: 'Neviens' } }),
    },
  },

  listCatalogServices: {
    method: 'GET',
    path: '/api/v1/catalog/services',
    success: {
      name: "a signed-in user lists an institution's test-catalog services",
      as: 'memberA',
      call: async () => ({ query: `institutionId=${world.institutionA.id}&environment=test` }),
      status: 200,
      expect: (res) => {
        assert.ok(res.body.items.some((s: { id: string }) => s.id === world.serviceA.id));
        for (const s of res.body.items) assert.equal(s.institutionId, world.institutionA.id);
        assert.equal(res.body.page, 1);
        assert.equal(typeof res.body.total, 'number');
      },
    },
    validation: {
      name: 'a page size of 0 is refused',
      as: 'memberA',
      call: async () => ({ query: 'pageSize=0' }),
    },
  },

  createCatalogService: {
    method: 'POST',
    path: '/api/v1/catalog/services',
    success: {
      name: 'an agency admin adds a service to the test catalog',
      as: 'admin',
      call: async () => ({ body: catalogServiceBody() }),
      status: 201,
      expect: (res, call) => {
        assert.equal(res.body.environment, 'test');
        assert.equal(res.body.identifier, (call.body as { identifier: string }).identifier);
        assert.equal(res.body.institutionId, world.institutionA.id);
      },
    },
    validation: {
      name: 'an identifier that is not a VISS URN is refused',
      as: 'admin',
      call: async () => ({ body: { ...catalogServiceBody(), identifier: 'my-service' } }),
    },
    forbidden: {
      name: 'an institution member cannot add catalog services',
      as: 'memberA',
      call: async () => ({ body: catalogServiceBody() }),
    },
    conflict: {
      name: 'an identifier already in the test catalog is refused',
      as: 'admin',
      call: async () => ({ body: { ...catalogServiceBody(), identifier: world.serviceA.identifier } }),
    },
  },

  checkDescription: {
    method: 'POST',
    path: '/api/v1/descriptions/check',
    success: {
      name: 'any signed-in user checks an OpenAPI description and gets its findings',
      as: 'memberA',
      call: async () => ({
        body: {
          main: 'api.json',
          files: [
            {
              name: 'api.json',
              content: JSON.stringify({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths: {} }),
            },
          ],
        },
      }),
      status: 200,
      expect: (res) => {
        assert.equal(res.body.format, 'openapi-3.0');
        assert.ok(Array.isArray(res.body.findings));
      },
    },
    validation: {
      name: 'a file with neither content nor contentBase64 is refused',
      as: 'memberA',
      call: async () => ({ body: { main: 'a.wsdl', files: [{ name: 'a.wsdl' }] } }),
    },
  },
  attachDescription: {
    method: 'POST',
    path: '/api/v1/requests/{id}/description',
    success: {
      name: 'the institution attaches an OpenAPI description to its draft',
      as: 'memberA',
      call: onRequest('draft', { main: 'api.json', files: [{ name: 'api.json', content: tinyOpenApi }] }),
      status: 201,
      expect: (res) => {
        assert.equal(res.body.format, 'openapi-3.0');
        assert.ok(Array.isArray(res.body.findings));
      },
    },
    validation: {
      name: 'a main file that is not among the files is refused',
      as: 'memberA',
      call: onRequest('draft', { main: 'other.json', files: [{ name: 'api.json', content: tinyOpenApi }] }),
    },
    foreign: {
      as: 'memberB',
      call: onRequest('draft', { main: 'api.json', files: [{ name: 'api.json', content: tinyOpenApi }] }),
    },
  },
  getRequestDescription: {
    method: 'GET',
    path: '/api/v1/requests/{id}/description',
    success: {
      name: 'the institution reads the description it attached, with its findings',
      as: 'memberA',
      call: async () => {
        const request = await requestIn('draft');
        const attached = await clients.memberA.post(`/api/v1/requests/${request.id}/description`, {
          version: request.version,
          main: 'api.json',
          files: [{ name: 'api.json', content: tinyOpenApi }],
        });
        expectOk(attached, 201);
        return { params: { id: request.id }, request };
      },
      status: 200,
      expect: (res) => {
        assert.equal(res.body.mainFile, 'api.json');
      },
    },
    validation: { name: 'an id that is not a UUID is refused', as: 'memberA', call: withBadId },
    foreign: { as: 'memberB', call: onRequest('draft') },
  },
  waiveFinding: {
    method: 'POST',
    path: '/api/v1/requests/{id}/findings/{findingId}/waive',
    success: {
      name: 'the assigned reviewer waives a finding with a justification',
      as: 'reviewer',
      call: async () => {
        const draft = await requestIn('draft');
        const attached = await clients.memberA.post(`/api/v1/requests/${draft.id}/description`, {
          version: draft.version,
          main: 'api.json',
          files: [{ name: 'api.json', content: tinyOpenApi }],
        });
        expectOk(attached, 201);
        const submitted = await clients.memberA.post(`/api/v1/requests/${draft.id}/submit`, {
          version: draft.version + 1,
        });
        expectOk(submitted);
        const started = await clients.reviewer.post(`/api/v1/requests/${draft.id}/start-review`, {
          version: submitted.body.version,
        });
        expectOk(started);
        return {
          params: { id: draft.id, findingId: attached.body.findings[0].id },
          body: { version: started.body.version, justification: 'Pieņemams izņēmums.' },
        };
      },
      status: 200,
      expect: (res) => {
        assert.equal(res.body.counts.waived, 1);
      },
    },
    validation: {
      name: 'a waiver without a justification is refused',
      as: 'reviewer',
      call: async () => ({ params: { id: randomUUID(), findingId: randomUUID() }, body: { version: 1 } }),
    },
    forbidden: {
      name: 'an institution member cannot waive findings',
      as: 'memberA',
      call: async () => {
        const request = await requestIn('draft');
        return {
          params: { id: request.id, findingId: randomUUID() },
          body: { version: request.version, justification: 'Nē.' },
        };
      },
    },
  },
  updateInstitution: {
    method: 'PATCH',
    path: '/api/v1/institutions/{id}',
    success: {
      name: "an agency admin records an institution's VISS code and contacts",
      as: 'admin',
      call: async () => {
        const created = await clients.admin.post('/api/v1/institutions', {
          name: `Iestāde ${unique()}`,
          registrationNumber: registrationNumber(),
        });
        expectOk(created, 201);
        const vissCode = String(Math.floor(Math.random() * 1e9));
        return {
          params: { id: created.body.id },
          body: {
            version: 1,
            vissCode,
            contactEmail: 'viss@iestade.example.lv',
            contactPhone: '+371 67000000',
          },
          expected: vissCode,
        };
      },
      status: 200,
      expect: (res, call) => {
        assert.equal(res.body.vissCode, call.expected);
        assert.equal(res.body.contactEmail, 'viss@iestade.example.lv');
        assert.equal(res.body.version, 2);
      },
    },
    validation: {
      name: 'a VISS code with letters is refused',
      as: 'admin',
      call: async () => ({ params: { id: world.institutionA.id }, body: { version: 1, vissCode: 'ABC' } }),
    },
    forbidden: {
      name: 'an institution member cannot edit institutions',
      as: 'memberA',
      call: async () => ({
        params: { id: world.institutionA.id },
        body: { version: 1, contactPhone: '+371 20000000' },
      }),
    },
    notFound: {
      name: 'an unknown institution is not found',
      as: 'admin',
      call: async () => ({
        params: { id: randomUUID() },
        body: { version: 1, contactPhone: '+371 20000000' },
      }),
    },
    stale: {
      as: 'admin',
      call: async () => {
        const created = await clients.admin.post('/api/v1/institutions', {
          name: `Iestāde ${unique()}`,
          registrationNumber: registrationNumber(),
        });
        const first = await clients.admin.patch(`/api/v1/institutions/${created.body.id}`, {
          version: 1,
          contactPhone: '+371 20000001',
        });
        expectOk(first);
        return {
          params: { id: created.body.id },
          body: { version: 1, contactPhone: '+371 20000002' },
          currentVersion: 2,
        };
      },
    },
    conflict: {
      name: 'a VISS code another institution uses is refused',
      as: 'admin',
      call: async () => {
        const code = String(Math.floor(Math.random() * 1e9));
        const taken = await clients.admin.patch(`/api/v1/institutions/${world.institutionB.id}`, {
          version: (await institutionVersion(world.institutionB.id)) ?? 1,
          vissCode: code,
        });
        expectOk(taken);
        return {
          params: { id: world.institutionA.id },
          body: { version: (await institutionVersion(world.institutionA.id)) ?? 1, vissCode: code },
        };
      },
    },
  },

  listRepresentatives: {
    method: 'GET',
    path: '/api/v1/institutions/{institutionId}/representatives',
    success: {
      name: "an agency admin lists an institution's register, current entries by default",
      as: 'admin',
      call: async () => {
        const entry = await representative();
        return { params: { institutionId: world.institutionA.id }, expected: entry.id };
      },
      status: 200,
      expect: (res, call) => {
        assert.ok(res.body.items.some((i: { id: string }) => i.id === call.expected));
        assert.equal(typeof res.body.total, 'number');
        assert.equal(res.body.page, 1);
      },
    },
    validation: {
      name: 'an activeAt that is not a date or time is refused',
      as: 'admin',
      call: async () => ({ params: { institutionId: world.institutionA.id }, query: 'activeAt=soon' }),
    },
    foreign: {
      as: 'memberB',
      call: async () => ({ params: { institutionId: world.institutionA.id } }),
    },
    notFound: {
      name: 'an unknown institution has no register',
      as: 'admin',
      call: async () => ({ params: { institutionId: randomUUID() } }),
    },
    more: [
      {
        name: "an institution member reads their own institution's register, codes masked",
        run: async () => {
          const entry = await representative();
          const res = await clients.memberA.get(
            `/api/v1/institutions/${world.institutionA.id}/representatives`,
          );
          expectOk(res);
          const item = res.body.items.find((i: { id: string }) => i.id === entry.id);
          assert.match(item.maskedCode, /^\d{6}-\*{5}$/);
          assert.ok(!('personalCodeHash' in item) && !('personalCode' in item));
        },
      },
    ],
  },
  createRepresentative: {
    method: 'POST',
    path: '/api/v1/institutions/{institutionId}/representatives',
    success: {
      name: 'an agency admin adds a representative; only the masked code comes back',
      as: 'admin',
      call: async () => {
        const code = personalCodeForMatrix();
        return {
          params: { institutionId: world.institutionA.id },
          body: { personalCode: code, name: 'Pēteris Liepa', position: 'valdes priekšsēdētājs' },
          expected: code,
        };
      },
      status: 201,
      expect: (res, call) => {
        const code = call.expected ?? '';
        assert.equal(res.body.maskedCode, `${code.slice(0, 6)}-*****`);
        assert.equal(res.body.status, 'active');
        assert.ok(!JSON.stringify(res.body).includes(code.slice(7)));
      },
    },
    validation: {
      name: 'a personal code of ten digits is refused',
      as: 'admin',
      call: async () => ({
        params: { institutionId: world.institutionA.id },
        body: { personalCode: '010190-1234', name: 'Pēteris Liepa' },
      }),
    },
    forbidden: {
      name: "an institution member cannot add to their own institution's register",
      as: 'memberA',
      call: async () => ({
        params: { institutionId: world.institutionA.id },
        body: { personalCode: personalCodeForMatrix(), name: 'Pēteris Liepa' },
      }),
    },
    notFound: {
      name: 'an unknown institution is not found',
      as: 'admin',
      call: async () => ({
        params: { institutionId: randomUUID() },
        body: { personalCode: personalCodeForMatrix(), name: 'Pēteris Liepa' },
      }),
    },
    conflict: {
      name: 'the same person again for an overlapping period is refused',
      type: '/problems/representation-overlap',
      as: 'admin',
      call: async () => {
        const code = personalCodeForMatrix();
        await representative(world.institutionA.id, { personalCode: code, validFrom: '2026-01-01' });
        return {
          params: { institutionId: world.institutionA.id },
          body: { personalCode: `PNOLV-${code}`, name: 'Pēteris Liepa', validFrom: '2026-06-01' },
        };
      },
    },
  },
  getRepresentative: {
    method: 'GET',
    path: '/api/v1/representatives/{id}',
    success: {
      name: 'an agency admin reads one entry with its history',
      as: 'admin',
      call: async () => ({ params: { id: (await representative()).id } }),
      status: 200,
      expect: (res) => {
        assert.equal(res.body.history.length, 1);
        assert.equal(res.body.history[0].action, 'create');
        assert.equal(res.body.history[0].by.id, world.admin.id);
      },
    },
    validation: {
      name: 'an id that is not a UUID is refused',
      as: 'admin',
      call: async () => ({ params: { id: 'not-a-uuid' } }),
    },
    foreign: {
      as: 'memberB',
      call: async () => ({ params: { id: (await representative()).id } }),
    },
    notFound: {
      name: 'an unknown entry is not found',
      as: 'admin',
      call: async () => ({ params: { id: randomUUID() } }),
    },
  },
  updateRepresentative: {
    method: 'PATCH',
    path: '/api/v1/representatives/{id}',
    success: {
      name: 'an agency admin corrects the position and changes the validity with a reason',
      as: 'admin',
      call: async () => {
        const entry = await representative();
        return {
          params: { id: entry.id },
          body: { version: entry.version, position: 'direktors', validTo: '2030-01-01', reason: 'Pilnvara' },
        };
      },
      status: 200,
      expect: (res) => {
        assert.equal(res.body.position, 'direktors');
        assert.equal(res.body.validTo, '2029-12-31T22:00:00.000Z');
        assert.equal(res.body.version, 2);
      },
    },
    validation: {
      name: 'a change of validity without a reason is refused',
      as: 'admin',
      call: async () => {
        const entry = await representative();
        return { params: { id: entry.id }, body: { version: entry.version, validTo: '2030-01-01' } };
      },
    },
    forbidden: {
      name: "an institution member cannot change their own institution's register",
      as: 'memberA',
      call: async () => ({ params: { id: (await representative()).id }, body: { version: 1, name: 'Cits' } }),
    },
    notFound: {
      name: 'an unknown entry is not found',
      as: 'admin',
      call: async () => ({ params: { id: randomUUID() }, body: { version: 1, name: 'Cits' } }),
    },
    stale: {
      as: 'admin',
      call: async () => {
        const entry = await representative();
        expectOk(
          await clients.admin.patch(`/api/v1/representatives/${entry.id}`, { version: 1, name: 'Pirmais' }),
        );
        return { params: { id: entry.id }, body: { version: 1, name: 'Otrais' }, currentVersion: 2 };
      },
    },
    conflict: {
      name: "moving an entry's start into the same person's other entry is refused",
      type: '/problems/representation-overlap',
      as: 'admin',
      call: async () => {
        const code = personalCodeForMatrix();
        await representative(world.institutionA.id, {
          personalCode: code,
          validFrom: '2025-01-01',
          validTo: '2026-01-01',
        });
        const later = await representative(world.institutionA.id, {
          personalCode: code,
          validFrom: '2026-01-01',
        });
        return {
          params: { id: later.id },
          body: { version: later.version, validFrom: '2025-06-01', reason: 'Agrāk' },
        };
      },
    },
  },
  endRepresentation: {
    method: 'POST',
    path: '/api/v1/representatives/{id}/end',
    success: {
      name: 'an agency admin ends a representation with a reason; the entry stays, ended',
      as: 'admin',
      call: async () => {
        const entry = await representative();
        return { params: { id: entry.id }, body: { version: entry.version, reason: 'Atbrīvots no amata.' } };
      },
      status: 200,
      expect: (res) => {
        assert.equal(res.body.status, 'ended');
        assert.notEqual(res.body.validTo, null);
      },
    },
    validation: {
      name: 'ending without a reason is refused',
      as: 'admin',
      call: async () => ({ params: { id: (await representative()).id }, body: { version: 1 } }),
    },
    forbidden: {
      name: 'an agency reviewer cannot end a representation',
      as: 'reviewer',
      call: async () => ({
        params: { id: (await representative()).id },
        body: { version: 1, reason: 'Atbrīvots no amata.' },
      }),
    },
    notFound: {
      name: 'an unknown entry is not found',
      as: 'admin',
      call: async () => ({ params: { id: randomUUID() }, body: { version: 1, reason: 'Atbrīvots.' } }),
    },
    stale: {
      as: 'admin',
      call: async () => {
        const entry = await representative();
        expectOk(
          await clients.admin.patch(`/api/v1/representatives/${entry.id}`, { version: 1, name: 'Jauns' }),
        );
        return {
          params: { id: entry.id },
          body: { version: 1, reason: 'Atbrīvots no amata.' },
          currentVersion: 2,
        };
      },
    },
    conflict: {
      name: 'a representation that has ended cannot be ended again',
      as: 'admin',
      call: async () => {
        const entry = await representative(world.institutionA.id, {
          validFrom: '2025-01-01',
          validTo: '2026-01-01',
        });
        return { params: { id: entry.id }, body: { version: entry.version, reason: 'Vēlreiz.' } };
      },
    },
  },

  listTrustLists: {
    method: 'GET',
    path: '/api/v1/trust-lists',
    success: {
      name: 'an agency reviewer reads the trusted lists, the one in force marked',
      as: 'reviewer',
      call: async () => ({ query: 'territory=LV&status=in_force', expected: (await trustList()).id }),
      status: 200,
      expect: (res, call) => {
        assert.deepEqual(
          res.body.items.map((i: { id: string; status: string }) => [i.id, i.status]),
          [[call.expected, 'in_force']],
        );
        assert.equal(res.body.total, 1);
      },
    },
    validation: {
      name: 'an unknown status is refused',
      as: 'reviewer',
      call: async () => ({ query: 'status=valid' }),
    },
    forbidden: {
      name: "an institution member cannot read the agency's trust configuration",
      as: 'memberA',
      call: async () => ({}),
    },
  },
  loadTrustList: {
    method: 'POST',
    path: '/api/v1/trust-lists',
    success: {
      name: 'an agency admin loads a trusted list; it is in force',
      as: 'admin',
      call: async () => ({ body: { xmlBase64: await trustListBase64(nextTrustListSequence()) } }),
      status: 201,
      expect: (res) => {
        assert.equal(res.body.territory, 'LV');
        assert.equal(res.body.status, 'in_force');
        assert.equal(res.body.signature.status, 'not_checked');
        assert.equal(res.body.loadedBy.id, world.admin.id);
      },
    },
    validation: {
      name: 'a body that is not base64 is refused',
      as: 'admin',
      call: async () => ({ body: { xmlBase64: 'not base64 at all!' } }),
    },
    forbidden: {
      name: 'an agency reviewer cannot load a trusted list',
      as: 'reviewer',
      call: async () => ({ body: { xmlBase64: await trustListBase64(nextTrustListSequence()) } }),
    },
    conflict: {
      name: 'a list older than the one in force for its territory is refused',
      as: 'admin',
      call: async () => {
        const inForce = await trustList();
        return { body: { xmlBase64: await trustListBase64(inForce.sequenceNumber - 1) } };
      },
    },
    more: [
      {
        name: 'a file that is not a trusted list is refused with 422 invalid-trust-list and the reason',
        run: async () => {
          const res = await clients.admin.post('/api/v1/trust-lists', {
            xmlBase64: Buffer.from('<a/>').toString('base64'),
          });
          assertProblem(res, 422, '/problems/invalid-trust-list');
          assert.equal(res.body.reason, 'not_a_trusted_list');
        },
      },
    ],
  },
  getTrustList: {
    method: 'GET',
    path: '/api/v1/trust-lists/{id}',
    success: {
      name: 'an agency reviewer reads a list with its services and history',
      as: 'reviewer',
      call: async () => ({ params: { id: (await trustList()).id } }),
      status: 200,
      expect: (res) => {
        assert.deepEqual(
          res.body.services.map((s: { type: string; current: { status: string } }) => [
            s.type,
            s.current.status,
          ]),
          [['CA/QC', 'granted']],
        );
        assert.deepEqual(
          res.body.history.map((e: { action: string; by: { id: string } }) => [e.action, e.by.id]),
          [['loaded', world.admin.id]],
        );
      },
    },
    validation: {
      name: 'an id that is not a UUID is refused',
      as: 'reviewer',
      call: async () => ({ params: { id: 'not-a-uuid' } }),
    },
    forbidden: {
      name: 'an institution member cannot read a trusted list',
      as: 'memberA',
      call: async () => ({ params: { id: (await trustList()).id } }),
    },
    notFound: {
      name: 'an unknown list is not found',
      as: 'reviewer',
      call: async () => ({ params: { id: randomUUID() } }),
    },
  },
  removeTrustList: {
    method: 'POST',
    path: '/api/v1/trust-lists/{id}/remove',
    success: {
      name: 'an agency admin removes a list with a reason; it is no longer in force',
      as: 'admin',
      call: async () => ({
        params: { id: (await trustList()).id },
        body: { reason: 'Kļūdaini ielādēts.' },
      }),
      status: 200,
      expect: (res) => {
        assert.equal(res.body.status, 'removed');
        assert.deepEqual(
          [res.body.removal.by.id, res.body.removal.reason],
          [world.admin.id, 'Kļūdaini ielādēts.'],
        );
      },
    },
    validation: {
      name: 'removing without a reason is refused',
      as: 'admin',
      call: async () => ({ params: { id: (await trustList()).id }, body: {} }),
    },
    forbidden: {
      name: 'an agency reviewer cannot remove a list',
      as: 'reviewer',
      call: async () => ({ params: { id: (await trustList()).id }, body: { reason: 'Nevajag.' } }),
    },
    notFound: {
      name: 'an unknown list is not found',
      as: 'admin',
      call: async () => ({ params: { id: randomUUID() }, body: { reason: 'Nav tāda.' } }),
    },
    conflict: {
      name: 'a list already removed cannot be removed again',
      as: 'admin',
      call: async () => {
        const list = await trustList();
        expectOk(await clients.admin.post(`/api/v1/trust-lists/${list.id}/remove`, { reason: 'Pirmoreiz.' }));
        return { params: { id: list.id }, body: { reason: 'Otrreiz.' } };
      },
    },
  },
  getWorkingCalendar: {
    method: 'GET',
    path: '/api/v1/admin/calendar',
    success: {
      name: "an agency admin reads the year's public holidays and the calendar entries",
      as: 'admin',
      call: async () => ({ query: 'year=2026' }),
      status: 200,
      expect: (res) => {
        assert.equal(res.body.year, 2026);
        assert.ok(res.body.publicHolidays.some((h: { date: string }) => h.date === '2026-04-03'));
      },
    },
    validation: {
      name: 'a year out of range is refused',
      as: 'admin',
      call: async () => ({ query: 'year=1900' }),
    },
    forbidden: {
      name: 'an agency reviewer cannot read the calendar administration',
      as: 'reviewer',
      call: async () => ({ query: 'year=2026' }),
    },
  },
  addCalendarDay: {
    method: 'POST',
    path: '/api/v1/admin/calendar/days',
    success: {
      name: 'an agency admin makes a Saturday a working day, with a reason',
      as: 'admin',
      call: async () => ({
        body: { day: nextCalendarSaturday(), kind: 'working_day', reason: 'Pārcelta darbdiena.' },
      }),
      status: 201,
      expect: (res) => assert.equal(res.body.kind, 'working_day'),
    },
    validation: {
      name: 'an entry without a reason is refused',
      as: 'admin',
      call: async () => ({ body: { day: nextCalendarSaturday(), kind: 'working_day', reason: ' ' } }),
    },
    forbidden: {
      name: 'an agency reviewer cannot change the calendar',
      as: 'reviewer',
      call: async () => ({ body: { day: nextCalendarSaturday(), kind: 'working_day', reason: 'Nē.' } }),
    },
    conflict: {
      name: 'a day that already has an entry is refused',
      as: 'admin',
      call: async () => {
        const day = nextCalendarSaturday();
        assert.equal(
          (
            await clients.admin.post('/api/v1/admin/calendar/days', {
              day,
              kind: 'working_day',
              reason: 'Pirmā.',
            })
          ).status,
          201,
        );
        return { body: { day, kind: 'working_day', reason: 'Otrā.' } };
      },
    },
  },
  removeCalendarDay: {
    method: 'POST',
    path: '/api/v1/admin/calendar/days/{day}/remove',
    success: {
      name: 'an agency admin removes an entry with a reason',
      as: 'admin',
      call: async () => {
        const day = nextCalendarSaturday();
        assert.equal(
          (
            await clients.admin.post('/api/v1/admin/calendar/days', {
              day,
              kind: 'working_day',
              reason: 'Pārcelta.',
            })
          ).status,
          201,
        );
        return { params: { day }, body: { reason: 'Rīkojums atcelts.' } };
      },
      status: 204,
      expect: () => {},
    },
    validation: {
      name: 'a day that is not a date is refused',
      as: 'admin',
      call: async () => ({ params: { day: 'nav-datums' }, body: { reason: 'Kļūda.' } }),
    },
    forbidden: {
      name: 'an agency reviewer cannot remove an entry',
      as: 'reviewer',
      call: async () => ({ params: { day: nextCalendarSaturday() }, body: { reason: 'Nē.' } }),
    },
    notFound: {
      name: 'a day without an entry is not found',
      as: 'admin',
      call: async () => ({ params: { day: nextCalendarSaturday() }, body: { reason: 'Nav tāda.' } }),
    },
  },
  updateCatalogService: {
    method: 'PATCH',
    path: '/api/v1/catalog/services/{id}',
    success: {
      name: 'an agency admin deprecates an entry with a notice, which makes a new entry version',
      as: 'admin',
      call: async () => {
        const created = await clients.admin.post('/api/v1/catalog/services', catalogServiceBody());
        expectOk(created, 201);
        return {
          params: { id: created.body.id },
          body: {
            entryVersion: 1,
            reason: 'Aizstāj V2.',
            status: 'deprecated',
            deprecationNotice: 'Lietojiet V2 līdz 2027. gada 1. jūlijam.',
          },
        };
      },
      status: 200,
      expect: async (res, call) => {
        assert.equal(res.body.status, 'deprecated');
        assert.equal(res.body.entryVersion, 2);
        const versions = await clients.memberA.get(`/api/v1/catalog/services/${call.params?.id}/versions`);
        assert.equal(versions.body.items[0].source, 'update');
        assert.equal(versions.body.items[0].reason, 'Aizstāj V2.');
      },
    },
    validation: {
      name: 'deprecating without a notice is refused',
      as: 'admin',
      call: async () => {
        const created = await clients.admin.post('/api/v1/catalog/services', catalogServiceBody());
        return {
          params: { id: created.body.id },
          body: { entryVersion: 1, reason: 'Novecojusi.', status: 'deprecated' },
        };
      },
    },
    forbidden: {
      name: 'an institution member cannot edit catalog entries',
      as: 'memberA',
      call: async () => ({
        params: { id: world.serviceA.id },
        body: { entryVersion: 1, reason: 'Mēģinājums.', name: 'Cits nosaukums' },
      }),
    },
    notFound: {
      name: 'an unknown entry is not found',
      as: 'admin',
      call: async () => ({
        params: { id: randomUUID() },
        body: { entryVersion: 1, reason: 'Nav.', name: 'Nav' },
      }),
    },
    stale: {
      as: 'admin',
      call: async () => {
        const created = await clients.admin.post('/api/v1/catalog/services', catalogServiceBody());
        const first = await clients.admin.patch(`/api/v1/catalog/services/${created.body.id}`, {
          entryVersion: 1,
          reason: 'Precizēts nosaukums.',
          name: `Precizēta pakalpe ${unique()}`,
        });
        expectOk(first);
        return {
          params: { id: created.body.id },
          body: { entryVersion: 1, reason: 'Vecā versija.', name: 'Vecs nosaukums' },
          currentVersion: 2,
        };
      },
    },
    invalidTransition: {
      name: 'a retired entry cannot become active again',
      as: 'admin',
      call: async () => {
        const created = await clients.admin.post('/api/v1/catalog/services', catalogServiceBody());
        const retired = await clients.admin.patch(`/api/v1/catalog/services/${created.body.id}`, {
          entryVersion: 1,
          reason: 'Izbeigta.',
          status: 'retired',
        });
        expectOk(retired);
        return {
          params: { id: created.body.id },
          body: { entryVersion: 2, reason: 'Atjaunot.', status: 'active' },
        };
      },
    },
  },

  updateInformationSystem: {
    method: 'PATCH',
    path: '/api/v1/catalog/systems/{id}',
    success: {
      name: "an agency admin names an information system's controller and holder",
      as: 'admin',
      call: async () => {
        const created = await clients.admin.post('/api/v1/catalog/services', catalogServiceBody());
        const system = created.body.informationSystem;
        return {
          params: { id: system.id },
          body: {
            version: system.version,
            controllerInstitutionId: world.institutionA.id,
            holderInstitutionId: world.institutionB.id,
          },
          expected: created.body.id,
        };
      },
      status: 200,
      expect: async (res, call) => {
        assert.equal(res.body.controller.id, world.institutionA.id);
        assert.equal(res.body.holder.id, world.institutionB.id);
        const entry = await clients.memberB.get(`/api/v1/catalog/services/${call.expected}`);
        assert.equal(entry.body.informationSystem.holder.name, res.body.holder.name);
      },
    },
    validation: {
      name: 'a controller that is not a UUID is refused',
      as: 'admin',
      call: async () => ({
        params: { id: randomUUID() },
        body: { version: 1, controllerInstitutionId: 'x' },
      }),
    },
    forbidden: {
      name: 'an agency reviewer cannot edit information systems',
      as: 'reviewer',
      call: async () => ({
        params: { id: world.serviceA.informationSystem.id },
        body: { version: 1, name: 'Cita' },
      }),
    },
    notFound: {
      name: 'an unknown information system is not found',
      as: 'admin',
      call: async () => ({ params: { id: randomUUID() }, body: { version: 1, name: 'Nav' } }),
    },
    stale: {
      as: 'admin',
      call: async () => {
        const created = await clients.admin.post('/api/v1/catalog/services', catalogServiceBody());
        const id = created.body.informationSystem.id;
        expectOk(
          await clients.admin.patch(`/api/v1/catalog/systems/${id}`, {
            version: 1,
            name: `Sistēma ${unique()}`,
          }),
        );
        return { params: { id }, body: { version: 1, name: 'Vecā' }, currentVersion: 2 };
      },
    },
    conflict: {
      name: 'a system with services that are not retired cannot be retired',
      as: 'admin',
      call: async () => {
        const created = await clients.admin.post('/api/v1/catalog/services', catalogServiceBody());
        return { params: { id: created.body.informationSystem.id }, body: { version: 1, status: 'retired' } };
      },
    },
  },

  attachCatalogDescription: {
    method: 'POST',
    path: '/api/v1/catalog/services/{id}/description',
    success: {
      name: 'the owning institution registers the OpenAPI description of its test-catalog entry',
      as: 'memberA',
      call: async () => {
        const created = await clients.admin.post('/api/v1/catalog/services', catalogServiceBody());
        return { params: { id: created.body.id }, body: describedApi() };
      },
      status: 201,
      expect: (res, call) => {
        assert.equal(res.body.serviceId, call.params?.id);
        assert.deepEqual(res.body.operations, ['getPerson']);
        assert.deepEqual(
          res.body.files.map((f: { name: string }) => f.name),
          ['api.json'],
        );
      },
    },
    validation: {
      name: 'a description without files is refused',
      as: 'memberA',
      call: async () => ({ params: { id: world.serviceA.id }, body: { main: 'api.json', files: [] } }),
    },
    forbidden: {
      name: 'another institution cannot register a description for the entry',
      as: 'memberB',
      call: async () => ({ params: { id: world.serviceA.id }, body: describedApi() }),
    },
    notFound: {
      name: 'an unknown entry is not found',
      as: 'admin',
      call: async () => ({ params: { id: randomUUID() }, body: describedApi() }),
    },
    more: [
      {
        name: 'an unreadable description is refused with 422 and nothing is stored',
        run: async () => {
          const created = await clients.admin.post('/api/v1/catalog/services', catalogServiceBody());
          const res = await clients.admin.post(`/api/v1/catalog/services/${created.body.id}/description`, {
            main: 'api.json',
            files: [{ name: 'api.json', content: '{"openapi": "3.0.3", "paths": ' }],
          });
          assertProblem(res, 422, '/problems/unprocessable-description');
          const after = await clients.admin.get(`/api/v1/catalog/services/${created.body.id}/description`);
          assert.equal(after.status, 404);
        },
      },
    ],
  },

  getCatalogDescription: {
    method: 'GET',
    path: '/api/v1/catalog/services/{id}/description',
    success: {
      name: 'any signed-in user reads the description registered with an entry',
      as: 'memberB',
      call: async () => ({ params: { id: await describedServiceA() } }),
      status: 200,
      expect: (res) => {
        assert.equal(res.body.mainFile, 'persons.wsdl');
        assert.equal(res.body.format, 'wsdl-1.1');
        assert.deepEqual(res.body.operations, ['GetPerson']);
      },
    },
    validation: { name: 'an id that is not a UUID is refused', as: 'memberA', call: withBadId },
    notFound: {
      name: 'an entry without a registered description has none',
      as: 'memberA',
      call: async () => {
        const created = await clients.admin.post('/api/v1/catalog/services', catalogServiceBody());
        return { params: { id: created.body.id } };
      },
    },
  },

  downloadCatalogDescriptionFile: {
    method: 'GET',
    path: '/api/v1/catalog/services/{id}/description/file',
    success: {
      name: 'a signed-in user downloads a file of the registered description, as an attachment',
      as: 'memberB',
      call: async () => ({ params: { id: await describedServiceA() }, query: 'name=persons.wsdl' }),
      status: 200,
      contentType: /^application\/xml/,
      expect: (res) => {
        assert.match(String(res.headers['content-disposition']), /^attachment; filename="persons.wsdl"/);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.equal(String(res.body), personsWsdl);
      },
    },
    validation: {
      name: 'a download without a file name is refused',
      as: 'memberA',
      call: async () => ({ params: { id: await describedServiceA() } }),
    },
    notFound: {
      name: 'a file the description does not have is not found',
      as: 'memberA',
      call: async () => ({ params: { id: await describedServiceA() }, query: 'name=..%2Fetc%2Fpasswd' }),
    },
  },

  attachDescriptionFromCatalog: {
    method: 'POST',
    path: '/api/v1/requests/{id}/description/from-catalog',
    success: {
      name: "the institution takes its draft's description from the test catalog",
      as: 'memberA',
      call: async () => {
        const request = await requestIn('draft', [], await describedService());
        return { params: { id: request.id }, body: { version: request.version }, request };
      },
      status: 201,
      expect: (res) => {
        assert.equal(res.body.source, 'catalog');
        assert.equal(res.body.mainFile, 'persons.wsdl');
        assert.equal(res.body.comparison.schemaCompared, true);
        assert.deepEqual(res.body.comparison.schemaChanges, []);
      },
    },
    validation: {
      name: 'a body without the version is refused',
      as: 'memberA',
      call: async () => ({ ...(await onRequest('draft')()), body: {} }),
    },
    foreign: { as: 'memberB', call: onRequest('draft') },
    stale: {
      as: 'memberA',
      call: async () => {
        const request = await requestWithHistory('draft', await describedService());
        return { params: { id: request.id }, body: { version: request.version - 1 }, request };
      },
    },
    invalidTransition: {
      name: 'a description cannot be attached to a completed request',
      as: 'memberA',
      call: async () => {
        const request = await requestIn('completed', pathTo.completed, await describedService());
        return { params: { id: request.id }, body: { version: request.version }, request };
      },
    },
  },

  downloadDescriptionFile: {
    method: 'GET',
    path: '/api/v1/requests/{id}/description/file',
    success: {
      name: 'the reviewer downloads the file the institution attached',
      as: 'reviewer',
      call: async () => {
        const draft = await requestIn('draft');
        expectOk(
          await clients.memberA.post(`/api/v1/requests/${draft.id}/description`, {
            version: draft.version,
            ...describedApi(),
          }),
          201,
        );
        // The agency sees the request (and its files) once it is submitted.
        const request = await act('memberA', { ...draft, version: draft.version + 1 }, 'submit');
        return { params: { id: request.id }, query: 'name=api.json', request };
      },
      status: 200,
      contentType: /^application\/json/,
      expect: (res) => {
        assert.match(String(res.headers['content-disposition']), /^attachment/);
        assert.equal(res.body.paths['/persons/{code}'].get.operationId, 'getPerson');
      },
    },
    validation: {
      name: 'a download without a file name is refused',
      as: 'memberA',
      call: async () => ({ params: { id: (await requestIn('draft')).id } }),
    },
    foreign: {
      as: 'memberB',
      call: async () => {
        const request = await requestIn('draft');
        expectOk(
          await clients.memberA.post(`/api/v1/requests/${request.id}/description`, {
            version: request.version,
            ...describedApi(),
          }),
          201,
        );
        return { params: { id: request.id }, query: 'name=api.json' };
      },
    },
  },

  getRuleset: {
    method: 'GET',
    path: '/api/v1/rules',
    success: {
      name: 'an institution member reads the rules in force, with their Latvian and English titles',
      as: 'memberA',
      call: async () => ({}),
      status: 200,
      expect: (res) => {
        assert.equal(typeof res.body.version, 'number');
        const rpc = res.body.rules.find((r: { id: string }) => r.id === 'viss-no-rpc');
        assert.equal(rpc.source, 'viss');
        assert.ok(rpc.title.lv && rpc.title.en);
        assert.ok(res.body.rules.some((r: { source: string }) => r.source === 'spectral'));
      },
    },
    validation: {
      name: 'a negative version is refused',
      as: 'memberA',
      call: async () => ({ query: 'version=-1' }),
    },
    notFound: {
      name: 'a version never saved is not found',
      as: 'memberA',
      call: async () => ({ query: 'version=9999' }),
    },
  },

  listRulesetVersions: {
    method: 'GET',
    path: '/api/v1/rules/versions',
    success: {
      name: 'a reviewer reads every saved ruleset version with who changed it and why',
      as: 'reviewer',
      call: async () => {
        const saved = await saveRuleset(
          { 'operation-documented': { severity: 'error' } },
          'Dokumentācija obligāta.',
        );
        return { expected: String(saved.version) };
      },
      status: 200,
      expect: (res, call) => {
        const newest = res.body.items[0];
        assert.equal(String(newest.version), call.expected);
        assert.equal(newest.reason, 'Dokumentācija obligāta.');
        assert.equal(newest.createdBy.id, world.admin.id);
      },
    },
  },

  updateRuleSettings: {
    method: 'PUT',
    path: '/api/v1/rules/settings',
    success: {
      name: 'an agency admin makes a rule stricter, which saves the next ruleset version',
      as: 'admin',
      call: async () => {
        const current = await clients.admin.get('/api/v1/rules');
        return {
          body: {
            basedOn: current.body.version,
            settings: { 'oas:info-contact': { severity: 'error' } },
            reason: 'Kontakti obligāti.',
          },
          expected: String(current.body.version + 1),
        };
      },
      status: 200,
      expect: (res, call) => {
        assert.equal(String(res.body.version), call.expected);
        const rule = res.body.rules.find((r: { id: string }) => r.id === 'oas:info-contact');
        assert.deepEqual([rule.severity, rule.defaultSeverity, rule.enabled], ['error', 'warning', true]);
      },
    },
    validation: {
      name: 'a setting for a rule that does not exist is refused',
      as: 'admin',
      call: async () => {
        const current = await clients.admin.get('/api/v1/rules');
        return {
          body: {
            basedOn: current.body.version,
            settings: { 'no-such-rule': { enabled: false } },
            reason: 'Tests.',
          },
        };
      },
    },
    forbidden: {
      name: 'an agency reviewer cannot change the rules',
      as: 'reviewer',
      call: async () => ({ body: { basedOn: 0, settings: {}, reason: 'Mēģinājums.' } }),
    },
    stale: {
      as: 'admin',
      call: async () => {
        const saved = await saveRuleset({}, 'Atpakaļ uz noklusējumu.');
        return {
          body: { basedOn: saved.version - 1, settings: {}, reason: 'Vecā versija.' },
          currentVersion: saved.version,
        };
      },
    },
  },

  importAuditRecords: {
    method: 'POST',
    path: '/api/v1/audit/records',
    success: {
      name: 'a reviewer imports a JSON array of audit records; a record sent again is counted once',
      as: 'reviewer',
      call: async () => {
        const repeated = auditRecord();
        await importRecords([repeated]);
        return { query: 'environment=test', body: [repeated, auditRecord(), auditRecord()] };
      },
      status: 200,
      expect: (res) => {
        assert.deepEqual(
          [res.body.read, res.body.inserted, res.body.duplicates, res.body.invalid, res.body.loaded],
          [3, 2, 1, 0, true],
        );
      },
    },
    validation: {
      name: 'a strict import with an invalid record stores nothing and names the record and field',
      as: 'reviewer',
      call: async () => ({
        query: 'strict=true',
        body: [auditRecord(), auditRecord({ requestInAt: 'vakar' })],
      }),
    },
    forbidden: {
      name: 'an institution member cannot import audit records',
      as: 'memberA',
      call: async () => ({ body: [auditRecord()] }),
    },
    more: [
      {
        name: 'NDJSON: valid lines are stored, an invalid one is reported with its line, field and reason',
        run: async () => {
          const token = await clients.reviewer.post('/api/v1/me/tokens', { name: `ndjson ${unique()}` });
          expectOk(token, 201);
          const lines = [auditRecord(), auditRecord({ result: 'maybe' }), auditRecord()].map((r) =>
            JSON.stringify(r),
          );
          const res = await testApp.app.inject({
            method: 'POST',
            url: '/api/v1/audit/records?environment=test',
            headers: { authorization: `Bearer ${token.body.token}`, 'content-type': 'application/x-ndjson' },
            payload: `${lines.join('\n')}\n`,
          });
          assert.equal(res.statusCode, 200, res.body);
          const body = res.json();
          assert.deepEqual([body.read, body.inserted, body.invalid], [3, 2, 1]);
          assert.deepEqual(
            body.issues.map((i: { line: number; field: string }) => [i.line, i.field]),
            [[2, 'result']],
          );
        },
      },
      {
        name: 'a strict import that fails leaves no record behind',
        run: async () => {
          const good = auditRecord();
          const res = await clients.reviewer.post('/api/v1/audit/records?strict=true', [
            good,
            auditRecord({ service: 'not-a-urn' }),
          ]);
          assertProblem(res, 400, '/problems/validation');
          assert.deepEqual(res.body.errors, [
            { path: '2.service', message: 'Expected URN:IVIS:<institution>:<code>-V<major>-<minor>' },
          ]);
          const again = await clients.reviewer.post('/api/v1/audit/records', [good]);
          assert.equal(
            again.body.inserted,
            1,
            'the valid record of the refused strict import was not stored',
          );
        },
      },
      {
        name: 'NDJSON over 64 MiB is refused with 413 before anything is stored; the CLI is the way for it',
        run: async () => {
          const token = await clients.reviewer.post('/api/v1/me/tokens', { name: `big ${unique()}` });
          expectOk(token, 201);
          const first = auditRecord();
          const line = `${JSON.stringify(first)}\n`;
          // A valid first record, then padding lines up to one byte over the limit.
          const padding = ' '.repeat(64 * 1024 * 1024 + 1 - line.length);
          const res = await testApp.app.inject({
            method: 'POST',
            url: '/api/v1/audit/records?environment=test',
            headers: { authorization: `Bearer ${token.body.token}`, 'content-type': 'application/x-ndjson' },
            payload: line + padding,
          });
          assert.equal(res.statusCode, 413, res.body.slice(0, 300));
          assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
          assert.equal(res.json().type, '/problems/payload-too-large');
          const again = await clients.reviewer.post('/api/v1/audit/records', [first]);
          assert.equal(again.body.inserted, 1, 'the record of the refused upload was not stored');
        },
      },
      {
        name: 'dryRun=true reports every record, stores none, and a later import still stores them',
        run: async () => {
          const good = auditRecord();
          const res = await clients.reviewer.post('/api/v1/audit/records?dryRun=true', [
            good,
            auditRecord({ requestInAt: 'vakar' }),
          ]);
          assert.equal(res.status, 200, JSON.stringify(res.body));
          assert.deepEqual(
            [res.body.read, res.body.inserted, res.body.invalid, res.body.loaded],
            [2, 0, 1, false],
          );
          assert.deepEqual(
            [...new Set(res.body.issues.map((i: { line: number; field: string }) => `${i.line}.${i.field}`))],
            ['2.requestInAt'],
          );
          const real = await clients.reviewer.post('/api/v1/audit/records', [good]);
          assert.equal(real.body.inserted, 1, 'the dry run stored nothing');
        },
      },
      {
        name: 'an empty body is refused with 400',
        run: async () => {
          const res = await clients.reviewer.post('/api/v1/audit/records', []);
          assertProblem(res, 400, '/problems/validation');
        },
      },
    ],
  },
  analyzeAudit: {
    method: 'GET',
    path: '/api/v1/audit/analysis',
    success: {
      name: "a reviewer analyses a service's records over a window",
      as: 'reviewer',
      call: async () => {
        const service = await makeTestService(testApp.database.db, world.institutionA.id);
        await clients.reviewer.post('/api/v1/audit/records', [
          auditRecord({ service: service.identifier }),
          auditRecord({ service: service.identifier, result: 'fault', faultCode: 'VAL-001' }),
        ]);
        return { query: `service=${encodeURIComponent(service.identifier)}&from=2026-10-01&to=2026-10-31` };
      },
      status: 200,
      expect: (res) => {
        assert.equal(res.body.totals.calls, 2);
        assert.equal(res.body.totals.faults, 1);
        assert.deepEqual(res.body.faultCodes, [{ code: 'VAL-001', calls: 1 }]);
        assert.equal(res.body.days.length, 31);
      },
    },
    validation: {
      name: 'a window that ends before it starts is refused',
      as: 'reviewer',
      call: async () => ({
        query: `service=${encodeURIComponent(world.serviceA.identifier)}&from=2026-10-31&to=2026-10-01`,
      }),
    },
    forbidden: {
      name: 'an institution member cannot run analyses',
      as: 'memberA',
      call: async () => ({
        query: `service=${encodeURIComponent(world.serviceA.identifier)}&from=2026-10-01&to=2026-10-31`,
      }),
    },
  },
  attachAuditAnalysis: {
    method: 'POST',
    path: '/api/v1/requests/{id}/audit-analyses',
    success: {
      name: "the assigned reviewer attaches an analysis of the request's test period in one action",
      as: 'reviewer',
      call: async () => {
        await importRecords([auditRecord(), auditRecord({ requestInAt: '2026-11-20T08:00:00.000Z' })]);
        // The records are service A's; its one open request is this one, with a checked description.
        const request = await requestIn(
          'in_review',
          [...toInReview, ['reviewer', 'description']],
          world.serviceA.id,
        );
        return { params: { id: request.id }, body: { version: request.version }, request };
      },
      status: 201,
      expect: async (res, call) => {
        assert.deepEqual(res.body.window, { from: '2026-10-01', to: '2026-10-31' });
        assert.equal(res.body.parameters.windowSource, 'testPeriod');
        assert.equal(res.body.recordCount, res.body.results.totals.calls);
        assert.ok(res.body.recordCount >= 1);
        assert.match(res.body.recordsSha256, /^[0-9a-f]{64}$/);
        assert.equal(res.body.requestVersion, (call.request?.version ?? 0) + 1);
        const now = await clients.reviewer.get(`/api/v1/requests/${call.request?.id}`);
        assert.ok(now.body.allowedActions.includes('approveReview'));
      },
    },
    validation: {
      name: 'a window that ends before it starts is refused',
      as: 'reviewer',
      call: onRequest('in_review', { window: { from: '2026-10-31', to: '2026-10-01' } }),
    },
    forbidden: {
      name: 'an institution member cannot attach an analysis to its own request',
      as: 'memberA',
      call: onRequest('in_review'),
    },
    foreign: { as: 'memberB', call: onRequest('in_review') },
    stale: { as: 'reviewer', call: staleOn('in_review') },
    invalidTransition: {
      name: 'an analysis is not attached before the review has started',
      as: 'reviewer',
      call: onRequest('submitted'),
    },
  },
  listAuditAnalyses: {
    method: 'GET',
    path: '/api/v1/requests/{id}/audit-analyses',
    success: {
      name: 'the institution sees the analyses attached to its request',
      as: 'memberA',
      call: async () => {
        const request = await requestIn('in_review', withAuditAnalysis);
        return { params: { id: request.id }, request };
      },
      status: 200,
      expect: (res) => {
        assert.equal(res.body.items.length, 1);
        assert.equal(res.body.items[0].createdBy.id, world.reviewer.id);
      },
    },
    validation: { name: 'an id that is not a UUID is refused', as: 'memberA', call: withBadId },
    foreign: { as: 'memberB', call: onRequest('in_review') },
  },
  listCatalogServiceVersions: {
    method: 'GET',
    path: '/api/v1/catalog/services/{id}/versions',
    success: {
      name: 'a signed-in user browses the versions of a catalog entry',
      as: 'memberA',
      call: async () => ({ params: { id: world.serviceA.id } }),
      status: 200,
      expect: (res) => {
        assert.equal(res.body.items[0].entryVersion, 1);
        assert.equal(res.body.items[0].source, 'create');
        assert.equal(res.body.items[0].snapshot.identifier, world.serviceA.identifier);
      },
    },
    validation: { name: 'an id that is not a UUID is refused', as: 'memberA', call: withBadId },
    notFound: {
      name: 'an unknown catalog entry has no versions to show',
      as: 'memberA',
      call: async () => ({ params: { id: randomUUID() } }),
    },
  },
  exportCatalog: {
    method: 'GET',
    path: '/api/v1/catalog/export',
    success: {
      name: 'a signed-in user exports the test catalog as importable JSON',
      as: 'memberA',
      call: async () => ({ query: `institutionId=${world.institutionA.id}` }),
      status: 200,
      expect: (res) => {
        assert.ok(res.body.some((e: { identifier: string }) => e.identifier === world.serviceA.identifier));
      },
    },
    validation: {
      name: 'an unknown export format is refused',
      as: 'memberA',
      call: async () => ({ query: 'format=xlsx' }),
    },
  },
  importCatalog: {
    method: 'POST',
    path: '/api/v1/catalog/import',
    success: {
      name: 'an agency admin imports an empty export and gets an empty report',
      as: 'admin',
      call: async () => ({ body: [] }),
      status: 200,
      expect: (res) => {
        assert.deepEqual(res.body, { received: 0, created: 0, updated: 0, rejected: [] });
      },
    },
    validation: {
      name: 'a body that is not a JSON array is refused',
      as: 'admin',
      call: async () => ({ body: { entries: [] } }),
    },
    forbidden: {
      name: 'an agency reviewer cannot import into the catalog',
      as: 'reviewer',
      call: async () => ({ body: [] }),
    },
  },
  getCatalogService: {
    method: 'GET',
    path: '/api/v1/catalog/services/{id}',
    success: {
      name: 'a signed-in user reads a catalog entry',
      as: 'memberA',
      call: async () => ({ params: { id: world.serviceA.id } }),
      status: 200,
      expect: (res) => {
        assert.equal(res.body.id, world.serviceA.id);
        assert.equal(res.body.identifier, world.serviceA.identifier);
        assert.equal(res.body.informationSystem.id, world.serviceA.informationSystem.id);
      },
    },
    validation: { name: 'an id that is not a UUID is refused', as: 'memberA', call: withBadId },
    notFound: {
      name: 'an unknown catalog entry is not found',
      as: 'memberA',
      call: async () => ({ params: { id: randomUUID() } }),
    },
  },

  listRequests: {
    method: 'GET',
    path: '/api/v1/requests',
    success: {
      name: "an institution member lists their institution's requests",
      as: 'memberA',
      call: async () => {
        const request = await createDraft();
        return { query: 'state=draft&pageSize=200&sort=-createdAt', request };
      },
      status: 200,
      expect: (res, call) => {
        assert.ok(res.body.items.some((r: { id: string }) => r.id === call.request?.id));
        for (const r of res.body.items) {
          assert.equal(r.institution.id, world.institutionA.id);
          assert.equal(r.state, 'draft');
        }
        assert.equal(res.body.pageSize, 200);
      },
    },
    validation: {
      name: 'an unknown state filter is refused',
      as: 'memberA',
      call: async () => ({ query: 'state=lost' }),
    },
    more: [
      {
        name: "an institution member does not see another institution's requests in the list",
        run: async () => {
          const request = await createDraft();
          const res = await clients.memberB.get('/api/v1/requests?pageSize=200');
          expectOk(res);
          assert.ok(!res.body.items.some((r: { id: string }) => r.id === request.id));
          for (const r of res.body.items) assert.equal(r.institution.id, world.institutionB.id);
        },
      },
    ],
  },

  createRequest: {
    method: 'POST',
    path: '/api/v1/requests',
    success: {
      name: 'an institution member starts a draft request for their service',
      as: 'memberA',
      call: async () => ({
        body: requestInput((await makeTestService(testApp.database.db, world.institutionA.id)).id),
      }),
      status: 201,
      expect: (res, call) => {
        assert.equal(res.body.state, 'draft');
        assert.equal(res.body.version, 1);
        assert.equal(res.body.institution.id, world.institutionA.id);
        assert.equal(res.body.service.id, (call.body as { serviceId: string }).serviceId);
        assert.match(res.body.reference, /^TP-\d{4}-\d{4,}$/);
        assert.deepEqual(res.body.allowedActions, ['submit', 'withdraw']);
      },
    },
    validation: {
      name: 'a request without a contact is refused',
      as: 'memberA',
      call: async () => {
        const { contact: _omit, ...body } = requestInput(world.serviceA.id);
        return { body };
      },
    },
    forbidden: {
      name: 'an agency reviewer cannot start a request',
      as: 'reviewer',
      call: async () => ({ body: requestInput(world.serviceA.id) }),
    },
    more: [
      {
        name: "an institution member cannot start a request for another institution's service",
        run: async () => {
          const res = await clients.memberB.post('/api/v1/requests', requestInput(world.serviceA.id));
          assertProblem(res, 400, '/problems/validation');
          assert.deepEqual(
            res.body.errors.map((e: { path: string }) => e.path),
            ['serviceId'],
          );
        },
      },
    ],
  },

  getRequest: {
    method: 'GET',
    path: '/api/v1/requests/{id}',
    success: {
      name: 'an institution member reads their request, with its version as ETag',
      as: 'memberA',
      call: async () => {
        const request = await createDraft();
        return { params: { id: request.id }, request };
      },
      status: 200,
      expect: (res, call) => {
        assert.equal(res.body.id, call.request?.id);
        assert.equal(res.headers.etag, `"${call.request?.version}"`);
        assert.deepEqual(res.body.contact, call.request?.contact);
        assert.deepEqual(res.body.missingForSubmission, []);
      },
    },
    validation: { name: 'an id that is not a UUID is refused', as: 'memberA', call: withBadId },
    foreign: {
      as: 'memberB',
      call: async () => {
        const request = await createDraft();
        return { params: { id: request.id }, request };
      },
    },
  },

  updateRequest: {
    method: 'PATCH',
    path: '/api/v1/requests/{id}',
    success: {
      name: 'an institution member edits their draft and the version goes up',
      as: 'memberA',
      call: onRequest('draft', { description: 'Jauns apraksts, kas ir pietiekami garš, lai iesniegtu.' }),
      status: 200,
      expect: (res, call) => {
        assert.equal(res.body.description, (call.body as { description: string }).description);
        assert.equal(res.body.version, (call.request?.version ?? 0) + 1);
        assert.equal(res.body.state, 'draft');
      },
    },
    validation: {
      name: 'an edit without the version is refused',
      as: 'memberA',
      call: async () => ({ ...(await onRequest('draft')()), body: { description: 'Bez versijas' } }),
    },
    forbidden: {
      name: "an agency reviewer cannot edit the institution's request",
      as: 'reviewer',
      call: onRequest('submitted', { description: 'Recenzenta labojums' }),
    },
    foreign: { as: 'memberB', call: onRequest('draft', { description: 'Svešs labojums' }) },
    stale: { as: 'memberA', call: staleOn('draft', { description: 'Novecojis labojums' }) },
    invalidTransition: {
      name: 'a submitted request cannot be edited',
      as: 'memberA',
      call: onRequest('submitted', { description: 'Labojums pēc iesniegšanas' }),
    },
  },

  submitRequest: {
    ...actionRoute('submit', {
      by: 'memberA',
      from: 'draft',
      to: 'submitted',
      does: 'an institution member submits a complete draft',
      wrongRole: 'reviewer',
      wrongRoleFrom: 'corrections_requested',
      invalidFrom: 'submitted',
      expect: (res) => assert.ok(res.body.submittedAt),
    }),
    more: [
      {
        name: 'an incomplete draft cannot be submitted (guard)',
        run: async () => {
          const draft = await createDraft({ description: '' });
          const res = await clients.memberA.post(`/api/v1/requests/${draft.id}/submit`, {
            version: draft.version,
          });
          assertProblem(res, 409, '/problems/guard-failed');
          assert.equal(res.body.reason, 'incomplete');
        },
      },
    ],
  },

  startReview: actionRoute('start-review', {
    by: 'reviewer',
    from: 'submitted',
    to: 'in_review',
    does: 'an agency reviewer starts the review and is assigned',
    wrongRole: 'memberA',
    invalidFrom: 'withdrawn',
    expect: (res) => assert.equal(res.body.assignee?.id, world.reviewer.id),
  }),

  requestCorrections: actionRoute('request-corrections', {
    by: 'reviewer',
    from: 'in_review',
    to: 'corrections_requested',
    does: 'the assigned reviewer asks for corrections',
    wrongRole: 'memberA',
    invalidFrom: 'submitted',
    body: { corrections: ['Pievienot WSDL aprakstu'] },
    expect: (res) => {
      assert.deepEqual(
        res.body.corrections.map((c: { text: string }) => c.text),
        ['Pievienot WSDL aprakstu'],
      );
      assert.equal(res.body.correctionRounds, 1);
    },
    validation: {
      name: 'asking for corrections without listing any is refused',
      as: 'reviewer',
      call: onRequest('in_review', { corrections: [] }),
    },
  }),

  approveReview: actionRoute('approve-review', {
    by: 'reviewer',
    from: 'in_review',
    fromMoves: withAuditAnalysis,
    to: 'acceptance',
    does: 'the assigned reviewer approves a service used in VISS, which goes to acceptance',
    wrongRole: 'memberA',
    invalidFrom: 'submitted',
    more: [
      {
        name: 'approving a service used in VISS without an attached audit analysis is refused: 409 guard-failed',
        run: async () => {
          const request = await requestIn('in_review', [...toInReview, ['reviewer', 'description']]);
          assert.ok(request.blockedActions.some((b) => b.reason === 'audit_analysis_missing'));
          const res = await clients.reviewer.post(`/api/v1/requests/${request.id}/approve-review`, {
            version: request.version,
          });
          assertProblem(res, 409, '/problems/guard-failed');
          assert.equal(res.body.reason, 'audit_analysis_missing');
          await assertUnchanged({ request });
        },
      },
      {
        name: 'a service not used in VISS is approved without an audit analysis',
        run: async () => {
          let request = await createDraft({ usedInVissInfrastructure: false });
          for (const [who, path] of [...toInReview, ['reviewer', 'description']] as Move[])
            request = await act(who, request, path);
          const approved = await act('reviewer', request, 'approve-review');
          assert.equal(approved.state, 'registration');
        },
      },
    ],
  }),

  rejectRequest: actionRoute('reject', {
    by: 'admin',
    from: 'submitted',
    to: 'rejected',
    does: 'an agency admin rejects a request with a reason',
    wrongRole: 'memberA',
    invalidFrom: 'withdrawn',
    body: { comment: 'Pakalpe neatbilst VISS prasībām.' },
    expect: (res) => assert.equal(res.body.decisionReason, 'Pakalpe neatbilst VISS prasībām.'),
    validation: {
      name: 'a rejection without a reason is refused',
      as: 'admin',
      call: onRequest('submitted'),
    },
  }),

  withdrawRequest: actionRoute('withdraw', {
    by: 'memberA',
    from: 'draft',
    to: 'withdrawn',
    does: 'an institution member withdraws their request',
    wrongRole: 'reviewer',
    wrongRoleFrom: 'submitted',
    invalidFrom: 'withdrawn',
    body: { comment: 'Vairs nav vajadzīgs.' },
  }),

  issueAct: {
    method: 'POST',
    path: '/api/v1/requests/{id}/act',
    success: {
      name: 'the assigned reviewer issues the act: numbered, rendered and signed for the agency',
      as: 'reviewer',
      call: onRequest('acceptance', { language: 'lv' }),
      status: 201,
      expect: async (res, call) => {
        assert.match(res.body.current.number, /^AA-\d{4}-\d{4}$/);
        assert.equal(res.body.current.containers[0].report.signatures[0].party, 'agency');
        const now = await clients.admin.get(`/api/v1/requests/${call.request?.id}`);
        assert.equal(
          now.body.version,
          (call.request?.version ?? 0) + 1,
          'issuing is a change of the request',
        );
      },
    },
    validation: {
      name: 'an unknown language is refused',
      as: 'reviewer',
      call: onRequest('acceptance', { language: 'de' }),
    },
    forbidden: {
      name: 'an institution member cannot issue the act',
      as: 'memberA',
      call: onRequest('acceptance'),
    },
    foreign: { as: 'memberB', call: onRequest('acceptance') },
    stale: { as: 'reviewer', call: staleOn('acceptance') },
    invalidTransition: {
      name: 'the act is not issued before the review is approved',
      as: 'reviewer',
      call: onRequest('in_review'),
    },
  },

  getAct: {
    method: 'GET',
    path: '/api/v1/requests/{id}/act',
    success: {
      name: 'the institution sees the issued act with its versions and the verification report',
      as: 'memberA',
      call: async () => {
        const request = await requestIn('acceptance');
        expectOk(await issueAct(clients.reviewer, request), 201);
        return { params: { id: request.id }, request };
      },
      status: 200,
      expect: (res) => {
        assert.equal(res.body.versions.length, 1);
        assert.equal(res.body.current.version, 1);
        assert.equal(res.body.canIssue, false);
        assert.equal(res.body.canUpload, true);
      },
    },
    validation: { name: 'an id that is not a UUID is refused', as: 'memberA', call: withBadId },
    foreign: { as: 'memberB', call: onRequest('acceptance') },
  },

  downloadActPdf: {
    method: 'GET',
    path: '/api/v1/requests/{id}/act/pdf',
    success: {
      name: 'the institution downloads the act as PDF',
      as: 'memberA',
      call: async () => {
        const request = await requestIn('acceptance');
        expectOk(await issueAct(clients.reviewer, request), 201);
        return { params: { id: request.id }, request };
      },
      status: 200,
      contentType: /^application\/pdf/,
      expect: (res) => {
        assert.equal(res.raw.subarray(0, 5).toString(), '%PDF-');
        assert.match(
          String(res.headers['content-disposition']),
          /attachment; filename="AA-\d{4}-\d{4}-v1\.pdf"/,
        );
      },
    },
    validation: {
      name: 'a version that is not a number is refused',
      as: 'memberA',
      call: async () => ({ ...(await onRequest('acceptance')()), query: 'version=first' }),
    },
    foreign: { as: 'memberB', call: onRequest('acceptance') },
    notFound: { name: 'no act has been issued yet', as: 'memberA', call: onRequest('acceptance') },
  },

  downloadActContainer: {
    method: 'GET',
    path: '/api/v1/requests/{id}/act/container',
    success: {
      name: 'the institution downloads the ASiC-E container the agency signed',
      as: 'memberA',
      call: async () => {
        const request = await requestIn('acceptance');
        expectOk(await issueAct(clients.reviewer, request), 201);
        return { params: { id: request.id }, request };
      },
      status: 200,
      contentType: /^application\/vnd\.etsi\.asic-e\+zip/,
      expect: (res) => {
        assert.equal(res.raw.subarray(30, 38).toString(), 'mimetype');
        assert.match(String(res.headers['content-disposition']), /\.asice"$/);
      },
    },
    validation: { name: 'an id that is not a UUID is refused', as: 'memberA', call: withBadId },
    foreign: { as: 'memberB', call: onRequest('acceptance') },
    notFound: {
      name: 'an act version that does not exist',
      as: 'memberA',
      call: async () => {
        const request = await requestIn('acceptance');
        expectOk(await issueAct(clients.reviewer, request), 201);
        return { params: { id: request.id }, query: 'version=7' };
      },
    },
  },

  uploadSignedAct: {
    method: 'POST',
    path: '/api/v1/requests/{id}/act/containers',
    success: {
      name: 'the institution uploads the container it signed; both signatures verify and the request moves to registration',
      as: 'memberA',
      call: async () => {
        let request = await requestIn('acceptance');
        expectOk(await issueAct(clients.reviewer, request), 201);
        const signed = await signAsInstitution(clients.memberA, testApp.dataDir, request.id, institutionA());
        request = (await clients.memberA.get(`/api/v1/requests/${request.id}`)).body;
        return {
          params: { id: request.id },
          body: { version: request.version, containerBase64: Buffer.from(signed).toString('base64') },
          request,
        };
      },
      status: 200,
      expect: (res, call) => {
        assert.equal(res.body.request.state, 'registration');
        assert.equal(res.body.request.version, (call.request?.version ?? 0) + 1);
        assert.equal(res.body.report.valid, true);
      },
    },
    validation: {
      name: 'a container that is not base64 is refused',
      as: 'memberA',
      call: onRequest('acceptance', { containerBase64: '%%%' }),
    },
    foreign: {
      as: 'memberB',
      call: onRequest('acceptance', { containerBase64: Buffer.from('x').toString('base64') }),
    },
    stale: {
      as: 'memberA',
      call: async () => {
        let request = await requestWithHistory('acceptance');
        expectOk(await issueAct(clients.reviewer, request), 201);
        const signed = await signAsInstitution(clients.memberA, testApp.dataDir, request.id, institutionA());
        request = (await clients.memberA.get(`/api/v1/requests/${request.id}`)).body;
        return {
          params: { id: request.id },
          body: { version: request.version - 1, containerBase64: Buffer.from(signed).toString('base64') },
          request,
        };
      },
    },
    invalidTransition: {
      name: 'a signed act is not taken while the request is still in review',
      as: 'memberA',
      call: onRequest('in_review', { containerBase64: Buffer.from('x').toString('base64') }),
    },
    more: [
      {
        name: 'a container signed only by the agency is refused with 422 and its report, and nothing changes',
        run: async () => {
          const request = await requestIn('acceptance');
          expectOk(await issueAct(clients.reviewer, request), 201);
          const download = await clients.memberA.get(`/api/v1/requests/${request.id}/act/container`);
          const now = (await clients.memberA.get(`/api/v1/requests/${request.id}`)).body;
          const res = await uploadContainer(clients.memberA, now, new Uint8Array(download.raw));
          assertProblem(res, 422, '/problems/invalid-container');
          assert.equal(res.body.report.problems[0].code, 'missing_signature');
          await assertUnchanged({ request: now });
        },
      },
    ],
  },

  verifyContainer: {
    method: 'POST',
    path: '/api/v1/acts/verify',
    success: {
      name: 'anyone signed in checks a container and gets the verification report, changing nothing',
      as: 'memberA',
      call: async () => {
        const request = await requestIn('acceptance');
        expectOk(await issueAct(clients.reviewer, request), 201);
        const download = await clients.memberA.get(`/api/v1/requests/${request.id}/act/container`);
        return { body: { containerBase64: download.raw.toString('base64') }, expected: request.id };
      },
      status: 200,
      expect: (res, call) => {
        assert.equal(res.body.act.requestId, call.expected);
        assert.equal(res.body.report.signatures[0].valid, true);
        assert.equal(res.body.report.valid, false, 'the institution has not signed yet');
      },
    },
    validation: {
      name: 'a body without the container is refused',
      as: 'memberA',
      call: async () => ({ body: {} }),
    },
  },

  registerInProduction: actionRoute('register-in-production', {
    by: 'reviewer',
    from: 'registration',
    to: 'installation',
    does: 'the assigned reviewer registers the service in the production catalog',
    wrongRole: 'memberA',
    invalidFrom: 'acceptance',
    body: productionInput,
    expect: (res, call) => {
      assert.equal(res.body.productionService?.environment, 'production');
      assert.equal(res.body.productionService?.endpointUrl, 'https://prod.example.lv/service');
      assert.equal(res.body.productionService?.identifier, call.request?.service.identifier);
      assert.equal(res.body.productionService?.sourceRequestId, res.body.id);
    },
  }),

  confirmInstallation: actionRoute('confirm-installation', {
    by: 'reviewer',
    from: 'installation',
    to: 'completed',
    does: 'the assigned reviewer confirms the installation and the request is completed',
    wrongRole: 'memberA',
    invalidFrom: 'registration',
    body: installationInput,
    expect: (res) => assert.deepEqual(res.body.allowedActions, []),
  }),

  assignRequest: {
    method: 'POST',
    path: '/api/v1/requests/{id}/assignee',
    success: {
      name: 'an agency admin assigns a submitted request to a reviewer',
      as: 'admin',
      call: async () => {
        const request = await requestIn('submitted');
        return {
          params: { id: request.id },
          body: { version: request.version, assigneeId: world.reviewer2.id },
          request,
        };
      },
      status: 200,
      expect: (res, call) => {
        assert.equal(res.body.assignee?.id, world.reviewer2.id);
        assert.equal(res.body.version, (call.request?.version ?? 0) + 1);
      },
    },
    validation: {
      name: 'an assignee id that is not a UUID is refused',
      as: 'admin',
      call: async () => {
        const request = await requestIn('submitted');
        return {
          params: { id: request.id },
          body: { version: request.version, assigneeId: 'nobody' },
          request,
        };
      },
    },
    forbidden: {
      name: 'an institution member cannot assign reviewers',
      as: 'memberA',
      call: async () => {
        const request = await requestIn('submitted');
        return {
          params: { id: request.id },
          body: { version: request.version, assigneeId: world.reviewer.id },
          request,
        };
      },
    },
    foreign: {
      as: 'memberB',
      call: async () => {
        const request = await requestIn('submitted');
        return {
          params: { id: request.id },
          body: { version: request.version, assigneeId: world.reviewer.id },
          request,
        };
      },
    },
    stale: {
      as: 'admin',
      call: async () => {
        const request = await requestWithHistory('submitted');
        return {
          params: { id: request.id },
          body: { version: request.version - 1, assigneeId: world.reviewer.id },
          request,
        };
      },
    },
    invalidTransition: {
      name: 'a withdrawn request cannot be assigned',
      as: 'admin',
      call: async () => {
        const request = await requestIn('withdrawn');
        return {
          params: { id: request.id },
          body: { version: request.version, assigneeId: world.reviewer.id },
          request,
        };
      },
    },
    more: [
      {
        name: 'an agency reviewer cannot take a request assigned to another reviewer',
        run: async () => {
          const request = await requestIn('in_review');
          const res = await clients.reviewer2.post(`/api/v1/requests/${request.id}/assignee`, {
            version: request.version,
            assigneeId: world.reviewer2.id,
          });
          assertProblem(res, 403, '/problems/forbidden');
        },
      },
    ],
  },

  resolveCorrection: {
    method: 'POST',
    path: '/api/v1/requests/{id}/corrections/{correctionId}/resolve',
    success: {
      name: 'the assigned reviewer marks a correction as made',
      as: 'reviewer',
      call: async () => correctionCall(await requestWithOpenCorrection()),
      status: 200,
      expect: (res, call) => {
        const correction = res.body.corrections.find(
          (c: { id: string }) => c.id === call.params?.correctionId,
        );
        assert.ok(correction?.resolvedAt);
        assert.equal(correction?.resolvedBy?.id, world.reviewer.id);
        assert.equal(res.body.version, (call.request?.version ?? 0) + 1);
      },
    },
    validation: {
      name: 'a resolution without the version is refused',
      as: 'reviewer',
      call: async () => ({
        ...correctionCall(await requestWithOpenCorrection()),
        body: { comment: 'Izlabots' },
      }),
    },
    forbidden: {
      name: 'an institution member cannot resolve corrections',
      as: 'memberA',
      call: async () => correctionCall(await requestWithOpenCorrection()),
    },
    foreign: {
      as: 'memberB',
      call: async () => correctionCall(await requestWithOpenCorrection()),
    },
    stale: {
      as: 'reviewer',
      call: async () => {
        const call = correctionCall(await requestWithOpenCorrection());
        return { ...call, body: { version: (call.request?.version ?? 2) - 1 } };
      },
    },
    invalidTransition: {
      name: 'corrections cannot be resolved while the institution is making them',
      as: 'reviewer',
      call: async () => correctionCall(await requestIn('corrections_requested')),
    },
  },

  resolveCorrections: {
    method: 'POST',
    path: '/api/v1/requests/{id}/corrections/resolve',
    success: {
      name: 'the assigned reviewer resolves the chosen corrections in one action',
      as: 'reviewer',
      call: async () => bulkCall(await requestWithOpenCorrection()),
      status: 200,
      expect: (res) => {
        assert.ok(res.body.corrections.every((c: { resolvedAt: string | null }) => c.resolvedAt !== null));
      },
    },
    validation: {
      name: 'an empty choice is refused',
      as: 'reviewer',
      call: async () => {
        const call = bulkCall(await requestWithOpenCorrection());
        return { ...call, body: { version: call.request?.version, correctionIds: [] } };
      },
    },
    forbidden: {
      name: 'an institution member cannot resolve corrections',
      as: 'memberA',
      call: async () => bulkCall(await requestWithOpenCorrection()),
    },
    foreign: { as: 'memberB', call: async () => bulkCall(await requestWithOpenCorrection()) },
    stale: {
      as: 'reviewer',
      call: async () => {
        const call = bulkCall(await requestWithOpenCorrection());
        return { ...call, body: { ...(call.body as object), version: (call.request?.version ?? 2) - 1 } };
      },
    },
    invalidTransition: {
      name: 'corrections cannot be resolved while the institution is making them',
      as: 'reviewer',
      call: async () => bulkCall(await requestIn('corrections_requested')),
    },
  },

  reopenCorrection: {
    method: 'POST',
    path: '/api/v1/requests/{id}/corrections/{correctionId}/reopen',
    success: {
      name: 'the assigned reviewer reopens a correction resolved too early',
      as: 'reviewer',
      call: async () => correctionCall(await requestWithResolvedCorrection()),
      status: 200,
      expect: (res, call) => {
        const c = res.body.corrections.find((x: { id: string }) => x.id === call.params?.correctionId);
        assert.equal(c?.resolvedAt, null);
      },
    },
    validation: {
      name: 'a reopening without the version is refused',
      as: 'reviewer',
      call: async () => ({ ...correctionCall(await requestWithResolvedCorrection()), body: {} }),
    },
    forbidden: {
      name: 'an institution member cannot reopen corrections',
      as: 'memberA',
      call: async () => correctionCall(await requestWithResolvedCorrection()),
    },
    foreign: { as: 'memberB', call: async () => correctionCall(await requestWithResolvedCorrection()) },
    stale: {
      as: 'reviewer',
      call: async () => {
        const call = correctionCall(await requestWithResolvedCorrection());
        return { ...call, body: { version: (call.request?.version ?? 2) - 1 } };
      },
    },
  },

  postCorrectionMessage: {
    method: 'POST',
    path: '/api/v1/requests/{id}/corrections/{correctionId}/messages',
    success: {
      name: 'the institution answers a single correction',
      as: 'memberA',
      call: async () => ({
        ...correctionCall(await requestIn('corrections_requested')),
        body: { body: 'Izlabots 3. versijā' },
      }),
      status: 201,
      expect: (res) => assert.equal(res.body.body, 'Izlabots 3. versijā'),
    },
    validation: {
      name: 'an empty answer is refused',
      as: 'memberA',
      call: async () => ({ ...correctionCall(await requestIn('corrections_requested')), body: { body: '' } }),
    },
    foreign: {
      as: 'memberB',
      call: async () => ({
        ...correctionCall(await requestIn('corrections_requested')),
        body: { body: 'Svešs' },
      }),
    },
  },

  getChangesSinceLastRound: {
    method: 'GET',
    path: '/api/v1/requests/{id}/changes-since-last-round',
    success: {
      name: 'the reviewer reads what changed since the last corrections request',
      as: 'reviewer',
      call: async () => {
        const request = await requestWithOpenCorrection();
        return { params: { id: request.id }, request };
      },
      status: 200,
      expect: (res) => assert.equal(res.body.round, 1),
    },
    validation: { name: 'an id that is not a UUID is refused', as: 'reviewer', call: withBadId },
    foreign: { as: 'memberB', call: onRequest('corrections_requested') },
  },

  getRequestHistory: {
    method: 'GET',
    path: '/api/v1/requests/{id}/history',
    success: {
      name: 'an institution member reads the hash-chained history of their request',
      as: 'memberA',
      call: async () => {
        const request = await requestIn('submitted');
        return { params: { id: request.id }, request };
      },
      status: 200,
      expect: (res) => {
        assert.deepEqual(
          res.body.items.map((e: { action: string }) => e.action),
          ['create', 'submit'],
        );
        assert.deepEqual(
          res.body.items.map((e: { seq: number }) => e.seq),
          [1, 2],
        );
        assert.notEqual(res.body.items[0].hash, res.body.items[1].hash);
      },
    },
    validation: { name: 'an id that is not a UUID is refused', as: 'memberA', call: withBadId },
    foreign: { as: 'memberB', call: onRequest('submitted') },
    more: [
      {
        name: 'an institution member does not see agency-internal history entries',
        run: async () => {
          const request = await requestIn('submitted');
          const assigned = await clients.admin.post(`/api/v1/requests/${request.id}/assignee`, {
            version: request.version,
            assigneeId: world.reviewer.id,
          });
          expectOk(assigned);
          const forAgency = await clients.admin.get(`/api/v1/requests/${request.id}/history`);
          const forMember = await clients.memberA.get(`/api/v1/requests/${request.id}/history`);
          assert.ok(forAgency.body.items.some((e: { action: string }) => e.action === 'assign'));
          assert.ok(!forMember.body.items.some((e: { action: string }) => e.action === 'assign'));
        },
      },
    ],
  },

  listRequestMessages: {
    method: 'GET',
    path: '/api/v1/requests/{id}/messages',
    success: {
      name: "an agency reviewer reads the institution's messages",
      as: 'reviewer',
      call: async () => {
        const request = await requestIn('submitted');
        const posted = await clients.memberA.post(`/api/v1/requests/${request.id}/messages`, {
          body: 'Vai ir vajadzīgs papildu apraksts?',
        });
        expectOk(posted, 201);
        return { params: { id: request.id }, request };
      },
      status: 200,
      expect: (res) => {
        assert.equal(res.body.items.length, 1);
        assert.equal(res.body.items[0].body, 'Vai ir vajadzīgs papildu apraksts?');
        assert.equal(res.body.items[0].author.id, world.memberA.id);
      },
    },
    validation: { name: 'an id that is not a UUID is refused', as: 'memberA', call: withBadId },
    foreign: { as: 'memberB', call: onRequest('submitted') },
  },

  postRequestMessage: {
    method: 'POST',
    path: '/api/v1/requests/{id}/messages',
    success: {
      name: 'an institution member writes to the thread of their request',
      as: 'memberA',
      call: async () => ({
        ...(await onRequest('draft')()),
        body: { body: 'Sveiki! Jautājums par testēšanu.' },
      }),
      status: 201,
      expect: (res) => {
        assert.equal(res.body.body, 'Sveiki! Jautājums par testēšanu.');
        assert.equal(res.body.author.id, world.memberA.id);
        assert.equal(res.body.author.role, 'institution_member');
      },
    },
    validation: {
      name: 'an empty message is refused',
      as: 'memberA',
      call: async () => ({ ...(await onRequest('draft')()), body: { body: '   ' } }),
    },
    foreign: {
      as: 'memberB',
      call: async () => ({ ...(await onRequest('draft')()), body: { body: 'Svešs ziņojums' } }),
    },
  },

  listRequestNotes: {
    method: 'GET',
    path: '/api/v1/requests/{id}/notes',
    success: {
      name: 'an agency reviewer reads the internal notes',
      as: 'reviewer',
      call: async () => {
        const request = await requestIn('submitted');
        const added = await clients.admin.post(`/api/v1/requests/${request.id}/notes`, {
          body: 'Pārbaudīt auditācijas ierakstus.',
        });
        expectOk(added, 201);
        return { params: { id: request.id }, request };
      },
      status: 200,
      expect: (res) => {
        assert.deepEqual(
          res.body.items.map((n: { body: string }) => n.body),
          ['Pārbaudīt auditācijas ierakstus.'],
        );
      },
    },
    validation: { name: 'an id that is not a UUID is refused', as: 'reviewer', call: withBadId },
    forbidden: {
      name: 'an institution member cannot read internal notes on their own request',
      as: 'memberA',
      call: onRequest('submitted'),
    },
    foreign: { as: 'memberB', call: onRequest('submitted') },
  },

  addRequestNote: {
    method: 'POST',
    path: '/api/v1/requests/{id}/notes',
    success: {
      name: 'an agency reviewer adds an internal note',
      as: 'reviewer',
      call: async () => ({ ...(await onRequest('submitted')()), body: { body: 'Iekšēja piezīme.' } }),
      status: 201,
      expect: (res) => {
        assert.equal(res.body.body, 'Iekšēja piezīme.');
        assert.equal(res.body.author.id, world.reviewer.id);
      },
    },
    validation: {
      name: 'an empty note is refused',
      as: 'reviewer',
      call: async () => ({ ...(await onRequest('submitted')()), body: { body: '' } }),
    },
    forbidden: {
      name: 'an institution member cannot add internal notes to their own request',
      as: 'memberA',
      call: async () => ({ ...(await onRequest('submitted')()), body: { body: 'Iestādes piezīme' } }),
    },
    foreign: {
      as: 'memberB',
      call: async () => ({ ...(await onRequest('submitted')()), body: { body: 'Sveša piezīme' } }),
    },
  },

  getWorkflow: {
    method: 'GET',
    path: '/api/v1/workflow',
    success: {
      name: 'a signed-in user reads the procedure as data, naming each action by its operation',
      as: 'memberA',
      call: async () => ({}),
      status: 200,
      expect: (res) => {
        assert.ok(res.body.states.some((s: { id: string }) => s.id === 'draft'));
        const operations = res.body.actions.map((a: { operationId: string }) => a.operationId);
        for (const operationId of operations)
          assert.ok(operationId in matrix, `${operationId} is not in the matrix`);
        assert.ok(res.body.transitions.length > 0);
      },
    },
  },

  health: {
    method: 'GET',
    path: '/healthz',
    isPublic: true,
    unauthenticated: false,
    success: {
      name: 'anyone can see that the server and its database answer',
      as: 'anonymous',
      call: async () => ({}),
      status: 200,
      expect: (res) => assert.deepEqual(res.body, { status: 'ok', database: testDatabaseKind }),
    },
  },

  listOutbox: {
    method: 'GET',
    path: '/api/v1/outbox',
    success: {
      name: "an agency admin lists the outbox by status and sees a submitted request's mail",
      as: 'admin',
      call: async () => {
        const request = await requestIn('submitted');
        return { query: 'status=pending&pageSize=200', expected: request.id };
      },
      status: 200,
      expect: (res, call) => {
        assert.ok(res.body.items.length > 0);
        assert.ok(res.body.items.every((m: { status: string }) => m.status === 'pending'));
        const mine = res.body.items.filter((m: { requestId: string }) => m.requestId === call.expected);
        const templates: string[] = mine.map((m: { template: string }) => m.template);
        // One receipt to the contact; one notice to each active agency user (the matrix adds some).
        assert.equal(templates.filter((x) => x === 'requestReceived').length, 1);
        assert.ok(templates.filter((x) => x === 'requestForReview').length >= 3);
        assert.equal(res.body.pageSize, 200);
      },
    },
    validation: {
      name: 'an unknown status filter is refused',
      as: 'admin',
      call: async () => ({ query: 'status=lost' }),
    },
    forbidden: { name: 'an agency reviewer cannot see the outbox', as: 'reviewer', call: async () => ({}) },
  },

  retryOutboxMessage: {
    method: 'POST',
    path: '/api/v1/outbox/{id}/retry',
    success: {
      name: 'an agency admin sends a failed message again: it is pending with a fresh series of attempts',
      as: 'admin',
      call: async () => ({
        params: { id: await outboxMessage('failed') },
        body: { reason: 'Pasta serveris atkal darbojas' },
      }),
      status: 200,
      expect: async (res, call) => {
        assert.equal(res.body.id, call.params?.id);
        assert.equal(res.body.status, 'pending');
        assert.equal(res.body.attempts, 0);
        const events = await testApp.database.db
          .selectFrom('outbox_message_events')
          .selectAll()
          .where('outbox_message_id', '=', res.body.id)
          .execute();
        assert.deepEqual(
          events.map((e) => [e.action, e.actor_id, e.reason]),
          [['retry', world.admin.id, 'Pasta serveris atkal darbojas']],
        );
      },
    },
    validation: {
      name: 'a message id that is not a UUID is refused',
      as: 'admin',
      call: async () => ({ params: { id: 'not-a-uuid' }, body: {} }),
    },
    forbidden: {
      name: 'an agency reviewer cannot retry mail',
      as: 'reviewer',
      call: async () => ({ params: { id: await outboxMessage('failed') }, body: {} }),
    },
    notFound: {
      name: 'a message that does not exist',
      as: 'admin',
      call: async () => ({ params: { id: randomUUID() }, body: {} }),
    },
    conflict: {
      name: "a message still pending is not retried (it is the worker's)",
      as: 'admin',
      call: async () => ({ params: { id: await outboxMessage('pending') }, body: {} }),
    },
  },

  listDevMailbox: {
    method: 'GET',
    path: '/api/v1/dev-mailbox',
    success: {
      name: 'an agency reviewer reads mail delivered to the development mailbox',
      as: 'reviewer',
      call: async () => {
        const request = await requestIn('submitted');
        // Everything the matrix has enqueued so far is due: deliver rounds until none is left.
        while ((await deliverDueMessages(testApp.database.db, devMailboxTransport())).sent > 0);
        return { query: 'pageSize=200', expected: request.id };
      },
      status: 200,
      expect: (res, call) => {
        const receipt = res.body.items.find(
          (m: { requestId: string; recipient: string }) =>
            m.requestId === call.expected && m.recipient === 'inese.kaleja@iestade.lv',
        );
        assert.ok(receipt, 'the receipt to the contact person is in the mailbox');
        assert.match(receipt.subject, /^Pieteikums saņemts: /);
        assert.match(receipt.text, /Esam saņēmuši pieteikumu/);
      },
    },
    validation: {
      name: 'a page size of zero is refused',
      as: 'reviewer',
      call: async () => ({ query: 'pageSize=0' }),
    },
    forbidden: {
      name: 'an institution member cannot read the development mailbox',
      as: 'memberA',
      call: async () => ({}),
    },
  },

  listConsultations: {
    method: 'GET',
    path: '/api/v1/consultations',
    success: {
      name: "an institution member lists their institution's tickets and not another institution's",
      as: 'memberA',
      call: async () => {
        const own = await openTicket();
        await openTicket('memberB');
        return { query: 'pageSize=200', expected: own.id };
      },
      status: 200,
      expect: (res, call) => {
        assert.ok(res.body.items.some((c: { id: string }) => c.id === call.expected));
        assert.ok(
          res.body.items.every(
            (c: { institution: { id: string } }) => c.institution.id === world.institutionA.id,
          ),
        );
      },
    },
    validation: {
      name: 'an unknown status filter is refused',
      as: 'reviewer',
      call: async () => ({ query: 'status=lost' }),
    },
  },

  createConsultation: {
    method: 'POST',
    path: '/api/v1/consultations',
    success: {
      name: 'an institution member opens a ticket with an attachment; it is open with a reply-by time',
      as: 'memberA',
      call: async () => ({ body: ticketInput([{ filename: 'a.pdf', contentBase64: pdfBase64 }]) }),
      status: 201,
      expect: (res) => {
        assert.equal(res.body.status, 'open');
        assert.ok(res.body.replyBy);
        assert.equal(res.body.messages[0].attachments[0].contentType, 'application/pdf');
      },
    },
    validation: {
      name: 'an empty subject and an unknown category are refused',
      as: 'memberA',
      call: async () => ({ body: { ...ticketInput(), subject: ' ', category: 'gossip' } }),
    },
    forbidden: {
      name: 'an agency reviewer does not open tickets',
      as: 'reviewer',
      call: async () => ({ body: ticketInput() }),
    },
    more: [
      {
        name: 'an executable renamed to .pdf is refused with 415 attachment-type-not-allowed',
        run: async () => {
          const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300)]).toString('base64');
          const res = await clients.memberA.post(
            '/api/v1/consultations',
            ticketInput([{ filename: 'invoice.pdf', contentBase64: exe }]),
          );
          assertProblem(res, 415, '/problems/attachment-type-not-allowed');
        },
      },
      {
        name: 'a file over 10 MiB is refused with 413 attachment-too-large',
        run: async () => {
          const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61).toString('base64');
          const res = await clients.memberA.post(
            '/api/v1/consultations',
            ticketInput([{ filename: 'big.txt', contentBase64: big }]),
          );
          assertProblem(res, 413, '/problems/attachment-too-large');
        },
      },
    ],
  },

  getConsultation: {
    method: 'GET',
    path: '/api/v1/consultations/{id}',
    success: {
      name: 'the agency reads a ticket with its messages, history and the actions it may take',
      as: 'reviewer',
      call: async () => ({ params: { id: (await openTicket()).id } }),
      status: 200,
      expect: (res) => {
        assert.equal(res.body.messages.length, 1);
        assert.equal(res.body.history[0].action, 'open');
        assert.deepEqual(res.body.allowedActions, ['message', 'close']);
        assert.equal(res.body.party, 'agency');
      },
    },
    validation: {
      name: 'an id that is not a UUID is refused',
      as: 'memberA',
      call: async () => ({ params: { id: 'K-1' } }),
    },
    foreign: { as: 'memberB', call: async () => ({ params: { id: (await openTicket()).id } }) },
    notFound: {
      name: 'a ticket that does not exist',
      as: 'reviewer',
      call: async () => ({ params: { id: randomUUID() } }),
    },
  },

  postConsultationMessage: {
    method: 'POST',
    path: '/api/v1/consultations/{id}/messages',
    success: {
      name: 'the agency answers: the ticket is answered and its reply-by time cleared',
      as: 'reviewer',
      call: async () => {
        const ticket = await openTicket();
        return { params: { id: ticket.id }, body: { version: ticket.version, body: 'Atbilde.' } };
      },
      status: 201,
      expect: (res) => {
        assert.equal(res.body.status, 'answered');
        assert.equal(res.body.replyBy, null);
        assert.equal(res.body.messages.at(-1).author.party, 'agency');
      },
    },
    validation: {
      name: 'an empty message is refused',
      as: 'memberA',
      call: async () => {
        const ticket = await openTicket();
        return { params: { id: ticket.id }, body: { version: ticket.version, body: '  ' } };
      },
    },
    foreign: {
      as: 'memberB',
      call: async () => {
        const ticket = await openTicket();
        return { params: { id: ticket.id }, body: { version: ticket.version, body: 'Sveiki' } };
      },
    },
    notFound: {
      name: 'a ticket that does not exist',
      as: 'reviewer',
      call: async () => ({ params: { id: randomUUID() }, body: { version: 1, body: 'Sveiki' } }),
    },
    stale: {
      as: 'memberA',
      call: async () => {
        const ticket = await openTicket();
        await clients.reviewer.post(`/api/v1/consultations/${ticket.id}/messages`, {
          version: ticket.version,
          body: 'Atbilde.',
        });
        return {
          params: { id: ticket.id },
          body: { version: ticket.version, body: 'Paldies' },
          currentVersion: ticket.version + 1,
        };
      },
    },
  },

  closeConsultation: {
    method: 'POST',
    path: '/api/v1/consultations/{id}/close',
    success: {
      name: 'the institution closes its ticket with a reason, which the history shows',
      as: 'memberA',
      call: async () => {
        const ticket = await openTicket();
        return { params: { id: ticket.id }, body: { version: ticket.version, reason: 'Atrisināts' } };
      },
      status: 200,
      expect: (res) => {
        assert.equal(res.body.status, 'closed');
        assert.equal(res.body.history.at(-1).reason, 'Atrisināts');
        assert.deepEqual(res.body.allowedActions, ['message']);
      },
    },
    validation: {
      name: 'a close without a version is refused',
      as: 'memberA',
      call: async () => ({ params: { id: (await openTicket()).id }, body: {} }),
    },
    foreign: {
      as: 'memberB',
      call: async () => {
        const ticket = await openTicket();
        return { params: { id: ticket.id }, body: { version: ticket.version } };
      },
    },
    notFound: {
      name: 'a ticket that does not exist',
      as: 'reviewer',
      call: async () => ({ params: { id: randomUUID() }, body: { version: 1 } }),
    },
    stale: {
      as: 'reviewer',
      call: async () => {
        const ticket = await openTicket();
        await clients.memberA.post(`/api/v1/consultations/${ticket.id}/messages`, {
          version: ticket.version,
          body: 'Papildinājums',
        });
        return {
          params: { id: ticket.id },
          body: { version: ticket.version },
          currentVersion: ticket.version + 1,
        };
      },
    },
    invalidTransition: {
      name: 'a closed ticket cannot be closed again',
      as: 'reviewer',
      call: async () => {
        const ticket = await openTicket();
        const closed = await clients.memberA.post(`/api/v1/consultations/${ticket.id}/close`, {
          version: ticket.version,
        });
        expectOk(closed);
        return { params: { id: ticket.id }, body: { version: closed.body.version } };
      },
    },
  },

  downloadConsultationAttachment: {
    method: 'GET',
    path: '/api/v1/consultations/{id}/attachments/{attachmentId}',
    success: {
      name: 'an attachment comes back byte for byte as a download with nosniff',
      as: 'reviewer',
      call: async () => {
        const ticket = await openTicket('memberA', [{ filename: 'Pārskats.pdf', contentBase64: pdfBase64 }]);
        return { params: { id: ticket.id, attachmentId: ticket.messages[0].attachments[0].id } };
      },
      status: 200,
      contentType: /^application\/pdf/,
      expect: (res) => {
        assert.equal(res.raw.toString('base64'), pdfBase64);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.match(
          String(res.headers['content-disposition']),
          /^attachment; .*filename\*=UTF-8''P%C4%81rskats\.pdf/,
        );
      },
    },
    validation: {
      name: 'an attachment id that is not a UUID is refused',
      as: 'reviewer',
      call: async () => ({ params: { id: randomUUID(), attachmentId: 'x' } }),
    },
    foreign: {
      as: 'memberB',
      call: async () => {
        const ticket = await openTicket('memberA', [{ filename: 'a.pdf', contentBase64: pdfBase64 }]);
        return { params: { id: ticket.id, attachmentId: ticket.messages[0].attachments[0].id } };
      },
    },
    notFound: {
      name: 'an attachment that is not on this ticket',
      as: 'reviewer',
      call: async () => ({ params: { id: (await openTicket()).id, attachmentId: randomUUID() } }),
    },
  },

  listQuarantine: {
    method: 'GET',
    path: '/api/v1/support-mailbox/quarantine',
    success: {
      name: 'an agency reviewer lists mail waiting in quarantine, filtered by reason',
      as: 'reviewer',
      call: async () => ({ query: 'reason=unknown_sender&pageSize=200', expected: await quarantinedMail() }),
      status: 200,
      expect: (res, call) => {
        const item = res.body.items.find((m: { id: string }) => m.id === call.expected);
        assert.ok(item, 'the quarantined mail is listed');
        assert.equal(item.reason, 'unknown_sender');
        assert.equal(item.attachmentCount, 1);
        assert.ok(res.body.items.every((m: { reason: string }) => m.reason === 'unknown_sender'));
      },
    },
    validation: {
      name: 'an unknown reason is refused',
      as: 'reviewer',
      call: async () => ({ query: 'reason=bored' }),
    },
    forbidden: {
      name: 'an institution member cannot see the quarantine',
      as: 'memberA',
      call: async () => ({}),
    },
  },

  getInboundMail: {
    method: 'GET',
    path: '/api/v1/support-mailbox/mails/{id}',
    success: {
      name: 'an agency reviewer reads a received mail with its attachments and history',
      as: 'reviewer',
      call: async () => ({ params: { id: await quarantinedMail() } }),
      status: 200,
      expect: (res, call) => {
        assert.equal(res.body.id, call.params?.id);
        assert.equal(res.body.status, 'quarantined');
        assert.equal(res.body.fromAddress, 'nezinams@example.com');
        assert.equal(res.body.attachments[0].filename, 'piezīmes.txt');
        assert.deepEqual(
          res.body.events.map((e: { action: string }) => e.action),
          ['receive', 'quarantine'],
        );
      },
    },
    validation: {
      name: 'a mail id that is not a UUID is refused',
      as: 'reviewer',
      call: async () => ({ params: { id: 'not-a-uuid' } }),
    },
    forbidden: {
      name: 'an institution member cannot read the support mailbox',
      as: 'memberA',
      call: async () => ({ params: { id: await quarantinedMail() } }),
    },
    notFound: {
      name: 'a mail that does not exist',
      as: 'reviewer',
      call: async () => ({ params: { id: randomUUID() } }),
    },
  },

  downloadInboundMailRaw: {
    method: 'GET',
    path: '/api/v1/support-mailbox/mails/{id}/raw',
    success: {
      name: 'an agency reviewer downloads the mail exactly as received',
      as: 'reviewer',
      call: async () => ({ params: { id: await quarantinedMail() } }),
      status: 200,
      contentType: /^message\/rfc822/,
      expect: (res) => {
        assert.match(String(res.headers['content-disposition']), /^attachment; filename=".+\.eml"/);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.match(res.raw.toString('utf8'), /^From: Nezināms <nezinams@example.com>/);
      },
    },
    validation: {
      name: 'a mail id that is not a UUID is refused',
      as: 'reviewer',
      call: async () => ({ params: { id: 'not-a-uuid' } }),
    },
    forbidden: {
      name: 'an institution member cannot download received mail',
      as: 'memberA',
      call: async () => ({ params: { id: await quarantinedMail() } }),
    },
    notFound: {
      name: 'a mail that does not exist',
      as: 'reviewer',
      call: async () => ({ params: { id: randomUUID() } }),
    },
  },

  downloadInboundMailAttachment: {
    method: 'GET',
    path: '/api/v1/support-mailbox/mails/{id}/attachments/{attachmentId}',
    success: {
      name: 'an agency reviewer downloads an attachment, always as a download',
      as: 'reviewer',
      call: async () => {
        const id = await quarantinedMail();
        return { params: { id, attachmentId: await attachmentOf(id) } };
      },
      status: 200,
      contentType: /^application\/octet-stream/,
      expect: (res) => {
        assert.match(String(res.headers['content-disposition']), /^attachment;.*filename\*=UTF-8''pie/);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.equal(res.raw.toString('utf8'), 'Piezīmes par pakalpi.');
      },
    },
    validation: {
      name: 'an attachment id that is not a UUID is refused',
      as: 'reviewer',
      call: async () => ({ params: { id: await quarantinedMail(), attachmentId: 'x' } }),
    },
    forbidden: {
      name: 'an institution member cannot download attachments of received mail',
      as: 'memberA',
      call: async () => {
        const id = await quarantinedMail();
        return { params: { id, attachmentId: await attachmentOf(id) } };
      },
    },
    notFound: {
      name: 'an attachment of another mail',
      as: 'reviewer',
      call: async () => {
        const other = await quarantinedMail();
        return { params: { id: await quarantinedMail(), attachmentId: await attachmentOf(other) } };
      },
    },
  },

  releaseQuarantinedMail: {
    method: 'POST',
    path: '/api/v1/support-mailbox/mails/{id}/release',
    success: {
      name: "an agency reviewer releases a quarantined mail into a request's thread in a member's name",
      as: 'reviewer',
      call: async () => {
        const request = await requestIn('submitted');
        const id = await quarantinedMail();
        return {
          params: { id },
          body: {
            action: 'deliverToRequest',
            requestId: request.id,
            authorUserId: world.memberA.id,
            version: 2,
            comment: 'Rakstīja no privātās adreses',
          },
          expected: request.id,
        };
      },
      status: 200,
      expect: async (res, call) => {
        assert.equal(res.body.status, 'released');
        assert.deepEqual(
          [res.body.routed.kind, res.body.routed.targetId],
          ['request_message', call.expected],
        );
        const thread = await clients.memberA.get(`/api/v1/requests/${call.expected}/messages`);
        assert.deepEqual(
          thread.body.items.map((m: { body: string }) => m.body),
          [
            'Sveiki, vai pakalpe jau ir produkcijā?\n\n[E-pasta pielikumi / e-mail attachments: piezīmes.txt]',
          ],
        );
      },
    },
    validation: {
      name: 'a release without a known action is refused',
      as: 'reviewer',
      call: async () => ({
        params: { id: await quarantinedMail() },
        body: { action: 'forward', version: 2 },
      }),
    },
    forbidden: {
      name: 'an institution member cannot release quarantined mail',
      as: 'memberA',
      call: async () => ({
        params: { id: await quarantinedMail() },
        body: { action: 'reject', reason: 'Nav mans', version: 2 },
      }),
    },
    notFound: {
      name: 'a mail that does not exist',
      as: 'reviewer',
      call: async () => ({
        params: { id: randomUUID() },
        body: { action: 'reject', reason: 'Nav', version: 2 },
      }),
    },
    stale: {
      as: 'reviewer',
      call: async () => ({
        params: { id: await quarantinedMail() },
        body: { action: 'reject', reason: 'Surogātpasts', version: 1 },
        currentVersion: 2,
      }),
    },
    invalidTransition: {
      name: 'a mail already rejected cannot be released',
      as: 'reviewer',
      call: async () => {
        const id = await quarantinedMail();
        expectOk(
          await clients.reviewer.post(`/api/v1/support-mailbox/mails/${id}/release`, {
            action: 'reject',
            reason: 'Surogātpasts',
            version: 2,
          }),
        );
        return { params: { id }, body: { action: 'reject', reason: 'Vēlreiz', version: 3 } };
      },
    },
  },
};

// --- Support mailbox ---------------------------------------------------------------------------------

const mailboxDeps = {
  supportAddress: 'atbalsts@pakalpe.example.lv',
  tokenSecret: 'route-matrix-token-secret-0123456789abcdef',
  consultations: consultationPort,
  publicUrl: 'http://127.0.0.1:8080',
};

/** A mail from an unknown sender, received and routed (so quarantined, at version 2), with one attachment. */
async function quarantinedMail(): Promise<string> {
  const raw = Buffer.from(
    [
      'From: Nezināms <nezinams@example.com>',
      'To: atbalsts@pakalpe.example.lv',
      'Subject: Jautājums',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Sveiki, vai pakalpe jau ir produkcijā?',
      '--b',
      "Content-Type: text/plain; charset=utf-8; name*=UTF-8''piez%C4%ABmes.txt",
      "Content-Disposition: attachment; filename*=UTF-8''piez%C4%ABmes.txt",
      'Content-Transfer-Encoding: 8bit',
      '',
      'Piezīmes par pakalpi.',
      '--b--',
      '',
    ].join('\r\n'),
  );
  const db = testApp.database.db;
  const id = await storeReceivedMail(db, {
    envelopeFrom: 'nezinams@example.com',
    envelopeTo: ['atbalsts@pakalpe.example.lv'],
    remoteAddress: '127.0.0.1',
    raw,
  });
  const outcome = await routeReceivedMail(db, mailboxDeps, id);
  assert.deepEqual(outcome, { status: 'quarantined', reason: 'unknown_sender' });
  return id;
}

async function attachmentOf(mailId: string): Promise<string> {
  const row = await testApp.database.db
    .selectFrom('inbound_mail_attachments')
    .select('id')
    .where('inbound_mail_id', '=', mailId)
    .executeTakeFirstOrThrow();
  return row.id;
}

// --- Outbox ------------------------------------------------------------------------------------------

/**
 * The id of one outbox row of a freshly submitted request, in `status`. A failed row is made so
 * directly: getting there through the worker takes ten refused SMTP attempts (tests/mail-delivery.test.ts).
 */
async function outboxMessage(status: 'pending' | 'failed'): Promise<string> {
  const request = await requestIn('submitted');
  const db = testApp.database.db;
  const row = await db
    .selectFrom('outbox_messages')
    .select('id')
    .where('request_id', '=', request.id)
    .where('template', '=', 'requestReceived')
    .executeTakeFirstOrThrow();
  if (status === 'failed') {
    await db
      .updateTable('outbox_messages')
      .set({ status: 'failed', attempts: 10, last_error: 'connect ECONNREFUSED 127.0.0.1:25' })
      .where('id', '=', row.id)
      .execute();
  }
  return row.id;
}

function catalogServiceBody() {
  const tag = unique();
  return {
    identifier: `URN:IVIS:100001:NEW${tag}-V1-0`,
    name: `Jauna pakalpe ${tag}`,
    protocol: 'rest',
    endpointUrl: `https://viss-test.example.lv/new/${tag}`,
    institutionId: world.institutionA.id,
    informationSystem: { code: `IS-NEW-${tag}`, name: `Jauna sistēma ${tag}` },
  };
}

const personsApi = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Personas', version: '1.0' },
  servers: [{ url: 'https://viss-test.example.lv/persons' }],
  paths: {
    '/persons/{code}': {
      get: {
        operationId: 'getPerson',
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'Persona' } },
      },
    },
  },
});

function describedApi() {
  return { main: 'api.json', files: [{ name: 'api.json', content: personsApi }] };
}

const personsWsdl = `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:test" targetNamespace="urn:test">
  <wsdl:types><xs:schema targetNamespace="urn:test">
    <xs:element name="GetPerson"><xs:complexType><xs:sequence><xs:element name="code" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
    <xs:element name="GetPersonResult"><xs:complexType><xs:sequence><xs:element name="name" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
  </xs:schema></wsdl:types>
  <wsdl:message name="In"><wsdl:part name="body" element="tns:GetPerson"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="body" element="tns:GetPersonResult"/></wsdl:message>
  <wsdl:portType name="Persons"><wsdl:operation name="GetPerson"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation></wsdl:portType>
</wsdl:definitions>`;

let serviceADescribed: Promise<string> | undefined;
/** Service A of the world, with a description registered in the test catalog (once per run). */
function describedServiceA(): Promise<string> {
  serviceADescribed ??= clients.admin
    .post(`/api/v1/catalog/services/${world.serviceA.id}/description`, {
      main: 'persons.wsdl',
      files: [{ name: 'persons.wsdl', content: personsWsdl }],
    })
    .then((res) => {
      expectOk(res, 201);
      return world.serviceA.id;
    });
  return serviceADescribed;
}

/** A new service of institution A with the same description registered in the test catalog. */
async function describedService(): Promise<string> {
  const service = await makeTestService(testApp.database.db, world.institutionA.id);
  const res = await clients.admin.post(`/api/v1/catalog/services/${service.id}/description`, {
    main: 'persons.wsdl',
    files: [{ name: 'persons.wsdl', content: personsWsdl }],
  });
  expectOk(res, 201);
  return service.id;
}

async function saveRuleset(settings: object, reason: string): Promise<{ version: number }> {
  const current = await clients.admin.get('/api/v1/rules');
  const res = await clients.admin.put('/api/v1/rules/settings', {
    basedOn: current.body.version,
    settings,
    reason,
  });
  expectOk(res);
  return res.body;
}

/** A valid personal code, different every time (old style: six digits, hyphen, five). */
function personalCodeForMatrix(): string {
  const n = (digits: number) => String(Math.floor(Math.random() * 10 ** digits)).padStart(digits, '0');
  return `${n(6)}-${n(5)}`;
}

/** A new register entry of institution A (or another), added by the admin. */
async function representative(
  institutionId = world.institutionA.id,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; version: number }> {
  const res = await clients.admin.post(`/api/v1/institutions/${institutionId}/representatives`, {
    personalCode: personalCodeForMatrix(),
    name: 'Pēteris Liepa',
    ...overrides,
  });
  expectOk(res, 201);
  return res.body;
}

async function institutionVersion(id: string): Promise<number | undefined> {
  const res = await clients.admin.get('/api/v1/institutions');
  return res.body.items.find((i: { id: string; version: number }) => i.id === id)?.version;
}

// --- Trusted lists ---------------------------------------------------------------------------------

let trustListSequence = 1000;
const nextTrustListSequence = () => {
  trustListSequence += 1;
  return trustListSequence;
};
let listedCa: Promise<KeyedCertificate> | undefined;

/** A Latvian trusted list (unsigned) with one CA/QC, base64 as the API takes it. */
async function trustListBase64(sequenceNumber: number): Promise<string> {
  listedCa ??= createRootCa('Matricas CA', {
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
  });
  const ca = await listedCa;
  const xml = await buildTrustList({
    territory: 'LV',
    sequenceNumber,
    issuedAt: new Date(),
    services: [
      {
        name: 'Matricas CA',
        type: 'CA/QC',
        certificate: ca.certificate,
        history: [{ status: 'granted', from: new Date('2025-01-01T00:00:00Z') }],
      },
    ],
  });
  return Buffer.from(xml).toString('base64');
}

/** A new Latvian list, newer than every one before it, loaded by the admin (so in force). */
async function trustList(): Promise<{ id: string; sequenceNumber: number }> {
  const res = await clients.admin.post('/api/v1/trust-lists', {
    xmlBase64: await trustListBase64(nextTrustListSequence()),
  });
  expectOk(res, 201);
  return res.body;
}

// --- Audit records ----------------------------------------------------------------------------------

/** A valid audit record of institution A's service, in the default test period (October 2026). */
function auditRecord(overrides: Record<string, unknown> = {}) {
  return {
    messageId: randomUUID(),
    senderType: 'system',
    senderId: 'CERT:IS-TEST',
    consumerInstitution: '90000000022',
    service: world.serviceA.identifier,
    operation: 'SaņemtDatus',
    requestInAt: '2026-10-12T08:00:00.000Z',
    responseOutAt: '2026-10-12T08:00:00.140Z',
    result: 'success',
    ...overrides,
  };
}

async function importRecords(records: unknown[]): Promise<void> {
  const res = await clients.reviewer.post('/api/v1/audit/records', records);
  expectOk(res);
}

function bulkCall(request: RequestView): Call {
  return {
    params: { id: request.id },
    body: { version: request.version, correctionIds: request.corrections.map((c) => c.id) },
    request,
  };
}

/** In review again with its one correction resolved. */
async function requestWithResolvedCorrection(): Promise<RequestView> {
  const request = await requestWithOpenCorrection();
  const res = await clients.reviewer.post(`/api/v1/requests/${request.id}/corrections/resolve`, {
    version: request.version,
    correctionIds: request.corrections.map((c) => c.id),
  });
  expectOk(res);
  return res.body;
}

function correctionCall(request: RequestView): Call {
  const correction = request.corrections[0];
  if (!correction) throw new Error('the request has no correction');
  return {
    params: { id: request.id, correctionId: correction.id },
    body: { version: request.version },
    request,
  };
}

// --- The tests ---------------------------------------------------------------------------------------

/** A refused write leaves the request as it was. */
async function assertUnchanged(call: Call): Promise<void> {
  if (!call.request) return;
  // The institution sees its request in every state (the agency sees a draft only once submitted).
  const now = await clients.memberA.get(`/api/v1/requests/${call.request.id}`);
  expectOk(now);
  assert.equal(now.body.version, call.request.version, 'the refused call changed the version');
  assert.equal(now.body.state, call.request.state, 'the refused call changed the state');
}

describe('API route matrix', () => {
  before(async () => {
    testApp = await startTestApp();
    world = await makeWorld(testApp.database.db);
    const logIn = (user: { email: string; password: string }) =>
      ApiClient.logIn(testApp.app, user.email, user.password);
    clients = {
      anonymous: new ApiClient(testApp.app),
      admin: await logIn(world.admin),
      reviewer: await logIn(world.reviewer),
      reviewer2: await logIn(world.reviewer2),
      memberA: await logIn(world.memberA),
      memberB: await logIn(world.memberB),
    };
  });
  after(async () => {
    await testApp?.close();
  });

  it('the matrix lists every operation of the OpenAPI document, with its method and path', async () => {
    const res = await clients.anonymous.get('/api/openapi.json');
    expectOk(res);
    const documented: string[] = [];
    for (const [path, operations] of Object.entries(
      res.body.paths as Record<string, Record<string, { operationId?: string }>>,
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        documented.push(`${operation.operationId ?? '(no operationId)'} ${method.toUpperCase()} ${path}`);
      }
    }
    const untested = documented.filter((d) => !((d.split(' ')[0] ?? '') in matrix));
    assert.deepEqual(untested, [], `operations without a row in the route matrix: ${untested.join(', ')}`);
    const listed = Object.entries(matrix).map(([id, route]) => `${id} ${route.method} ${route.path}`);
    assert.deepEqual(documented.sort(), listed.sort());
  });

  for (const [operationId, route] of Object.entries(matrix)) {
    describe(`${operationId} (${route.method} ${route.path})`, () => {
      it(route.success.name, async () => {
        const call = await route.success.call();
        const res = await send(route, route.success.as, call);
        expectOk(res, route.success.status);
        if (route.success.status !== 204)
          assert.match(
            String(res.headers['content-type']),
            route.success.contentType ?? /^application\/json/,
          );
        await route.success.expect(res, call);
      });

      const { validation } = route;
      if (validation) {
        it(`${validation.name}: 400 validation problem listing the fields`, async () => {
          const call = await validation.call();
          const res = await send(route, validation.as, call);
          assertProblem(res, 400, '/problems/validation');
          assert.ok(Array.isArray(res.body.errors) && res.body.errors.length > 0, 'errors[] is empty');
          for (const error of res.body.errors) {
            assert.equal(typeof error.path, 'string');
            assert.equal(typeof error.message, 'string');
          }
          await assertUnchanged(call);
        });
      }

      const { unauthenticated } = route;
      if (unauthenticated) {
        it(unauthenticated.name, async () => {
          const res = await send(route, unauthenticated.as, await unauthenticated.call());
          assertProblem(res, 401, '/problems/unauthenticated');
        });
      } else if (unauthenticated === undefined && !route.isPublic) {
        it('a caller without credentials gets 401', async () => {
          const params = Object.fromEntries(
            [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], randomUUID()]),
          );
          const res = await send(route, 'anonymous', {
            params,
            body: route.method === 'GET' ? undefined : {},
          });
          assertProblem(res, 401, '/problems/unauthenticated');
        });
      }

      const { forbidden } = route;
      if (forbidden) {
        it(`${forbidden.name} (403)`, async () => {
          const call = await forbidden.call();
          const res = await send(route, forbidden.as, call);
          assertProblem(res, 403, '/problems/forbidden');
          await assertUnchanged(call);
        });
      }

      const { foreign } = route;
      if (foreign) {
        it("an institution member gets 404, not 403, for another institution's request", async () => {
          const call = await foreign.call();
          const res = await send(route, foreign.as, call);
          assertProblem(res, 404, '/problems/not-found');
          await assertUnchanged(call);
        });
      }

      const { notFound } = route;
      if (notFound) {
        it(`${notFound.name} (404)`, async () => {
          const res = await send(route, notFound.as, await notFound.call());
          assertProblem(res, 404, '/problems/not-found');
        });
      }

      const { stale } = route;
      if (stale) {
        it('a write with an old version is refused with 409 stale-version and the current version', async () => {
          const call = await stale.call();
          const res = await send(route, stale.as, call);
          assertProblem(res, 409, '/problems/stale-version');
          assert.equal(res.body.currentVersion, call.currentVersion ?? call.request?.version);
          await assertUnchanged(call);
        });
      }

      const { invalidTransition } = route;
      if (invalidTransition) {
        it(`${invalidTransition.name}: 409 invalid transition`, async () => {
          const call = await invalidTransition.call();
          const res = await send(route, invalidTransition.as, call);
          assertProblem(res, 409, '/problems/invalid-transition');
          await assertUnchanged(call);
        });
      }

      const { conflict } = route;
      if (conflict) {
        it(`${conflict.name}: 409 conflict`, async () => {
          const res = await send(route, conflict.as, await conflict.call());
          assertProblem(res, 409, conflict.type ?? '/problems/conflict');
        });
      }

      for (const extra of route.more ?? []) it(extra.name, extra.run);
    });
  }

  describe('CSRF protection', () => {
    it('a cookie-authenticated write without the x-csrf-token header is refused with 403 and does nothing', async () => {
      const name = `no-csrf ${unique()}`;
      const res = await clients.memberA.withoutCsrf().post('/api/v1/me/tokens', { name });
      assertProblem(res, 403, '/problems/csrf');
      const tokens = await clients.memberA.get('/api/v1/me/tokens');
      assert.ok(!tokens.body.items.some((t: { name: string }) => t.name === name));
    });

    it('a cookie-authenticated workflow action without the CSRF token leaves the request unchanged', async () => {
      const request = await requestIn('draft');
      const res = await clients.memberA.withoutCsrf().post(`/api/v1/requests/${request.id}/submit`, {
        version: request.version,
      });
      assertProblem(res, 403, '/problems/csrf');
      await assertUnchanged({ request });
    });

    it("a cookie-authenticated write with another session's CSRF token is refused", async () => {
      const login = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: world.memberA.email, password: world.memberA.password },
      });
      const cookie = login.cookies.find((c) => c.name.endsWith('pakalpe_session'));
      const otherSession = await clients.memberA.get('/api/v1/session');
      assert.notEqual(otherSession.body.csrfToken, login.json().csrfToken);
      const res = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/me/tokens',
        headers: { cookie: `${cookie?.name}=${cookie?.value}`, 'x-csrf-token': otherSession.body.csrfToken },
        payload: { name: 'wrong csrf' },
      });
      assert.equal(res.statusCode, 403);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(res.json().type, '/problems/csrf');
    });

    it('a cookie-authenticated read needs no CSRF token', async () => {
      const res = await clients.memberA.withoutCsrf().get('/api/v1/session');
      expectOk(res);
      assert.equal(res.body.user.id, world.memberA.id);
    });

    it('a Bearer-token write needs no CSRF token', async () => {
      const created = await clients.memberA.post('/api/v1/me/tokens', { name: `bearer ${unique()}` });
      expectOk(created, 201);
      const bearer = new ApiClient(testApp.app, { bearer: created.body.token });
      const service = await makeTestService(testApp.database.db, world.institutionA.id);
      const res = await bearer.post('/api/v1/requests', requestInput(service.id));
      expectOk(res, 201);
      assert.equal(res.body.state, 'draft');
      assert.equal(res.body.institution.id, world.institutionA.id);
    });
  });
});
