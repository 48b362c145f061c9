import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/ingest/index.ts';
import {
  citationLink,
  createSourceLinker,
  mappedDocumentUrl,
  markdownAnchors,
  NO_LINKS,
  safeLink,
  type LinkSettings,
} from '../../src/answer/links.ts';

const site: LinkSettings = { base: 'https://docs.example.org/', extensions: 'strip', anchors: 'github' };

describe('safeLink', () => {
  it('GIVEN http and https URLs THEN they are kept, normalised', () => {
    expect(safeLink('https://docs.example.org/guide/install')).toBe('https://docs.example.org/guide/install');
    expect(safeLink(' HTTP://Docs.Example.org/a b ')).toBe('http://docs.example.org/a%20b');
  });

  it('GIVEN other schemes, credentials, relative or overlong URLs THEN there is no link', () => {
    for (const raw of [
      'javascript:alert(1)',
      'ftp://example.org/file',
      'data:text/html,hi',
      '/guide/install',
      'https://user:secret@example.org/',
      `https://example.org/${'a'.repeat(600)}`,
      'not a url',
    ])
      expect(safeLink(raw), raw).toBeUndefined();
  });

  it('GIVEN characters that end a Markdown link THEN they are percent-encoded', () => {
    expect(safeLink('https://example.org/wiki/Foo_(bar)')).toBe('https://example.org/wiki/Foo_%28bar%29');
  });
});

describe('mappedDocumentUrl', () => {
  it('GIVEN the strip rule THEN extensions go and index pages become their folder', () => {
    expect(mappedDocumentUrl('guide/install.md', 'md', site)).toBe('https://docs.example.org/guide/install');
    expect(mappedDocumentUrl('guide/index.md', 'md', site)).toBe('https://docs.example.org/guide/');
    expect(mappedDocumentUrl('README.md', 'md', site)).toBe('https://docs.example.org/');
    expect(mappedDocumentUrl('faq.html', 'html', site)).toBe('https://docs.example.org/faq');
    expect(mappedDocumentUrl('rules/array-type.mdx', 'md', site)).toBe('https://docs.example.org/rules/array-type');
  });

  it('GIVEN the html and keep rules THEN the extension becomes .html or stays', () => {
    expect(mappedDocumentUrl('guide/install.md', 'md', { ...site, extensions: 'html' })).toBe(
      'https://docs.example.org/guide/install.html',
    );
    expect(mappedDocumentUrl('guide/install.md', 'md', { ...site, extensions: 'keep' })).toBe(
      'https://docs.example.org/guide/install.md',
    );
  });

  it('GIVEN PDF and text files THEN they are linked as they are, under a base without a trailing slash too', () => {
    const base = { ...site, base: 'https://example.org/docs' };
    expect(mappedDocumentUrl('manuals/guide.pdf', 'pdf', base)).toBe('https://example.org/docs/manuals/guide.pdf');
    expect(mappedDocumentUrl('notes.txt', 'txt', base)).toBe('https://example.org/docs/notes.txt');
  });

  it('GIVEN path segments with spaces, # or ? THEN they are encoded, never read as a fragment or query', () => {
    expect(mappedDocumentUrl('mes notes/été #1?.md', 'md', site)).toBe(
      'https://docs.example.org/mes%20notes/%C3%A9t%C3%A9%20%231%3F',
    );
  });

  it('GIVEN no base THEN there is no mapped URL', () => {
    expect(mappedDocumentUrl('guide/install.md', 'md', NO_LINKS)).toBeUndefined();
  });
});

describe('markdownAnchors', () => {
  it('GIVEN GitHub style THEN headings get GitHub slugs and repeats a counter', () => {
    expect(markdownAnchors(['Install & run', 'Étape 2 : configurer', 'FAQ', 'FAQ'], 'github')).toEqual([
      'install--run',
      'étape-2--configurer',
      'faq',
      'faq-1',
    ]);
  });

  it('GIVEN MkDocs style THEN slugs are ASCII and repeats get _1', () => {
    expect(markdownAnchors(['Install & run', 'Étape 2 : configurer', 'FAQ', 'FAQ'], 'mkdocs')).toEqual([
      'install-run',
      'etape-2-configurer',
      'faq',
      'faq_1',
    ]);
  });

  it('GIVEN no anchors THEN none', () => {
    expect(markdownAnchors(['FAQ'], 'none')).toEqual([undefined]);
  });
});

