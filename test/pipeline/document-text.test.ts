import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.ts';
import { verifyQuotes } from '../../src/answer/verify.ts';
import { markdownQuotableText } from '../../src/ingest/index.ts';
import { createDocumentTextReader } from '../../src/pipeline/document-text.ts';
import { buildMinimalPdf } from '../ingest/support/minimal-pdf.ts';
import { temporaryFolder } from '../support/temp.ts';

describe('createDocumentTextReader', () => {
  it('GIVEN a .txt file THEN its decoded text (BOM dropped), and its new text once it is edited', async () => {
    const corpus = await temporaryFolder();
    const file = path.join(corpus, 'notes.txt');
    await writeFile(file, '\ufeffThe harbour opens at dawn.\n');
    const read = createDocumentTextReader(corpus);
    expect(read('notes.txt')).toEqual({ text: 'The harbour opens at dawn.\n', markupBlanked: false });
    await writeFile(file, 'The harbour opens at noon, now.\n');
    await utimes(file, new Date(), new Date(Date.now() + 5_000));
    expect(read('notes.txt')?.text).toBe('The harbour opens at noon, now.\n');
  });

  it.each([
    ['harbour.md', '# Harbour\n\nThe harbour opens [at dawn](times.md) for **boats**.\n'],
    [
      'harbour.mdx',
      '<Admonition type="tip">\n<Icon name="a" />\nThe harbour opens at dawn for boats.\n</Admonition>\n',
    ],
  ])(
    'GIVEN %s THEN the file as is, its markup blanked in quotes: a quote cut from the index text verifies until edited',
    async (name, source) => {
      const corpus = await temporaryFolder();
      const file = path.join(corpus, name);
      await writeFile(file, source);
      const read = createDocumentTextReader(corpus);
      expect(read(name)).toEqual({ text: source, markupBlanked: true });
      const indexed = markdownQuotableText(source, name);
      const start = indexed.indexOf('The harbour');
      const end = indexed.indexOf('.', start) + 1;
      const answer = quoting(name, indexed.slice(start, end), start);
      expect(verifyQuotes(answer, read).rejected).toBe(0);
      await writeFile(file, source.replace('dawn', 'dusk'));
      await utimes(file, new Date(), new Date(Date.now() + 5_000));
      expect(verifyQuotes(answer, read).rejected).toBe(1);
    },
  );

  it('GIVEN an .html, a .pdf or a missing file THEN undefined: their quotes are not checked against a file', async () => {
    const corpus = await temporaryFolder();
    await writeFile(path.join(corpus, 'page.html'), '<html><body><p>The harbour opens at dawn.</p></body></html>');
    await writeFile(path.join(corpus, 'rules.pdf'), buildMinimalPdf([['The harbour opens at dawn.']]));
    const read = createDocumentTextReader(corpus);
    expect(read('page.html')).toBeUndefined();
    expect(read('rules.pdf')).toBeUndefined();
    expect(read('gone.txt')).toBeUndefined();
  });
});

function quoting(path: string, text: string, start: number): Answer {
  return {
    question: 'When does the harbour open?',
    answered: true,
    language: 'en',
    mode: 'fulltext',
    quotes: [{ text, source: 1, start, end: start + text.length, lines: [1, 1] }],
    sources: [{ n: 1, passageId: `${path}#0`, title: 'Harbour', path, section: [], lines: [1, 1], score: 1, text }],
  };
}
