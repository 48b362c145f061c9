import { pushListHeading } from './blocks.ts';
import { titleFromFileName } from './file-name.ts';
import type { ParsedDocument, SectionStart, TextBlock } from './types.ts';

/** A line of the file: `[start, end)` without its line break, and its indentation in characters. */
interface Line {
  readonly start: number;
  readonly end: number;
  readonly indent: number;
  /** The line without indentation and trailing white space. */
  readonly content: string;
}

/** A heading found in the text, before nesting. */
interface Heading {
  readonly start: number;
  readonly end: number;
  readonly title: string;
  /** Nesting depth: the numbering's depth, 1 for `=====` underlines, 2 for `-----`, 1 for ALL CAPS. */
  readonly level: number;
}

/** Beyond this indentation a line is indented text (a quotation, a box), not a heading of its own. */
const MAX_HEADING_INDENT = 3;
/** A title is short: more words than this is a sentence that happens to start with a number. */
const MAX_HEADING_WORDS = 14;
const MAX_HEADING_CHARS = 120;
/**
 * `1. Titre`, `1.2.3 Titre`, `A.1. Title`, `Chapter 2. Title`, `Annexe B. Titre`: a number (dotted
 * if it stands alone, so that `12 rue …` is not a heading), or one capitalised word and a plain
 * number (a top-level division: `Table 1.2. Sizes` is a caption, not a heading), then the title.
 */
const NUMBERED_HEADING = new RegExp(
  String.raw`^(?:(?<word>\p{Lu}\p{Ll}+)[\t\p{Zs}]+(?<labelled>\d{1,3}|[A-Z]|[IVXL]+)\.?` +
    String.raw`|(?<bare>(?:\d{1,3}|[A-Z])(?:\.\d{1,3})+\.?|\d{1,3}\.))[\t\p{Zs}]+(?<title>[\p{L}\p{N}«"'“(].*)$`,
  'u',
);
/** Final punctuation of a sentence: a line ending with one is prose, not a title. */
const SENTENCE_END = /[.,;:!…]\s*$/u;
/** A rule: a line of `-`, `=`, `_`, `*`, `~` or box-drawing characters (`+---+---+`), 3 or more. */
const RULE_LINE = /^(?=(?:.*[-=_*~─━═]){3})[-=_*~─━═+|:\s]+$/u;
const UNDERLINE = /^(?:={3,}|-{3,})$/;
/** A line of a box-drawn table: opens with `|`, `+` or a box-drawing bar. */
const BOX_ROW = /^[|+│┃┌├└╔╠╚]/u;
/** `- item`, `* item`, `• item`, `1) item`, `a) item`, `1. item`. */
const LIST_ITEM = /^(?:[-*+•‣◦▪–]|\d{1,3}[.)]|[a-zA-Z]\))[\t\p{Zs}]+\S/u;
/** Letters of a line of capitals: at least this many, so that `OK` or `I` is not a heading. */
const MIN_CAPITAL_LETTERS = 4;
const MAX_CAPITALS_WORDS = 8;
/** A short line standing alone without final punctuation (a caption, "Note", "Warning") is a label. */
const MAX_LABEL_WORDS = 10;
/** A table of contents: a paragraph of at least this many lines, nearly all numbered titles. */
const MIN_CONTENTS_LINES = 3;
const CONTENTS_SHARE = 0.7;
/** An aligned table without rules has at least this many lines. */
const MIN_ALIGNED_ROWS = 3;

/**
 * Plain text, read by the typographic conventions of text files: the text is the file's content
 * exactly (every offset is an offset in the file, so quotes stay checkable letter for letter);
 * only structure is marked.
 *
 * - Paragraphs are runs of non-blank lines; a hard-wrapped paragraph stays one block (a sentence
 *   may span a line break). List items (`-`, `*`, `•`, `1)`, `a)`, `1.`) are blocks of their own,
 *   continued by the lines that follow them; a line ending with `:` before a list is a list heading.
 * - Headings, each a paragraph of its own, not indented, short and without final punctuation:
 *   numbered (`1.`, `1.2.3`, `A.1`, `Chapter 2.`; a title may wrap onto a second line), nested by the
 *   numbering's depth; underlined (`=====` level 1, `-----` level 2); lines in capitals, but only in
 *   a document that has neither of the others. A heading opens a section; its lines are left out
 *   of passages (excluded ranges, as Markdown and HTML headings are): the heading is the passages'
 *   section, searchable there and never quoted.
 * - Tables: box-drawn (`+---+`, `|`) or aligned in columns by runs of two spaces: one `row` unit a
 *   row (the lines between two rules of a box whose rows wrap), the header row a `label`; rule
 *   lines are `label` units, so that no quote includes them.
 * - A paragraph that is nearly all numbered titles (a table of contents) is `links`; a single short
 *   line without final punctuation (a caption, "Note") is a `label`.
 */
