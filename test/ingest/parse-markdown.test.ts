import { readFile } from 'node:fs/promises';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import {
  chunkDocument,
  findJsx,
  markdownQuotableText,
  markdownSyntaxFor,
  parseDocument,
  parseMarkdown,
} from '../../src/ingest/index.ts';
import type { ParsedDocument, Passage, UnitKind } from '../../src/ingest/index.ts';

const source = async () => readFile(new URL('../fixtures/ingest/reference.md', import.meta.url), 'utf8');
const parse = async () => parseDocument('docs/reference.md', 'md', new TextEncoder().encode(await source()));

/** Every unit of every passage, with its kind. */
function units(passages: readonly Passage[]): Array<{ text: string; kind: UnitKind }> {
  return passages.flatMap((passage) =>
    passage.sentenceStarts.map((start, i) => ({
      text: passage.text.slice(start, passage.sentenceStarts[i + 1] ?? passage.text.length).trim(),
      kind: passage.sentenceKinds?.[i] ?? 'prose',
    })),
  );
}

const blockTexts = (document: ParsedDocument, kind: string) =>
  (document.blocks ?? []).filter((block) => block.kind === kind).map((b) => document.text.slice(b.start, b.end));

/** Each block of a document as [kind, text]. */
function kindsAndTexts(document: ParsedDocument): Array<[string, string]> {
  return (document.blocks ?? []).map((block) => [block.kind, document.text.slice(block.start, block.end)]);
}

/** {@link kindsAndTexts} with white space collapsed: blanked markup leaves runs of spaces inside a block. */
function kindsAndWords(document: ParsedDocument): Array<[string, string]> {
  return kindsAndTexts(document).map(([kind, text]) => [kind, text.replace(/\s+/g, ' ').trim()]);
}

