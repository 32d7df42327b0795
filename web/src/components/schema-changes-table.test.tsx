import { render, screen, within } from '@testing-library/react';
import { i18n } from '../i18n';
import { SchemaChangesTable } from './schema-changes-table';

test('lists breaking changes first, in Latvian, with what changed', async () => {
  await i18n.changeLanguage('lv');
  render(
    <SchemaChangesTable
      changes={[
        {
          operation: 'GetPerson',
          area: 'response',
          path: 'GetPersonResult/born',
          kind: 'field-added',
          after: 'date',
          impact: 'compatible',
        },
        {
          operation: 'GetPerson',
          area: 'request',
          path: 'GetPerson/code',
          kind: 'type-changed',
          before: 'string',
          after: 'int',
          impact: 'breaking',
        },
      ]}
    />,
  );
  expect(screen.getByText('Lietotājus salaužošas izmaiņas: 1; saderīgas: 1.')).toBeTruthy();
  const rows = screen.getAllByRole('row').slice(1);
  expect(within(rows[0] as HTMLElement).getByText('Salauž lietotājus')).toBeTruthy();
  expect(rows[0]?.textContent).toContain('Mainīts tips');
  expect(rows[0]?.textContent).toContain('string → int');
  expect(within(rows[1] as HTMLElement).getByText('Saderīga')).toBeTruthy();
});

test('says so when nothing changed', async () => {
  await i18n.changeLanguage('en');
  render(<SchemaChangesTable changes={[]} />);
  expect(screen.getByText('No changes in the schemas.')).toBeTruthy();
});
