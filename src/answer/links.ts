import GithubSlugger from 'github-slugger';
import { documentFormatOf } from '../ingest/corpus.ts';
import type { DocumentFormat, Passage } from '../ingest/types.ts';

/**
 * Links from citations to the original pages. A link only ever comes from the document's
 * own metadata (front matter `url:`, HTML canonical / `og:url`, read at ingestion) or from
 * the configured site mapping; it is validated here, never taken from a question.
 */

/** How Markdown heading anchors are spelled on the site the documents are published on. */
export type AnchorStyle = 'github' | 'mkdocs' | 'none';

/** What a corpus file's extension becomes in its mapped URL (see {@link mappedDocumentUrl}). */
export type ExtensionRule = 'strip' | 'html' | 'keep';

/** The configured mapping of corpus paths to a site (`SOURCE_URL_*`). */
export interface LinkSettings {
  /** `SOURCE_URL_BASE`, e.g. `https://docs.example.org/`; null: only documents' own URLs link. */
  readonly base: string | null;
  readonly extensions: ExtensionRule;
  readonly anchors: AnchorStyle;
}

/** No mapping: only documents that name their own URL get links. */
export const NO_LINKS: LinkSettings = { base: null, extensions: 'strip', anchors: 'github' };

// A Discord message holds 2,000 characters: a link longer than this is surely not a page address.
const MAX_URL_LENGTH = 500;

/**
 * `raw` as a safe link target, or undefined: an absolute http(s) URL without credentials,
 * normalised (WHATWG), with the characters that would end a Markdown link (`(`, `)`, `<`,
 * `>`, space) percent-encoded.
 */
