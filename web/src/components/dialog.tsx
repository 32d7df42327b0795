import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

// A modal built on the native <dialog>: the browser keeps focus inside it, Escape closes it and the
// rest of the page is inert while it is open. Focus goes back to what opened it.

export function Modal({
  open,
  title,
  onClose,
  initialFocus,
  fallbackFocus,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  /** What gets focus when the dialog opens; by default its heading. */
  initialFocus?: React.RefObject<HTMLElement | null>;
  /** Where focus goes on closing if what opened the dialog is gone (e.g. a revoked row's button). */
  fallbackFocus?: React.RefObject<HTMLElement | null>;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
      (initialFocus?.current ?? headingRef.current)?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      const back = opener.current;
      if (back instanceof HTMLElement && back.isConnected) back.focus();
      else (fallbackFocus?.current ?? document.getElementById('main'))?.focus();
    }
  }, [open, initialFocus, fallbackFocus]);

  return (
    <dialog
      ref={ref}
      className="ag-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <h2 id={titleId} ref={headingRef} tabIndex={-1}>
            {title}
          </h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}

/** Asks before something that cannot be undone; the safe choice has the focus. */
export function ConfirmDialog({
  open,
  title,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
  fallbackFocus,
  children,
}: {
  open: boolean;
  title: string;
  confirmLabel: string;
  fallbackFocus?: React.RefObject<HTMLElement | null>;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Modal
      open={open}
      title={title}
      onClose={onCancel}
      initialFocus={cancelRef}
      fallbackFocus={fallbackFocus}
    >
      {children}
      <div className="actions ag-dialog-actions">
        <button type="button" className="button-danger" onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
        <button type="button" className="button-secondary" ref={cancelRef} onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </Modal>
  );
}
