import { Parser } from 'htmlparser2';
import { titleFromFileName } from './file-name.ts';
import { createLineLocator } from './lines.ts';
import { documentUrl } from './metadata.ts';
import { pushListHeading } from './blocks.ts';
import type { BlockKind, ParsedDocument, SectionStart, TextBlock } from './types.ts';

/**
 * Elements whose content is not document text (scripts, navigation, page chrome). `noframes`, `noembed` and `iframe`
 * hold fallback content that a browser shows only when it cannot show frames or plug-ins ("This document is designed to
 * be viewed using the frames feature…"), and the parser hands it over as raw text: its tags would be read as words.
 */
const SKIPPED = new Set([
  ...['script', 'style', 'noscript', 'template', 'nav', 'footer', 'head', 'svg'],
  ...['noframes', 'noembed', 'iframe'],
  // Controls: their text is the interface's (*Copy*, *show*, a version menu), not the author's.
  ...['button', 'select'],
]);
/** Elements set above or below the line: their text is a word of its own (*tables¹* is not *tables1*). */
const RAISED = new Set(['sup', 'sub']);
/** Elements that start and end a block: their text is a paragraph of its own. */
const BLOCKS = new Set([
  ...['p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'pre', 'blockquote', 'tr', 'table', 'caption'],
  ...['section', 'article', 'main', 'figure', 'figcaption', 'address', 'hr', 'details', 'summary', 'body'],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'form', 'fieldset', 'legend'],
]);
const CELLS = new Set(['td', 'th']);
/** ARIA landmarks that are page chrome, whatever their class names. */
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search']);
/**
 * Page-level chrome elements; inside the main content, `header` and `aside` are the author's (an article's heading, a
 * box).
 */
const PAGE_CHROME = new Set(['header', 'aside']);
/** Elements whose text is a label (a caption, a legend, a disclosure's summary): searchable, never quoted. */
const LABELS = new Set(['caption', 'figcaption', 'legend', 'summary']);
/**
 * Containers judged as a whole: a short one made of links is a navigation bar. Lists are not
 * among them: a list of links is a table of contents (kept, marked as links), not a bar.
 */
const CONTAINERS = new Set(['table', 'div', 'section']);
const LISTS = new Set(['ul', 'ol', 'dl']);
/** `rel` values of `<link>` that name the pages a navigation bar links to. */
const NAVIGATION_RELS = new Set([
  'prev',
  'previous',
  'next',
  'up',
  'start',
  'home',
  'first',
  'last',
  'contents',
  'toc',
  'index',
]);
/** A navigation bar: at most this many words ... */
const LINK_BAR_MAX_WORDS = 40;
/** ... of which links make at least this share of the characters (or one links to a `rel` page). */
const LINK_BAR_DENSITY = 0.6;
/**
 * Syntax of code between links (`int mdb_get(MDB_txn *txn, MDB_dbi dbi);`, `x = f(y)`): a line of a listing whose
 * names link to their documentation, as documentation generators lay out source files and examples, is code, not a
 * navigation bar, however many links it holds. A bar's own text is separators and labels (`|`, `»`, `Next:`, `[`).
 */
