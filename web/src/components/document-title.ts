import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Names the browser tab after the page (WCAG 2.4.2), e.g. "TP-2026-0004 — Pakalpe". */
export function useDocumentTitle(title: string | undefined): void {
  const { t } = useTranslation('requests');
  useEffect(() => {
    if (title) document.title = t('documentTitle', { title });
  }, [title, t]);
}
