// What a consultation is about. Stable codes; the UI and e-mails translate them (web/src/i18n).

export const consultationCategories = [
  'description',
  'auditRecords',
  'acceptanceAct',
  'registration',
  'technical',
  'other',
] as const;

export type ConsultationCategory = (typeof consultationCategories)[number];

/** Labels for e-mail (the web UI has its own in i18n). */
export const categoryLabels: Record<ConsultationCategory, { lv: string; en: string }> = {
  description: { lv: 'Pakalpes apraksts', en: 'Service description' },
  auditRecords: { lv: 'Auditpieraksti', en: 'Audit records' },
  acceptanceAct: { lv: 'Akcepttestēšanas akts', en: 'Acceptance act' },
  registration: { lv: 'Reģistrācija katalogā', en: 'Catalog registration' },
  technical: { lv: 'Tehnisks jautājums', en: 'Technical question' },
  other: { lv: 'Cits', en: 'Other' },
};

export function isConsultationCategory(value: string): value is ConsultationCategory {
  return (consultationCategories as readonly string[]).includes(value);
}
