import GithubSlugger from 'github-slugger';
import type { Code, Nodes, Parent, PhrasingContent, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import type { Extension as TreeExtension } from 'mdast-util-from-markdown';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Extension as SyntaxExtension } from 'micromark-util-types';
import { parse as parseYaml } from 'yaml';
import { titleFromFileName } from './file-name.ts';
import { documentUrl } from './metadata.ts';
import { blankRanges, findJsx, isMdxPath, MDX_NO_INDENTED_CODE, tabLabels, type JsxMarkup } from './mdx.ts';
import { pushListHeading } from './blocks.ts';
import { skipSpaces, trimEnd } from './sentences.ts';
import type { ParsedDocument, SectionStart, TextBlock } from './types.ts';

/**
 * A raw HTML block that is one heading (`<h1 align="center">Fastify</h1>`, the banner of a README or of every page of
 * a docs folder): a title, searchable and never quoted, like a heading's words.
 */
const HTML_HEADING =
  /^\s*<(h[1-6])\b[^>]*>(?:(?!<\/?(?:h[1-6]|p|div|table|ul|ol|dl|pre|blockquote)\b)[\s\S])*<\/\1\s*>\s*$/iu;
/** A comment or a tag inside raw HTML. */
const HTML_MARKUP = /<!--[\s\S]*?(?:-->|$)|<[A-Za-z/!?][^>]*>?/g;
const FENCE_LINE = /^[ \t]*(?:`{3,}|~{3,})/;
const CLOSING_FENCE_LINE = /^[ \t]*(?:`{3,}|~{3,})[ \t]*\r?$/;

/**
 * Markdown, read by micromark/mdast with GFM (tables, task lists, footnotes) and YAML front matter.
 *
 * `text` is the file content with raw HTML markup (comments, tags) and the syntax around the words of links and
 * images (their addresses) blanked out by spaces of the same length, line breaks kept
 * ({@link markdownQuotableText}): every other character is the file's,
 * at the same offset, so quotes stay checkable against the file and line numbers stay true.
 *
 * - Headings set the section path (nested by level) and are excluded from passages; each
 *   section's anchor is its GitHub-style slug.
 * - Front matter is metadata, never text: `title:` is the title (else a top-level `#` heading the document opens
 *   with, else the file name in words), `url:` the document's address (http/https only).
 * - Blocks: paragraphs and each list item's paragraphs are prose; a paragraph ending with `:`
 *   right before a list ends with a list heading (a label, never quoted); a table is one unit a
 *   row, its header row a label; a code block is one code unit (its content, without fences);
 *   HTML comments are dropped; other raw HTML keeps only its text.
 * - MDX (a path ending in `.mdx`): JSX tags and `{…}` expressions are blanked out like raw HTML tags (the words
 *   between tags stay text), and an indented line is not code, as MDX reads them ({@link findJsx}). A tab's title
 *   (`<TabItem label="✅ Correct">`, else its `value`) is a label, like a MkDocs tab's.
 *
 * `syntax` defaults to {@link markdownSyntaxFor}: the parser extensions the source may need.
 */