const CODE_SYNTAX = /[;{}=]|[*&]\s*[\p{L}_(]|[\p{L}\p{N}_]\(|[\p{L}\p{N}_]<[\p{L}_?]/u;
/** The end of a sentence, at the end of a container's text outside links. */
const SENTENCE_END = /[.!?…]["»”’)\]]*\s*$/u;
/** How much of a container's text outside links is kept to look for {@link CODE_SYNTAX}: a bar is short. */
const PLAIN_TEXT_KEPT = 400;
/** A block (or the whole content) whose characters are at least this share links is a table of contents or an index. */
const LINKS_BLOCK_DENSITY = 0.6;

function isChrome(attributes: Readonly<Record<string, string>>): boolean {
  const role = attributes['role'];
  return role !== undefined && CHROME_ROLES.has(role.toLowerCase());
}

/** A permalink marker inside a heading (`¶`, `#`, `§`): one symbol linking to the page itself. */
function isPermalinkText(text: string): boolean {
  return /^\s*[^\p{L}\p{N}\s]{1,2}\s*$/u.test(text);
}
/** What may follow a link's last text up to its end: closing tags only. */
const LINK_END = /^\s*(?:<\/[a-z][a-z0-9]*\s*>\s*)*?<\/a\s*>/iu;

/**
 * Heading end tags made to match the heading they close, at the same offsets: a browser closes an open heading at any
 * `</h1>`–`</h6>` (`<h2>Keyword Index</h1>`), where the parser would wait for `</h2>` and read the rest of the page as
 * the heading. Comments, scripts and styles are left alone.
 */
function matchHeadingEnds(source: string): string {
  const tag = /<!--[\s\S]*?-->|<(script|style)\b[\s\S]*?<\/\1\s*>|<(\/?)h([1-6])(?=[\s>/])/giu;
  let open: string | null = null;
  let fixed = '';
  let copied = 0;
  for (const match of source.matchAll(tag)) {
    const level = match[3];
    if (level === undefined) continue;
    if (match[2] === '') open = level;
    else if (open !== null) {
      // The level digit of `</hN`: one character for another, so that every offset stays where it was.
      const digit = match.index + 3;
      if (level !== open) {
        fixed += source.slice(copied, digit) + open;
        copied = digit + 1;
      }
      open = null;
    }
  }
  return copied === 0 ? source : fixed + source.slice(copied);
}

/**
 * Which element holds the main content: the first `main` or `role=main`, else the only `article`; null for the body.
 */
function findMainContent(source: string): 'main' | 'article' | null {
  let main = false;
  let articles = 0;
  const scanner = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'main' || attributes['role']?.toLowerCase() === 'main') main = true;
        if (name === 'article') articles += 1;
      },
    },
    { lowerCaseTags: true },
  );
  scanner.write(source);
  scanner.end();
  return main ? 'main' : articles === 1 ? 'article' : null;
}

interface OpenContainer {
  readonly depth: number;
  readonly start: number;
  words: number;
  chars: number;
  linkChars: number;
  links: number;
  navigationLinks: number;
  headings: number;
  lists: number;
  /** The text outside links, up to {@link PLAIN_TEXT_KEPT} characters: what sets a line of code apart from a bar. */
  plain: string;
  /** All its text, links included, up to {@link PLAIN_TEXT_KEPT} characters: an API's signature is links throughout. */
  all: string;
}

interface Leaf {
  start: number;
  chars: number;
  linkChars: number;
  code: boolean;
  label: boolean;
  row: boolean;
  headerCellsOnly: boolean;
}
const HEADING = /^h([1-6])$/;

/**
 * HTML: visible text only. Scripts, styles, `<nav>`, `<header>`, `<footer>`, `<aside>`, page
 * chrome marked by role or class (sidebars, footers, menus) and the like are dropped and entities decoded. Each block
 * (paragraph, list item, heading, table row,
 * `<pre>`, quote, `<div>` with text, `<dt>`/`<dd>`) is a paragraph of its own, separated by a
 * blank line so that sentences never run from one block into the next; `<br>` is a line break;
 * table cells of a row are joined with ` | `. White space is collapsed except in `<pre>`.
 *
 * `h1`–`h6` set the section path (their lines are excluded from passages); the title is the page's
 * `h1` (the `<title>` when several h1 head its sections), else `<title>`, else the file name in words.
 * `lineAnchors` map offsets of the extracted text to lines of the .html source, so citations point into the file.
 */
