import { Parser } from 'htmlparser2';
import { titleFromFileName } from './file-name.ts';
import { createLineLocator } from './lines.ts';
import { documentUrl } from './metadata.ts';
import type { ParsedDocument, SectionStart } from './types.ts';

/** Elements whose content is not document text (scripts, navigation, page chrome). */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'nav', 'header', 'footer', 'aside', 'head', 'svg']);
/** Elements that start and end a block: their text is a paragraph of its own. */
const BLOCKS = new Set([
  ...['p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'pre', 'blockquote', 'tr', 'table', 'caption'],
  ...['section', 'article', 'main', 'figure', 'figcaption', 'address', 'hr', 'details', 'summary', 'body'],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'form', 'fieldset', 'legend'],
]);
const CELLS = new Set(['td', 'th']);
/**
 * Page chrome that generators put in plain `<div>`s (Sphinx's `related`, `sphinxsidebar` and
 * `footer`, site menus, breadcrumbs) and permalink markers (`<a class="headerlink">¶</a>`, which
 * would end every heading): recognised by ARIA role or by class/id words.
 */
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']);
const CHROME_NAMES =
  /(?:^|[\s_-])(?:footer|sidebar|sphinxsidebar|sphinxsidebarwrapper|related|navbar|navigation|nav|menu|breadcrumbs?|skip-?link|headerlink)(?:$|[\s_-])/i;

function isChrome(attributes: Readonly<Record<string, string>>): boolean {
  const role = attributes['role'];
  if (role !== undefined && CHROME_ROLES.has(role.toLowerCase())) return true;
  return CHROME_NAMES.test(attributes['class'] ?? '') || CHROME_NAMES.test(attributes['id'] ?? '');
}
const HEADING = /^h([1-6])$/;

/**
 * HTML: visible text only. Scripts, styles, `<nav>`, `<header>`, `<footer>`, `<aside>`, page
 * chrome marked by role or class (sidebars, footers, menus) and the like are dropped and entities decoded. Each block (paragraph, list item, heading, table row,
 * `<pre>`, quote, `<div>` with text, `<dt>`/`<dd>`) is a paragraph of its own, separated by a
 * blank line so that sentences never run from one block into the next; `<br>` is a line break;
 * table cells of a row are joined with ` | `. White space is collapsed except in `<pre>`.
 *
 * `h1`–`h6` set the section path (their lines are excluded from passages); the title is the first
 * `h1`, else `<title>`, else the file name in words. `lineAnchors` map offsets of the extracted
 * text to lines of the .html source, so citations point into the file.
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
  let inTitle = false;
  let pageTitle = '';
  let firstH1: string | null = null;
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

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        depth += 1;
        const id = attributes['id'] || attributes['name'] || undefined;
        ids.push(id);
        if (name === 'link' && /(?:^|\s)canonical(?:\s|$)/i.test(attributes['rel'] ?? ''))
          canonicalUrl ??= documentUrl(attributes['href']);
        if (name === 'meta' && attributes['property'] === 'og:url') ogUrl ??= documentUrl(attributes['content']);
        if (heading !== null && heading.anchor === undefined && id !== undefined) heading.anchor = id;
        if (name === 'title') inTitle = true;
        if (SKIPPED.has(name)) skipDepth += 1;
        if (chromeDepth === null && name !== 'body' && name !== 'html' && isChrome(attributes)) {
          chromeDepth = depth;
          skipDepth += 1;
        }
        if (skipDepth > 0) return;
        if (name === 'br') output.lineBreak();
        else if (CELLS.has(name)) {
          output.cellSeparator();
          cellDepth += 1;
        } else if (BLOCKS.has(name)) {
          if (cellDepth > 0) output.cellSeparator();
          else output.blockBreak();
        }
        if (name === 'pre') preDepth += 1;
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
        depth -= 1;
        if (skipDepth > 0 || name === 'br') return;
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        if (CELLS.has(name)) cellDepth = Math.max(0, cellDepth - 1);
        if (BLOCKS.has(name) && cellDepth === 0) {
          const opened = heading as { level: number; start: number; part: number; anchor: string | undefined } | null;
          const level = HEADING.exec(name)?.[1];
          const text = opened !== null && level !== undefined ? output.textSince(opened.part) : '';
          output.blockBreak();
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
          if (opened.level === 1) firstH1 ??= text;
        }
      },
      ontext(data) {
        if (inTitle) pageTitle += data;
        if (skipDepth > 0) return;
        const line = sourceLines.lineOf(parser.startIndex);
        if (preDepth > 0) output.preformatted(data, line);
        else output.flowText(data, line);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(source);
  parser.end();

  const text = output.finish();
  const url = canonicalUrl ?? ogUrl;
  const title = firstH1 ?? (pageTitle.replace(/\s+/g, ' ').trim() || titleFromFileName(path));
  return {
    path,
    format: 'html',
    title,
    text,
    sections: sections.filter((section) => section.start < text.length),
    lineAnchors: output.anchors,
    excludedRanges: excludedRanges.filter(([start]) => start < text.length),
    ...(url === undefined ? {} : { url }),
  };
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
