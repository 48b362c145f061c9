/** A sentence: `[start, end)` in the text, without leading or trailing white space. */
export interface SentenceSpan {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('und', { granularity: 'sentence' });

/**
 * V8's sentence segmenter gets quadratic on long inputs (0.2 MB/s on 1 MB, >100 MB/s on 4 KB
 * pieces), so the text is fed in pieces of at most this many characters, cut at a line break
 * or a space; the cut points are then judged like any other candidate boundary.
 */
const MAX_PIECE_CHARS = 4000;

/** Abbreviations whose period never ends a sentence (compared without the final period, case-sensitively). */
const NEVER_FINAL = new Set([
  // French and English titles, company suffixes, dotted abbreviations
  ...['M', 'MM', 'Mme', 'Mmes', 'Mlle', 'Mlles', 'Dr', 'Pr', 'Me', 'St', 'Ste', 'Mr', 'Mrs', 'Ms', 'Prof', 'Sr', 'Jr'],
  ...['Inc', 'Ltd', 'Co', 'U.S', 'U.K', 'J.-C'],
  // lower-case ones, which may also open a sentence capitalised (`Cf. …`)
  ...['art', 'al', 'p', 'pp', 'cf', 'av', 'apr', 'vol', 'chap', 'éd', 'min', 'env', 'ex', 'fig', 'ca', 'resp', 'vs']
    .concat(['c.-à-d', 'i.e', 'e.g'])
    .flatMap((word) => [word, word.charAt(0).toUpperCase() + word.slice(1)]),
]);

/** Longer than any abbreviation, initials or ordinal that {@link isNonFinalPeriod} recognises. */
const MAX_TOKEN_CHARS = 64;

const ORDINAL = /^\d+(?:er|re|ère|e|ème|eme|nd|st|rd|th)$/;
/** `J` of `J. Dupont`, `J.H.M` of `J.H.M. Dassen` (and of `U.S.A.` at a sentence end: see {@link SENTENCE_OPENERS}). */
const INITIALS = /^(?:\p{Lu}\.)*\p{Lu}$/u;
/**
 * Words that open a sentence far more often than they follow an initial: after `plan B.` or
 * `U.S.A.`, one of these means the period did end the sentence; after `J.H.M.`, a name does not.
 */
const SENTENCE_OPENERS = new Set(
  (
    'Il Elle Ils Elles On Je Nous Vous Le La Les Un Une Des Ce Cet Cette Ces Mais Et Puis Alors Donc Ainsi En Dans Pour Par ' +
    'Sur Avec Si Quand Cela Ceci Au Aux Du ' +
    'The A An He She It They We You I This That These Those But And Then So In On At For If When There His Her Its Their Our My'
  ).split(' '),
);
const TOKEN_CHAR = /[\p{L}\p{M}\p{N}°.-]/u;
const LOWER_CASE_START = /\p{Ll}/u;
/** What a wrapped line of a list item may open with: a lower-case word, a path, a placeholder (`/usr`, `<name>`). */
const CONTINUATION_START = /[\p{Ll}/~`<_]/u;
/** Abbreviations that do not end a sentence when a number follows (`No. 5`). */
const BEFORE_NUMBER = new Set(['No', 'Nos', 'no', 'nos', 'Nr', 'nr']);
const TERMINALS = new Set(['.', '!', '?', '…', '。', '！', '？']);
/** Final punctuation of scripts written without spaces between sentences. */
const UNSPACED_TERMINALS = new Set(['。', '！', '？']);
/** Closing quotes and brackets: they stay with the sentence they close. */
const CLOSERS = new Set(['»', '”', '’', '"', "'", ')', ']', '}', '›']);
const BRACKETED_ELLIPSIS = /[([](?:\.\.\.|…)[)\]]$/;

// Line shapes (tested on a line from its first non-blank character) that are never a soft wrap.
const HEADING_LINE = /^#{1,6}(?:[ \t]|$)/;
const UNDERLINE_LINE = /^(?:=+|-+)[ \t]*\r?$/;
const LIST_ITEM_LINE = /^(?:[-*+•‣◦▪–—]|\d{1,3}[.)]|[a-z]\))[ \t]/;
const TABLE_ROW_LINE = /^\|/;
const FENCE_LINE = /^(?:```|~~~)/;

/**
 * Splits text into sentences: `Intl.Segmenter` boundaries, corrected for how documents are
 * actually written.
 *
 * - A period after an abbreviation (`M.`, `Mme.`, `art.`, `cf.`, `Mr.`, `Prof.`, `e.g.`, `U.S.` …),
 *   an initial or initials before a name (`J. Dupont`, `J.H.M. Dassen`, but not `plan B. The` or
 *   `U.S.A. Il`, where a usual sentence opener follows), an ordinal (`1er.`) or a list number at the start of a line
 *   (`1. Intro`) does not end a sentence, nor does `No.` before a number; neither does a period, an
 *   ellipsis, a `?` or a `!` followed by a lower-case letter (`etc. and`, `the ? operator`), nor a bracketed ellipsis
 *   (`[…]`).
 * - No sentence ends inside a run of non-space characters (a mention `<@!123>`, a channel `<#123>`,
 *   a URL with `?` or `!`), except after the full-width `。！？` of scripts written without spaces.
 * - Closing quotes and brackets after the final punctuation (`. »`, `.”`, `.)`) stay with the sentence.
 * - A single line break inside a paragraph is a soft wrap and never ends a sentence that lacks
 *   final punctuation; a blank line does, and so does a line break before or after a markdown
 *   heading, setext underline, table row or code fence, or before a list item (a list item is
 *   continued only by an indented line, or one opening with a lower-case word, a path or a placeholder).
 *
 * Offsets index `text`; `end` excludes trailing white space and `start` skips leading white space.
 * Linear in the length of the text.
 */
export function splitSentences(text: string): Array<{ start: number; end: number }> {
  const sentences: SentenceSpan[] = [];
  let current: SentenceSpan | null = null;
  for (const [pieceStart, pieceEnd] of pieces(text)) {
    const piece = pieceStart === 0 && pieceEnd === text.length ? text : text.slice(pieceStart, pieceEnd);
    for (const { segment, index } of segmenter.segment(piece)) {
      let start = skipSpaces(text, pieceStart + index, pieceStart + index + segment.length);
      const end = trimEnd(text, start, pieceStart + index + segment.length);
      if (start === end) continue;
      if (current !== null && !hasLineBreak(text, current.end, start)) {
        const closersEnd = skipClosers(text, start, end);
        if (closersEnd > start) {
          current.end = closersEnd;
          start = skipSpaces(text, closersEnd, end);
          if (start === end) continue;
        }
      }
      if (current === null || isBoundary(text, current.end, start)) {
        if (current !== null) sentences.push(current);
        current = { start, end };
      } else {
        current.end = end;
      }
    }
  }
  if (current !== null) sentences.push(current);
  return sentences;
}

/**
 * Cuts `text` into pieces the segmenter handles in linear time; prefers line breaks, then `. `,
 * then spaces. Each cut is searched for only in the second half of its piece, so a text without
 * line breaks costs no more than one with them.
 */
function* pieces(text: string): Generator<readonly [number, number]> {
  let start = 0;
  while (text.length - start > MAX_PIECE_CHARS) {
    const limit = start + MAX_PIECE_CHARS;
    const floor = start + MAX_PIECE_CHARS / 2;
    let cut = lastAfter(text, '\n', floor, limit);
    if (cut <= floor) cut = lastAfter(text, '. ', floor, limit);
    if (cut <= floor) cut = lastAfter(text, ' ', floor, limit);
    if (cut <= floor) cut = isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
    yield [start, cut];
    start = cut;
  }
  yield [start, text.length];
}

/**
 * The index just after the last `needle` that lies wholly in `[floor, limit)`, or `floor` when
 * there is none. Never looks before `floor` (`lastIndexOf` alone would scan back to the start).
 */
function lastAfter(text: string, needle: string, floor: number, limit: number): number {
  const window = text.slice(floor, limit);
  const at = window.lastIndexOf(needle);
  return at === -1 ? floor : floor + at + needle.length;
}

/** Whether a sentence ends between `previousEnd` (after its last character) and `nextStart`. */
function isBoundary(text: string, previousEnd: number, nextStart: number): boolean {
  const lineBreaks = countLineBreaks(text, previousEnd, nextStart);
  if (lineBreaks >= 2) return true;
  if (lineBreaks === 1 && isStructuralLineBreak(text, previousEnd, nextStart)) return true;
  // Within a run of non-space characters (`<@!123>`, `?q=1`, `a.b`) only scripts written without
  // spaces end a sentence.
  if (nextStart === previousEnd && !UNSPACED_TERMINALS.has(text.charAt(previousEnd - 1))) return false;
  const terminalAt = terminalIndex(text, previousEnd);
  if (terminalAt === -1) return false;
  const terminal = text.charAt(terminalAt);
  // A lower-case word after it continues the sentence: `etc. and`, and the `?` or `!` of code written in the prose
  // (`the ? operator`, `println! prints`), which HTML leaves without the backticks Markdown would put around them.
  if (!UNSPACED_TERMINALS.has(terminal) && LOWER_CASE_START.test(text.charAt(nextStart))) return false;
  if (terminal === '.' && isNonFinalPeriod(text, terminalAt, nextStart)) return false;
  return !BRACKETED_ELLIPSIS.test(text.slice(Math.max(0, previousEnd - 5), previousEnd));
}

/** Index of the final punctuation before `end`, looking through closing quotes and brackets; -1 if none. */
function terminalIndex(text: string, end: number): number {
  let index = end - 1;
  while (index >= 0 && CLOSERS.has(text.charAt(index))) index -= 1;
  while (index >= 0 && isSpace(text.charCodeAt(index)) && CLOSERS.has(text.charAt(index + 1))) index -= 1;
  return index >= 0 && TERMINALS.has(text.charAt(index)) ? index : -1;
}

/**
 * The period at `dotAt` closes an abbreviation, an initial, an ordinal, `No.` before a number or a line-leading list
 * number.
 */
function isNonFinalPeriod(text: string, dotAt: number, nextStart: number): boolean {
  let tokenStart = dotAt;
  // No abbreviation is this long: a longer run of letters and dots (a URL, a hash) is not one, and
  // stopping here keeps a text made of such runs linear.
  const longest = Math.max(0, dotAt - MAX_TOKEN_CHARS);
  while (tokenStart > longest && isTokenChar(text, tokenStart - 1)) tokenStart -= 1;
  if (tokenStart === longest && tokenStart > 0 && isTokenChar(text, tokenStart - 1)) return false;
  const token = text.slice(tokenStart, dotAt);
  if (NEVER_FINAL.has(token) || ORDINAL.test(token)) return true;
  if (INITIALS.test(token)) return !SENTENCE_OPENERS.has(wordAt(text, nextStart));
  if (BEFORE_NUMBER.has(token) && /\d/.test(text.charAt(nextStart))) return true;
  return /^\d{1,3}$/.test(token) && onlyMarkupBefore(text, tokenStart);
}

/** The word (letters only) that starts at `start`. */
function wordAt(text: string, start: number): string {
  let end = start;
  while (end < text.length && /\p{L}/u.test(text.charAt(end))) end += 1;
  return text.slice(start, end);
}

/**
 * Whether the character at `index` belongs to an abbreviation token; ASCII without the regular expression (most of
 * them).
 */
function isTokenChar(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code >= 0x80) return TOKEN_CHAR.test(text.charAt(index));
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2e ||
    code === 0x2d
  );
}

