import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import {
  acceptedExtensions,
  type DescriptionFile,
  pickMainFile,
  readDescriptionFile,
} from './description-files';
import { ErrorAlert } from './feedback';
import { Field } from './form';

// Picking description files (a WSDL with its XSDs, an OpenAPI document or a zip bundle) and sending
// them: one form for a request's description and a catalog entry's registered one.

export type DescriptionUpload = { main: string; files: DescriptionFile[] };

export function DescriptionUploadForm({
  upload,
  onUploaded,
}: {
  upload: (body: DescriptionUpload) => Promise<unknown>;
  onUploaded: () => void;
}) {
  const { t } = useTranslation('requests');
  const inputRef = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [fieldError, setFieldError] = useState('');
  const send = useMutation({
    mutationFn: async (selected: File[]) => {
      const main = pickMainFile(selected.map((f) => f.name));
      if (!main) throw new Error('no main file');
      return upload({ main, files: await Promise.all(selected.map(readDescriptionFile)) });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const error =
      files.length === 0
        ? t('description.attach.noFiles')
        : pickMainFile(files.map((f) => f.name))
          ? ''
          : t('description.attach.noMain');
    setFieldError(error);
    if (error) {
      inputRef.current?.focus();
      return;
    }
    send.mutate(files, {
      onSuccess: () => {
        setFiles([]);
        if (inputRef.current) inputRef.current.value = '';
        onUploaded();
      },
    });
  }

  const problem = send.error instanceof ApiError ? send.error.problem : null;
  const main = pickMainFile(files.map((f) => f.name));
  return (
    <form onSubmit={submit} noValidate className="description-attach">
      <Field label={t('description.attach.label')} hint={t('description.attach.hint')} error={fieldError}>
        {(props) => (
          <input
            {...props}
            ref={inputRef}
            type="file"
            multiple
            accept={acceptedExtensions.join(',')}
            onChange={(e) => {
              setFieldError('');
              setFiles(Array.from(e.target.files ?? []));
            }}
          />
        )}
      </Field>
      {main ? <p className="hint">{t('description.attach.main', { file: main })}</p> : null}
      <ErrorAlert error={send.error} />
      {problem?.code === 'unprocessable_description' && problem.detail ? (
        <p className="description-detail">
          <code>{problem.detail}</code>
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={send.isPending}>
          {send.isPending ? t('description.attach.sending') : t('description.attach.submit')}
        </button>
      </div>
    </form>
  );
}
