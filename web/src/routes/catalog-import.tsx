import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type ResponseOf, unwrap } from '../api/client';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert } from '../components/feedback';
import { Field } from '../components/form';
import { TableRegion } from '../components/table-region';
import { formatNumber } from '../i18n/format';
import { type ImportFileResult, maxImportRows, readImportFile } from './catalog-import-file';
import '../styles/agency.css';
import '../styles/catalog.css';

// Importing a test-catalog export (agency admins). The file is read and checked in the browser first,
// so a malformed file is explained before anything is sent; the server's report follows.

type ImportReport = ResponseOf<'importCatalog'>;
type FileState = { status: 'none' } | { status: 'reading' } | { status: 'read'; result: ImportFileResult };

export function CatalogImportPage() {
  const { t, i18n } = useTranslation('catalog');
  useDocumentTitle(t('import.title'));
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const [file, setFile] = useState<FileState>({ status: 'none' });
  const reportHeading = useRef<HTMLHeadingElement>(null);

  const importRows = useMutation({
    mutationFn: (rows: unknown[]) => unwrap(api.POST('/api/v1/catalog/import', { body: rows })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['catalog'] }),
  });

  useEffect(() => {
    if (importRows.data) reportHeading.current?.focus();
  }, [importRows.data]);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    importRows.reset();
    const chosen = event.target.files?.[0];
    if (!chosen) {
      setFile({ status: 'none' });
      return;
    }
    setFile({ status: 'reading' });
    setFile({ status: 'read', result: await readImportFile(chosen) });
  }

  const rows = file.status === 'read' && file.result.ok ? file.result.rows : null;
  const problem = file.status === 'read' && !file.result.ok ? fileProblem(file.result, t, lang) : undefined;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (rows) importRows.mutate(rows);
  }

  return (
    <section className="cat-import">
      <div className="page-header">
        <h1>{t('import.title')}</h1>
      </div>
      <p className="ag-lead">{t('import.intro')}</p>

      <form className="card" onSubmit={submit} noValidate>
        <Field
          label={t('import.file')}
          hint={t('import.fileHint', { rows: formatNumber(maxImportRows, lang) })}
          error={problem}
        >
          {(props) => <input {...props} type="file" accept="application/json,.json" onChange={choose} />}
        </Field>
        <p role="status" className="cat-file-status">
          {file.status === 'reading'
            ? t('import.reading')
            : rows
              ? t('import.rows', { count: rows.length, formatted: formatNumber(rows.length, lang) })
              : null}
          {/* The field shows the problem; this says it aloud when it appears. */}
          {problem ? <span className="visually-hidden">{problem}</span> : null}
        </p>
        <div className="actions">
          <button type="submit" className="button-primary" disabled={!rows || importRows.isPending}>
            {importRows.isPending ? t('import.sending') : t('import.submit')}
          </button>
        </div>
      </form>

      <div aria-live="polite">
        <ErrorAlert error={importRows.error} />
        {importRows.data ? <Report report={importRows.data} headingRef={reportHeading} /> : null}
      </div>
    </section>
  );
}

function fileProblem(
  result: Extract<ImportFileResult, { ok: false }>,
  t: (key: string, options?: Record<string, unknown>) => string,
  lang: string,
): string {
  switch (result.reason) {
    case 'syntax':
      return result.line === null
        ? t('import.problem.syntax')
        : t('import.problem.syntaxAt', { line: result.line, column: result.column });
    case 'tooManyRows':
      return t('import.problem.tooManyRows', {
        count: formatNumber(result.count, lang),
        max: formatNumber(maxImportRows, lang),
      });
    default:
      return t(`import.problem.${result.reason}`);
  }
}

function Report({
  report,
  headingRef,
}: {
  report: ImportReport;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  const { t, i18n } = useTranslation('catalog');
  const n = (value: number) => formatNumber(value, i18n.language);
  const counts: [string, number][] = [
    ['received', report.received],
    ['created', report.created],
    ['updated', report.updated],
    ['rejected', report.rejected.length],
  ];
  return (
    <section className="card cat-report" aria-labelledby="cat-report-title">
      <h2 id="cat-report-title" ref={headingRef} tabIndex={-1}>
        {t('import.report.title')}
      </h2>
      <p>
        {t('import.report.summary', {
          created: n(report.created),
          updated: n(report.updated),
          rejected: n(report.rejected.length),
        })}
      </p>
      <dl className="cat-report-counts">
        {counts.map(([key, value]) => (
          <div key={key} className={key === 'rejected' && value > 0 ? 'cat-count-rejected' : undefined}>
            <dt>{t(`import.report.${key}`)}</dt>
            <dd>{n(value)}</dd>
          </div>
        ))}
      </dl>
      {report.rejected.length === 0 ? (
        <p>{t('import.report.allAccepted')}</p>
      ) : (
        <>
          <h3 id="cat-rejected-title">{t('import.report.rejectedTitle')}</h3>
          <p className="hint">{t('import.report.serverTexts')}</p>
          <TableRegion labelledBy="cat-rejected-title">
            <table className="ag-table">
              <caption className="visually-hidden">{t('import.report.rejectedCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="ag-num">
                    {t('import.report.row')}
                  </th>
                  <th scope="col">{t('import.report.identifier')}</th>
                  <th scope="col">{t('import.report.problems')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rejected.map((r) => (
                  <tr key={r.row}>
                    <th scope="row" className="ag-num">
                      {n(r.row)}
                    </th>
                    <td>
                      {r.identifier ? (
                        <code>{r.identifier}</code>
                      ) : (
                        <span className="muted">{t('import.report.noIdentifier')}</span>
                      )}
                    </td>
                    <td>
                      <ul className="cat-problems">
                        {r.errors.map((e, i) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: a row may repeat a path; the list is fixed
                          <li key={i}>
                            <code>{e.path || t('import.report.root')}</code>:{' '}
                            <span lang="en">{e.message}</span>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
      <p>
        <Link to="/catalog">{t('import.toCatalog')}</Link>
      </p>
    </section>
  );
}