export function parseText(path: string, text: string): ParsedDocument {
  const paragraphs = paragraphsOf(linesOf(text));
  const headings = new Map<readonly Line[], Heading>();
  for (const paragraph of paragraphs) {
    const heading = numberedHeading(paragraph) ?? underlinedHeading(paragraph);
    if (heading !== undefined) headings.set(paragraph, heading);
  }
  if (headings.size === 0) {
    for (const paragraph of paragraphs) {
      const heading = capitalsHeading(paragraph);
      if (heading !== undefined) headings.set(paragraph, heading);
    }
  }

  const sections: SectionStart[] = [];
  const blocks: TextBlock[] = [];
  const stack: Heading[] = [];
  const excludedRanges: Array<readonly [number, number]> = [];
  for (const paragraph of paragraphs) {
    const heading = headings.get(paragraph);
    if (heading !== undefined) {
      while ((stack[stack.length - 1]?.level ?? 0) >= heading.level) stack.pop();
      stack.push(heading);
      sections.push({ start: heading.start, path: stack.map((open) => open.title) });
      excludedRanges.push([heading.start, heading.end]);
      continue;
    }
    pushParagraph(text, paragraph, blocks);
  }
  const structure = excludedRanges.length > 0 ? { blocks, excludedRanges } : { blocks };
  return { path, format: 'txt', title: titleFromFileName(path), text, sections, lineAnchors: [[0, 1]], ...structure };
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const next = newline === -1 ? text.length : newline;
    const end = next > start && text.charCodeAt(next - 1) === 13 ? next - 1 : next;
    const raw = text.slice(start, end);
    const content = raw.trim();
    lines.push({ start, end, indent: content === '' ? 0 : raw.length - raw.trimStart().length, content });
    if (newline === -1) break;
    start = newline + 1;
  }
  return lines;
}

