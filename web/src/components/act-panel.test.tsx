import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import type { ActView, ContainerReport } from '../api/act-queries';
import { type RequestView, requestKeys } from '../api/request-queries';
import { i18n } from '../i18n';
import { answer, lastCall, resetServer } from '../routes/agency-test-api';
import { VerifyContainerPage } from '../routes/verify-container';
import { ActPanel } from './act-panel';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('../routes/agency-test-api')).fakeApi(),
}));

const requestId = '0190a1b2-0000-7000-8000-0000000000a1';
const request = {
  id: requestId,
  version: 7,
  state: 'acceptance',
  usedInVissInfrastructure: true,
} as RequestView;
const person = { id: '0190a1b2-0000-7000-8000-000000000002', displayName: 'Jānis Ozoliņš' };

const passed = {
  signatureValue: 'passed',
  documentDigest: 'passed',
  signedProperties: 'passed',
  trustedChain: 'passed',
  validAtSigningTime: 'passed',
  nonRepudiation: 'passed',
  timestamp: 'passed',
  revocation: 'passed',
  party: 'passed',
} as const;

function signature(
  file: string,
  party: 'agency' | 'institution',
  commonName: string,
): ContainerReport['signatures'][number] {
  return {
    file,
    id: 'S0',
    valid: true,
    level: 'LT',
    qualification: 'not_determined',
    representative: null,
    party,
    signer: {
      commonName,
      organisation:
        party === 'agency' ? 'Valsts reģionālās attīstības aģentūra' : 'Nacionālais reģistru centrs',
      organisationIdentifier: party === 'agency' ? 'NTRLV-90000000001' : 'NTRLV-90000000011',
      subject: `CN=${commonName}`,
      issuer: 'CN=Pakalpe demo CA',
      serialNumber: null,
      certificateSerialNumber: '01',
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2029-01-01T00:00:00.000Z',
      sha256: 'ab'.repeat(32),
    },
    signingTime: '2026-11-25T09:30:00.000Z',
    provenTime: '2026-11-25T09:30:02.000Z',
    timestamps: [
      { kind: 'signature', time: '2026-11-25T09:30:02.000Z', tsa: 'Pakalpe demo TSA', valid: true },
    ],
    revocation: {
      source: 'embedded',
      status: 'good',
      producedAt: '2026-11-25T09:30:03.000Z',
      responder: 'OCSP',
    },
    policy: null,
    claimedRoles: [],
    checks: passed,
    counterSignatures: [],
    problems: [],
    warnings: [],
    notChecked: [],
  };
}

const actDocument = {
  name: 'AA-2026-0007-v1.pdf',
  mimeType: 'application/pdf',
  sha256: 'cd'.repeat(32),
  size: 36_000,
};
const agencyOnly: ContainerReport = {
  readable: true,
  valid: false,
  documents: [actDocument],
  document: actDocument,
  warnings: [],
  trust: [{ kind: 'demo', name: 'Pakalpe demo CA' }],
  signatures: [signature('META-INF/signatures0.xml', 'agency', 'Jānis Ozoliņš')],
  parties: [
    {
      party: 'agency',
      name: 'Valsts reģionālās attīstības aģentūra',
      registrationNumber: '90000000001',
      signed: true,
    },
    {
      party: 'institution',
      name: 'Nacionālais reģistru centrs',
      registrationNumber: '90000000011',
      signed: false,
    },
  ],
  problems: [
    {
      code: 'missing_signature',
      params: { party: 'Nacionālais reģistru centrs' },
      text: {
        lv: 'Trūkst derīga paraksta no puses: Nacionālais reģistru centrs.',
        en: 'A valid signature of this party is missing: Nacionālais reģistru centrs.',
      },
    },
  ],
};

const issuedAct = {
  id: '0190a1b2-0000-7000-8000-0000000000b1',
  number: 'AA-2026-0007',
  version: 1,
  language: 'lv',
  fileName: 'AA-2026-0007-v1.pdf',
  sha256: 'cd'.repeat(32),
  size: 36_000,
  issuedAt: '2026-11-25T09:30:00.000Z',
  issuedBy: person,
  supersededBy: null,
  current: true,
  containers: [
    {
      id: '0190a1b2-0000-7000-8000-0000000000c1',
      source: 'issued',
      valid: true,
      complete: false,
      createdAt: '2026-11-25T09:30:00.000Z',
      createdBy: person,
      report: agencyOnly,
    },
  ],
} as const;

