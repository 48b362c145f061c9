import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { chunkDocument, parseDocument, splitSentences, type ParsedDocument } from '../../src/ingest/index.ts';
import { buildMinimalPdf } from './support/minimal-pdf.ts';

const fixture = (name: string) => readFile(new URL(`../fixtures/ingest/${name}`, import.meta.url));
const bytesOf = (text: string) => new TextEncoder().encode(text);
/** Each block of a parsed document as `[kind, text]`. */
const kindsAndTexts = (document: ParsedDocument) =>
  (document.blocks ?? []).map((block) => [block.kind, document.text.slice(block.start, block.end)]);

describe('parseDocument', () => {
  it('GIVEN a txt file without headings THEN the text is the content, the title the file name in words, no sections', async () => {
    const document = await parseDocument(
      'press/maroc-france-cooperation-securitaire.txt',
      'txt',
      bytesOf('Un texte.\n'),
    );
    expect(document).toEqual({
      path: 'press/maroc-france-cooperation-securitaire.txt',
      format: 'txt',
      title: 'Maroc france cooperation securitaire',
      text: 'Un texte.\n',
      sections: [],
      lineAnchors: [[0, 1]],
      blocks: [{ start: 0, end: 9, kind: 'prose' }],
    });
  });

  it('GIVEN a UTF-8 BOM THEN it is dropped and offsets are in the decoded text', async () => {
    const document = await parseDocument('a.txt', 'txt', new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf('Bonjour.')]));
    expect(document.text).toBe('Bonjour.');
  });

  it('GIVEN markdown with front matter, setext headings and a code fence THEN sections and title follow the headings', async () => {
    const bytes = await fixture('wrapped-notes.md');
    const document = await parseDocument('notes/wrapped-notes.md', 'md', bytes);
    // The file's own characters at the file's offsets; only markup between blocks is blanked.
    const file = new TextDecoder().decode(bytes);
    expect(document.text.length).toBe(file.length);
    expect([...document.text].every((char, i) => char === file[i] || char === ' ')).toBe(true);
    expect(document.title).toBe('Notes de terrain');
    expect(document.sections.map((section) => section.path)).toEqual([
      ['Coopération sécuritaire'],
      ['Coopération sécuritaire', 'Points clés'],
      ['Coopération sécuritaire', 'Mesures concrètes'],
      ['Annexes'],
    ]);
    expect(document.sections.map((section) => document.text.slice(section.start).split('\n')[0])).toEqual([
      '# Coopération sécuritaire',
      '## Points clés',
      'Mesures concrètes',
      '# Annexes',
    ]);
    const excluded = (document.excludedRanges ?? []).map(([start, end]) => document.text.slice(start, end));
    expect(excluded[0]).toBe('---\ntitle: Notes de terrain\nauthor: Équipe\n---\n');
    expect(excluded).toContain('Mesures concrètes\n-----------------\n');
  });

  it('GIVEN markdown without front matter THEN the title is the top-level heading it opens with, else the file name', async () => {
    expect((await parseDocument('a.md', 'md', bytesOf('# Le *vrai* [titre](http://x)\n\nTexte.'))).title).toBe(
      'Le vrai titre',
    );
    expect((await parseDocument('a.md', 'md', bytesOf('Intro.\n\n## Le *vrai* titre\n\nTexte.'))).title).toBe('A');
    expect((await parseDocument('docs/mes_notes.md', 'md', bytesOf('Pas de titre.\n'))).title).toBe('Mes notes');
  });

  it('GIVEN html THEN chrome and scripts are dropped, entities decoded and each block is its own paragraph', async () => {
    const document = await parseDocument('web/article.html', 'html', await fixture('article.html'));
    expect(document.title).toBe('Coopération « renforcée »');
    expect(document.text).not.toMatch(/Site header|Accueil|injected|color: red|© 2024|document\.write/);
    expect(document.text.split('\n\n')).toEqual([
      'Coopération « renforcée »',
      'Le Maroc et la France renforcent leur coopération. Les deux ministres se sont rencontrés vendredi.',
      'Détails',
      'Échange de renseignements',
      'Lutte contre le terrorisme',
      'Pays | Ministre',
      'Maroc | M. Laftit',
      'Texte direct dans un div.\nAprès un saut de ligne.',
      'Citation',
      '« Nous avons des relations séculaires. »',
    ]);
    expect(document.sections.map((section) => section.path)).toEqual([
      ['Coopération « renforcée »'],
      ['Coopération « renforcée »', 'Détails'],
      ['Coopération « renforcée »', 'Détails', 'Citation'],
    ]);
  });

  it('GIVEN html whose content is marked role=main THEN only that content remains, permalinks dropped', async () => {
    const source = [
      '<html><body>',
      '<div class="related" role="navigation"><ul><li><a href="index.html">index</a></li></ul></div>',
      '<div class="document"><div class="body" role="main"><h1>FAQ<a class="headerlink" ' +
        'href="#faq">¶</a></h1><div class="section"><p>Keep this answer.</p><div><p>And this ' +
        'nested one.</p></div></div></div></div>',
      '<div class="sphinxsidebar"><div><p>Search this site</p></div></div>',
      '<div class="footer">© Copyright 2001-2026, Python Software Foundation.</div>',
      '</body></html>',
    ].join('\n');
    const document = await parseDocument('faq.html', 'html', bytesOf(source));
    expect(document.text).toContain('Keep this answer.');
    expect(document.text).toContain('And this nested one.');
    expect(document.text).not.toMatch(/index|Search this site|Copyright|¶/);
    expect(document.title).toBe('FAQ');
  });

  it('GIVEN html THEN line anchors point at the lines of the .html source', async () => {
    const source = (await fixture('article.html')).toString('utf8');
    const document = await parseDocument('article.html', 'html', bytesOf(source));
    const sourceLineOf = (needle: string) => source.slice(0, source.indexOf(needle)).split('\n').length;
    const passages = chunkDocument(document);
    const quote = passages.find((passage) => passage.text.includes('Les deux ministres'));
    expect(quote?.lineStart).toBe(sourceLineOf('<p>Le Maroc'));
    expect(quote?.lineEnd).toBe(sourceLineOf('Les deux ministres'));
    const details = passages.find((passage) => passage.text.includes('Maroc | M. Laftit'));
    expect(details?.section).toEqual(['Coopération « renforcée »', 'Détails']);
    expect(details?.lineStart).toBe(sourceLineOf('<li>Échange'));
    expect(details?.lineEnd).toBe(sourceLineOf('Après un saut'));
  });

  it('GIVEN html without h1 THEN the title is <title>, else the file name', async () => {
    expect((await parseDocument('a.html', 'html', bytesOf('<title> Ma  page </title><p>Texte.</p>'))).title).toBe(
      'Ma page',
    );
    expect((await parseDocument('site/page-accueil.htm', 'html', bytesOf('<p>Texte.</p>'))).title).toBe('Page accueil');
  });

  it('GIVEN html with only scripts and navigation THEN it is FILE_EMPTY', async () => {
    await expect(parseDocument('a.html', 'html', bytesOf('<nav>Menu</nav><script>x()</script>'))).rejects.toThrow(
      /no visible text/,
    );
  });

  it('GIVEN a numbered section title on a PDF line of its own THEN it is a label, not the start of the next sentence', async () => {
    const bytes = buildMinimalPdf([
      ['2.1.3 Portables', 'Les portables fonctionnent comme les autres PC.', '810 Mo. Il faut assez de memoire.'],
    ]);
    const document = await parseDocument('guide.pdf', 'pdf', bytes);
    const blocks = kindsAndTexts(document);
    expect(blocks).toEqual([
      ['label', '2.1.3 Portables'],
      ['prose', 'Les portables fonctionnent comme les autres PC.\n810 Mo. Il faut assez de memoire.'],
    ]);
  });

  it('GIVEN a PDF table of contents with wrapped titles THEN every entry is links, and the next page stays prose', async () => {
    const bytes = buildMinimalPdf([
      [
        '1.1 What is this FAQ? . . . . . . . . . . . . 1',
        '1.2 How do I install it on a machine without a network',
        'connection? . . . . . . . . . . . . 2',
        '1.3 Why is the project called Debian? 3',
        '1.4 Where are the packages? . . . . . . . . . . . . 4',
      ],
      ['The packages are on the mirrors. . . . and on the discs.', 'Each mirror holds all of them.'],
    ]);
    const document = await parseDocument('faq.pdf', 'pdf', bytes);
    const kinds = kindsAndTexts(document).map(([kind]) => kind);
    expect(kinds).toEqual(['links', 'links', 'links', 'links', 'links', 'prose']);
  });

  it('GIVEN a PDF title set larger than the body text THEN it is a label, and a large sentence stays prose', async () => {
    const bytes = buildMinimalPdf([
      [
        { text: 'Bienvenue sur Debian', size: 20 },
        'Ce chapitre propose un survol du projet.',
        'Il est court.',
        { text: 'Lisez-le. Il est utile.', size: 20 },
      ],
    ]);
    const document = await parseDocument('guide.pdf', 'pdf', bytes);
    const blocks = kindsAndTexts(document);
    expect(blocks).toEqual([
      ['label', 'Bienvenue sur Debian'],
      ['prose', 'Ce chapitre propose un survol du projet.\nIl est court.\nLisez-le. Il est utile.'],
    ]);
  });

  it('GIVEN a PDF whose fonts set accents apart THEN prose gets its accents back and a code line keeps its caret', async () => {
    // \\302 is the spacing acute of the standard encoding: in TeX's fonts every accent comes apart from its letter.
    const bytes = buildMinimalPdf([
      ['La S\\302erigraphie est belle.', { text: 'K * PF^a * 1 - PF^b', monospace: true }],
    ]);
    const document = await parseDocument('faq.pdf', 'pdf', bytes);
    expect(document.text).toBe('La S\u00e9rigraphie est belle.\nK * PF^a * 1 - PF^b');
  });

  it('GIVEN footnotes set smaller at the foot of a PDF page THEN the last sentence does not run into them', async () => {
    const bytes = buildMinimalPdf([
      [
        'A tilde sorts before anything,',
        { text: 'code', size: 9 },
        'even the end of a part.',
        'The last body line, cut by the page',
        { text: '5 In the past, people wrote the full version.', size: 9 },
        { text: '6 Another note.', size: 9 },
      ],
    ]);
    const document = await parseDocument('policy.pdf', 'pdf', bytes);
    const blocks = kindsAndTexts(document);
    expect(blocks).toEqual([
      // Smaller text between body lines (inline code) stays in its paragraph.
      ['prose', 'A tilde sorts before anything,\ncode\neven the end of a part.\nThe last body line, cut by the page'],
      ['prose', '5 In the past, people wrote the full version.\n6 Another note.'],
    ]);
  });

  it('GIVEN a path set in Courier on a PDF line of its own inside a sentence THEN it stays in the sentence', async () => {
    const bytes = buildMinimalPdf([
      [
        '1. Cgi-bin executable files are installed in the directory',
        { text: '/usr/lib/cgi-bin', monospace: true },
        'or a subdirectory of that directory.',
        'Run this command:',
        { text: 'update-grub', monospace: true },
        'It rebuilds the menu.',
      ],
    ]);
    const document = await parseDocument('policy.pdf', 'pdf', bytes);
    const blocks = kindsAndTexts(document);
    expect(blocks).toEqual([
      [
        'prose',
        '1. Cgi-bin executable files are installed in the directory\n/usr/lib/cgi-bin\nor a subdirectory of that directory.\n' +
          'Run this command:',
      ],
      // After a colon, the line is the example the sentence announces.
      ['code', 'update-grub'],
      ['prose', 'It rebuilds the menu.'],
    ]);
    expect(splitSentences(document.text).map(({ start, end }) => document.text.slice(start, end))[0]).toBe(
      '1. Cgi-bin executable files are installed in the directory\n/usr/lib/cgi-bin\nor a subdirectory of that directory.',
    );
  });

  it('GIVEN Courier lines set flush under the sentence that introduces them THEN they are code, and a path cut at a slash stays prose', async () => {
    const bytes = buildMinimalPdf([
      [
        'The following examples illustrate substring expansion:',
        { text: '$ set -- 1 2 3 4 5', monospace: true, flush: true },
        { text: '$ echo 7 8 9', monospace: true, flush: true },
        'If offset is 0, the name of the shell is prefixed to the list.',
        'Each package must ship its licence in the file /usr/share/doc/',
        { text: 'package/copyright', monospace: true, flush: true },
        'A Second sentence follows it.',
      ],
    ]);
    const document = await parseDocument('manual.pdf', 'pdf', bytes);
    expect(kindsAndTexts(document)).toEqual([
      ['prose', 'The following examples illustrate substring expansion:'],
      ['code', '$ set -- 1 2 3 4 5\n$ echo 7 8 9'],
      [
        'prose',
        'If offset is 0, the name of the shell is prefixed to the list.\n' +
          'Each package must ship its licence in the file /usr/share/doc/\npackage/copyright\nA Second sentence follows it.',
      ],
    ]);
  });

  it('GIVEN a PDF footer naming its section beside the printed page number THEN it leaves the text and becomes the section', async () => {
    // Pages 31 to 35 of a book: its title above, the section and the printed number below.
    const sections = ['1.1. Scope', '1.1. Scope', '1.2. Structure', '2.1. Archive areas', '2.1. Archive areas'];
    const bytes = buildMinimalPdf(
      sections.map((section, n) => [
        'Policy Manual, Release 4.6',
        `Page ${n + 1} opens on ${['cables', 'disks', 'memory', 'screens', 'fans'][n]}.`,
        `Its body says more about ${['copper', 'platters', 'chips', 'pixels', 'blades'][n]},`,
        `and ends with ${['a', 'one', 'the', 'this', 'that'][n]} sentence.`,
        n % 2 === 0 ? `${section} ${n + 31}` : `${n + 31} ${section}`,
      ]),
    );
    const document = await parseDocument('policy.pdf', 'pdf', bytes);
    expect(document.text).not.toMatch(/Scope|Structure|Archive areas|Release/);
    expect(document.sections.map((section) => section.path)).toEqual([
      ['Policy Manual, Release 4.6', '1.1. Scope', 'p. 1'],
      ['Policy Manual, Release 4.6', '1.1. Scope', 'p. 2'],
      ['Policy Manual, Release 4.6', '1.2. Structure', 'p. 3'],
      ['Policy Manual, Release 4.6', '2.1. Archive areas', 'p. 4'],
      ['Policy Manual, Release 4.6', '2.1. Archive areas', 'p. 5'],
    ]);
  });

  it('GIVEN a sentence at the foot of a PDF page opening with a number THEN it stays: no page numbering shows', async () => {
    const bytes = buildMinimalPdf([
      ['First page text.', '3 files are needed here'],
      ['Second page text.', '7 steps follow'],
      ['Third page text.', '2 disks at least'],
      ['Fourth page text.', '9 lives of a cat'],
    ]);
    const document = await parseDocument('notes.pdf', 'pdf', bytes);
    expect(document.text).toContain('3 files are needed here');
    expect(document.text).toContain('9 lives of a cat');
  });

  it('GIVEN PDF pages under a running header THEN the header leaves the text and becomes the section before "p. N"', async () => {
    const topics = ['cables', 'disks', 'memory', 'screens'];
    const bytes = buildMinimalPdf(
      topics.map((topic, n) => [
        `CHAPTER 2. HARDWARE     2.${n + 1}. PARTS`,
        `The ${topic} are listed here.`,
        `${n + 7}`,
      ]),
    );
    const document = await parseDocument('guide.pdf', 'pdf', bytes);
    expect(document.text).not.toMatch(/CHAPTER|PARTS/);
    expect(document.sections[2]).toEqual({
      start: document.text.indexOf('The memory'),
      path: ['CHAPTER 2. HARDWARE', '2.3. PARTS', 'p. 3'],
      anchor: 'page=3',
    });
  });

  it('GIVEN a running header that ends with the page count THEN the section names the book, not the count', async () => {
    const topics = ['cables', 'disks', 'memory', 'screens'];
    const bytes = buildMinimalPdf(
      topics.map((topic, n) => [`Widget guide ${n + 1} / 4`, `The ${topic} are listed here.`]),
    );
    const document = await parseDocument('guide.pdf', 'pdf', bytes);
    expect(document.text).not.toMatch(/Widget guide/);
    expect(document.sections[1]?.path).toEqual(['Widget guide', 'p. 2']);
  });

  it('GIVEN a hand-built two-page PDF THEN unpdf extracts each page as a section "p. N" with lines counted per page', async () => {
    const bytes = buildMinimalPdf([
      ['Hello world. This is page one.', 'It has a second line.'],
      ['Page two starts here.'],
    ]);
    const document = await parseDocument('reports/annual-report.pdf', 'pdf', bytes);
    expect(document.title).toBe('Annual report');
    expect(document.text).toBe('Hello world. This is page one.\nIt has a second line.\n\nPage two starts here.');
    expect(document.sections).toEqual([
      { start: 0, path: ['p. 1'], anchor: 'page=1' },
      { start: document.text.indexOf('Page two'), path: ['p. 2'], anchor: 'page=2' },
    ]);
    const passages = chunkDocument(document);
    expect(passages.map((passage) => [passage.section, passage.lineStart, passage.lineEnd])).toEqual([
      [['p. 1'], 1, 2],
      [['p. 2'], 1, 1],
    ]);
  });

  it('GIVEN bytes that are not a PDF THEN it is FILE_UNPARSABLE with the parser message', async () => {
    await expect(parseDocument('broken.pdf', 'pdf', bytesOf('%PDF-1.4 nothing else'))).rejects.toThrow(
      /broken\.pdf is not a readable PDF \(.+\)/,
    );
  });

  it('GIVEN a PDF without text THEN it is FILE_EMPTY', async () => {
    await expect(parseDocument('scan.pdf', 'pdf', buildMinimalPdf([[]]))).rejects.toThrow(/no text layer/);
  });
});