export function safeLink(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return undefined;
  const href = url.href.replace(/[()<> ]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return href.length <= MAX_URL_LENGTH ? href : undefined;
}

/**
 * The page URL of the corpus file `path` under `settings.base`: with `strip`,
 * `guide/install.md` → `<base>guide/install` and `guide/index.md` → `<base>guide/`; with
 * `html`, `guide/install.md` → `<base>guide/install.html`; with `keep`, the path as it is.
 * The rule applies to Markdown and HTML pages (what a site generator renders); PDF and text
 * files are published as they are. Undefined without a base.
 */
export function mappedDocumentUrl(path: string, format: DocumentFormat, settings: LinkSettings): string | undefined {
  if (settings.base === null) return undefined;
  const base = settings.base.endsWith('/') ? settings.base : `${settings.base}/`;
  const page = format === 'md' || format === 'html' ? pagePath(path, settings.extensions) : path;
  const encoded = page
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  try {
    return safeLink(new URL(encoded, base).href);
  } catch {
    return undefined;
  }
}

function pagePath(path: string, rule: ExtensionRule): string {
  if (rule === 'keep') return path;
  const withoutExtension = path.replace(/\.(?:mdx?|markdown|html?)$/i, '');
  if (rule === 'html') return `${withoutExtension}.html`;
  // Site generators serve `folder/index.md` (and `README.md`) as the folder itself.
  return withoutExtension.replace(/(?:^|\/)(?:index|readme)$/i, (match) => (match.startsWith('/') ? '/' : ''));
}

/**
 * The anchors of a Markdown document's headings, in document order, as the site spells them:
 * GitHub's (`Install & run` → `install--run`, repeats get `-1`, `-2`), MkDocs' (Python-Markdown:
 * ASCII only, `install-run`, repeats `_1`), or none.
 */
export function markdownAnchors(headings: readonly string[], style: AnchorStyle): Array<string | undefined> {
  if (style === 'none') return headings.map(() => undefined);
  if (style === 'github') {
    const slugger = new GithubSlugger();
    return headings.map((heading) => slugger.slug(heading));
  }
  const seen = new Map<string, number>();
  return headings.map((heading) => {
    const slug = mkdocsSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    return count === 0 ? slug : `${slug}_${count}`;
  });
}

// Python-Markdown's `toc.slugify`: NFKD, ASCII only, word characters, spaces and hyphens, lower case.
function mkdocsSlug(heading: string): string {
  return heading
    .normalize('NFKD')
    .replace(/[^\p{ASCII}]/gu, '')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');
}

/** What a citation knows of where its passage is. */
export interface CitationTarget {
  readonly path: string;
  readonly format: DocumentFormat;
  /** The document's own URL (front matter, canonical, og:url), unvalidated. */
  readonly documentUrl?: string | undefined;
  /**
   * The section's fragment without `#`: the heading's own id in HTML, its slug in Markdown,
   * `page=N` in a PDF.
   */
  readonly anchor?: string | undefined;
}

/**
 * The link of a citation: the document's own URL, else the mapped one, then `#anchor`
 * (replacing any fragment the URL had). Undefined when the document has no URL: the
 * citation stays plain text.
 */
export function citationLink(target: CitationTarget, settings: LinkSettings): string | undefined {
  const page = safeLink(target.documentUrl) ?? mappedDocumentUrl(target.path, target.format, settings);
  if (page === undefined) return undefined;
  if (target.anchor === undefined || target.anchor === '') return page;
  const url = new URL(page);
  // The URL standard percent-encodes what a fragment may not hold; `=` (page=N) and letters stay.
  url.hash = target.anchor;
  return safeLink(url.href) ?? page;
}

/** A cited passage, as the linker finds it: its document and section (and id, when known). */
export interface LinkedPlace {
  readonly path: string;
  readonly section: readonly string[];
  readonly passageId?: string;
}

/**
 * A function giving the link of a cited place of `index` (see {@link citationLink}), or
 * undefined. The document's own URL and the section anchors come from ingestion (stored with
 * the passages); a Markdown site that spells anchors otherwise (`SOURCE_ANCHOR_STYLE`) gets
 * them recomputed from the headings. Documents are grouped once per index, on first use.
 */
export function createSourceLinker(
  index: { readonly passages: readonly Passage[] },
  settings: LinkSettings,
): (place: LinkedPlace) => string | undefined {
  let byDocument: Map<string, Passage[]> | undefined;
  const documents = new Map<string, DocumentLinks | null>();
  const documentLinks = (path: string): DocumentLinks | null => {
    let entry = documents.get(path);
    if (entry === undefined) {
      byDocument ??= groupByDocument(index.passages);
      entry = linksOfDocument(path, byDocument.get(path) ?? [], settings);
      documents.set(path, entry);
    }
    return entry;
  };
  return (place) => {
    const links = documentLinks(place.path);
    if (links === null) return undefined;
    const anchor =
      (place.passageId === undefined ? undefined : links.anchorsByPassage.get(place.passageId)) ??
      links.anchorsBySection.get(place.section.join('\u0000'));
    return citationLink({ path: place.path, format: links.format, documentUrl: links.documentUrl, anchor }, settings);
  };
}

interface DocumentLinks {
  readonly format: DocumentFormat;
  readonly documentUrl: string | undefined;
  readonly anchorsByPassage: ReadonlyMap<string, string>;
  /** Section path (joined with NUL) → anchor. */
  readonly anchorsBySection: ReadonlyMap<string, string>;
}

function groupByDocument(passages: readonly Passage[]): Map<string, Passage[]> {
  const groups = new Map<string, Passage[]>();
  for (const passage of passages) {
    const group = groups.get(passage.path);
    if (group) group.push(passage);
    else groups.set(passage.path, [passage]);
  }
  return groups;
}

function linksOfDocument(path: string, passages: readonly Passage[], settings: LinkSettings): DocumentLinks | null {
  const format = documentFormatOf(path);
  if (format === undefined) return null;
  const anchorsByPassage = new Map<string, string>();
  const anchorsBySection = new Map<string, string>();
  const recomputed = format === 'md' && settings.anchors !== 'github';
  if (recomputed) {
    const sections = headingPaths(passages);
    const slugs = markdownAnchors(
      sections.map((section) => section.at(-1) ?? ''),
      settings.anchors,
    );
    sections.forEach((section, position) => {
      const slug = slugs[position];
      const key = section.join('\u0000');
      if (slug !== undefined && !anchorsBySection.has(key)) anchorsBySection.set(key, slug);
    });
  } else {
    for (const passage of passages) {
      if (passage.anchor === undefined) continue;
      anchorsByPassage.set(passage.id, passage.anchor);
      const key = passage.section.join('\u0000');
      if (!anchorsBySection.has(key)) anchorsBySection.set(key, passage.anchor);
    }
  }
  const documentUrl = passages.find((passage) => passage.url !== undefined)?.url;
  return { format, documentUrl, anchorsByPassage, anchorsBySection };
}

// The headings of a document in reading order, as its passages' section paths reveal them
// (a heading with no passage of its own is missed: only the counter of a repeated heading can suffer).
function headingPaths(passages: readonly Passage[]): Array<readonly string[]> {
  const paths: Array<readonly string[]> = [];
  let previous: readonly string[] = [];
  for (const { section } of passages) {
    let same = 0;
    while (same < section.length && same < previous.length && section[same] === previous[same]) same += 1;
    for (let depth = same; depth < section.length; depth++) paths.push(section.slice(0, depth + 1));
    previous = section;
  }
  return paths;
}
