import { CitebotError } from '../errors.ts';
import { titleFromFileName } from './file-name.ts';
import type { ParsedDocument, SectionStart } from './types.ts';

/**
 * PDF, through unpdf (PDF.js): the text layer of each page, pages separated by a blank line.
 *
 * Each page with text is a section `p. N`, and line numbers restart at 1 on every page (one
 * anchor per page), so a citation reads "Title · p. 3 · lines 4–9": lines of the extracted text
 * of that page, close to the lines a reader sees. A sentence running over a page break is cut
 * there, like any section. The title is the file name in words (PDF metadata titles are too
 * often "Microsoft Word - draft.docx" to be trusted).
 *
 * @throws CitebotError FILE_UNPARSABLE (not a PDF, damaged, encrypted), FILE_EMPTY (no text
 *   layer, e.g. a scan).
 */
export async function parsePdf(path: string, bytes: Uint8Array): Promise<ParsedDocument> {
  // Imported on first use: PDF.js is large and many corpora have no PDF.
  const { extractText, getDocumentProxy } = await import('unpdf');
  let pages: string[];
  try {
    // A copy: PDF.js may take ownership of (detach) the buffer it is given.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      pages = (await extractText(pdf, { mergePages: false })).text;
    } finally {
      await pdf.destroy();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CitebotError('FILE_UNPARSABLE', `${path} is not a readable PDF (${message})`, { cause: error });
  }

  let text = '';
  const sections: SectionStart[] = [];
  const lineAnchors: Array<readonly [number, number]> = [];
  pages.forEach((pageText, index) => {
    const content = pageText.trimEnd().replace(/^\s*\n/, '');
    if (content.trim() === '') return;
    if (text !== '') text += '\n\n';
    sections.push({ start: text.length, path: [`p. ${index + 1}`], anchor: `page=${index + 1}` });
    lineAnchors.push([text.length, 1]);
    text += content;
  });
  if (text === '') {
    throw new CitebotError('FILE_EMPTY', `${path} has no text layer (a scanned PDF needs OCR first)`);
  }
  return { path, format: 'pdf', title: titleFromFileName(path), text, sections, lineAnchors };
}
