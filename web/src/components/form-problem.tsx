import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/**
 * A form's failure in one translated sentence. Unlike ErrorAlert it never lists the server's field
 * messages (they are English): the form marks those fields with its own texts instead.
 * `invalid` is set when the form's own checks failed before anything was sent.
 */
export function FormProblem({
  error,
  invalid,
  conflict,
}: {
  error: unknown;
  invalid?: boolean;
  /** What a 409 conflict means for this form, e.g. "this registration number is taken". */
  conflict?: string;
}) {
  const { t } = useTranslation();
  if (!error && !invalid) return null;
  let text: string;
  if (!error) text = t('error.validation');
  else {
    const code = error instanceof ApiError ? error.problem.code : 'internal';
    text =
      code === 'conflict' && conflict ? conflict : t(`error.${code}`, { defaultValue: t('error.internal') });
  }
  return (
    <div className="alert alert-error" role="alert">
      <p>{text}</p>
    </div>
  );
}

/**
 * After a refused submit, moves focus to the first field marked invalid, so keyboard and screen-reader
 * users land on what needs fixing. Call `refused()` whenever a submit is refused.
 */
export function useFocusFirstInvalid<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (attempt === 0) return;
    ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);
  return { ref, refused: () => setAttempt((n) => n + 1) };
}

/**
 * The first half of every checked form's submit: mark the form's own problems, clear the server's
 * last answer, and move focus to the first problem when there is one. True when the form may send.
 */
export function passesOwnChecks<F extends string>(
  problems: F[],
  form: { setInvalid: (fields: F[]) => void; reset: () => void; refused: () => void },
): boolean {
  form.setInvalid(problems);
  form.reset();
  if (problems.length === 0) return true;
  form.refused();
  return false;
}