export function parseMarkdown(
  path: string,
  source: string,
  syntax: MarkdownSyntax = markdownSyntaxFor(source),
): ParsedDocument {
  // MDX: JSX tags and expressions are blanked before reading, so that a tag on its own line parts blocks as MDX does
  // and one over several lines does not read as text (its `>` line as a block quote).
  const mdx = isMdxPath(path);
  const jsx = mdx ? findJsx(source, syntax) : [];
  const read = mdx ? blankRanges(source, jsxRanges(jsx)) : source;
  const tree = fromMarkdown(
    read,
    mdx
      ? { extensions: [...syntax.extensions, MDX_NO_INDENTED_CODE], mdastExtensions: syntax.mdastExtensions }
      : syntax,
  );
  // A tab's title is read after the tags are blanked (so it parts no paragraph), then put back as a label.
  const tabTitles = tabLabels(jsx);
  const text = keepRanges(maskMarkup(read, tree), source, tabTitles);
  const sections: SectionStart[] = [];
  const excludedRanges: Array<readonly [number, number]> = [];
  const blocks: TextBlock[] = [];
  const stack: Array<{ level: number; title: string }> = [];
  const slugger = new GithubSlugger();
  // A top-level heading the document opens with (nothing but front matter and markup before it): its title.
  let openingHeading: string | null = null;
  let metadata: { title?: string; url?: string } = {};

  const visit = (nodes: readonly RootContent[]) => {
    nodes.forEach((node, index) => {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined) return;
      switch (node.type) {
        case 'yaml':
          excludedRanges.push([start, lineEnd(text, end)]);
          metadata = frontMatter(node.value);
          return;
        case 'heading': {
          excludedRanges.push([start, lineEnd(text, end)]);
          const title = plainText(node.children);
          if (title === '') return;
          if (node.depth === 1 && sections.length === 0 && blocks.length === 0) openingHeading = title;
          while ((stack[stack.length - 1]?.level ?? 0) >= node.depth) stack.pop();
          stack.push({ level: node.depth, title });
          sections.push({ start, path: stack.map((heading) => heading.title), anchor: slugger.slug(title) });
          return;
        }
        case 'paragraph': {
          const markup = markupLines(text, start, end);
          if (markup !== null) {
            blocks.push(...markup);
            return;
          }
          const introducesList = nodes[index + 1]?.type === 'list' && /:\s*$/.test(text.slice(start, end));
          if (introducesList) pushListHeading(text, start, end, blocks);
          else blocks.push({ start, end, kind: 'prose' });
          return;
        }
        case 'code':
          // An indented block right under an admonition marker is the box's content, not code.
          if (isAdmonitionMarker(nodes[index - 1], text) && !FENCE_LINE.test(text.slice(start, end)))
            blocks.push(...paragraphsOf(text, start, end));
          else blocks.push({ ...codeContent(text, node, start, end), kind: 'code' });
          return;
        case 'table':
          node.children.forEach((row, rowIndex) => {
            const rowStart = row.position?.start.offset;
            const rowEnd = row.position?.end.offset;
            if (rowStart !== undefined && rowEnd !== undefined)
              blocks.push({ start: rowStart, end: rowEnd, kind: rowIndex === 0 ? 'label' : 'row' });
          });
          return;
        case 'html':
          if (text.slice(start, end).trim() !== '')
            blocks.push({ start, end, kind: HTML_HEADING.test(source.slice(start, end)) ? 'label' : 'prose' });
          return;
        case 'thematicBreak':
        case 'definition':
          return;
        default:
          if ('children' in node) visit((node as Parent).children);
          else blocks.push({ start, end, kind: 'prose' });
      }
    });
  };
  visit(tree.children);
  if (tabTitles.length > 0) {
    for (const [start, end] of tabTitles) blocks.push({ ...trimmed(text, start, end), kind: 'label' });
    blocks.sort((a, b) => a.start - b.start);
  }

  return {
    path,
    format: 'md',
    // Not the first heading of any level: a page opening with prose names its subject nowhere else than in its
    // file name (`array-type.mdx` → "Array type", not "Examples"), which is what Docusaurus titles it with too.
    title: metadata.title ?? openingHeading ?? titleFromFileName(path),
    text: blankOutside(text, blocks, excludedRanges),
    sections,
    lineAnchors: [[0, 1]],
    excludedRanges,
    blocks,
    ...(metadata.url === undefined ? {} : { url: metadata.url }),
  };
}

/** `masked` with the characters of `source` put back in `ranges`. */
function keepRanges(masked: string, source: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  if (ranges.length === 0) return masked;
  const parts: string[] = [];
  let cursor = 0;
  for (const [start, end] of ranges) {
    parts.push(masked.slice(cursor, start), source.slice(start, end));
    cursor = end;
  }
  parts.push(masked.slice(cursor));
  return parts.join('');
}

/** Where the JSX of an MDX file is, in order. */
function jsxRanges(markup: readonly JsxMarkup[]): Array<readonly [number, number]> {
  return markup.map((item) => [item.start, item.end] as const);
}

/**
 * An MDX statement line of a docs site's Markdown: `import Tabs from '@theme/Tabs';`, `export const x = 1;`, or a
 * `{/* comment *\/}`: markup of the page, not its text.
 */
const MDX_LINE =
  /^\s*(?:import\s+(?:[\w*{}\s,]+\s+from\s+)?['"][^'"\n]+['"];?|export\s+(?:const|let|var|function|default)\b.*|\{\/\*.*\*\/\})\s*$/u;
