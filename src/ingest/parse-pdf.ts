import { CitebotError } from '../errors.ts';
import { mostCounted } from '../statistics.ts';
import { titleFromFileName } from './file-name.ts';
import { hyphenatedAcross, LINE_END_HYPHEN, layoutPage, type PageLine, type PdfTextItem } from './pdf-layout.ts';
import type { BlockKind, ParsedDocument, SectionStart, TextBlock } from './types.ts';

/**
 * PDF, through unpdf (PDF.js): the text layer of each page, pages separated by a blank line.
 *
 * Each page with text is a section `p. N`, under what its running header names (and its footer, beside the printed
 * page number: "6.5. Summary of ways…  51"), and line numbers restart at 1 on every page (one
 * anchor per page), so a citation reads "Title · p. 3 · lines 4–9": lines of the extracted text
 * of that page, close to the lines a reader sees. A sentence running over a page break is cut
 * there, like any section. The title is the file name in words (PDF metadata titles are too
 * often "Microsoft Word - draft.docx" to be trusted).
 *
 * The text layer is cleaned ({@link cleanPages}): accents recombined, NFC, line-end hyphenation
 * joined, running headers, footers and page numbers dropped; table-of-contents lines (dot
 * leaders), numbered section titles on a line of their own (`2.1.3 Portables`) and short lines set larger than the body
 * text (titles, box labels) are units of their own, searchable and never quoted; a page's footnotes (the lines at its
 * foot set smaller than the body) are a paragraph of their own. The text is therefore not the
 * raw text layer: a PDF quote is checked against the index's own text, not re-read from the file.
 *
 * @throws CitebotError FILE_UNPARSABLE (not a PDF, damaged, encrypted), FILE_EMPTY (no text
 *   layer, e.g. a scan).
 */
export async function parsePdf(path: string, bytes: Uint8Array): Promise<ParsedDocument> {
  // Imported on first use: PDF.js is large and many corpora have no PDF.
  const { getDocumentProxy } = await import('unpdf');
  let pages: PageLine[][];
  try {
    // A copy: PDF.js may take ownership of (detach) the buffer it is given.
    // unpdf's declarations name PDF.js types it does not ship, so the proxy's type does not resolve.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      pages = [];
      // eslint-disable-next-line @typescript-eslint/no-unsafe-member-access
      for (let number = 1; number <= (pdf.numPages as number); number += 1) {
        // eslint-disable-next-line @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access
        pages.push(layoutPage(textItems(await (await pdf.getPage(number)).getTextContent())));
      }
    } finally {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access
      await pdf.destroy();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CitebotError('FILE_UNPARSABLE', `${path} is not a readable PDF (${message})`, { cause: error });
  }

  const { pages: cleaned, headers } = readPages(pages);
  const body = bodySize(cleaned);
  const isHeading = headingTest(body);
  let text = '';
  const sections: SectionStart[] = [];
  const lineAnchors: Array<readonly [number, number]> = [];
  const blocks: TextBlock[] = [];
  cleaned.forEach((lines, index) => {
    if (lines.length === 0) return;
    const notes = footnotesStart(lines, body);
    if (text !== '') text += '\n\n';
    // The running header names the chapter and section the page belongs to: the page's section, for search and
    // citation, with the page number a reader turns to.
    const path = [...(headers[index] ?? []), `p. ${index + 1}`];
    sections.push({ start: text.length, path, anchor: `page=${index + 1}` });
    lineAnchors.push([text.length, 1]);
    const pageBlocks = blocks.length;
    let leaders = 0;
    lines.forEach((line, lineIndex) => {
      if (DOT_LEADER.test(line.text)) leaders += 1;
      if (lineIndex > 0) text += '\n';
      const kind: BlockKind =
        line.kind === 'code' && isInlineCode(lines, lineIndex)
          ? 'prose'
          : line.kind !== 'prose'
            ? line.kind
            : DOT_LEADER.test(line.text)
              ? 'links'
              : isNumberedTitle(line.text, lines[lineIndex + 1]?.text) || isHeading(line)
                ? 'label'
                : 'prose';
      const previous = blocks[blocks.length - 1];
      // Prose lines of a page run on (sentences wrap), and so do code lines; each table row and
      // table-of-contents line is a block of its own.
      // The page's footnotes open a paragraph: the page's last sentence does not run into them.
      const runsOn = (kind === 'prose' || kind === 'code') && lineIndex !== notes;
      if (runsOn && previous?.kind === kind && previous.end === text.length - 1 && lineIndex > 0)
        blocks[blocks.length - 1] = { ...previous, end: text.length + line.text.length };
      else blocks.push({ start: text.length, end: text.length + line.text.length, kind });
      text += line.text;
    });
    // A page of dot leaders is a table of contents: its entries without leaders (the first line of a wrapped title, a
    // page number set right after the title) are entries too, searchable but never quoted.
    if (leaders >= TOC_PAGE_SHARE * lines.length)
      for (let i = pageBlocks; i < blocks.length; i += 1) {
        const block = blocks[i];
        if (block !== undefined && (block.kind === 'prose' || block.kind === 'row'))
          blocks[i] = { ...block, kind: 'links' };
      }
  });
  if (text === '') {
    throw new CitebotError('FILE_EMPTY', `${path} has no text layer (a scanned PDF needs OCR first)`);
  }
  return { path, format: 'pdf', title: titleFromFileName(path), text, sections, lineAnchors, blocks };
}

