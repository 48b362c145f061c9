import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes } from 'mdast';
import type { Extension as SyntaxExtension } from 'micromark-util-types';
import type { MarkdownSyntax } from './parse-markdown.ts';

/** Whether `path` names an MDX file (`.mdx`, any case): Markdown whose tags are JSX and whose braces are code. */
export function isMdxPath(path: string): boolean {
  return /\.mdx$/i.test(path);
}

/**
 * The CommonMark constructs MDX turns off: an indented line is not code (JSX children are indented), and `<` starts
 * JSX rather than raw HTML or an autolink.
 */
const MDX_DISABLED: SyntaxExtension = { disable: { null: ['codeIndented', 'htmlFlow', 'htmlText', 'autolink'] } };
/** Only indented code turned off: what the text is read with once the JSX is blanked (HTML comments still drop). */
export const MDX_NO_INDENTED_CODE: SyntaxExtension = { disable: { null: ['codeIndented'] } };

/** A JSX tag's attribute with a string value: its name and where the characters inside the quotes are. */
export interface JsxAttribute {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** A JSX opening, closing or self-closing tag (or a fragment `<>`, whose name is empty), or a `{…}` expression. */
export interface JsxMarkup {
  readonly kind: 'tag' | 'expression';
  readonly start: number;
  readonly end: number;
  /** For a tag: its component name (`TabItem`, `Tabs.Tab`); '' for a fragment or an expression. */
  readonly name: string;
  readonly closing: boolean;
  readonly attributes: readonly JsxAttribute[];
}

/**
 * The JSX of an MDX file: tags (`<Tabs>`, `<TabItem value="x">`, `<DocCardList />`, tags over several lines) and
 * `{…}` expressions (comments `{/* … *\/}` among them), outside code (fenced blocks, inline code), front matter and
 * `import`/`export` lines. Found by a scan that follows JSX's own grammar (quoted strings, balanced braces); what does
 * not close the way JSX does (`a < b`, a lone `{`) is not markup and stays text.
 *
 * `syntax` is the Markdown syntax of the file, used to find its code with MDX's constructs (no indented code, no raw
 * HTML).
 */
export function findJsx(source: string, syntax: MarkdownSyntax): JsxMarkup[] {
  const skipped = literalRanges(source, syntax);
  const found: JsxMarkup[] = [];
  let next = 0;
  for (let i = 0; i < source.length;) {
    while (next < skipped.length && (skipped[next]?.[1] ?? 0) <= i) next += 1;
    const range = skipped[next];
    if (range !== undefined && range[0] <= i) {
      i = range[1];
      continue;
    }
    const character = source[i];
    if (character === '\\') {
      i += 2;
      continue;
    }
    const markup = character === '<' ? jsxTag(source, i) : character === '{' ? jsxExpression(source, i) : null;
    if (markup === null) i += 1;
    else {
      found.push(markup);
      i = markup.end;
    }
  }
  return found;
}

/** Where JSX cannot be: code (fenced and inline), front matter, and ESM lines (`import …`, `export …`). */
function literalRanges(source: string, syntax: MarkdownSyntax): Array<readonly [number, number]> {
  const tree = fromMarkdown(source, {
    extensions: [...syntax.extensions, MDX_DISABLED],
    mdastExtensions: syntax.mdastExtensions,
  });
  const ranges: Array<readonly [number, number]> = [];
  const collect = (node: Nodes) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if ((node.type === 'code' || node.type === 'inlineCode' || node.type === 'yaml') && start !== undefined) {
      if (end !== undefined) ranges.push([start, end]);
      return;
    }
    if ('children' in node) for (const child of node.children) collect(child);
  };
  collect(tree);
  for (const line of source.matchAll(/^(?:import|export)[ \t{*][^\n]*/gmu))
    ranges.push([line.index, line.index + line[0].length]);
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** A tab of a tab set (`<TabItem>` of Docusaurus and Starlight, `<Tab>`, `<Tabs.Tab>`). */
const TAB_COMPONENT = /(?:^|\.)Tab(?:Item)?$/u;

/**
 * Where the title of each tab opened in `markup` is: the `label` attribute of a tab component, else its `value` (what
 * Docusaurus shows on the tab without a label). Only tabs: another component's attributes are settings, not text.
 */
export function tabLabels(markup: readonly JsxMarkup[]): Array<readonly [number, number]> {
  const labels: Array<readonly [number, number]> = [];
  for (const item of markup) {
    if (item.kind !== 'tag' || item.closing || !TAB_COMPONENT.test(item.name)) continue;
    const title =
      item.attributes.find((attribute) => attribute.name === 'label') ??
      item.attributes.find((attribute) => attribute.name === 'value');
    if (title !== undefined && title.end > title.start) labels.push([title.start, title.end]);
  }
  return labels;
}

const TAG_NAME = /[A-Za-z][\w-]*(?:[.:][A-Za-z][\w-]*)*/uy;
const ATTRIBUTE_NAME = /[A-Za-z_][\w.:-]*/uy;

/** The JSX tag starting at `start` (a `<`), or null when what follows is not one. */
function jsxTag(source: string, start: number): JsxMarkup | null {
  let i = start + 1;
  const closing = source[i] === '/';
  if (closing) i += 1;
  if (source[i] === '>') return { kind: 'tag', start, end: i + 1, name: '', closing, attributes: [] };
  TAG_NAME.lastIndex = i;
  const name = TAG_NAME.exec(source)?.[0];
  if (name === undefined) return null;
  i += name.length;
  const attributes: JsxAttribute[] = [];
  for (;;) {
    const before = i;
    i = skipWhiteSpace(source, i);
    const character = source[i];
    if (character === '>') return { kind: 'tag', start, end: i + 1, name, closing, attributes };
    if (character === '/' && source[i + 1] === '>')
      return { kind: 'tag', start, end: i + 2, name, closing, attributes };
    // Attributes stand apart from the name and from each other.
    if (i === before || closing) return null;
    if (character === '{') {
      const spread = jsxExpression(source, i);
      if (spread === null) return null;
      i = spread.end;
      continue;
    }
    ATTRIBUTE_NAME.lastIndex = i;
    const attribute = ATTRIBUTE_NAME.exec(source)?.[0];
    if (attribute === undefined) return null;
    i = skipWhiteSpace(source, i + attribute.length);
    if (source[i] !== '=') continue;
    i = skipWhiteSpace(source, i + 1);
    const quote = source[i];
    if (quote === '"' || quote === "'") {
      const close = source.indexOf(quote, i + 1);
      if (close === -1) return null;
      attributes.push({ name: attribute, start: i + 1, end: close });
      i = close + 1;
    } else if (quote === '{') {
      const value = jsxExpression(source, i);
      if (value === null) return null;
      i = value.end;
    } else return null;
  }
}

/** The `{…}` expression starting at `start`: braces balanced, JavaScript strings and comments skipped; else null. */
function jsxExpression(source: string, start: number): JsxMarkup | null {
  let depth = 0;
  for (let i = start; i < source.length; i += 1) {
    const character = source[i];
    if (character === '{') depth += 1;
    else if (character === '}') {
      depth -= 1;
      if (depth === 0) return { kind: 'expression', start, end: i + 1, name: '', closing: false, attributes: [] };
    } else if (character === '"' || character === "'" || character === '`') {
      const close = stringEnd(source, i);
      if (close === -1) return null;
      i = close;
    } else if (character === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      if (close === -1) return null;
      i = close + 1;
    }
  }
  return null;
}

/** The offset of the quote closing the JavaScript string that opens at `start`, or -1. */
function stringEnd(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i += 1) {
    const character = source[i];
    if (character === '\\') i += 1;
    else if (character === quote) return i;
    else if (character === '\n' && quote !== '`') return -1;
  }
  return -1;
}

function skipWhiteSpace(source: string, from: number): number {
  let i = from;
  while (i < source.length && /\s/u.test(source[i] ?? '')) i += 1;
  return i;
}

/**
 * `source` with the given ranges (sorted by start, overlaps allowed) replaced by spaces, line breaks kept: the same
 * offsets, the markup gone.
 */
export function blankRanges(source: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  if (ranges.length === 0) return source;
  const parts: string[] = [];
  let cursor = 0;
  for (const [start, end] of ranges) {
    if (end <= cursor) continue;
    const from = Math.max(cursor, start);
    parts.push(source.slice(cursor, from), source.slice(from, end).replace(/[^\r\n]/g, ' '));
    cursor = end;
  }
  parts.push(source.slice(cursor));
  return parts.join('');
}