export function parseHtml(path: string, source: string): ParsedDocument {
  const sourceLines = createLineLocator(source, [[0, 1]]);
  const output = new HtmlTextBuilder();
  const sections: SectionStart[] = [];
  const excludedRanges: Array<readonly [number, number]> = [];
  const headingStack: Array<{ level: number; title: string }> = [];
  let skipDepth = 0;
  let preDepth = 0;
  let cellDepth = 0;
  // The open cells' tags, and whether the innermost has had text yet.
  const cells: Array<{ header: boolean; text: boolean }> = [];
  let inTitle = false;
  let pageTitle = '';
  let firstH1: string | null = null;
  let h1Count = 0;
  let heading: { level: number; start: number; part: number; anchor: string | undefined } | null = null;
  // Ids of the open elements (undefined where none): a heading without an id of its own links
  // to its enclosing section's.
  const ids: Array<string | undefined> = [];
  let canonicalUrl: string | undefined;
  let ogUrl: string | undefined;
  // Element nesting depth, and the depth of the chrome element being skipped (its inner
  // elements may share its tag name, so counting names would close it too early).
  let depth = 0;
  let chromeDepth: number | null = null;
  // Main content: when the page marks it (main, role=main, a single article), nothing outside counts.
  const mainKind = findMainContent(source);
  let rootDepth: number | null = null;
  let rootDone = false;
  const outsideRoot = () => mainKind !== null && rootDepth === null;
  const navigationHrefs = new Set<string>();
  const containers: OpenContainer[] = [];
  const droppedRanges: Array<readonly [number, number]> = [];
  // Depths of open links, and of open same-page links (whose symbol-only text is a permalink).
  const linkDepths: number[] = [];
  let samePageLinkDepth: number | null = null;
  let samePageLinkText = false;
  let labelDepth = 0;
  const leaves: Array<Leaf & { end: number; item: boolean; heading: boolean }> = [];
  let leaf: (Leaf & { item: boolean; heading: boolean }) | null = null;
  const startLeaf = (): Leaf & { item: boolean; heading: boolean } => {
    leaf ??= {
      start: output.length,
      chars: 0,
      linkChars: 0,
      code: false,
      label: false,
      row: false,
      headerCellsOnly: true,
      item: false,
      heading: false,
    };
    return leaf;
  };
  const blockBreak = () => {
    const open = leaf;
    if (open !== null && open.chars > 0) leaves.push({ ...open, end: output.length });
    leaf = null;
    output.blockBreak();
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        depth += 1;
        if (!rootDone && rootDepth === null && mainKind !== null) {
          const isRoot =
            mainKind === 'main' ? name === 'main' || attributes['role']?.toLowerCase() === 'main' : name === 'article';
          if (isRoot) rootDepth = depth;
        }
        if (name === 'link' && attributes['href'] !== undefined) {
          const rels = (attributes['rel'] ?? '').toLowerCase().split(/\s+/);
          if (rels.some((rel) => NAVIGATION_RELS.has(rel))) navigationHrefs.add(attributes['href']);
        }
        const id = attributes['id'] || attributes['name'] || undefined;
        ids.push(id);
        if (name === 'link' && /(?:^|\s)canonical(?:\s|$)/i.test(attributes['rel'] ?? ''))
          canonicalUrl ??= documentUrl(attributes['href']);
        if (name === 'meta' && attributes['property'] === 'og:url') ogUrl ??= documentUrl(attributes['content']);
        if (heading !== null && heading.anchor === undefined && id !== undefined) heading.anchor = id;
        if (name === 'title') inTitle = true;
        if (SKIPPED.has(name)) skipDepth += 1;
        const pageChrome = PAGE_CHROME.has(name) && rootDepth === null;
        if (chromeDepth === null && name !== 'body' && name !== 'html' && (isChrome(attributes) || pageChrome)) {
          chromeDepth = depth;
          skipDepth += 1;
        }
        if (skipDepth > 0 || outsideRoot()) return;
        if (name === 'br') output.lineBreak();
        else if (CELLS.has(name)) {
          output.cellSeparator();
          cellDepth += 1;
          startLeaf().row = true;
          cells.push({ header: name === 'th', text: false });
        } else if (BLOCKS.has(name)) {
          // Paragraphs of one cell stay apart as lines, not as cells.
          if (cellDepth > 0) output.lineBreak();
          else blockBreak();
        }
        if (RAISED.has(name) && preDepth === 0) output.wordBreak();
        // An image in running text says what its alt text says (a formula, a diagram), as a text browser shows it; one
        // in a link or a table cell is an icon (a *Next* arrow, an admonition's sign).
        const alt = name === 'img' ? attributes['alt']?.trim() : undefined;
        if (alt && linkDepths.length === 0 && cellDepth === 0) addText(` ${alt} `);
        if (name === 'li') startLeaf().item = true;
        if (name === 'pre') preDepth += 1;
        if (LABELS.has(name)) labelDepth += 1;
        if (name === 'a' && attributes['href'] !== undefined) {
          const href = attributes['href'];
          linkDepths.push(depth);
          if (href.startsWith('#') && samePageLinkDepth === null) {
            samePageLinkDepth = depth;
            samePageLinkText = false;
          }
          for (const container of containers) {
            container.links += 1;
            if (navigationHrefs.has(href)) container.navigationLinks += 1;
          }
        }
        if (CONTAINERS.has(name) && cellDepth === 0) {
          containers.push({
            depth,
            start: output.length,
            words: 0,
            chars: 0,
            linkChars: 0,
            links: 0,
            navigationLinks: 0,
            headings: 0,
            lists: 0,
            plain: '',
            all: '',
          });
        }
        if (HEADING.test(name)) for (const container of containers) container.headings += 1;
        if (LISTS.has(name)) for (const container of containers) container.lists += 1;
        const level = HEADING.exec(name)?.[1];
        if (level !== undefined && cellDepth === 0)
          heading = {
            level: Number(level),
            start: output.length,
            part: output.partCount,
            anchor: attributes['id'] || undefined,
          };
      },
      onclosetag(name) {
        ids.pop();
        if (name === 'title') inTitle = false;
        if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        if (chromeDepth === depth) {
          chromeDepth = null;
          skipDepth = Math.max(0, skipDepth - 1);
        }
        const closingDepth = depth;
        depth -= 1;
        if (skipDepth > 0 || outsideRoot() || name === 'br') return;
        if (rootDepth === closingDepth) {
          blockBreak();
          rootDepth = null;
          rootDone = true;
          return;
        }
        if (linkDepths[linkDepths.length - 1] === closingDepth) linkDepths.pop();
        if (samePageLinkDepth === closingDepth) samePageLinkDepth = null;
        if (LABELS.has(name)) labelDepth = Math.max(0, labelDepth - 1);
        const container = containers[containers.length - 1];
        if (container !== undefined && container.depth === closingDepth) {
          containers.pop();
          if (isLinkBar(container)) {
            blockBreak();
            droppedRanges.push([container.start, output.length]);
          }
        }
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        if (CELLS.has(name)) {
          cellDepth = Math.max(0, cellDepth - 1);
          cells.pop();
        }
        if (BLOCKS.has(name) && cellDepth === 0) {
          const opened = heading;
          const level = HEADING.exec(name)?.[1];
          const text = opened !== null && level !== undefined ? output.textSince(opened.part) : '';
          if (opened !== null && level !== undefined && leaf !== null) leaf.heading = true;
          blockBreak();
          if (opened === null || level === undefined) return;
          heading = null;
          excludedRanges.push([opened.start, output.length]);
          if (text === '') return;
          while ((headingStack[headingStack.length - 1]?.level ?? 0) >= opened.level) headingStack.pop();
          headingStack.push({ level: opened.level, title: text });
          const anchor = opened.anchor ?? ids.findLast((id) => id !== undefined);
          sections.push({
            start: opened.start,
            path: headingStack.map((entry) => entry.title),
            ...(anchor === undefined ? {} : { anchor }),
          });
          if (opened.level === 1) {
            firstH1 ??= text;
            h1Count += 1;
          }
        }
      },
      ontext(data) {
        if (inTitle) pageTitle += data;
        addText(data);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  /** Text of the page at the parser's position: counted for its block and containers, then written. */
  function addText(data: string): void {
    if (skipDepth > 0 || outsideRoot()) return;
    if (samePageLinkDepth !== null) {
      // The symbol is the link's whole text (`<a href="#x">¶</a>`), not a piece of a heading that links to itself
      // (`Where's the <code>-&gt;</code> Operator?`).
      const permalink =
        !samePageLinkText &&
        isPermalinkText(data) &&
        LINK_END.test(source.slice(parser.endIndex + 1, parser.endIndex + 200));
      if (/\S/u.test(data)) samePageLinkText = true;
      if (permalink) return;
    }
    const chars = data.replace(/\s+/g, '').length;
    if (chars > 0) {
      const current = startLeaf();
      const inLink = linkDepths.length > 0;
      current.chars += chars;
      if (inLink) current.linkChars += chars;
      if (preDepth > 0) current.code = true;
      if (labelDepth > 0) current.label = true;
      if (heading !== null) current.heading = true;
      // A cell counts once it has text (an image's cell beside an admonition's title does not make a data row).
      const cell = cells[cells.length - 1];
      if (cell !== undefined && !cell.text) {
        cell.text = true;
        if (!cell.header) current.headerCellsOnly = false;
      }
      const words = data.split(/\s+/).filter((word) => word !== '').length;
      for (const container of containers) {
        container.chars += chars;
        container.words += words;
        if (inLink) container.linkChars += chars;
        else if (container.plain.length < PLAIN_TEXT_KEPT) container.plain += data;
        if (container.all.length < PLAIN_TEXT_KEPT) container.all += data;
      }
    }
    const line = sourceLines.lineOf(parser.startIndex);
    if (preDepth > 0) output.preformatted(data, line);
    else output.flowText(data, line);
  }
  parser.write(matchHeadingEnds(source));
  parser.end();
  blockBreak();

  const text = output.finish();
  const excluded = mergeRanges([...excludedRanges, ...droppedRanges]).filter(([start]) => start < text.length);
  const blocks = leafBlocks(
    text,
    leaves.filter(
      (candidate) => !candidate.heading && !droppedRanges.some(([a, b]) => candidate.start >= a && candidate.end <= b),
    ),
  );
  const url = canonicalUrl ?? ogUrl;
  // Several h1 are the page's sections (pod2html's NAME, SYNOPSIS, DESCRIPTION…): then `<title>` names the page.
  const documentTitle = pageTitle.replace(/\s+/g, ' ').trim();
  const title = (h1Count > 1 && documentTitle !== '' ? null : firstH1) ?? (documentTitle || titleFromFileName(path));
  return {
    path,
    format: 'html',
    title,
    text,
    sections: sections.filter((section) => section.start < text.length),
    lineAnchors: output.anchors,
    excludedRanges: excluded,
    blocks,
    ...(url === undefined ? {} : { url }),
  };
}

/**
 * A navigation bar: a short container without headings or lists, made of links (or linking to
 * the pages named by `<link rel=prev|next|up…>`), with no code syntax between them.
 */
function isLinkBar(container: OpenContainer): boolean {
  if (container.headings > 0 || container.lists > 0 || container.words > LINK_BAR_MAX_WORDS || container.links === 0)
    return false;
  if (CODE_SYNTAX.test(container.plain) || CODE_SYNTAX.test(container.all)) return false;
  if (container.navigationLinks > 0) return true;
  // Text that ends as a sentence is prose about its links (a footnote: *Consultez la <a>Charte Debian</a>.*), which
  // a bar of labels and separators never is.
  if (SENTENCE_END.test(container.plain)) return false;
  return container.links >= 2 && container.linkChars >= LINK_BAR_DENSITY * container.chars;
}

/** Sorted, overlapping ranges merged. */
function mergeRanges(ranges: ReadonlyArray<readonly [number, number]>): Array<readonly [number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1])) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/**
 * The leaf blocks as typed blocks: `pre` is code; captions, legends, summaries and rows of
 * header cells are labels; a block mostly of link text is links (and every block, when the
 * content as a whole is: a table of contents or an index page); table rows are rows, one unit each with the
 * paragraphs of a cell on lines of their own (the text of an admonition laid out by a table too); a paragraph
 * ending with `:` right before a list item ends with a list heading.
 */
