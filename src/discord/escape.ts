/**
 * Text from documents shown in Discord must read exactly as written: no markdown, no
 * mention pills, no masked links, no link previews. These helpers neutralise what Discord
 * would interpret and cut text to a length budget without breaking a sentence when possible.
 * discord.js's `hideLinkEmbed` wraps the URLs and its `escapeMarkdown` escapes headings, `-`/`*`
 * bullets and `1.` lists; what they lack is here: finding the URLs, mentions, block quotes,
 * subtext, `+` bullets, `1)` lists, and inline markers. escapeMarkdown escapes those by pairs
 * and leaves runs half done (`*******` → `\*\*\*\*\***`, still emphasis), so every marker
 * character is escaped here instead.
 */
import { escapeMarkdown, hideLinkEmbed } from 'discord.js';

/** Breaks Markdown syntax without showing: a zero-width space. */
export const ZERO_WIDTH_SPACE = '\u200b';

// URLs are kept intact (escaping inside them would break the link) and wrapped in <>
// so Discord never unfurls a preview for them. A backtick never belongs to a URL, nor does
// closing emphasis (`**…**`, `~~…~~`) or a table bar after it: markdown around a link stays outside.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>`]+[^\s<>`.,;:!?'")\]»*~|]/giu;

// Characters that start or end inline markdown anywhere in a line; `[text](<url>)` is still a masked link.
const INLINE_MARKDOWN = /[\\*_~`|[\]]/g;
// Only the line-start escapes of escapeMarkdown: the inline ones are done above, every character.
const LINE_START_ONLY = {
  codeBlock: false,
  inlineCode: false,
  bold: false,
  italic: false,
  underline: false,
  strikethrough: false,
  spoiler: false,
  escape: false,
  heading: true,
  bulletedList: true,
  numberedList: true,
} as const;

// `@everyone` / `@here` ping (or render as a pill); `<@id>`, `<@!id>`, `<@&id>`, `<#id>`,
// `</cmd:id>`, `<t:…>`, `<:emoji:id>` and `<a:emoji:id>` render as pills or widgets.
const MENTION_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/@(everyone|here)/giu, `@${ZERO_WIDTH_SPACE}$1`],
  [/<(?=[@#/:]|a:|t:|id:)/giu, `<${ZERO_WIDTH_SPACE}`],
];

// Block markdown escapeMarkdown leaves: subtext, quotes and `+` bullets at a line start…
const LINE_START_MARKDOWN = /^(\s*)(-#\s|>|\+\s)/gmu;
// …and `1)` lists, escaped on the bracket: a backslash before a digit would show.
const PAREN_NUMBERED_LIST = /^(\s*\d+)(\))(?=\s)/gmu;

/** Neutralises markdown, mentions and link previews in `text` (no URL is changed). */
export function escapeDocumentText(text: string): string {
  let escaped = '';
  let cursor = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    escaped += escapePlain(text.slice(cursor, match.index));
    escaped += hideLinkEmbed(match[0]);
    cursor = match.index + match[0].length;
  }
  return escaped + escapePlain(text.slice(cursor));
}

function escapePlain(text: string): string {
  let escaped = escapeMarkdown(text.replace(INLINE_MARKDOWN, '\\$&'), LINE_START_ONLY);
  for (const [pattern, replacement] of MENTION_PATTERNS) escaped = escaped.replace(pattern, replacement);
  return escaped
    .replace(LINE_START_MARKDOWN, (_all, indent: string, marker: string) => `${indent}\\${marker}`)
    .replace(PAREN_NUMBERED_LIST, '$1\\$2');
}

/** Reverses {@link escapeDocumentText} for text the bot wrote itself (e.g. the question in an answer's title). */
export function unescapeDocumentText(text: string): string {
  return text
    .replaceAll(ZERO_WIDTH_SPACE, '')
    .replace(/\\([\\*_~`|[\]#>\-+.)])/gu, '$1')
    .replace(/<(https?:\/\/[^\s<>]+)>/giu, '$1');
}

/** Collapses every run of white space (line breaks included) to one space. */
export function collapseWhiteSpace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** The result of {@link fitText}: the rendered text and whether anything was cut. */
export interface FittedText {
  readonly text: string;
  readonly trimmed: boolean;
}

/** Ends every text {@link fitText} had to cut. Preceded by a space so a cut after a sentence reads `end. …`. */
export const TRIMMED_MARK = ' …';

// A sentence ends with . ! ? or … possibly followed by closing quotes or brackets.
const SENTENCE_END = /[.!?…]['"»”’)\]]*(?=\s)/gu;

/**
 * Renders `raw` with `render` so that the result is at most `budget` characters. When it
 * does not fit, the raw text is cut at the last sentence end that fits, else at the last
 * word boundary, else mid-word, and `…` is appended.
 */
export function fitText(
  raw: string,
  budget: number,
  render: (text: string) => string = escapeDocumentText,
): FittedText {
  const whole = render(raw);
  if (whole.length <= budget) return { text: whole, trimmed: false };
  const room = budget - TRIMMED_MARK.length;
  if (room <= 0) return { text: '', trimmed: true };
  const longest = longestPrefixThatFits(raw, room, render);
  const cut = lastBoundary(raw, longest);
  const kept = render(raw.slice(0, cut).trimEnd());
  return { text: `${kept}${TRIMMED_MARK}`, trimmed: true };
}

// Rendering (escaping) never shrinks when the raw prefix grows, so a binary search finds the longest fit.
function longestPrefixThatFits(raw: string, room: number, render: (text: string) => string): number {
  let low = 0;
  let high = raw.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (render(raw.slice(0, middle)).length <= room) low = middle;
    else high = middle - 1;
  }
  return low;
}

function lastBoundary(raw: string, limit: number): number {
  const prefix = raw.slice(0, limit);
  let sentenceEnd = 0;
  // One character past the limit lets the look-ahead see the space after a final period.
  for (const match of raw.slice(0, limit + 1).matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (end <= limit) sentenceEnd = end;
  }
  // A sentence end far back would throw away most of the room: prefer a word boundary then.
  if (sentenceEnd >= limit / 2) return sentenceEnd;
  if (/\s/u.test(raw[limit] ?? '')) return limit;
  const lastSpace = prefix.search(/\s\S*$/u);
  if (lastSpace > 0) return lastSpace;
  return avoidSplitSurrogate(raw, limit);
}

function avoidSplitSurrogate(raw: string, cut: number): number {
  const code = raw.charCodeAt(cut - 1);
  return code >= 0xd800 && code <= 0xdbff ? cut - 1 : cut;
}