function view(overrides: Partial<ActView>): ActView {
  return {
    requestId,
    current: null,
    versions: [],
    canIssue: false,
    canUpload: false,
    signing: 'pkcs12',
    ...overrides,
  } as ActView;
}

function renderPanel(node = <ActPanel request={request} />) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(requestKeys.detail(requestId), request);
  return render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter>{node}</MemoryRouter>
      </QueryClientProvider>
    </I18nextProvider>,
  );
}

beforeEach(() => {
  resetServer();
  answer('GET', `/api/v1/requests/${requestId}`, { status: 200, body: request });
  answer('GET', `/api/v1/requests/${requestId}/history`, { status: 200, body: { items: [] } });
});

test('the reviewer issues the act in one action, in the language chosen, with the version read', async () => {
  answer('GET', `/api/v1/requests/${requestId}/act`, { status: 200, body: view({ canIssue: true }) });
  answer('POST', `/api/v1/requests/${requestId}/act`, {
    status: 201,
    body: view({ current: issuedAct as never, versions: [issuedAct as never], canIssue: true }),
  });
  renderPanel();
  expect(await screen.findByText('Akts vēl nav sagatavots.')).toBeTruthy();
  fireEvent.change(screen.getByLabelText('Akta valoda'), { target: { value: 'en' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sagatavot un parakstīt aktu' }));
  expect(
    await screen.findByText('Akts AA-2026-0007 (1. versija) sagatavots un parakstīts aģentūras vārdā.'),
  ).toBeTruthy();
  expect(lastCall('POST', `/api/v1/requests/${requestId}/act`)?.body).toEqual({ version: 7, language: 'en' });
});

test('both parties see the current act with its downloads and the agency-only report saying what is missing', async () => {
  answer('GET', `/api/v1/requests/${requestId}/act`, {
    status: 200,
    body: view({ current: issuedAct as never, versions: [issuedAct as never], canUpload: true }),
  });
  renderPanel();
  expect(await screen.findByText('Akts AA-2026-0007, 1. versija')).toBeTruthy();
  const pdf = screen.getByRole('link', { name: 'Lejupielādēt PDF' });
  expect(pdf.getAttribute('href')).toBe(`/api/v1/requests/${requestId}/act/pdf?version=1`);
  expect(screen.getByRole('link', { name: /Lejupielādēt parakstāmo konteineru/ }).getAttribute('href')).toBe(
    `/api/v1/requests/${requestId}/act/container?version=1`,
  );
  expect(screen.getByText('Trūkst derīga paraksta no puses: Nacionālais reģistru centrs.')).toBeTruthy();
  expect(screen.getByText('Nacionālais reģistru centrs: paraksta nav')).toBeTruthy();
  expect(screen.getByRole('heading', { name: /Augšupielādēt parakstīto aktu/ })).toBeTruthy();
  expect(screen.queryByRole('button', { name: /Sagatavot/ })).toBeNull();
});

test('a refused upload shows the reasons from the verification report and says nothing changed', async () => {
  answer('GET', `/api/v1/requests/${requestId}/act`, {
    status: 200,
    body: view({ current: issuedAct as never, versions: [issuedAct as never], canUpload: true }),
  });
  const foreign = {
    ...agencyOnly,
    signatures: [
      agencyOnly.signatures[0],
      {
        ...signature('META-INF/signatures1.xml', 'institution', 'Ģirts Svešais'),
        valid: false,
        party: null,
        checks: { ...passed, party: 'failed' },
        problems: [
          {
            code: 'unknown_signer',
            params: { subject: 'CN=Ģirts Svešais' },
            text: {
              lv: 'Parakstītājs “CN=Ģirts Svešais” nepārstāv nevienu no akta pusēm.',
              en: 'The signer “CN=Ģirts Svešais” does not represent either party of the act.',
            },
          },
        ],
      },
    ],
  };
  answer('POST', `/api/v1/requests/${requestId}/act/containers`, {
    status: 422,
    body: {
      type: '/problems/invalid-container',
      title: 'The signed container is not accepted',
      status: 422,
      code: 'invalid_container',
      report: foreign,
    },
  });
  renderPanel();
  const input = await screen.findByLabelText('Parakstītais konteiners');
  fireEvent.click(screen.getByRole('button', { name: 'Augšupielādēt un pārbaudīt' }));
  expect(await screen.findByText('Izvēlieties failu.')).toBeTruthy();

  const file = new File([new Uint8Array([0x50, 0x4b, 3, 4])], 'akts.asice', {
    type: 'application/vnd.etsi.asic-e+zip',
  });
  fireEvent.change(input, { target: { files: [file] } });
  fireEvent.click(screen.getByRole('button', { name: 'Augšupielādēt un pārbaudīt' }));
  expect(await screen.findByText(/Konteiners netika pieņemts/)).toBeTruthy();
  expect(screen.getByText('Parakstītājs “CN=Ģirts Svešais” nepārstāv nevienu no akta pusēm.')).toBeTruthy();
  await waitFor(() =>
    expect(lastCall('POST', `/api/v1/requests/${requestId}/act/containers`)?.body).toEqual({
      version: 7,
      containerBase64: 'UEsDBA==',
    }),
  );
});

test('the verify page checks a file and names the act it holds, in English when chosen', async () => {
  await i18n.changeLanguage('en');
  answer('POST', '/api/v1/acts/verify', {
    status: 200,
    body: {
      report: {
        ...agencyOnly,
        valid: true,
        signatures: [
          ...agencyOnly.signatures,
          signature('META-INF/signatures1.xml', 'institution', 'Pēteris Liepa'),
        ],
        parties: agencyOnly.parties.map((p) => ({ ...p, signed: true })),
        problems: [],
      },
      act: { requestId, reference: 'TP-2026-0012', number: 'AA-2026-0007', version: 1, current: true },
    },
  });
  try {
    renderPanel(<VerifyContainerPage />);
    const file = new File([new Uint8Array([1, 2, 3])], 'akts.edoc');
    fireEvent.change(screen.getByLabelText('Container'), { target: { files: [file] } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(
      await screen.findByText(/This is act AA-2026-0007 \(version 1\) of request TP-2026-0012/),
    ).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the request' }).getAttribute('href')).toBe(
      `/requests/${requestId}`,
    );
    expect(screen.getByRole('heading', { name: /Pēteris Liepa Valid, level LT/ })).toBeTruthy();
    expect(screen.getAllByText('Signer represents a party of the act')).toHaveLength(2);
    // The proven time (from the time stamp) is shown apart from the claimed one.
    expect(screen.getAllByText('Proven time')).toHaveLength(2);
    expect(screen.getAllByText('Claimed signing time')).toHaveLength(2);
    expect(screen.getByRole('heading', { name: /Signature verification report: Valid/ })).toBeTruthy();
  } finally {
    await i18n.changeLanguage('lv');
  }
});

test('a signature valid only at level B says what was not checked, in Latvian', async () => {
  const levelB = {
    ...signature('META-INF/signatures0.xml', 'agency', 'Jānis Ozoliņš'),
    level: 'B' as const,
    provenTime: null,
    timestamps: [],
    revocation: null,
    checks: { ...passed, timestamp: 'not_checked' as const, revocation: 'not_checked' as const },
    notChecked: [
      {
        code: 'revocation_not_checked',
        params: {},
        text: {
          lv: 'Atsaukšana nav pārbaudīta: parakstā nav OCSP atbildes, un OCSP piekļuve nav iestatīta.',
          en: 'Revocation not checked: no OCSP response in the signature and no OCSP access configured.',
        },
      },
    ],
  };
  answer('POST', '/api/v1/acts/verify', {
    status: 200,
    body: { report: { ...agencyOnly, signatures: [levelB], parties: [], problems: [] }, act: null },
  });
  renderPanel(<VerifyContainerPage />);
  fireEvent.change(screen.getByLabelText('Konteiners'), {
    target: { files: [new File([new Uint8Array([1])], 'a.edoc')] },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Pārbaudīt' }));
  expect(await screen.findByRole('heading', { name: /Jānis Ozoliņš Derīgs, līmenis B/ })).toBeTruthy();
  expect(screen.getByText('Nav pārbaudīts:')).toBeTruthy();
  expect(
    screen.getByText(
      'Atsaukšana nav pārbaudīta: parakstā nav OCSP atbildes, un OCSP piekļuve nav iestatīta.',
    ),
  ).toBeTruthy();
  expect(screen.getByText('nav (parakstā nav derīga un uzticama laika zīmoga)')).toBeTruthy();
});