function leafBlocks(text: string, leaves: ReadonlyArray<Leaf & { end: number; item: boolean }>): TextBlock[] {
  const totalChars = leaves.reduce((sum, leaf) => sum + leaf.chars, 0);
  const totalLinkChars = leaves.reduce((sum, leaf) => sum + leaf.linkChars, 0);
  const linkPage = totalChars > 0 && totalLinkChars >= LINKS_BLOCK_DENSITY * totalChars;
  const blocks: TextBlock[] = [];
  leaves.forEach((leaf, index) => {
    const end = Math.min(leaf.end, text.length);
    if (end <= leaf.start) return;
    const kind: BlockKind = leaf.code
      ? 'code'
      : leaf.label || (leaf.row && leaf.headerCellsOnly)
        ? 'label'
        : linkPage || leaf.linkChars >= LINKS_BLOCK_DENSITY * leaf.chars
          ? 'links'
          : leaf.row
            ? 'row'
            : 'prose';
    if (kind === 'prose' && leaves[index + 1]?.item === true && /:\s*$/.test(text.slice(leaf.start, end)))
      pushListHeading(text, leaf.start, end, blocks);
    else blocks.push({ start: leaf.start, end, kind });
  });
  return blocks;
}

/**
 * Accumulates extracted text and the anchors that tie it to source lines. Text is kept as parts
 * (not one growing string) so that checks on its end stay O(1) on large pages.
 */
