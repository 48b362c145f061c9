import { createHash } from 'node:crypto';
import type { DocumentFormat, ParsedDocument, TextBlock } from './types.ts';

/**
 * Corpus-level page chrome: a block (navigation, a site banner, "Download the ebook", a footer line) that main-content
 * detection let through is recognisable by statistics alone, because the same text comes back on most pages of the
 * same site. Nothing here names an element, a class or a site.
 *
 * How it is computed: every HTML page's and Markdown file's distinct block texts (of a Markdown file, only those at
 * its edges: see `templateBlocks`), normalised (Unicode compatibility forms, case, white space, each run of digits
 * read as one `0` so that a date or a page number does not make a footer unique, each URL as one word so that a
 * template's link to the page it is on does not either), are
 * hashed into {@link BLOCK_FINGERPRINT_LENGTH}-character fingerprints. A fingerprint is repeated when the pages
 * holding it are at least {@link RepeatedBlockOptions.minPages} and at least {@link RepeatedBlockOptions.minShare} of
 * the pages under the deepest folder that holds all of them (so one site's chrome is found in a folder of a
 * corpus that mixes several sites). Repeated blocks are dropped from the document's blocks: they stay in its text
 * (offsets and lines do not move) but are never part of a passage.
 */
export interface RepeatedBlockOptions {
  /** A block on fewer pages than this is never chrome (a handful of pages says nothing). */
  readonly minPages: number;
  /**
   * Share of the pages of the folder holding all its occurrences a block must appear on. Option names of a set of
   * manual pages (`--quiet` on 44 % of git's) or a short answer (`Yes.`) recur too: site chrome is on most pages.
   */
  readonly minShare: number;
}

/** Defaults of {@link RepeatedBlockOptions}. */
export const REPEATED_BLOCK_DEFAULTS: RepeatedBlockOptions = { minPages: 4, minShare: 0.6 };

/** Characters of one fingerprint (base64url of 48 bits of SHA-256: collisions are negligible below millions). */
export const BLOCK_FINGERPRINT_LENGTH = 8;

