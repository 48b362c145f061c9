import { mostCounted } from '../statistics.ts';

/** One text item of a PDF page as PDF.js gives it: its string, baseline position and font. */
export interface PdfTextItem {
  readonly str: string;
  /** Left end of the baseline, in page units (y grows upwards). */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  /** Font size (height of the text) in page units. */
  readonly size: number;
  /** Whether the font is monospaced (PDF.js's `fontFamily` is `monospace`). */
  readonly monospace: boolean;
  /** PDF.js's own end of line after the item. */
  readonly eol: boolean;
}

/**
 * A line of a page's text and what it is: `row` is a table row (its cells joined by a tab), `code`
 * a line set wholly in a monospaced font, `prose` anything else.
 */
export interface PageLine {
  readonly text: string;
  readonly kind: 'prose' | 'row' | 'code';
  /**
   * Font size most of the line's letters are set in (lines of a lone cell; absent for a table row, or for text that
   * came without positions): a heading is set larger than the body text.
   */
  readonly size?: number;
}

interface Cell {
  readonly left: number;
  right: number;
  top: number;
  bottom: number;
  lastY: number;
  /** Font size of the item last added. */
  lastSize: number;
  lastEnd: number;
  readonly size: number;
  readonly lines: string[];
  /** Per line: how many letters are set in each font size. */
  readonly lineSizes: Array<Map<number, number>>;
  /** Per line: whether all its text (spaces aside) is set in a monospaced font. */
  readonly lineMonospace: boolean[];
}

// Measured in font sizes. A word space is about 0.3; a gap this wide on one baseline is a column gap.
const COLUMN_GAP = 2;
// A line that starts this far from its cell's left edge (indent aside) starts a new cell.
const INDENT = 3;
// A table cell holds a few lines; a text column running down the page is not a cell of a row.
const MAX_CELL_LINES = 6;

/**
 * The lines of one page, read from the positions of its text items rather than from their order
 * alone, so that table cells are not glued into the prose around them.
 *
 * Items are followed in PDF.js order and grouped into cells: an item continues its cell on the
 * same baseline (unless a column gap of {@link COLUMN_GAP} font sizes separates them) or on the
 * next line starting near the cell's left edge. Cells side by side (each to the right of the
 * previous one, starting at about the same height, each of at most {@link MAX_CELL_LINES} lines)
 * form one table row: one line, cells joined by a tab (a word hyphenated at the end of a cell line joined at a
 * {@link LINE_END_HYPHEN}). A lone cell gives its lines as they are,
 * marked `code` when all the text of a line is in a monospaced font. Line by line, not cell by cell: a code example
 * set right under the sentence that introduces it continues that sentence's cell.
 */
export function layoutPage(items: readonly PdfTextItem[]): PageLine[] {
  const cells = readCells(items);
  const lines: PageLine[] = [];
  for (let first = 0; first < cells.length;) {
    let next = first + 1;
    while (next < cells.length && sameRow(cells[next - 1]!, cells[next]!, cells[first]!)) next += 1;
    const row = cells.slice(first, next);
    const bullet = row.length === 2 ? bulletOf(row[0]!) : undefined;
    if (bullet !== undefined) {
      // A bullet set apart from its text is a list item, not a table row of two cells.
      lines.push(...cellLines(row[1]!, `${bullet} `));
    } else if (row.length > 1) {
      lines.push({ text: row.map((cell) => joinCellLines(cell.lines)).join('\t'), kind: 'row' });
    } else {
      lines.push(...cellLines(row[0]!, ''));
    }
    first = next;
  }
  return lines;
}

/** List bullets as typesetters draw them apart from the item's text. */
const BULLET = /^[•◦▪▫‣⁃∙·●○■□–—*-]$/u;

/** The bullet a cell of one glyph is, if it is one. */
function bulletOf(cell: Cell): string | undefined {
  const text = cell.lines.length === 1 ? cell.lines[0]!.trim() : '';
  return BULLET.test(text) ? text : undefined;
}

