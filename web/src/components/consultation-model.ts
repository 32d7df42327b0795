// The consultation forms' own checks, before anything is sent, and the files' trip to the API
// (base64 in JSON, like description files). The server checks again, by content.

export const maxFiles = 5;
export const maxFileBytes = 10 * 1024 * 1024;

export type FileProblem = { kind: 'tooMany' } | { kind: 'tooLarge'; name: string };

export function fileProblems(files: readonly { name: string; size: number }[]): FileProblem[] {
  const problems: FileProblem[] = [];
  if (files.length > maxFiles) problems.push({ kind: 'tooMany' });
  for (const f of files) if (f.size > maxFileBytes) problems.push({ kind: 'tooLarge', name: f.name });
  return problems;
}

export type NewConsultationValues = {
  subject: string;
  category: string;
  body: string;
  files: readonly { name: string; size: number }[];
};

export type NewConsultationField = 'subject' | 'category' | 'body' | 'attachments';

export function newConsultationProblems(v: NewConsultationValues): NewConsultationField[] {
  const fields: NewConsultationField[] = [];
  if (!v.subject.trim()) fields.push('subject');
  if (!v.category) fields.push('category');
  if (!v.body.trim()) fields.push('body');
  if (fileProblems(v.files).length > 0) fields.push('attachments');
  return fields;
}

export async function toAttachments(files: readonly File[]) {
  return Promise.all(
    files.map(async (file) => ({ filename: file.name, contentBase64: await base64Of(file) })),
  );
}

/** The file's bytes as base64, read through a data: URL (FileReader works in every browser and jsdom). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export function formatSize(bytes: number, lang: string): string {
  const locale = lang === 'en' ? 'en-GB' : 'lv-LV';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024)
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / 1024)} KiB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MiB`;
}
