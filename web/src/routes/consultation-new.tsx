import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { consultationCategories } from '../../../src/consultations/categories.ts';
import { api, unwrap } from '../api/client';
import { AttachmentField } from '../components/attachment-field';
import {
  type NewConsultationField,
  newConsultationProblems,
  toAttachments,
} from '../components/consultation-model';
import { useDocumentTitle } from '../components/document-title';
import { Field } from '../components/form';
import { FormProblem, useFocusFirstInvalid } from '../components/form-problem';

/** An institution user opens a consultation ticket, with attachments. */
export function NewConsultationPage() {
  const { t } = useTranslation('consultations');
  useDocumentTitle(t('form.title'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const focus = useFocusFirstInvalid<HTMLFormElement>();
  const [subject, setSubject] = useState('');
  const [category, setCategory] = useState('');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [invalid, setInvalid] = useState<NewConsultationField[]>([]);
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        api.POST('/api/v1/consultations', {
          body: {
            subject: subject.trim(),
            category: category as (typeof consultationCategories)[number],
            body: body.trim(),
            attachments: await toAttachments(files),
          },
        }),
      ),
    onSuccess: async (ticket) => {
      await queryClient.invalidateQueries({ queryKey: ['consultations'] });
      navigate(`/consultations/${ticket.id}`);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = newConsultationProblems({ subject, category, body, files });
    setInvalid(problems);
    create.reset();
    if (problems.length > 0) {
      focus.refused();
      return;
    }
    create.mutate();
  }

  const errorOf = (field: NewConsultationField) =>
    invalid.includes(field) && field !== 'attachments' ? t(`form.problems.${field}`) : undefined;

  return (
    <section>
      <h1>{t('form.title')}</h1>
      <p className="ag-lead">{t('form.intro')}</p>
      <form ref={focus.ref} onSubmit={submit} noValidate className="card">
        <FormProblem error={create.error} invalid={invalid.length > 0} />
        <Field label={t('form.subject')} required error={errorOf('subject')}>
          {(props) => (
            <input
              {...props}
              type="text"
              maxLength={200}
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('form.category')} required error={errorOf('category')}>
          {(props) => (
            <select {...props} value={category} onChange={(e) => setCategory(e.target.value)}>
              <option value="">{t('form.chooseCategory')}</option>
              {consultationCategories.map((c) => (
                <option key={c} value={c}>
                  {t(`category.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('form.body')} hint={t('form.bodyHint')} required error={errorOf('body')}>
          {(props) => <textarea {...props} rows={8} value={body} onChange={(e) => setBody(e.target.value)} />}
        </Field>
        <AttachmentField files={files} onChange={setFiles} showProblems={invalid.includes('attachments')} />
        <div className="actions">
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {create.isPending ? t('form.sending') : t('form.submit')}
          </button>
          <Link to="/consultations">{t('form.cancel')}</Link>
        </div>
      </form>
    </section>
  );
}