class HtmlTextBuilder {
  readonly anchors: Array<readonly [number, number]> = [];
  private readonly parts: string[] = [];
  private size = 0;
  /** The last two characters written. */
  private tail = '';
  /** Source line of the end of the text, by the anchor rule (last anchor + newlines since). */
  private line = 1;
  private pendingSeparator = '';

  get length(): number {
    return this.size;
  }

  get partCount(): number {
    return this.parts.length;
  }

  /** Text written since `partCount` was `part`, white space collapsed. */
  textSince(part: number): string {
    return this.parts.slice(part).join('').replace(/\s+/g, ' ').trim();
  }

  /** Collapsed text: white space runs become one space; a word on a new source line gets an anchor. */
  flowText(data: string, sourceLine: number): void {
    let line = sourceLine;
    for (const match of data.matchAll(/\s+|\S+/g)) {
      const token = match[0];
      if (/^\s/.test(token)) {
        line += countNewlines(token);
        if (this.lineHasText()) this.pendingSeparator ||= ' ';
      } else {
        this.write(token, line);
      }
    }
  }

  /** `<pre>` text, kept as is. */
  preformatted(data: string, sourceLine: number): void {
    this.write(data, sourceLine);
    this.line += countNewlines(data);
  }

  lineBreak(): void {
    this.pendingSeparator = '';
    if (this.size > 0 && this.tail !== '\n\n') this.newline();
  }

  blockBreak(): void {
    this.pendingSeparator = '';
    while (this.size > 0 && this.tail !== '\n\n') this.newline();
  }

  /** Ends the word being written, as white space would. */
  wordBreak(): void {
    if (this.lineHasText()) this.pendingSeparator ||= ' ';
  }

  cellSeparator(): void {
    if (this.lineHasText()) this.pendingSeparator = ' | ';
  }

  /** The text without trailing white space. */
  finish(): string {
    return this.parts.join('').trimEnd();
  }

  private write(token: string, sourceLine: number): void {
    if (this.lineHasText() && this.pendingSeparator !== '') this.append(this.pendingSeparator);
    this.pendingSeparator = '';
    if (sourceLine !== this.line || this.anchors.length === 0) {
      this.anchors.push([this.size, sourceLine]);
      this.line = sourceLine;
    }
    this.append(token);
  }

  private newline(): void {
    this.append('\n');
    this.line += 1;
  }

  private append(chunk: string): void {
    if (chunk === '') return;
    this.parts.push(chunk);
    this.size += chunk.length;
    this.tail = (this.tail + chunk).slice(-2);
  }

  private lineHasText(): boolean {
    return this.size > 0 && !this.tail.endsWith('\n');
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}