/** A lone cell's lines as they are, `prefix` before the first, marked `code` when set wholly in a monospaced font. */
function cellLines(cell: Cell, prefix: string): PageLine[] {
  const lines: PageLine[] = [];
  cell.lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const size = mainSize(cell.lineSizes[i]);
    lines.push({
      text: lines.length === 0 ? prefix + line : line,
      kind: cell.lineMonospace[i] === true && prefix === '' ? 'code' : 'prose',
      ...(size === undefined ? {} : { size }),
    });
  });
  return lines;
}

function readCells(items: readonly PdfTextItem[]): Cell[] {
  const cells: Cell[] = [];
  let cell: Cell | undefined;
  for (const item of items) {
    if (item.str.trim() === '') {
      // A space item: part of the text, not a position to follow.
      if (cell !== undefined && item.str !== '') cell.lines[cell.lines.length - 1] += item.str;
      continue;
    }
    const size = item.size > 0 ? item.size : (cell?.size ?? 10);
    const repeated = cell === undefined ? 0 : overprinted(cell, item, size);
    if (cell !== undefined && repeated === item.str.length) {
      // The same glyphs drawn again over themselves (a bold made by overprinting): nothing new to read.
      cell.lastEnd = Math.max(cell.lastEnd, item.x + item.width);
      continue;
    }
    const text = item.str.slice(repeated);
    if (cell !== undefined && repeated > 0) {
      cell.lines[cell.lines.length - 1] += text;
    } else if (cell !== undefined && continuesLine(cell, item, size)) {
      const line = cell.lines[cell.lines.length - 1] ?? '';
      const apart = setApart(cell, item, size) && !/\s$/u.test(line) && !/^\s/u.test(item.str);
      cell.lines[cell.lines.length - 1] = line + (apart ? ' ' : '') + item.str;
    } else if (cell !== undefined && continuesCell(cell, item, size)) {
      cell.lines.push(item.str);
      cell.lineSizes.push(new Map<number, number>());
      cell.lineMonospace.push(true);
      cell.bottom = Math.min(cell.bottom, item.y);
    } else {
      cell = {
        left: item.x,
        right: item.x,
        top: item.y + size,
        bottom: item.y,
        lastY: item.y,
        lastSize: size,
        lastEnd: item.x,
        size,
        lines: [item.str],
        lineSizes: [new Map<number, number>()],
        lineMonospace: [true],
      };
      cells.push(cell);
    }
    cell.lastY = item.y;
    cell.lastSize = size;
    cell.lastEnd = item.x + item.width;
    cell.right = Math.max(cell.right, cell.lastEnd);
    const letters = text.match(/\p{L}/gu)?.length ?? 0;
    if (letters > 0) {
      const sizes = cell.lineSizes[cell.lineSizes.length - 1]!;
      // Tenths of a unit: the same font size comes out of PDF.js as 14.3 and 14.29999.
      const rounded = Math.round(size * 10) / 10;
      sizes.set(rounded, (sizes.get(rounded) ?? 0) + letters);
    }
    if (!item.monospace) cell.lineMonospace[cell.lineMonospace.length - 1] = false;
  }
  return cells;
}

/** The font size holding the most letters of a line (none for a line without letters). */
function mainSize(sizes: ReadonlyMap<number, number> | undefined): number | undefined {
  return sizes === undefined ? undefined : mostCounted(sizes)?.key;
}

/**
 * How many leading characters of `item` are glyphs of its line drawn again at the same place: an item starting back
 * over the end of the line (by at least half a character, at most its own length) with the characters it covers.
 * Overprinting for bold, and letter-spaced capitals whose items each restart on the last glyph of the one before
 * (`A` `AM` `MP` `PL`…), would otherwise read as doubled letters (`SAAMMPPLLEE`) or a word twice.
 */
