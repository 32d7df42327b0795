import type { RefObject } from 'react';

/** A page's heading with the button that opens and closes the page's "add" form. */
export function PageHeaderWithFormToggle({
  title,
  buttonLabel,
  formId,
  formOpen,
  buttonRef,
  onToggle,
}: {
  title: string;
  buttonLabel: string;
  formId: string;
  formOpen: boolean;
  buttonRef: RefObject<HTMLButtonElement | null>;
  onToggle: () => void;
}) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      <button
        type="button"
        ref={buttonRef}
        className={formOpen ? 'button-secondary' : 'button-primary'}
        aria-expanded={formOpen}
        aria-controls={formId}
        onClick={onToggle}
      >
        {buttonLabel}
      </button>
    </div>
  );
}