/** Runs of non-blank lines. */
function paragraphsOf(lines: readonly Line[]): Line[][] {
  const paragraphs: Line[][] = [];
  let current: Line[] = [];
  for (const line of lines) {
    if (line.content === '') {
      if (current.length > 0) paragraphs.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) paragraphs.push(current);
  return paragraphs;
}

const wordsOf = (title: string) => title.split(/\s+/u).filter((word) => word !== '').length;

function isTitle(title: string): boolean {
  return (
    title.length <= MAX_HEADING_CHARS &&
    wordsOf(title) <= MAX_HEADING_WORDS &&
    !SENTENCE_END.test(title) &&
    /\p{L}/u.test(title)
  );
}

/** A paragraph of one line, or two when the title wraps, opening with a number. */
function numberedHeading(paragraph: readonly Line[]): Heading | undefined {
  if (paragraph.length > 2 || paragraph.some((line) => line.indent > MAX_HEADING_INDENT)) return undefined;
  const first = paragraph[0]!;
  const match = NUMBERED_HEADING.exec(first.content);
  if (match?.groups === undefined) return undefined;
  const title = paragraph.map((line) => line.content).join(' ');
  const rest = paragraph[1]?.content;
  if (!isTitle(title) || (rest !== undefined && (RULE_LINE.test(rest) || LIST_ITEM.test(rest)))) return undefined;
  const number = match.groups['labelled'] ?? match.groups['bare'] ?? '';
  const level = number.replace(/\.$/u, '').split('.').length;
  return { start: first.start, end: paragraph[paragraph.length - 1]!.end, title, level };
}

/** A title line underlined by `===` (level 1) or `---` (level 2) about as long as the title. */
function underlinedHeading(paragraph: readonly Line[]): Heading | undefined {
  const [title, underline] = paragraph;
  if (paragraph.length !== 2 || title === undefined || underline === undefined) return undefined;
  if (!UNDERLINE.test(underline.content) || title.indent > MAX_HEADING_INDENT || !isTitle(title.content)) {
    return undefined;
  }
  // An underline much shorter than its line is a rule after a sentence, not an underline.
  if (underline.content.length * 2 < title.content.length) return undefined;
  const level = underline.content.startsWith('=') ? 1 : 2;
  return { start: title.start, end: underline.end, title: title.content, level };
}

/** A short line in capitals standing alone: `INSTALLATION`, `NOTES DE VERSION`. */
function capitalsHeading(paragraph: readonly Line[]): Heading | undefined {
  const [line] = paragraph;
  if (paragraph.length !== 1 || line === undefined || line.indent > MAX_HEADING_INDENT) return undefined;
  const letters = line.content.match(/\p{L}/gu) ?? [];
  if (letters.length < MIN_CAPITAL_LETTERS || letters.some((letter) => letter !== letter.toUpperCase())) {
    return undefined;
  }
  if (wordsOf(line.content) > MAX_CAPITALS_WORDS || SENTENCE_END.test(line.content)) return undefined;
  return { start: line.start, end: line.end, title: line.content, level: 1 };
}

function pushParagraph(text: string, paragraph: readonly Line[], blocks: TextBlock[]): void {
  const first = paragraph[0]!;
  const last = paragraph[paragraph.length - 1]!;
  if (paragraph.every((line) => RULE_LINE.test(line.content))) {
    blocks.push({ start: first.start, end: last.end, kind: 'label' });
    return;
  }
  if (isContents(paragraph)) {
    blocks.push({ start: first.start, end: last.end, kind: 'links' });
    return;
  }
  if (pushTable(paragraph, blocks)) return;
  if (paragraph.length === 1 && isLabel(first.content)) {
    blocks.push({ start: first.start, end: first.end, kind: 'label' });
    return;
  }
  pushProse(text, paragraph, blocks);
}

function isContents(paragraph: readonly Line[]): boolean {
  if (paragraph.length < MIN_CONTENTS_LINES) return false;
  const titles = paragraph.filter((line) => {
    const match = NUMBERED_HEADING.exec(line.content);
    return match !== null && !SENTENCE_END.test(line.content);
  }).length;
  return titles >= paragraph.length * CONTENTS_SHARE;
}

function isLabel(line: string): boolean {
  return /^\p{Lu}/u.test(line) && wordsOf(line) <= MAX_LABEL_WORDS && !/[.!?…;:,)»"”']$/u.test(line);
}

/** Box-drawn or column-aligned: one unit a row, rules as labels. False when the paragraph is no table. */
function pushTable(paragraph: readonly Line[], blocks: TextBlock[]): boolean {
  const isRule = (line: Line) => RULE_LINE.test(line.content);
  const boxed = paragraph.length >= 2 && paragraph.every((line) => BOX_ROW.test(line.content) || isRule(line));
  if (!boxed && !isAligned(paragraph)) return false;
  // Rows between rules: in a box whose every row is ruled off, a row may wrap onto several lines.
  const rows: Line[][] = [];
  let current: Line[] = [];
  const rules: Line[] = [];
  for (const line of paragraph) {
    if (isRule(line)) {
      if (current.length > 0) rows.push(current);
      current = [];
      rules.push(line);
    } else current.push(line);
  }
  if (current.length > 0) rows.push(current);
  const ruledRows = boxed && rows.length >= 3 && rows.some((row) => row.length > 1);
  const units = ruledRows ? rows : rows.flat().map((line) => [line]);
  // A header: the first row, when a rule follows it and other rows come after.
  const firstRow = units[0];
  const afterFirst =
    firstRow === undefined ? undefined : paragraph[paragraph.indexOf(firstRow[firstRow.length - 1]!) + 1];
  const hasHeader = units.length >= 2 && afterFirst !== undefined && isRule(afterFirst);
  const pieces: Array<{ start: number; end: number; rule: boolean; header: boolean }> = [];
  for (const rule of rules) pieces.push({ start: rule.start, end: rule.end, rule: true, header: false });
  units.forEach((row, index) => {
    const header = hasHeader && index === 0;
    pieces.push({ start: row[0]!.start, end: row[row.length - 1]!.end, rule: false, header });
  });
  pieces.sort((a, b) => a.start - b.start);
  for (const piece of pieces) {
    blocks.push({ start: piece.start, end: piece.end, kind: piece.rule || piece.header ? 'label' : 'row' });
  }
  return true;
}

/**
 * Columns aligned by runs of two spaces or more: every line (rules aside) has such a gap, and
 * one column starts at the same place on all of them. Prose with two spaces after a period
 * does not line its gaps up from one line to the next.
 */
function isAligned(paragraph: readonly Line[]): boolean {
  const lines = paragraph.filter((line) => !RULE_LINE.test(line.content));
  const ruled = lines.length < paragraph.length;
  if (lines.length < (ruled ? 2 : MIN_ALIGNED_ROWS)) return false;
  let shared: Set<number> | undefined;
  for (const line of lines) {
    const starts = new Set<number>();
    const content = line.content;
    for (const match of content.matchAll(/\S[\t\p{Zs}]{2,}(?=\S)/gu))
      starts.add(line.indent + match.index + match[0].length);
    if (starts.size === 0) return false;
    shared = shared === undefined ? starts : new Set([...shared].filter((start) => starts.has(start)));
  }
  return (shared?.size ?? 0) > 0;
}

/** Prose, with list items as blocks of their own and a list heading before the first. */
function pushProse(text: string, paragraph: readonly Line[], blocks: TextBlock[]): void {
  const items: Line[][] = [];
  let current: Line[] = [];
  for (const line of paragraph) {
    if (LIST_ITEM.test(line.content) && current.length > 0) {
      items.push(current);
      current = [];
    }
    current.push(line);
  }
  items.push(current);
  items.forEach((item, index) => {
    const start = item[0]!.start;
    const end = item[item.length - 1]!.end;
    const introducesList = index === 0 && items.length > 1 && /:\s*$/u.test(text.slice(start, end));
    if (introducesList && !LIST_ITEM.test(item[0]!.content)) pushListHeading(text, start, end, blocks);
    else blocks.push({ start, end, kind: 'prose' });
  });
}