/**
 * A container fence (`:::tip Before you start`, `::: warning`, `:::note[Title]`, a closing `:::`): the box markers
 * of remark-directive, Docusaurus or VitePress. The name is markup; a title after it is the box's label.
 */
const CONTAINER_FENCE = /^[ \t]*:{3,}[ \t]*(?:[A-Za-z][\w-]*)?(?:[ \t]*\[([^\]\n]*)\]|[ \t]+([^\n]*\S))?[ \t]*$/u;

/**
 * The blocks of a paragraph holding page markup rather than text, or null for a paragraph of text: MDX statements
 * and comments are dropped; container fences and admonition markers are dropped, their title kept as a label, the
 * lines between them prose.
 */
function markupLines(text: string, start: number, end: number): TextBlock[] | null {
  const lines: Array<{ start: number; end: number }> = [];
  for (let from = start; from < end;) {
    const newline = text.indexOf('\n', from);
    const to = newline === -1 || newline > end ? end : newline;
    lines.push({ start: from, end: to });
    from = to + 1;
  }
  const isMarkup = (line: { start: number; end: number }) => {
    const content = text.slice(line.start, line.end);
    return (
      MDX_LINE.test(content) ||
      CONTAINER_FENCE.test(content) ||
      ADMONITION_MARKER.test(content) ||
      ALERT_MARKER.test(content)
    );
  };
  if (!lines.some(isMarkup)) return null;
  const blocks: TextBlock[] = [];
  // The run of text lines since the last markup line (-1: none).
  let proseStart = -1;
  let proseEnd = -1;
  const flush = () => {
    if (proseStart >= 0) blocks.push({ ...trimmed(text, proseStart, proseEnd), kind: 'prose' });
    proseStart = -1;
  };
  for (const line of lines) {
    const content = text.slice(line.start, line.end);
    if (!isMarkup(line)) {
      if (proseStart < 0) proseStart = line.start;
      proseEnd = line.end;
      continue;
    }
    flush();
    const fence = CONTAINER_FENCE.exec(content);
    const title = fence?.[1] ?? fence?.[2] ?? ADMONITION_MARKER.exec(content)?.[1] ?? ALERT_MARKER.exec(content)?.[1];
    if (title !== undefined && title.trim() !== '') {
      const offset = line.start + content.lastIndexOf(title);
      blocks.push({ ...trimmed(text, offset, offset + title.length), kind: 'label' });
    }
  }
  flush();
  return blocks.filter((block) => block.end > block.start);
}

/**
 * An admonition or tab marker of MkDocs and Python-Markdown (`!!! note "Title"`, `??? tip`, `=== "Linux"`), alone on
 * its line: the content is the indented block under it, which CommonMark reads as code.
 */
const ADMONITION_MARKER =
  /^[ \t]*(?:!!!|\?\?\?\+?|===\+?)[ \t]+(?:[\w-]+(?:[ \t]+[\w-]+)*)?[ \t]*(?:"([^"\n]*)")?[ \t]*$/u;

/**
 * The marker of a GitHub alert (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`), alone on the first
 * line of a block quote: GitHub shows it as the box's title (Note, Warning…), so its word is a label.
 */
const ALERT_MARKER = /^[ \t]*\[!(note|tip|important|warning|caution)\][ \t]*$/iu;

/** Whether `node` is a paragraph made of one admonition marker line. */
function isAdmonitionMarker(node: RootContent | undefined, text: string): boolean {
  const start = node?.position?.start.offset;
  const end = node?.position?.end.offset;
  return (
    node?.type === 'paragraph' &&
    start !== undefined &&
    end !== undefined &&
    ADMONITION_MARKER.test(text.slice(start, end))
  );
}

/** The paragraphs of an indented block read as text: runs of lines between blank lines, each a prose block. */
function paragraphsOf(text: string, start: number, end: number): TextBlock[] {
  const blocks: TextBlock[] = [];
  const blank = /\n[ \t]*\n/gu;
  blank.lastIndex = start;
  let from = start;
  for (let match = blank.exec(text); match !== null && match.index < end; match = blank.exec(text)) {
    blocks.push({ ...trimmed(text, from, match.index), kind: 'prose' });
    from = match.index + match[0].length;
  }
  blocks.push({ ...trimmed(text, from, end), kind: 'prose' });
  return blocks.filter((block) => block.end > block.start);
}