/** `2.1.3 Portables`, `A.2. Démarrer l'installateur`: a section number, then a word (a capital after a lone number). */
const NUMBERED_TITLE = /^(?:\p{Lu}|\d+)(?:\.\d+)+\.?\s+\p{L}|^\d+\.?\s+\p{Lu}/u;
/** A numbered title is a short line... */
const TITLE_MAX_WORDS = 14;

/**
 * A numbered section title on a line of its own (`2.1.3 Portables` before `D'un point de vue technique, …`): short,
 * without closing punctuation, and followed by a line that opens a sentence (or by nothing). Without this, the title
 * would run into the first sentence of its section, and be quoted with it.
 */
function isNumberedTitle(line: string, next: string | undefined): boolean {
  const text = line.trim();
  const words = text.split(/\s+/u).length;
  const rest = text.replace(/^\S+\s+/u, '');
  return (
    NUMBERED_TITLE.test(text) &&
    // No sentence inside (`810 Mo. S'il n'y a pas…` is prose), nor a clause of a text in capitals (a licence).
    !/[.!?…:;,]$|[.!?]\s/u.test(rest) &&
    !(words > 4 && rest === rest.toUpperCase()) &&
    words <= TITLE_MAX_WORDS &&
    (next === undefined || /^\s*[\p{Lu}\p{N}«“"(]/u.test(next))
  );
}

/** A line set at least this many times larger than the body text is a heading (when it reads as one). */
const HEADING_SIZE_RATIO = 1.15;

/**
 * Whether a line set in a monospaced font is a path or command inside a sentence rather than a code block: the prose
 * line before it leaves the sentence open (no closing punctuation, no colon announcing an example) and the prose line
 * after it carries the sentence on (a lower-case word or a punctuation mark), or the line before ends inside a path
 * that this line finishes (`/usr/share/doc/` then `package/copyright`). Typesetters put such a path on a line of its
 * own when it does not fit the end of the line; read as code, it would cut its sentence into three.
 */
function isInlineCode(lines: readonly PageLine[], index: number): boolean {
  const before = lines[index - 1];
  const after = lines[index + 1];
  if (before?.kind !== 'prose' || /[.!?…:;]\s*$/u.test(before.text)) return false;
  return /\/\s*$/u.test(before.text) || (after?.kind === 'prose' && /^\s*(?:\p{Ll}|[,;.)])/u.test(after.text));
}

/** The size most of the document's prose letters are set in: its body text (none for a PDF without positions). */
function bodySize(pages: readonly (readonly PageLine[])[]): number | undefined {
  const letters = new Map<number, number>();
  for (const page of pages)
    for (const line of page)
      if (line.kind === 'prose' && line.size !== undefined)
        letters.set(line.size, (letters.get(line.size) ?? 0) + (line.text.match(/\p{L}/gu)?.length ?? 0));
  return mostCounted(letters)?.key;
}

/** A line set this many times smaller than the body text is of another size (PDF.js reports sizes with noise). */
const SMALLER_RATIO = 1.1;

/**
 * Where a page's footnotes start: the index of the first of the prose lines that end the page all set smaller than
 * the body text, or -1. Only at the foot of the page: smaller text between body lines (inline code, a caption) is
 * part of the text around it.
 */
function footnotesStart(lines: readonly PageLine[], body: number | undefined): number {
  if (body === undefined) return -1;
  let start = lines.length;
  while (start > 0) {
    const line = lines[start - 1];
    if (line === undefined || line.kind !== 'prose' || line.size === undefined || line.size * SMALLER_RATIO > body)
      break;
    start -= 1;
  }
  // A page set wholly small (a colophon, an index) has no body above its notes.
  return start > 0 && start < lines.length ? start : -1;
}

/**
 * Whether a line is a heading by its type: set larger than the document's body text (the size most of its letters
 * are in), short, and not a sentence — a chapter title ("Bienvenue sur Debian"), a box's label ("NOTE"), a title
 * without a number. Without this, such a line runs into the first sentence after it and is quoted with it; a label
 * stays searchable.
 */
function headingTest(body: number | undefined): (line: PageLine) => boolean {
  if (body === undefined) return () => false;
  const threshold = body * HEADING_SIZE_RATIO;
  return (line) => {
    if (line.kind !== 'prose' || line.size === undefined || line.size < threshold) return false;
    const text = line.text.trim();
    return (
      /\p{L}/u.test(text) &&
      text.split(/\s+/u).length <= TITLE_MAX_WORDS &&
      // A sentence inside, or a line the next one continues, is prose set large (a lead paragraph, a quotation).
      !/[.!?…]\s|[,;]$/u.test(text)
    );
  };
}

/** `Title . . . . . . 12`: a table-of-contents line. */
const DOT_LEADER = /(?:\.\s*){4,}\s*\S{0,12}\s*$/;
/** A page whose lines end with dot leaders at least this often is a table of contents. */
const TOC_PAGE_SHARE = 0.4;
/** Spacing accents as PDF.js emits them for TeX fonts, and the combining mark each stands for. */
const SPACING_ACCENTS: Readonly<Record<string, string>> = {
  '\u00b4': '\u0301', // ´ acute
  '`': '\u0300', // grave
  '\u00a8': '\u0308', // ¨ diaeresis
  '\u02c6': '\u0302', // ˆ circumflex
  '^': '\u0302',
  '\u02dc': '\u0303', // ˜ tilde
  '\u02c7': '\u030c', // ˇ caron
  '\u02d8': '\u0306', // ˘ breve
  '\u02da': '\u030a', // ˚ ring
  '\u02dd': '\u030b', // ˝ double acute
};
/**
 * The letters a grave, circumflex or tilde is read as the accent of. These are also the glyphs of the ASCII
 * characters `` ` ``, `^` and `~` (groff and other typesetters print `^C`, `^string^`, `~/.profile` with ˆ and ˜):
 * before any other letter, such a character is more likely code (`ls`, ˆC, ˆZ) than an accent (Ĉ, Ẑ), which the
 * languages read here do not write. The other spacing accents are never typed as characters of their own.
 */
const TAKES_ACCENT: Readonly<Record<string, RegExp>> = {
  '`': /[aeiouAEIOU]/,
  '^': /[aeiouAEIOU\u0131]/,
  '\u02c6': /[aeiouAEIOU\u0131]/,
  '\u02dc': /[anoANO]/,
};
/** A spacing accent (possibly followed by one space) before a letter; dotless ı/ȷ take the accent as i/j. */
const ACCENT_BEFORE_LETTER = /([\u00b4`\u00a8\u02c6^\u02dc\u02c7\u02d8\u02da\u02dd]) ?([\p{L}\u0131\u0237])/gu;
/** The accents that are also the glyphs of ASCII characters (`` ` ``, `^`, and `ˆ`, `˜` as groff prints `^`, `~`). */
const ASCII_GLYPH_ACCENTS: ReadonlySet<string> = new Set(['`', '^', '\u02c6', '\u02dc']);
/**
 * A spacing accent that no one types as a character of its own, next to a letter, or any accent over a dotless ı (how
 * TeX writes î): the sign of a document whose fonts give every accent apart from its letter, where a backtick or a
 * caret before a vowel is one too.
 */
const UNAMBIGUOUS_ACCENT =
  /[\u00b4\u00a8\u02c7\u02d8\u02da\u02dd\u00b8] ?[\p{L}\u0131\u0237]|\p{L} ?\u00b8|[`^\u02c6\u02dc] ?\u0131/u;
/** A spacing cedilla next to its letter (`¸c` or `c¸` → `ç`). */
const CEDILLA_BEFORE_LETTER = /\u00b8 ?([cCsStT])/g;
const CEDILLA_AFTER_LETTER = /([cCsStT]) ?\u00b8/g;
/** A page number alone, `12`, `xii`, `- 12 -`, `12 / 58`, `Page 12`. */
const PAGE_NUMBER_LINE =
  /^[-–—\s]*(?:(?:page|p\.)\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:\/|sur|of)\s*\d{1,4})?[-–—\s]*$/iu;
/** A page number with the page count at either end of a line: `43 / 58`, `Page 3 of 12`, `3 sur 12`. */
const PAGE_OF_PAGES =
  /^\s*(?:(?:page|p\.)\s*)?\d{1,4}\s*(?:\/|sur|of)\s*\d{1,4}\s+|\s+(?:(?:page|p\.)\s*)?\d{1,4}\s*(?:\/|sur|of)\s*\d{1,4}\s*$/iu;
/** How many lines at the top and at the bottom of a page may be running headers or footers. */
const EDGE_LINES = 2;

/**
 * The lines of each page as a reader sees them: spacing accents recombined with their letter
 * and the text NFC (`amplifi´ee` → `amplifiée`, `` `a `` → `à`), a word hyphenated at a line
 * end joined (`configu-` / `ration` → `configuration`; before a capital only when the document writes the joined word
 * elsewhere: `Lily-` / `Pond`, never `Jean-` / `Pierre`), control characters dropped, and
 * running headers, footers and page numbers dropped: among the top and bottom
 * {@link EDGE_LINES} lines of the pages, a page number alone, or a line found (digits ignored)
 * among the edge lines of at least 30% of the pages (and 3); the first and last line also when
 * its first two words open the first or last line of that many pages.
 */
export function cleanPages(pages: readonly string[]): string[][] {
  const lines = pages.map((page) => page.split(/\r?\n/).map((text): PageLine => ({ text, kind: 'prose' })));
  return cleanPageLines(lines).map((page) => page.map((line) => line.text));
}

/** {@link cleanPages} for typed lines: hyphenation is joined between prose lines only. */
function cleanPageLines(pages: readonly (readonly PageLine[])[]): PageLine[][] {
  return readPages(pages).pages;
}

/**
 * {@link cleanPageLines}, and the running headers it dropped from the top of each page (page numbers left out), each
 * split into its parts ("CHAPITRE 4. OBTENIR …", "4.3. PRÉPARER …"): what the page is part of.
 */
function readPages(pages: readonly (readonly PageLine[])[]): { pages: PageLine[][]; headers: string[][] } {
  // The backtick and the caret (and groff's glyphs of ^ and ~) are TeX's grave, circumflex and tilde only in a
  // document whose fonts give accents as characters of their own: elsewhere `[^abc]`, `echo` and `^and` are what the
  // author typed.
  const asciiAccents = pages.some((page) => page.some((line) => UNAMBIGUOUS_ACCENT.test(line.text)));
  const typedLines = pages.map((page) =>
    page
      .map((line) => ({
        ...line,
        // In a code line a caret or a backtick is the character typed (`PF(x)^a`), whatever the prose's fonts do.
        text: repairAccents(withoutControls(line.text), asciiAccents && line.kind !== 'code').replace(/\s+$/u, ''),
      }))
      .filter((line) => line.text.trim() !== ''),
  );
  const pageLines = typedLines.map((page) => page.map((line) => line.text));
  // Pages on which each edge line (digits ignored) and each outermost line's opening occur.
  const linePages = new Map<string, number>();
  const openingPages = new Map<string, number>();
  for (const lines of pageLines) {
    const edgeLines = new Set(edgeIndexes(lines.length).map((i) => digitless(lines[i] ?? '')));
    for (const key of edgeLines) linePages.set(key, (linePages.get(key) ?? 0) + 1);
    const openings = new Set([lines[0], lines[lines.length - 1]].map((line) => opening(line ?? '')));
    for (const key of openings) openingPages.set(key, (openingPages.get(key) ?? 0) + 1);
  }
  const textPages = pageLines.filter((lines) => lines.length > 0).length;
  const frequent = (count: number | undefined) => textPages >= 4 && (count ?? 0) >= Math.max(3, 0.3 * textPages);
  const printedOffset = pageNumberOffset(pageLines, frequent);
  const headers: string[][] = [];
  const joined = typedLines.map((page, pageIndex) => {
    const edges = new Set(edgeIndexes(page.length));
    // A line carrying the page's printed number is a running header or footer, whatever else it says: books print
    // the chapter or section name beside the number ("6.5. Summary of ways maintainer scripts are called 51").
    const printed = printedOffset === undefined ? undefined : pageIndex + 1 - printedOffset;
    const numbered = (line: string, i: number) => edges.has(i) && printed !== undefined && edgeNumber(line) === printed;
    const running = (line: string, i: number) =>
      edges.has(i) &&
      (PAGE_NUMBER_LINE.test(line) ||
        frequent(linePages.get(digitless(line))) ||
        numbered(line, i) ||
        ((i === 0 || i === page.length - 1) && frequent(openingPages.get(opening(line)))));
    const isRunning = page.map((line, i) => running(line.text, i));
    const header: string[] = [];
    for (let i = 0; i < page.length && isRunning[i] === true && i < EDGE_LINES; i += 1)
      header.push(...headerParts(page[i]?.text ?? ''));
    // Below the body, only a line beside the page number names where the page is: other footers repeat the book's
    // title or its licence.
    for (let i = Math.max(EDGE_LINES, page.length - EDGE_LINES); i < page.length; i += 1) {
      const line = page[i]?.text ?? '';
      if (numbered(line, i) && !frequent(linePages.get(digitless(line))))
        header.push(...headerParts(line.replace(EDGE_NUMBER, '')));
    }
    headers.push(header);
    return joinHyphenation(page.filter((_, i) => isRunning[i] !== true));
  });
  return { pages: resolveLineEndHyphens(joined), headers };
}

/** A number opening or ending a line, apart from its text (`51 Chapter 6. …`, `… are called 51`). */
const EDGE_NUMBER = /^\s*(\d{1,4})\s+(?=[\p{L}\p{N}])|(?<=[\p{L}\p{N}\p{P}])\s+(\d{1,4})\s*$/u;

/** The number an edge line opens or ends with, apart from its text. */
function edgeNumber(line: string): number | undefined {
  const match = EDGE_NUMBER.exec(line);
  const digits = match?.[1] ?? match?.[2];
  return digits === undefined ? undefined : Number(digits);
}

/**
 * How far the printed page numbers lag behind the pages' order (front matter numbered apart, or not at all): the
 * difference between a page's position and the number an edge line of it carries, when the same difference holds on
 * enough pages to be the book's numbering rather than chance. Undefined when no numbering shows.
 */
function pageNumberOffset(
  pageLines: readonly (readonly string[])[],
  frequent: (count: number | undefined) => boolean,
): number | undefined {
  const pagesByOffset = new Map<number, number>();
  pageLines.forEach((lines, pageIndex) => {
    const offsets = new Set<number>();
    for (const i of edgeIndexes(lines.length)) {
      const number = edgeNumber(lines[i] ?? '');
      if (number !== undefined) offsets.add(pageIndex + 1 - number);
    }
    for (const offset of offsets) pagesByOffset.set(offset, (pagesByOffset.get(offset) ?? 0) + 1);
  });
  const best = mostCounted(pagesByOffset);
  return best !== undefined && frequent(best.count) ? best.key : undefined;
}

/** The named parts of a running header line: its columns, less page numbers; none for a page number alone. */
function headerParts(line: string): string[] {
  return (
    line
      // Columns are set apart by a tab or wide space, or only by the section number that opens the second.
      .split(/\t+|\s{3,}|\s+(?=(?:\p{Lu}|\d+)(?:\.\d+)+\.\s)/u)
      // "Guide … 43 / 58": the page count is not part of the name.
      .map((part) => part.replace(PAGE_OF_PAGES, '').trim())
      .filter((part) => /\p{L}/u.test(part) && !PAGE_NUMBER_LINE.test(part))
  );
}

function edgeIndexes(count: number): number[] {
  const indexes = new Set<number>();
  for (let i = 0; i < Math.min(EDGE_LINES, count); i += 1) indexes.add(i).add(count - 1 - i);
  return [...indexes];
}

/**
 * The line with numbers as `#`: what repeats in "Guide … 43 / 58". A capital letter numbering a part, as appendices
 * are numbered ("ANNEXE B.", "B.4."), is a number too: the running header of every appendix page then reads alike.
 */
function digitless(line: string): string {
  return line
    .trim()
    .replace(/\d+/g, '#')
    .replace(/(?<![\p{L}\p{N}])\p{Lu}(?=\.(?:#|\s|$))/gu, '#');
}

/** First two words, numbers as `#`: what repeats in "CHAPTER 3. TITLE OF THE CHAPTER …", "ANNEXE B. …". */
function opening(line: string): string {
  return digitless(line).split(/\s+/).slice(0, 2).join(' ');
}

/**
 * Control characters (but the tab of a table row) and private-use code points: what a font without a Unicode map
 * gives for glyphs it draws (a T1 font's guillemets as U+0013/U+0014, a music font's notes), never text.
 */
const NOT_TEXT =
  // Matching control characters is the point here.
  // eslint-disable-next-line no-control-regex
  / [\u0000-\u0008\u000a-\u001f\u007f\ue000-\uf8ff]+(?= )|[\u0000-\u0008\u000a-\u001f\u007f\ue000-\uf8ff]+/gu;

/** `line` without {@link NOT_TEXT}, nor the space such a glyph leaves doubled (`une « trace »` → `une trace`). */
function withoutControls(line: string): string {
  return line.replace(NOT_TEXT, '');
}

function repairAccents(line: string, asciiAccents: boolean): string {
  return line
    .replace(ACCENT_BEFORE_LETTER, (whole, accent: string, letter: string) => {
      if (!asciiAccents && ASCII_GLYPH_ACCENTS.has(accent)) return whole;
      const takes = TAKES_ACCENT[accent];
      if (takes !== undefined && !takes.test(letter)) return whole;
      const base = letter === '\u0131' ? 'i' : letter === '\u0237' ? 'j' : letter;
      const composed = (base + (SPACING_ACCENTS[accent] ?? '')).normalize('NFC');
      return composed.length === 1 ? composed : whole;
    })
    .replace(CEDILLA_BEFORE_LETTER, (_whole, letter: string) => `${letter}\u0327`.normalize('NFC'))
    .replace(CEDILLA_AFTER_LETTER, (_whole, letter: string) => `${letter}\u0327`.normalize('NFC'))
    .normalize('NFC');
}

/** `word-` at a line end followed by a lower-case letter: one word, the rest of the line moved up. */
function joinHyphenation(lines: readonly PageLine[]): PageLine[] {
  const result: PageLine[] = [];
  for (const line of lines) {
    const previous = result[result.length - 1];
    const prose = previous?.kind === 'prose' && line.kind === 'prose';
    if (previous !== undefined && prose && hyphenatedAcross(previous.text, line.text)) {
      const [head, ...rest] = line.text.split(' ');
      result[result.length - 1] = { ...previous, text: previous.text.slice(0, -1) + LINE_END_HYPHEN + (head ?? '') };
      const remainder = rest.join(' ');
      if (remainder !== '') result.push({ ...line, text: remainder });
    } else {
      result.push(line);
    }
  }
  return result;
}

/** A word: letters, marks and digits, with the hyphens and apostrophes inside it. */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
const HYPHENATED = new RegExp(`([\\p{L}\\p{M}\\p{N}'’-]*)${LINE_END_HYPHEN}([\\p{L}\\p{M}\\p{N}]*)`, 'gu');

/**
 * Each word hyphenated at a line end, joined: without its hyphen (`configu-` / `ration` → `configuration`, what
 * typesetting does to prose) unless the document says the hyphen is the word's own: the part before it is already a
 * compound (`noms-de-` / `répertoires`, `c'est-à-` / `dire`), or the joined word never occurs elsewhere in the
 * document while the hyphenated one does, or both halves do as words of their own (`update-` / `alternatives`).
 * Words in capitals (`GARAN-` / `TIE`) are read the same way.
 */
function resolveLineEndHyphens(pages: PageLine[][]): PageLine[][] {
  const words = new Set<string>();
  for (const page of pages)
    for (const line of page) {
      if (!line.text.includes(LINE_END_HYPHEN)) {
        for (const [word] of line.text.matchAll(WORD)) words.add(word.toLowerCase());
        continue;
      }
      // Words the line holds apart from the hyphenated ones (whose halves are not words).
      for (const [word] of line.text.replace(HYPHENATED, ' ').matchAll(WORD)) words.add(word.toLowerCase());
    }
  for (const word of [...words]) for (const part of word.split('-')) words.add(part);
  const keepsHyphen = (head: string, tail: string): boolean => {
    if (head === '' || tail === '') return false;
    if (head.includes('-')) {
      // A compound cut in its last part (`re-exe-` / `cute`, `case-insensi-` / `tive`) is joined when that part and the
      // tail make a word of the document; otherwise the hyphen is the compound's own (`noms-de-` / `répertoires`).
      const last = head.slice(head.lastIndexOf('-') + 1).toLowerCase();
      return !(last !== '' && words.has(`${last}${tail}`.toLowerCase()) && !words.has(`${last}-${tail}`.toLowerCase()));
    }
    const joined = `${head}${tail}`.toLowerCase();
    if (words.has(joined)) return false;
    // A capital after a lower-case letter starts a word of a compound name (`Jean-` / `Pierre`), unless the document
    // writes the whole word elsewhere (`Lily-` / `Pond`, and *LilyPond* on other lines).
    if (/\p{Ll}$/u.test(head) && /^\p{Lu}/u.test(tail)) return true;
    return (
      words.has(`${head}-${tail}`.toLowerCase()) || (words.has(head.toLowerCase()) && words.has(tail.toLowerCase()))
    );
  };
  return pages.map((page) =>
    page.map((line) =>
      line.text.includes(LINE_END_HYPHEN)
        ? {
            ...line,
            text: line.text.replace(HYPHENATED, (_whole, head: string, tail: string) =>
              keepsHyphen(head, tail) ? `${head}-${tail}` : `${head}${tail}`,
            ),
          }
        : line,
    ),
  );
}

/** The text items of a page's `getTextContent()`, with their font's monospacing. */
function textItems(content: unknown): PdfTextItem[] {
  const { items, styles } = content as {
    items: ReadonlyArray<{
      str?: string;
      transform?: number[];
      width?: number;
      height?: number;
      fontName?: string;
      hasEOL?: boolean;
    }>;
    styles: Record<string, { fontFamily?: string } | undefined>;
  };
  const result: PdfTextItem[] = [];
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform ?? [];
    result.push({
      str: item.str,
      x,
      y,
      width: item.width ?? 0,
      size: item.height !== undefined && item.height > 0 ? item.height : Math.hypot(c, d) || Math.hypot(a, b),
      monospace: styles[item.fontName ?? '']?.fontFamily === 'monospace',
      eol: item.hasEOL === true,
    });
  }
  return result;
}