/** Nothing but indentation and markdown markers (`#`, `>`, `-`, `*`, `+`) between the line start and `index`. */
function onlyMarkupBefore(text: string, index: number): boolean {
  let at = index - 1;
  while (at >= 0 && ' \t#>*+-'.includes(text.charAt(at))) at -= 1;
  return at < 0 || text.charAt(at) === '\n';
}

/** A line break that separates blocks: headings, underlines, table rows, fences, list items. */
function isStructuralLineBreak(text: string, previousEnd: number, nextStart: number): boolean {
  const previousLineStart = text.lastIndexOf('\n', previousEnd - 1) + 1;
  const previousLine = text.slice(skipSpaces(text, previousLineStart, previousEnd), previousEnd);
  const nextLineEnd = text.indexOf('\n', nextStart);
  const nextLine = text.slice(nextStart, nextLineEnd === -1 ? text.length : nextLineEnd);
  if ([HEADING_LINE, UNDERLINE_LINE, TABLE_ROW_LINE, FENCE_LINE].some((shape) => shape.test(previousLine))) return true;
  if (
    [HEADING_LINE, UNDERLINE_LINE, LIST_ITEM_LINE, TABLE_ROW_LINE, FENCE_LINE].some((shape) => shape.test(nextLine))
  ) {
    return true;
  }
  const nextIsIndented = text.charAt(nextStart - 1) !== '\n';
  return LIST_ITEM_LINE.test(previousLine) && !nextIsIndented && !CONTINUATION_START.test(text.charAt(nextStart));
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = from; index < to; index += 1) if (text.charCodeAt(index) === 10) count += 1;
  return count;
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  return countLineBreaks(text, from, to) > 0;
}

/** End of a run of closing quotes or brackets at `start` that is followed by white space or `end`; else `start`. */
function skipClosers(text: string, start: number, end: number): number {
  let index = start;
  while (index < end && CLOSERS.has(text.charAt(index))) index += 1;
  return index === end || isSpace(text.charCodeAt(index)) ? index : start;
}

/** First non-space index in `[from, to)`, or `to`. */
export function skipSpaces(text: string, from: number, to: number): number {
  let index = from;
  while (index < to && isSpace(text.charCodeAt(index))) index += 1;
  return index;
}

/** `to` moved back over trailing white space, not before `from`. */
export function trimEnd(text: string, from: number, to: number): number {
  let index = to;
  while (index > from && isSpace(text.charCodeAt(index - 1))) index -= 1;
  return index;
}

/** White space as `\s` sees it (including no-break and narrow no-break spaces), plus other C0 controls. */
export function isSpace(code: number): boolean {
  if (code <= 32) return true;
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