/** `[start, end)` without the white space at either end. */
function trimmed(text: string, start: number, end: number): { start: number; end: number } {
  const from = skipSpaces(text, start, end);
  return { start: from, end: trimEnd(text, from, end) };
}

/** micromark syntax extensions with the mdast extensions that turn their tokens into nodes. */
export interface MarkdownSyntax {
  readonly extensions: SyntaxExtension[];
  readonly mdastExtensions: TreeExtension[];
}

/** A GFM construct with the characters it cannot match without. */
interface OptionalSyntax {
  readonly mayOccur: (source: string) => boolean;
  readonly syntax: SyntaxExtension;
  readonly tree: TreeExtension;
}

const FRONT_MATTER: OptionalSyntax = {
  mayOccur: () => true,
  syntax: frontmatter(['yaml']),
  tree: frontmatterFromMarkdown(['yaml']),
};
const GFM_PARTS: readonly OptionalSyntax[] = [
  // A table needs a `|`, or a delimiter row with a colon (`a` then `:-`).
  { mayOccur: (source) => /\||:-|-:/.test(source), syntax: gfmTable(), tree: gfmTableFromMarkdown() },
  // Struck-out words are dropped from heading titles.
  { mayOccur: (source) => source.includes('~'), syntax: gfmStrikethrough(), tree: gfmStrikethroughFromMarkdown() },
  { mayOccur: (source) => source.includes('[^'), syntax: gfmFootnote(), tree: gfmFootnoteFromMarkdown() },
  { mayOccur: (source) => /\[[ xX]\]/.test(source), syntax: gfmTaskListItem(), tree: gfmTaskListItemFromMarkdown() },
];

/**
 * The syntax that can change what {@link parseMarkdown} reads (blocks and their offsets, raw HTML,
 * heading words): front matter and GFM tables, footnotes, task lists and strikethrough, each only
 * when the source holds the characters it needs to match, so what is read is what all of GFM gives.
 *
 * GFM autolink literals are left out: they only wrap characters of a paragraph in a link node,
 * never change a block, an offset, a heading's words or what is raw HTML, and alone (a tokenizer
 * at every letter and a tree-wide search for addresses) they more than doubled the parse time.
 * Table syntax is tried at every line, hence its guard.
 */
export function markdownSyntaxFor(source: string): MarkdownSyntax {
  const parts = [FRONT_MATTER, ...GFM_PARTS.filter((part) => part.mayOccur(source))];
  return { extensions: parts.map((part) => part.syntax), mdastExtensions: parts.map((part) => part.tree) };
}

/**
 * The text that Markdown quotes are taken from ({@link parseMarkdown}'s `text`): the file with raw HTML comments and
 * tags, link and image syntax around their words, and the markup between blocks (list markers, fences, table delimiter
 * rows), replaced by spaces, line breaks kept, so every other character keeps its offset. Spaces are all it changes:
 * the quote check relies on that to compare a quote with the file itself (src/answer/verify.ts); `path` tells an MDX
 * file (`.mdx`) from plain Markdown.
 */
export function markdownQuotableText(source: string, path = ''): string {
  return parseMarkdown(path, source).text;
}

/**
 * Blanks out what lies outside blocks and excluded ranges (headings, front matter): the markup
 * between units, so that a unit ends where its block ends even though passages only record
 * where units start.
 */
function blankOutside(
  text: string,
  blocks: readonly TextBlock[],
  excluded: ReadonlyArray<readonly [number, number]>,
): string {
  const kept = [...blocks.map((block) => [block.start, block.end] as const), ...excluded].sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let cursor = 0;
  for (const [start, end] of kept) {
    if (start > cursor) parts.push(text.slice(cursor, start).replace(/[^\r\n]/g, ' '));
    if (end > cursor) parts.push(text.slice(Math.max(cursor, start), end));
    cursor = Math.max(cursor, end);
  }
  parts.push(text.slice(cursor).replace(/[^\r\n]/g, ' '));
  return parts.join('');
}

/**
 * `source` with inline markup that is not text blanked out: the tags and comments of raw HTML, and the syntax of links
 * and images around their visible words (`[`, `](destination "title")`, `][reference]`, `![`, an autolink's `<>`), so
 * that a link's address is neither searched nor quoted as words of the document.
 */