describe('parseMarkdown', () => {
  it('GIVEN front matter THEN title and url are metadata and no passage holds it', async () => {
    const document = await parse();
    expect(document.title).toBe('Widget reference');
    expect(document.url).toBe('https://docs.example.org/widget/reference');
    expect(
      chunkDocument(document)
        .map((passage) => passage.text)
        .join('\n'),
    ).not.toMatch(/section: 1|docs\.example/);
  });

  it('GIVEN no front-matter title and a page opening with prose THEN the title is the file name in words, not its first heading', async () => {
    const page = await readFile(new URL('../fixtures/ingest/docusaurus-page.mdx', import.meta.url), 'utf8');
    expect(parseMarkdown('rules/docusaurus-page.mdx', page).title).toBe('Docusaurus page');
    expect(parseMarkdown('no-floating-promises.md', '## Options\n\nText.\n').title).toBe('No floating promises');
  });

  it('GIVEN a page opening with a top-level heading (after front matter, imports, comments) THEN that heading is the title', () => {
    const page =
      "---\ndescription: x\n---\n\nimport Tabs from '@theme/Tabs';\n\n<!-- draft -->\n\n# Array type\n\n## Options\n";
    expect(parseMarkdown('rules/array.md', page).title).toBe('Array type');
    expect(parseMarkdown('setup.md', 'Setup\n=====\n\nText.\n').title).toBe('Setup');
    expect(parseMarkdown('guide.md', 'Intro.\n\n# Later heading\n').title).toBe('Guide');
  });

  it('GIVEN a front matter url that is not http(s) THEN the document has no url', async () => {
    const bytes = new TextEncoder().encode('---\nurl: javascript:alert(1)\n---\n\nText.\n');
    expect((await parseDocument('a.md', 'md', bytes)).url).toBeUndefined();
  });

  it('GIVEN a docs-site page (MDX imports and comments, ::: boxes) THEN the markup is in no passage, a box title is a label', () => {
    const page = [
      "import Tabs from '@theme/Tabs';",
      "import TabItem from '@theme/TabItem';",
      '',
      '# Install',
      '',
      ':::tip Before you start',
      '',
      'Make sure Node.js 18 or later is installed.',
      '',
      ':::',
      '',
      '{/* hidden from readers */}',
      '',
      '::: warning',
      'Deleting the cache removes every downloaded model.',
      ':::',
      '',
      'Import the settings from the file shown above.',
      '',
    ].join('\n');
    const document = parseMarkdown('install.md', page);
    const blocks = kindsAndTexts(document);
    expect(blocks).toEqual([
      ['label', 'Before you start'],
      ['prose', 'Make sure Node.js 18 or later is installed.'],
      ['prose', 'Deleting the cache removes every downloaded model.'],
      ['prose', 'Import the settings from the file shown above.'],
    ]);
    for (const block of document.blocks ?? [])
      expect(page.slice(block.start, block.end)).toBe(document.text.slice(block.start, block.end));
    expect(
      chunkDocument(document)
        .map((passage) => passage.text)
        .join('\n'),
    ).not.toMatch(/:::|@theme|hidden from/);
  });

  it('GIVEN an MDX page (JSX tags of every shape, expressions) THEN only the words between tags are text, the prose around them kept', async () => {
    const page = await readFile(new URL('../fixtures/ingest/docusaurus-page.mdx', import.meta.url), 'utf8');
    const document = parseMarkdown('rules/docusaurus-page.mdx', page);
    expect(kindsAndWords(document)).toEqual([
      ['prose', 'Boats moor at the east quay. The harbour master checks every pass.'],
      ['label', '❌ Incorrect'],
      ['code', 'const pass: Array<string> = {};'],
      ['label', '✅ Correct'],
      ['prose', 'Winter moorings are booked by mail.'],
      ['prose', 'Fees are paid at the office.'],
      ['prose', 'Pay online or pay the harbour master in person.'],
      ['prose', 'Intro line before a card list.'],
      ['prose', 'Text after the card list.'],
      ['prose', 'The quay is metres long and the empty object `{}` is code, as is `<T>`.'],
      ['prose', 'Opening hours'],
      // MDX has no indented code: the line is the paragraph it is in the rendered page.
      ['prose', 'The office opens at eight.'],
    ]);
    // A heading right under a closing tag is a heading, not words of the tag's block.
    expect(document.sections.map((section) => section.path.join(' > '))).toEqual(['Examples', 'Examples > Fees']);
    // Every character left is the file's, at its offset; the markup is spaces.
    expect(document.text).toHaveLength(page.length);
    expect(document.text.split('').every((character, at) => character === ' ' || character === page[at])).toBe(true);
    expect(markdownQuotableText(page, 'rules/docusaurus-page.mdx')).toBe(document.text);
  });

  it('GIVEN MDX tabs titled by a label or only a value THEN the title is a label unit before the tab, other attributes no text', () => {
    const page = [
      '<Tabs groupId="os">',
      '<TabItem value="linux" label="On Linux">',
      '',
      'Install it with the package manager.',
      '',
      '</TabItem>',
      '<TabItem value="❌ Incorrect">',
      '',
      '```ts',
      'const x: Array<string> = [];',
      '```',
      '',
      '</TabItem>',
      '</Tabs>',
      '',
      '<Card title="Not a tab" value="nor this">Card text.</Card>',
      '',
    ].join('\n');
    const passages = chunkDocument(parseMarkdown('install.mdx', page));
    expect(units(passages)).toEqual([
      { text: 'On Linux', kind: 'label' },
      { text: 'Install it with the package manager.', kind: 'prose' },
      { text: '❌ Incorrect', kind: 'label' },
      { text: 'const x: Array<string> = [];', kind: 'code' },
      { text: 'Card text.', kind: 'prose' },
    ]);
  });

  it('GIVEN the JSX markup of an MDX page in a .md file THEN it is read as CommonMark: indented lines stay code', async () => {
    const page = await readFile(new URL('../fixtures/ingest/docusaurus-page.mdx', import.meta.url), 'utf8');
    expect(blockTexts(parseMarkdown('docusaurus-page.md', page), 'code')).toContain('    The office opens at eight.');
  });

  it('GIVEN MkDocs admonitions and tabs (content indented under a marker) THEN the content is prose, the title a label', () => {
    const page = [
      '# Setup',
      '',
      '!!! note "Where the cache lives"',
      '',
      '    The cache lives in the home folder. It is safe to delete.',
      '',
      '!!! warning',
      '    Never run the tool as root.',
      '',
      '=== "Linux"',
      '',
      '    Install it with the package manager.',
      '',
      'Some text.',
      '',
      '    an indented code block stays code',
      '',
    ].join('\n');
    const document = parseMarkdown('setup.md', page);
    const blocks = kindsAndTexts(document);
    expect(blocks).toEqual([
      ['label', 'Where the cache lives'],
      ['prose', 'The cache lives in the home folder. It is safe to delete.'],
      ['prose', 'Never run the tool as root.'],
      ['label', 'Linux'],
      ['prose', 'Install it with the package manager.'],
      ['prose', 'Some text.'],
      ['code', '    an indented code block stays code'],
    ]);
  });

  it('GIVEN block quotes (a GitHub alert, nested quotes, code) THEN their > markers are in no block, the alert type is a label', () => {
    const page = [
      '> [!IMPORTANT]',
      '> The result convention applies to synchronous',
      '> compilers only.',
      '',
      '> A quote',
      '> > that nests',
      '> > another.',
      '>',
      '> ```sh',
      '> npx codemod remove-app-use',
      '> ```',
      '',
    ].join('\n');
    const document = parseMarkdown('quotes.md', page);
    expect(kindsAndWords(document)).toEqual([
      ['label', 'IMPORTANT'],
      ['prose', 'The result convention applies to synchronous compilers only.'],
      ['prose', 'A quote'],
      ['prose', 'that nests another.'],
      ['code', 'npx codemod remove-app-use'],
    ]);
    expect(document.text.length).toBe(page.length);
    expect(markdownQuotableText(page)).toBe(document.text);
  });

  it('GIVEN a raw HTML heading block (a banner) THEN it is a label; HTML with a paragraph stays prose', () => {
    const banner = '<h1 align="center">Fastify</h1>\n\n## Database\n\nPlugins connect to databases.\n\n';
    const document = parseMarkdown('database.md', `${banner}<h3>Note</h3><p>Pools are shared.</p>\n`);
    expect(kindsAndWords(document)).toEqual([
      ['label', 'Fastify'],
      ['prose', 'Plugins connect to databases.'],
      ['prose', 'Note Pools are shared.'],
    ]);
  });

  it('GIVEN an HTML comment block THEN it is in no passage', async () => {
    const passages = chunkDocument(await parse());
    expect(passages.map((passage) => passage.text).join('\n')).not.toMatch(/generated|docs-team|<!--/);
  });

  it('GIVEN inline HTML THEN only its text remains, at the offsets of the file', async () => {
    const text = await source();
    const document = await parse();
    const sentence = units(chunkDocument(document)).find((unit) => unit.text.startsWith('It needs'));
    expect(sentence?.text.replace(/\s+/g, ' ')).toBe('It needs root rights.');
    expect(document.text.length).toBe(text.length);
    // Every character that is not blanked markup is the file's own, at the same offset.
    for (let i = 0; i < text.length; i += 1) {
      if (document.text[i] !== text[i]) expect(document.text[i]).toBe(' ');
    }
    expect(markdownQuotableText(text)).toBe(document.text);
  });

  it('GIVEN links, reference links, images and autolinks THEN only their words remain, at the offsets of the file', () => {
    const text = [
      'See [the `install` guide](/commands/npm-install "Install") and [lockfiles][lock].',
      'A ![diagram of the tree](img/tree.png) and <https://example.org/x>.',
      '',
      '[lock]: /configuring-npm/package-lock-json',
      '',
    ].join('\n');
    const document = parseMarkdown('links.md', text);
    const prose = blockTexts(document, 'prose').map((block) => block.replace(/\s+/g, ' '));
    expect(prose).toEqual([
      'See the `install` guide and lockfiles . A diagram of the tree and https://example.org/x .',
    ]);
    expect(document.text.length).toBe(text.length);
    expect(markdownQuotableText(text)).toBe(document.text);
  });

  it('GIVEN headings THEN they set sections with GitHub-style anchors, repeated titles numbered', async () => {
    const document = await parse();
    expect(document.sections.map((section) => [section.path.join(' > '), section.anchor])).toEqual([
      ['Install the widget', 'install-the-widget'],
      ['Install the widget > Options', 'options'],
      ['Install the widget > Options', 'options-1'],
    ]);
    const passages = chunkDocument(document);
    expect(passages.at(-1)?.anchor).toBe('options-1');
    expect(passages.at(-1)?.url).toBe('https://docs.example.org/widget/reference');
  });

  it('GIVEN list items THEN each is a unit of its own and the line introducing them a label', async () => {
    const all = units(chunkDocument(await parse()));
    expect(all).toContainEqual({ text: 'Supported systems:', kind: 'label' });
    expect(all).toContainEqual({ text: 'Linux with glibc 2.31 or later', kind: 'prose' });
    expect(all).toContainEqual({ text: 'macOS 13', kind: 'prose' });
  });

  it('GIVEN a fenced code block THEN it is one code unit without its fences', async () => {
    const document = await parse();
    expect(blockTexts(document, 'code')).toEqual(['widget install --prefix /opt/widget\nwidget check']);
    const code = units(chunkDocument(document)).filter((unit) => unit.kind === 'code');
    expect(code).toEqual([{ text: 'widget install --prefix /opt/widget\nwidget check', kind: 'code' }]);
  });

  it('GIVEN a table THEN each row is one unit and the header row a label', async () => {
    const all = units(chunkDocument(await parse()));
    expect(all).toContainEqual({ text: '| Option | Meaning |', kind: 'label' });
    expect(all).toContainEqual({ text: '| `--prefix` | Where files go. |', kind: 'prose' });
    expect(all).toContainEqual({ text: '| `--quiet` | No progress output. |', kind: 'prose' });
    expect(all.some((unit) => unit.text.includes('|--------'))).toBe(false);
  });

  it('GIVEN any passage THEN its text is the quotable text at its offsets and its lines those of the file', async () => {
    const text = await source();
    const document = await parse();
    const lines = text.split('\n');
    for (const passage of chunkDocument(document)) {
      expect(document.text.slice(passage.start, passage.end)).toBe(passage.text);
      const firstLine = lines[passage.lineStart - 1] ?? '';
      expect(firstLine).toContain(text.slice(passage.start, text.indexOf('\n', passage.start)).trim().slice(0, 5));
    }
  });
});

