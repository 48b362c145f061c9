import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { chunkDocument, parseDocument } from '../../src/ingest/index.ts';

const html = (body: string, head = '') =>
  new TextEncoder().encode(`<!doctype html><html><head>${head}<title>T</title></head><body>${body}</body></html>`);

describe('parseHtml', () => {
  it('GIVEN a canonical link THEN it is the url; og:url otherwise; anything but http(s) is ignored', async () => {
    const canonical =
      '<link rel="canonical" href="https://example.org/a"><meta property="og:url" content="https://o/">';
    expect((await parseDocument('a.html', 'html', html('<p>Text.</p>', canonical))).url).toBe('https://example.org/a');
    const og = '<meta property="og:url" content="https://example.org/b">';
    expect((await parseDocument('b.html', 'html', html('<p>Text.</p>', og))).url).toBe('https://example.org/b');
    const bad = '<link rel="canonical" href="javascript:alert(1)">';
    expect((await parseDocument('c.html', 'html', html('<p>Text.</p>', bad))).url).toBeUndefined();
  });

  it("GIVEN headings THEN each section's anchor is the heading's id, a named anchor in it, or its section's id", async () => {
    const body =
      '<h1 id="top">Guide</h1><p>Intro.</p>' +
      '<div class="section" id="setup"><h2>Setup</h2><p>Steps.</p></div>' +
      '<h2><a name="usage"></a>Usage</h2><p>Use it.</p>';
    const document = await parseDocument('g.html', 'html', html(body));
    expect(document.sections.map((section) => [section.path.at(-1), section.anchor])).toEqual([
      ['Guide', 'top'],
      ['Setup', 'setup'],
      ['Usage', 'usage'],
    ]);
    expect(chunkDocument(document).map((passage) => passage.anchor)).toEqual(['top', 'setup', 'usage']);
  });

  it('GIVEN frame, plug-in and inline-frame fallbacks THEN their content (raw markup to the parser) is not text', async () => {
    const body =
      '<p>The package holds one class.</p>' +
      '<noframes><H2>Frame Alert</H2><P>This document is designed to be viewed using frames.</noframes>' +
      '<iframe src="demo.html"><p>Your browser does not support iframes.</p></iframe>' +
      '<embed src="a.swf"><noembed><b>No plug-in</b></noembed>' +
      '<p>It is thread-safe.</p>';
    const document = await parseDocument('p.html', 'html', html(body));
    expect(document.text).toBe('The package holds one class.\n\nIt is thread-safe.');
  });

  it('GIVEN a listing whose lines are divs of linked names THEN each line is kept; a bar of links is still dropped', async () => {
    const line = (code: string) => `<div class="line">${code}</div>`;
    const body =
      '<div class="header"><a href="index.html">Main Page</a> | <a href="modules.html">Modules</a></div>' +
      '<p>Appending to a list:</p><div class="fragment">' +
      line('<a href="g.html#a">MDB_IDL</a> <a href="g.html#b">mdb_midl_alloc</a>(<a href="g.html#c">num</a>);') +
      line(
        '<a href="g.html#d">mdb_midl_append</a>( <a href="g.html#a">MDB_IDL</a> *idp, <a href="g.html#e">MDB_ID</a> id );',
      ) +
      line('<a href="g.html#f">rc</a> = <a href="g.html#g">mdb_midl_need</a>(<a href="g.html#h">idp</a>, 2)') +
      '</div>';
    const document = await parseDocument('midl.html', 'html', html(body));
    expect((document.blocks ?? []).map((block) => document.text.slice(block.start, block.end))).toEqual([
      'Appending to a list:',
      'MDB_IDL mdb_midl_alloc(num);',
      'mdb_midl_append( MDB_IDL *idp, MDB_ID id );',
      'rc = mdb_midl_need(idp, 2)',
    ]);
  });

  it('GIVEN a heading closed by the end tag of another level THEN it ends there, as a browser ends it', async () => {
    const body = '<h2 align=center>Keyword Index</h1><p>Each keyword links to its page.</p><h3>A</h2><p>ABORT.</p>';
    const document = await parseDocument('k.html', 'html', html(body));
    expect(document.sections.map((section) => section.path)).toEqual([['Keyword Index'], ['Keyword Index', 'A']]);
    expect(document.text).toContain('Each keyword links to its page.');
    expect(chunkDocument(document).map((passage) => passage.text)).toEqual([
      'Each keyword links to its page.',
      'ABORT.',
    ]);
  });

  it('GIVEN a heading that links to itself around code THEN its symbols stay; a lone permalink symbol goes', async () => {
    const body =
      '<h2 id="op"><a class="header" href="#op">Where&#39;s the <code>-&gt;</code> Operator?</a></h2><p>Text.</p>' +
      '<h2 id="t">Types<a class="headerlink" href="#t">¶</a></h2><p>More.</p>';
    const document = await parseDocument('h.html', 'html', html(body));
    expect(document.sections.map((section) => section.path.at(-1))).toEqual(["Where's the -> Operator?", 'Types']);
  });

  it('GIVEN a footnote made mostly of a link THEN it is kept as the sentence it is; a bar of links is still dropped', async () => {
    const body =
      '<p>The library sets its SONAME.<a href="#f1"><sup>[1]</sup></a></p>' +
      '<div class="footnote"><p><a href="#c1"><sup>[1] </sup></a>See the ' +
      '<a href="https://www.debian.org/doc/debian-policy/">Debian Policy Manual, 8.1 Run-time shared libraries</a>.</p></div>' +
      '<div class="navfooter"><a href="a.html">Previous</a> | <a href="b.html">Next</a></div>';
    const document = await parseDocument('f.html', 'html', html(body));
    const passages = chunkDocument(document).map((passage) => passage.text);
    expect(passages.join('\n')).toContain('See the Debian Policy Manual, 8.1 Run-time shared libraries.');
    expect(passages.join('\n')).not.toContain('Previous');
  });

  it('GIVEN an API signature whose names are all links THEN it is kept as code; a bar of links is still dropped', async () => {
    const body =
      '<div class="member-signature">public static <a href="String.html">String</a>[] ' +
      '<a href="src.html#split">splitByCharacterType</a>(<a href="String.html">String</a> str)</div>' +
      '<div class="block"><a href="Init.html">AtomicInitializer</a>&lt;<a href="T.html">T</a>&gt;</div>' +
      '<div class="nav"><a href="prev.html">Prev Class</a> | <a href="next.html">Next Class</a></div>';
    const document = await parseDocument('api.html', 'html', html(body));
    const passages = chunkDocument(document).map((passage) => passage.text);
    expect(passages.join('\n')).toContain('public static String[] splitByCharacterType(String str)');
    expect(passages.join('\n')).toContain('AtomicInitializer<T>');
    expect(passages.join('\n')).not.toContain('Prev Class');
  });

  it('GIVEN images THEN one in running text reads as its alt text; an icon in a link or a cell does not', async () => {
    const body =
      '<p>The distance between <img class="formula" alt="$(x_1,y_1)$" src="f1.png"> and the origin is small.</p>' +
      '<p><a href="next.html"><img alt="Next" src="next.png"></a> Read on.</p>' +
      '<table><tr><td><img alt="[Note]" src="note.png"></td><th>Note</th></tr></table>';
    const document = await parseDocument('img.html', 'html', html(body));
    expect(document.text).toContain('The distance between $(x_1,y_1)$ and the origin is small.');
    expect(document.text).not.toContain('Next');
    expect(document.text).not.toContain('[Note]');
  });

  it('GIVEN several h1 heading the sections of a page THEN its title is the <title>; one h1 is the title', async () => {
    const pod = '<h1 id="NAME">NAME</h1><p>Carp - warn of errors.</p><h1 id="SYNOPSIS">SYNOPSIS</h1><p>use Carp;</p>';
    const page = (body: string) =>
      new TextEncoder().encode(
        `<html><head><title>Carp - alternative warn and die</title></head><body>${body}</body></html>`,
      );
    expect((await parseDocument('Carp.html', 'html', page(pod))).title).toBe('Carp - alternative warn and die');
    expect((await parseDocument('guide.html', 'html', page('<h1>Installing</h1><p>Run it.</p>'))).title).toBe(
      'Installing',
    );
  });

  it('GIVEN superscripts and subscripts THEN they are words of their own; buttons and menus are not text', async () => {
    const body =
      '<p>Values up to 2<sup>31</sup> fit, in O(N<sup>2</sup>) time, as tables<sup><a href="#n1">1</a></sup> say.</p>' +
      '<p>insert-stmt: <button onclick="toggle()">hide</button></p><select><option>v1.0</option></select>';
    const document = await parseDocument('s.html', 'html', html(body));
    expect(document.text).toBe('Values up to 2 31 fit, in O(N 2) time, as tables 1 say.\n\ninsert-stmt:');
  });
});