describe('citationLink', () => {
  it('GIVEN a document URL of its own THEN it wins over the mapping, with the section anchor', () => {
    expect(
      citationLink(
        { path: 'install.md', format: 'md', documentUrl: 'https://other.example.net/install/', anchor: 'étape-2' },
        site,
      ),
    ).toBe('https://other.example.net/install/#%C3%A9tape-2');
  });

  it('GIVEN an invalid own URL THEN the mapping is used instead', () => {
    expect(citationLink({ path: 'install.md', format: 'md', documentUrl: 'javascript:alert(1)' }, site)).toBe(
      'https://docs.example.org/install',
    );
  });

  it('GIVEN a PDF passage THEN the link opens its page', () => {
    expect(citationLink({ path: 'guide.pdf', format: 'pdf', anchor: 'page=12' }, site)).toBe(
      'https://docs.example.org/guide.pdf#page=12',
    );
  });

  it('GIVEN an own URL that already has a fragment THEN the section anchor replaces it', () => {
    expect(
      citationLink(
        { path: 'a.html', format: 'html', documentUrl: 'https://example.org/a#top', anchor: 'usage' },
        NO_LINKS,
      ),
    ).toBe('https://example.org/a#usage');
  });

  it('GIVEN no own URL and no mapping THEN no link', () => {
    expect(citationLink({ path: 'install.md', format: 'md', anchor: 'x' }, NO_LINKS)).toBeUndefined();
  });
});

describe('createSourceLinker', () => {
  const passage = (overrides: Partial<Passage>): Passage => ({
    id: 'a.md#0',
    path: 'a.md',
    title: 'A',
    section: [],
    text: 'Text.',
    start: 0,
    end: 5,
    lineStart: 1,
    lineEnd: 1,
    sentenceStarts: [0],
    lineAnchors: [[0, 1]],
    ...overrides,
  });
  const index = {
    passages: [
      passage({ id: 'guide.md#0', path: 'guide.md', section: ['Guide'], anchor: 'guide' }),
      passage({ id: 'guide.md#1', path: 'guide.md', section: ['Guide', 'Install & run'], anchor: 'install--run' }),
      passage({ id: 'guide.md#2', path: 'guide.md', section: ['Guide', 'FAQ'], anchor: 'faq' }),
      passage({ id: 'guide.md#3', path: 'guide.md', section: ['Guide', 'More', 'FAQ'], anchor: 'faq-1' }),
      passage({
        id: 'page.html#0',
        path: 'page.html',
        section: ['Usage'],
        anchor: 'usage',
        url: 'https://www.example.net/page/',
      }),
      passage({ id: 'page.html#1', path: 'page.html', section: ['No id'], url: 'https://www.example.net/page/' }),
      passage({ id: 'manual.pdf#0', path: 'manual.pdf', section: ['p. 3'], anchor: 'page=3' }),
    ],
  };

  it('GIVEN anchors and URLs from ingestion THEN the link is the document URL (or the mapped one) with the anchor', () => {
    const linkOf = createSourceLinker(index, site);
    expect(linkOf({ path: 'guide.md', section: ['Guide', 'Install & run'] })).toBe(
      'https://docs.example.org/guide#install--run',
    );
    expect(linkOf({ path: 'guide.md', section: ['Guide', 'More', 'FAQ'], passageId: 'guide.md#3' })).toBe(
      'https://docs.example.org/guide#faq-1',
    );
    expect(linkOf({ path: 'page.html', section: ['Usage'] })).toBe('https://www.example.net/page/#usage');
    expect(linkOf({ path: 'page.html', section: ['No id'] })).toBe('https://www.example.net/page/');
    expect(linkOf({ path: 'manual.pdf', section: ['p. 3'] })).toBe('https://docs.example.org/manual.pdf#page=3');
  });

  it('GIVEN MkDocs anchors THEN Markdown anchors are recomputed in that style; none drops them', () => {
    expect(
      createSourceLinker(index, { ...site, anchors: 'mkdocs' })({
        path: 'guide.md',
        section: ['Guide', 'More', 'FAQ'],
      }),
    ).toBe('https://docs.example.org/guide#faq_1');
    expect(
      createSourceLinker(index, { ...site, anchors: 'none' })({ path: 'guide.md', section: ['Guide', 'FAQ'] }),
    ).toBe('https://docs.example.org/guide');
  });

  it('GIVEN no mapping THEN only documents with their own URL link', () => {
    const linkOf = createSourceLinker(index, NO_LINKS);
    expect(linkOf({ path: 'guide.md', section: ['Guide'] })).toBeUndefined();
    expect(linkOf({ path: 'page.html', section: ['Usage'] })).toBe('https://www.example.net/page/#usage');
  });
});
