import { useTranslation } from 'react-i18next';
import type { DescriptionView } from '../api/request-queries';
import { TableRegion } from './table-region';

// What changed in the data the service takes and gives since the registered description, breaking
// changes first: the reviewer's reason to ask for a new major version.

type Change = NonNullable<DescriptionView['comparison']>['schemaChanges'][number];

export function SchemaChangesTable({ changes }: { changes: Change[] }) {
  const { t } = useTranslation('requests');
  if (changes.length === 0) return <p>{t('description.schemaChanges.none')}</p>;
  const ordered = [...changes].sort((a, b) => (a.impact === b.impact ? 0 : a.impact === 'breaking' ? -1 : 1));
  const breaking = changes.filter((c) => c.impact === 'breaking').length;
  return (
    <>
      <p>{t('description.schemaChanges.summary', { breaking, compatible: changes.length - breaking })}</p>
      <TableRegion label={t('description.schemaChanges.title')}>
        <table className="findings-table">
          <caption className="visually-hidden">{t('description.schemaChanges.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('description.schemaChanges.impact')}</th>
              <th scope="col">{t('description.schemaChanges.operation')}</th>
              <th scope="col">{t('description.schemaChanges.where')}</th>
              <th scope="col">{t('description.schemaChanges.change')}</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((c) => (
              <tr key={`${c.operation}|${c.area}|${c.path ?? ''}|${c.kind}`}>
                <td>
                  <span className={`tag ${c.impact === 'breaking' ? 'tag-severity-error' : 'tag-resolved'}`}>
                    {t(`description.schemaChanges.impactValue.${c.impact}`)}
                  </span>
                </td>
                <th scope="row">
                  <code>{c.operation}</code>
                </th>
                <td>
                  {t(`description.schemaChanges.area.${c.area}`)}
                  {c.path ? (
                    <span className="cell-sub">
                      <code>{c.path}</code>
                    </span>
                  ) : null}
                </td>
                <td>
                  {t(`description.schemaChanges.kind.${c.kind}`)}
                  {c.before || c.after ? (
                    <span className="cell-sub">{[c.before, c.after].map((v) => v ?? '—').join(' → ')}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}