function maskMarkup(source: string, tree: Root): string {
  const spans: Array<readonly [number, number]> = [];
  const collect = (node: Nodes) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (node.type === 'html') {
      if (start === undefined) return;
      for (const match of node.value.matchAll(HTML_MARKUP)) {
        const at = start + match.index;
        spans.push([at, at + match[0].length]);
      }
      return;
    }
    if ((node.type === 'link' || node.type === 'linkReference') && start !== undefined && end !== undefined) {
      const first = node.children[0]?.position?.start.offset;
      const last = node.children[node.children.length - 1]?.position?.end.offset;
      if (first === undefined || last === undefined) spans.push([start, end]);
      else spans.push([start, first], [last, end]);
    }
    if ((node.type === 'image' || node.type === 'imageReference') && start !== undefined && end !== undefined) {
      // The alt text stands between `![` and the first `]` (an alt with brackets of its own is rare: blanked whole).
      const altEnd = source.indexOf(']', start + 2);
      const alt = node.alt ?? '';
      if (alt !== '' && altEnd !== -1 && altEnd < end && source.slice(start + 2, altEnd) === alt)
        spans.push([start, start + 2], [altEnd, end]);
      else spans.push([start, end]);
      return;
    }
    if (node.type === 'blockquote' && start !== undefined && end !== undefined)
      spans.push(...quoteMarkers(source, start, end));
    if ('children' in node) for (const child of node.children) collect(child);
  };
  collect(tree);
  return blankRanges(
    source,
    spans.sort((a, b) => a[0] - b[0]),
  );
}

/** The `>` markers (nested ones too, and the space after each) that open the lines of a block quote. */
const QUOTE_MARKERS = /^[ \t]*(?:>[ \t]?)+/u;

/**
 * The spans of a block quote's line markers: the quote's first line from its own `>`, each later line from its start.
 * A paragraph or code block in a quote spans its lines with their markers, which are markup, not the author's text
 * (`compilers only.⏎> An asynchronous validator`).
 */
function quoteMarkers(source: string, start: number, end: number): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  for (let from = start; from < end;) {
    const marker = QUOTE_MARKERS.exec(source.slice(from, Math.min(end, from + 200)));
    if (marker !== null && marker[0].includes('>')) spans.push([from, from + marker[0].length]);
    const newline = source.indexOf('\n', from);
    if (newline === -1) break;
    from = newline + 1;
  }
  return spans;
}

/** The code itself: a fenced block without its fence lines. */
function codeContent(text: string, node: Code, start: number, end: number): { start: number; end: number } {
  const firstBreak = text.indexOf('\n', start);
  if (!FENCE_LINE.test(text.slice(start, end)) || firstBreak === -1 || firstBreak >= end) return { start, end };
  const contentStart = firstBreak + 1;
  const lastBreak = text.lastIndexOf('\n', end - 1);
  const closed = lastBreak >= contentStart - 1 && CLOSING_FENCE_LINE.test(text.slice(lastBreak + 1, end));
  const contentEnd = closed ? Math.max(contentStart, lastBreak) : end;
  return node.value === '' ? { start: contentStart, end: contentStart } : { start: contentStart, end: contentEnd };
}

/** Up to and including the line break that ends the line of `offset`. */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** A heading's words: link labels, code and emphasis text kept; raw HTML dropped. */
function plainText(nodes: readonly PhrasingContent[]): string {
  const parts: string[] = [];
  const collect = (node: PhrasingContent) => {
    if (node.type === 'text' || node.type === 'inlineCode') parts.push(node.value);
    else if (node.type === 'image') parts.push(node.alt ?? '');
    else if (node.type === 'break') parts.push(' ');
    else if ('children' in node) for (const child of node.children) collect(child);
  };
  nodes.forEach(collect);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** `title:` and `url:` of YAML front matter; malformed YAML gives no metadata (the block stays out of the text). */
function frontMatter(yaml: string): { title?: string; url?: string } {
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch {
    return {};
  }
  if (typeof data !== 'object' || data === null) return {};
  const record = data as Record<string, unknown>;
  const title = typeof record['title'] === 'string' ? record['title'].trim() : '';
  const url = documentUrl(record['url']);
  return { ...(title === '' ? {} : { title }), ...(url === undefined ? {} : { url }) };
}