describe('findJsx', () => {
  const find = (source: string) =>
    findJsx(source, markdownSyntaxFor(source)).map((markup) => source.slice(markup.start, markup.end));

  it('GIVEN tags, fragments and expressions THEN each is found whole, strings and nested braces included', () => {
    expect(find('<Tabs items={["a}", `b`]}>\n<Tab title="x > y" {...rest} />\n<>x</>\n</Tabs>\n{/* a } */}\n')).toEqual(
      ['<Tabs items={["a}", `b`]}>', '<Tab title="x > y" {...rest} />', '<>', '</>', '</Tabs>', '{/* a } */}'],
    );
  });

  it('GIVEN a less-than sign, a lone brace, an escaped one, code and front matter THEN none of it is JSX', () => {
    const source = '---\ntitle: "{x}"\n---\n\nIf a < b, 3 <4 or \\{ stays, { too.\n\n`<T>{}`\n\n```\n<Foo />\n```\n';
    expect(find(source)).toEqual([]);
  });

  it('GIVEN import and export lines THEN their braces are not expressions', () => {
    expect(find("import { Tab } from '@theme/Tab';\nexport const meta = { a: 1 };\n\nText {x}.\n")).toEqual(['{x}']);
  });
});

describe('markdownSyntaxFor', () => {
  it('GIVEN tables (with and without pipes), footnotes, task lists, autolinks and strikethrough THEN the document is the one all of GFM gives', async () => {
    const text = await readFile(new URL('../fixtures/ingest/gfm-constructs.md', import.meta.url), 'utf8');
    const allOfGfm = {
      extensions: [gfm(), frontmatter(['yaml'])],
      mdastExtensions: [...gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
    };
    const reference = parseMarkdown('gfm.md', text, allOfGfm);
    expect(reference.blocks?.filter((block) => block.kind === 'row')).toHaveLength(4);
    expect(parseMarkdown('gfm.md', text)).toEqual(reference);
  });

  it('GIVEN a text without table, footnote or task markers THEN only front matter syntax is used', () => {
    expect(markdownSyntaxFor('# Title\n\nPlain text, with a colon: here.\n').extensions).toHaveLength(1);
    expect(markdownSyntaxFor('a | b\n--- | ---\n').extensions).toHaveLength(2);
  });
});