function overprinted(cell: Cell, item: PdfTextItem, size: number): number {
  if (Math.abs(item.y - cell.lastY) >= size / 2 || item.str.length === 0 || item.width <= 0) return 0;
  const charWidth = item.width / item.str.length;
  const overlap = cell.lastEnd - item.x;
  // Not half a glyph back is kerning; further back than the item is long is another column or item order.
  if (overlap < charWidth / 2 || overlap > item.width + charWidth / 2) return 0;
  const line = cell.lines[cell.lines.length - 1] ?? '';
  const covered = Math.min(item.str.length, Math.round(overlap / charWidth));
  // Glyph widths vary: the characters covered are the estimate, or one fewer or more.
  for (const count of [covered, covered - 1, covered + 1])
    if (count > 0 && count <= item.str.length && line.endsWith(item.str.slice(0, count))) return count;
  return 0;
}

// A superscript or subscript is set this much smaller than the text around it ...
const SCRIPT_SIZE_RATIO = 1.15;
// ... and this share of the smaller size above or below its baseline.
const SCRIPT_SHIFT = 0.2;

/**
 * Whether `item` is a superscript or subscript of the line's last item, or that item one of `item`'s: set smaller and
 * off the baseline (a footnote mark, an exponent). It is a word of its own (`manual¹` is not `manual1`).
 */
function setApart(cell: Cell, item: PdfTextItem, size: number): boolean {
  const smaller = Math.min(size, cell.lastSize);
  return (
    Math.max(size, cell.lastSize) >= SCRIPT_SIZE_RATIO * smaller &&
    Math.abs(item.y - cell.lastY) >= SCRIPT_SHIFT * smaller
  );
}

function continuesLine(cell: Cell, item: PdfTextItem, size: number): boolean {
  // Within half the larger size: a superscript raised over a line, and the text back on its baseline, stay on it.
  if (Math.abs(item.y - cell.lastY) >= Math.max(size, cell.lastSize) / 2) return false;
  const gap = item.x - cell.lastEnd;
  return gap > -size && gap < COLUMN_GAP * size;
}

function continuesCell(cell: Cell, item: PdfTextItem, size: number): boolean {
  const drop = cell.lastY - item.y;
  return drop > 0 && drop < 2 * size && Math.abs(item.x - cell.left) < INDENT * size;
}

/** `cell` continues the row that `first` opened, right after `previous`. */
function sameRow(previous: Cell, cell: Cell, first: Cell): boolean {
  if (previous.lines.length > MAX_CELL_LINES || cell.lines.length > MAX_CELL_LINES) return false;
  if (cell.left < previous.right - cell.size) return false;
  // Side by side: the cell starts within the height of the row's first cell (give or take a line).
  return cell.top >= first.bottom - cell.size && cell.bottom <= first.top + cell.size;
}

/**
 * Where a word was hyphenated at a line end (`configu-` / `ration`): a soft hyphen, which the document-level cleaning
 * resolves to nothing or to `-` once it knows the document's words (see `resolveLineEndHyphens`).
 */
export const LINE_END_HYPHEN = '\u00ad';

/**
 * Whether a line ending with `-` and the next line may hold one word cut in two: a letter on both sides
 * (`configu-` / `ration`, `GARAN-` / `TIE`, `Lily-` / `Pond`). Whether the hyphen is the word's own (`Jean-` /
 * `Pierre`) is for the document's other words to tell (see `resolveLineEndHyphens`).
 */
export function hyphenatedAcross(line: string, next: string): boolean {
  return /\p{L}-$/u.test(line) && /^\p{L}/u.test(next);
}

/** A cell's lines as one line of text: word breaks as spaces, `configu-` / `ration` as one word. */
function joinCellLines(lines: readonly string[]): string {
  let text = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (text === '') text = line;
    else if (hyphenatedAcross(text, line)) text = text.slice(0, -1) + LINE_END_HYPHEN + line;
    else text += ` ${line}`;
  }
  return text;
}
