import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { actionRequirements, actions } from '../../../src/requests/workflow.ts';
import type { Action, ActionInput, RequestView } from '../api/request-queries';
import { i18n } from '../i18n';
import { ActionPanel, type ActionRequirements } from './action-panel';

const requirements: ActionRequirements = Object.fromEntries(
  actions.map((a) => [
    a,
    {
      commentRequired: actionRequirements[a].comment === 'required',
      needsCorrections: actionRequirements[a].corrections,
    },
  ]),
);

const production: RequestView['production'] = {
  testEndpointUrl: 'https://viss-test.example.lv/persona',
  endpointUrl: null,
  hosting: null,
  version: null,
  registeredAt: null,
  installationCheckUrl: null,
  installationConfirmedAt: null,
  defaults: { endpointUrl: null, hosting: 'institution', version: '1.2' },
};

function setup(allowed: Action[], view: RequestView['production'] = production) {
  const calls: [Action, ActionInput][] = [];
  render(
    <ActionPanel
      allowed={allowed}
      blocked={[]}
      requirements={requirements}
      production={view}
      onRun={async (action, input) => {
        calls.push([action, input]);
      }}
    />,
  );
  return calls;
}

const form = (name: string) => screen.getByRole('form', { name });
const send = (name: string) =>
  act(async () => fireEvent.click(within(form(name)).getByRole('button', { name })));

describe('registration and installation forms', () => {
  afterAll(() => i18n.changeLanguage('lv'));

  it('the registration form starts from the request and refuses the test endpoint until confirmed', async () => {
    await i18n.changeLanguage('en');
    const calls = setup(['registerInProduction']);
    fireEvent.click(screen.getByRole('button', { name: 'Register in production catalog' }));
    const url = screen.getByLabelText(/Production endpoint URL/) as HTMLInputElement;
    expect(url.value).toBe('');
    expect(screen.getByText(/Test endpoint: https:\/\/viss-test\.example\.lv\/persona/)).toBeTruthy();
    expect((screen.getByLabelText("In the institution's infrastructure") as HTMLInputElement).checked).toBe(
      true,
    );
    expect((screen.getByLabelText('Production version') as HTMLInputElement).value).toBe('1.2');

    await send('Register in production catalog');
    expect(screen.getByText('Enter the production endpoint URL.')).toBeTruthy();
    fireEvent.change(url, { target: { value: 'viss.example.lv' } });
    await send('Register in production catalog');
    expect(screen.getByText('Enter a full URL starting with https:// or http://.')).toBeTruthy();
    fireEvent.change(url, { target: { value: 'https://viss-test.example.lv/persona/' } });
    await send('Register in production catalog');
    expect(screen.getByText(/This is the test endpoint/)).toBeTruthy();
    expect(calls).toEqual([]);

    fireEvent.click(screen.getByLabelText(/I confirm that production uses the same URL/));
    fireEvent.click(screen.getByLabelText("In the agency's production (installation follows)"));
    await send('Register in production catalog');
    expect(calls).toEqual([
      [
        'registerInProduction',
        {
          production: {
            endpointUrl: 'https://viss-test.example.lv/persona/',
            hosting: 'agency',
            version: '1.2',
            sameAsTestConfirmed: true,
          },
        },
      ],
    ]);
  });

  it('in Latvian: the registration form sends the production endpoint it was given', async () => {
    await i18n.changeLanguage('lv');
    const calls = setup(['registerInProduction']);
    fireEvent.click(screen.getByRole('button', { name: 'Reģistrēt produkcijas IS katalogā' }));
    expect(screen.getByRole('group', { name: 'Produkcijas vides dati' })).toBeTruthy();
    await send('Reģistrēt produkcijas IS katalogā');
    expect(screen.getByText('Norādiet produkcijas vides adresi.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Produkcijas vides adrese/), {
      target: { value: 'https://viss.example.lv/persona' },
    });
    await send('Reģistrēt produkcijas IS katalogā');
    expect(calls[0]?.[1].production).toEqual({
      endpointUrl: 'https://viss.example.lv/persona',
      hosting: 'institution',
      version: '1.2',
    });
  });

  it('installation asks for the URL at which production answered, in both languages', async () => {
    const registered = {
      ...production,
      endpointUrl: 'https://viss.example.lv/persona',
      hosting: 'agency' as const,
    };
    for (const [lang, action, label, missing] of [
      [
        'lv',
        'Apstiprināt uzstādīšanu',
        /Adrese, kurā produkcijas vide atbildēja/,
        'Norādiet adresi, kurā produkcijas vide atbildēja.',
      ],
      [
        'en',
        'Confirm installation',
        /URL at which production answered/,
        'Enter the URL at which production answered.',
      ],
    ] as const) {
      await i18n.changeLanguage(lang);
      const calls = setup(['confirmInstallation'], registered);
      fireEvent.click(screen.getByRole('button', { name: action }));
      const field = screen.getByLabelText(label) as HTMLInputElement;
      expect(field.value).toBe('https://viss.example.lv/persona');
      fireEvent.change(field, { target: { value: '' } });
      await send(action);
      expect(screen.getByText(missing)).toBeTruthy();
      fireEvent.change(field, { target: { value: 'https://viss.example.lv/persona?wsdl' } });
      await send(action);
      expect(calls).toEqual([
        ['confirmInstallation', { installation: { checkedUrl: 'https://viss.example.lv/persona?wsdl' } }],
      ]);
      cleanup();
    }
  });
});
