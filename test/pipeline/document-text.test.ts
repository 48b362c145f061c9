import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDocumentTextReader } from '../../src/pipeline/document-text.ts';
import { buildMinimalPdf } from '../ingest/support/minimal-pdf.ts';
import { temporaryFolder } from '../support/temp.ts';

describe('createDocumentTextReader', () => {
  it('GIVEN a .txt file THEN its decoded text (BOM dropped), and its new text once it is edited', async () => {
    const corpus = await temporaryFolder();
    const file = path.join(corpus, 'notes.txt');
    await writeFile(file, '\ufeffThe harbour opens at dawn.\n');
    const read = createDocumentTextReader(corpus);
    expect(read('notes.txt')).toBe('The harbour opens at dawn.\n');
    await writeFile(file, 'The harbour opens at noon, now.\n');
    await utimes(file, new Date(), new Date(Date.now() + 5_000));
    expect(read('notes.txt')).toBe('The harbour opens at noon, now.\n');
  });

  it('GIVEN a .md file THEN the text quotes are cut from, at the offsets of the file', async () => {
    const corpus = await temporaryFolder();
    const source = '# Harbour\n\nThe harbour opens **at dawn**.\n';
    await writeFile(path.join(corpus, 'harbour.md'), source);
    const text = createDocumentTextReader(corpus)('harbour.md') ?? '';
    expect(text).toHaveLength(source.length);
    expect(text.slice(source.indexOf('The'), source.indexOf('The') + 'The harbour opens'.length)).toBe(
      'The harbour opens',
    );
  });

  it('GIVEN an .mdx file THEN the text quotes are cut from, its JSX blanked out at the offsets of the file', async () => {
    const corpus = await temporaryFolder();
    const source = '<Admonition type="tip">\n<Icon name="a" />\nThe harbour opens at dawn.\n</Admonition>\n';
    await writeFile(path.join(corpus, 'harbour.mdx'), source);
    const text = createDocumentTextReader(corpus)('harbour.mdx') ?? '';
    expect(text).toHaveLength(source.length);
    expect(text.trim()).toBe('The harbour opens at dawn.');
  });

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