// A link target written out in a site template ("See https://site/rules/<page> for documentation") names the page it
// is on: the template is the same block on every page.
const URL_RUN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`*)\]]+/gu;

/** Formats whose files come from a site's pages, where a template repeats blocks across them. */
export function mayRepeatChrome(format: DocumentFormat): boolean {
  return format === 'html' || format === 'md';
}

/** The fingerprint of a block's text (see {@link RepeatedBlockOptions} for the normalisation). */
export function blockFingerprint(text: string): string {
  const normalised = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(URL_RUN, 'url')
    .replace(/\d+/gu, '0')
    .replace(/\s+/gu, ' ')
    .trim();
  return createHash('sha256').update(normalised).digest('base64url').slice(0, BLOCK_FINGERPRINT_LENGTH);
}

/**
 * The sorted, distinct fingerprints of the blocks of a site page that a template may have written (see
 * `templateBlocks`): every block of an HTML page, the edges of a Markdown file; empty for plain text and PDF (their
 * text is the author's file, or has running headers handled per document).
 */
export function documentFingerprints(document: ParsedDocument): string[] {
  if (!mayRepeatChrome(document.format) || document.blocks === undefined) return [];
  const prints = new Set(
    templateBlocks(document).map((block) => blockFingerprint(document.text.slice(block.start, block.end))),
  );
  return [...prints].sort();
}

// A Markdown file is the author's text but for what the site's template stamps on each page, above or below it.
const MARKDOWN_EDGE_BLOCKS = 3;

/**
 * The blocks of a page that a site template may have put there: all of an HTML page's (its chrome can be anywhere
 * around the content, a navigation bar above and below it), only those of a Markdown file's first and last
 * {@link MARKDOWN_EDGE_BLOCKS} that it writes once. Within a Markdown body, the same short block on most pages is the
 * author's ("Default: false" under each option), and so is one the page repeats: a template stamps its line once.
 */
function templateBlocks(document: ParsedDocument): readonly TextBlock[] {
  const blocks = document.blocks ?? [];
  if (document.format !== 'md') return blocks;
  const prints = blocks.map((block) => blockFingerprint(document.text.slice(block.start, block.end)));
  const count = new Map<string, number>();
  for (const print of prints) count.set(print, (count.get(print) ?? 0) + 1);
  return blocks.filter(
    (_block, i) =>
      (i < MARKDOWN_EDGE_BLOCKS || i >= blocks.length - MARKDOWN_EDGE_BLOCKS) && count.get(prints[i]!) === 1,
  );
}

/**
 * The repeated fingerprints of a corpus, from each HTML page's and Markdown file's fingerprints (path relative to the
 * corpus root, with `/` separators). A page with no block still counts in its folders' page totals.
 */
export function repeatedBlocks(
  pages: ReadonlyMap<string, readonly string[]>,
  options: RepeatedBlockOptions = REPEATED_BLOCK_DEFAULTS,
): Set<string> {
  const pagesUnder = new Map<string, number>();
  const holders = new Map<string, string[]>();
  for (const [path, prints] of pages) {
    for (const folder of foldersOf(path)) pagesUnder.set(folder, (pagesUnder.get(folder) ?? 0) + 1);
    for (const print of prints) {
      const list = holders.get(print);
      if (list === undefined) holders.set(print, [path]);
      else list.push(path);
    }
  }
  const repeated = new Set<string>();
  for (const [print, paths] of holders) {
    if (paths.length < options.minPages) continue;
    const scope = commonFolder(paths);
    if (paths.length >= options.minShare * (pagesUnder.get(scope) ?? paths.length)) repeated.add(print);
  }
  return repeated;
}

/**
 * The document without its repeated blocks, and the fingerprints that were dropped (sorted). A document without
 * blocks, or with none repeated, is returned as it is.
 */
export function dropRepeatedBlocks(
  document: ParsedDocument,
  repeated: ReadonlySet<string>,
): { document: ParsedDocument; dropped: string[] } {
  if (!mayRepeatChrome(document.format) || document.blocks === undefined || repeated.size === 0)
    return { document, dropped: [] };
  const dropped = new Set<string>();
  const candidates = new Set(templateBlocks(document));
  const blocks = document.blocks.filter((block) => {
    if (!candidates.has(block)) return true;
    const print = blockFingerprint(document.text.slice(block.start, block.end));
    if (!repeated.has(print)) return true;
    dropped.add(print);
    return false;
  });
  if (dropped.size === 0) return { document, dropped: [] };
  return { document: { ...document, blocks }, dropped: [...dropped].sort() };
}

/** Fingerprints as one string (the index manifest keeps them per file; 8 characters each, no separator). */
export function packFingerprints(prints: readonly string[]): string {
  return prints.join('');
}

/** The fingerprints of {@link packFingerprints}' string. */
export function unpackFingerprints(packed: string): string[] {
  const prints: string[] = [];
  for (let at = 0; at + BLOCK_FINGERPRINT_LENGTH <= packed.length; at += BLOCK_FINGERPRINT_LENGTH)
    prints.push(packed.slice(at, at + BLOCK_FINGERPRINT_LENGTH));
  return prints;
}

/** The fingerprints of `prints` (sorted) that are in `repeated`, sorted: what ingesting that page drops. */
export function repeatedOf(prints: readonly string[], repeated: ReadonlySet<string>): string[] {
  return prints.filter((print) => repeated.has(print));
}

/** '' (the corpus root), then each folder of the path: `a/b/c.html` → '', 'a', 'a/b'. */
function foldersOf(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return ['', ...parts.map((_, i) => parts.slice(0, i + 1).join('/'))];
}

/** The deepest folder holding every path. */
function commonFolder(paths: readonly string[]): string {
  let common = foldersOf(paths[0] ?? '');
  for (const path of paths.slice(1)) {
    const folders = foldersOf(path);
    let same = 0;
    while (same < common.length && same < folders.length && common[same] === folders[same]) same += 1;
    common = common.slice(0, same);
  }
  return common[common.length - 1] ?? '';
}