describe('parseHtml content', () => {
  const manual = async () =>
    parseDocument(
      'guide/ch02s01.html',
      'html',
      await readFile(new URL('../fixtures/ingest/chunked-manual.html', import.meta.url)),
    );
  const unitsOf = async () =>
    chunkDocument(await manual()).flatMap((passage) =>
      passage.sentenceStarts.map((start, i) => ({
        text: passage.text
          .slice(start, passage.sentenceStarts[i + 1] ?? passage.text.length)
          .trim()
          .replace(/\s+/g, ' '),
        kind: passage.sentenceKinds?.[i] ?? 'prose',
      })),
    );

  it('GIVEN navigation bars (links to the rel=prev/next pages) and breadcrumbs THEN no passage holds them', async () => {
    const text = (await unitsOf()).map((unit) => unit.text).join('\n');
    expect(text).not.toMatch(/Prev|Next|Home|Chapter 1|Chapter 2|2\.2\. Devices|›/);
    // The content around them is there: nothing was dropped wholesale.
    expect(text).toContain('A machine with 512 MB of memory is enough for a text install.');
  });

  it('GIVEN boxes inside the content (sidebar, note) THEN their text is kept as prose', async () => {
    const units = await unitsOf();
    expect(units).toContainEqual({
      text: 'A machine with 512 MB of memory is enough for a text install.',
      kind: 'prose',
    });
    expect(units).toContainEqual({ text: 'Graphical installs need at least 1 GB.', kind: 'prose' });
  });

  it('GIVEN a list heading, a caption, a header row, a table row and a pre THEN each has its kind', async () => {
    const units = await unitsOf();
    expect(units).toContainEqual({ text: 'You need:', kind: 'label' });
    expect(units).toContainEqual({ text: 'a network card', kind: 'prose' });
    expect(units).toContainEqual({ text: 'Table 2.1. Minimum sizes', kind: 'label' });
    expect(units).toContainEqual({ text: 'Install | Memory', kind: 'label' });
    expect(units).toContainEqual({ text: 'Text | 512 MB', kind: 'prose' });
    expect(units).toContainEqual({ text: '# apt install firmware-linux # reboot', kind: 'code' });
  });

  it('GIVEN an admonition laid out by a table THEN its title is a label, its text one unit with a line a paragraph', async () => {
    const body =
      '<p>Before.</p><div class="note"><table><tr><td><img alt="[Note]" src="note.png"></td><th>Note</th></tr>' +
      '<tr><td><p>The installer needs 810 MB. Otherwise it falls back.</p><p>Check the memory first.</p></td></tr>' +
      '</table></div><table><tr><td>boot</td><td>Static files</td></tr></table>';
    const document = await parseDocument('n.html', 'html', html(body));
    const blocks = (document.blocks ?? []).map((block) => [block.kind, document.text.slice(block.start, block.end)]);
    expect(blocks).toEqual([
      ['prose', 'Before.'],
      ['label', 'Note'],
      ['row', 'The installer needs 810 MB. Otherwise it falls back.\nCheck the memory first.'],
      ['row', 'boot | Static files'],
    ]);
  });

  it('GIVEN a sentence with a link inside THEN it stays prose', async () => {
    expect(await unitsOf()).toContainEqual({
      text: 'See chapter 3 for partitioning, which most people skip.',
      kind: 'prose',
    });
  });

  it('GIVEN a page that is mostly links (a table of contents) THEN it is searchable but every unit is links', async () => {
    const toc =
      '<h1>Contents</h1><dl><dt><a href="ch01.html">1. Welcome</a></dt><dt><a href="ch02.html">2. Requirements</a></dt>' +
      '<dd><dl><dt><a href="ch02s01.html">2.1. Supported hardware and the devices that the installer knows</a></dt></dl></dd></dl>';
    const document = await parseDocument('index.html', 'html', html(toc));
    const passages = chunkDocument(document);
    expect(passages.map((passage) => passage.text).join(' ')).toContain('Supported hardware');
    expect(
      passages.flatMap((passage) => passage.sentenceKinds ?? (['prose'] as const)).every((kind) => kind === 'links'),
    ).toBe(true);
  });
});
