import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// Reads the text of a PDF page by page with PDF.js, the way a reader's copy-and-paste or a search
// engine would see it. Used by tests to prove the act's text (Latvian letters included) extracts.

export async function extractPdfText(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
        .join('')
        .replace(/[ \t]+/g, ' '),
    );
  }
  await pdf.destroy();
  return pages;
}
