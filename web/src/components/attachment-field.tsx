import { useTranslation } from 'react-i18next';
import { fileProblems } from './consultation-model';
import { Field } from './form';

/** A multiple-file input with the attachment limits as its hint and its own problems as its error. */
export function AttachmentField({
  files,
  onChange,
  showProblems,
  inputKey,
}: {
  files: File[];
  onChange: (files: File[]) => void;
  showProblems: boolean;
  /** Changing it empties the input after a send. */
  inputKey?: number;
}) {
  const { t } = useTranslation('consultations');
  const problems = showProblems ? fileProblems(files) : [];
  const error = problems
    .map((p) =>
      p.kind === 'tooMany' ? t('form.problems.tooMany') : t('form.problems.tooLarge', { name: p.name }),
    )
    .join(' ');
  return (
    <Field label={t('form.attachments')} hint={t('form.attachmentsHint')} error={error || undefined}>
      {(props) => (
        <input
          {...props}
          key={inputKey}
          type="file"
          multiple
          onChange={(e) => onChange(Array.from(e.target.files ?? []))}
        />
      )}
    </Field>
  );
}
