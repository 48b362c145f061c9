import { foldAccents } from '../index/tokenizer.ts';
import type { IndexManifest } from '../index/types.ts';
import type { Passage } from '../ingest/types.ts';
import { collapseWhiteSpace } from './escape.ts';
import { DISCORD_LIMITS } from './limits.ts';
import type { Words } from './wording.ts';

/** One indexed document as the `/sources` list shows it. */
export interface DocumentSummary {
  readonly path: string;
  readonly title: string;
  readonly passages: number;
  readonly indexedAt: string;
}

/**
 * The manifest's documents sorted by path, keeping those whose title or path contains `filter` (case and accents
 * ignored). `passagesPerDocument` (the index's facets) gives the passages each document has in the index being
 * searched; the manifest's counts otherwise.
 */
export function listDocuments(
  manifest: IndexManifest,
  filter: string | null,
  passagesPerDocument?: Readonly<Record<string, number>>,
): DocumentSummary[] {
  const wanted = filter === null ? '' : fold(filter.trim());
  return Object.entries(manifest.files)
    .map(([path, file]) => ({
      path,
      title: file.title,
      passages: passagesPerDocument?.[path] ?? file.passages,
      indexedAt: file.indexedAt,
    }))
    .filter(
      (document) => wanted === '' || fold(document.title).includes(wanted) || fold(document.path).includes(wanted),
    )
    .sort((left, right) => left.path.localeCompare(right.path));
}

/** Lower case without diacritics, for lenient matching. */
function fold(text: string): string {
  return foldAccents(text).toLowerCase();
}

/** A section of one document, in reading order. */
export interface SectionSummary {
  readonly section: readonly string[];
  readonly passages: readonly Passage[];
}

/** The document's passages grouped by section path, in document order. */
export function groupSections(passages: readonly Passage[]): SectionSummary[] {
  const sections = new Map<string, { section: readonly string[]; passages: Passage[] }>();
  for (const passage of passages) {
    const key = passage.section.join(' › ');
    const entry = sections.get(key) ?? { section: passage.section, passages: [] };
    entry.passages.push(passage);
    sections.set(key, entry);
  }
  return [...sections.values()];
}

/** `Section › Subsection`, or the "no heading" label. */
export function sectionLabel(section: readonly string[], words: Words): string {
  return section.length === 0 ? words.wholeDocument : section.join(' › ');
}

/** An autocomplete choice, within Discord's 100-character name and value limits. */
export interface Choice {
  readonly name: string;
  readonly value: string;
}

const TRUNCATED = '…';

// A value must fit in 100 characters: a longer path is kept by its end, which holds the file name.
function documentValue(path: string): string {
  return path.length <= DISCORD_LIMITS.choiceValue
    ? path
    : `${TRUNCATED}${path.slice(-(DISCORD_LIMITS.choiceValue - TRUNCATED.length))}`;
}

function choiceName(text: string): string {
  const flat = collapseWhiteSpace(text);
  return flat.length <= DISCORD_LIMITS.choiceName
    ? flat
    : `${flat.slice(0, DISCORD_LIMITS.choiceName - TRUNCATED.length)}${TRUNCATED}`;
}

/** Up to 25 documents whose title or path contains what the user typed, as `Title — path`. */
export function documentChoices(manifest: IndexManifest, typed: string): Choice[] {
  return listDocuments(manifest, typed)
    .slice(0, DISCORD_LIMITS.choices)
    .map((document) => ({
      name: choiceName(`${document.title} — ${document.path}`),
      value: documentValue(document.path),
    }));
}

/**
 * The document path a `/source document:` value names: a picked choice, an exact path, or
 * else the only document whose title or path contains the text. Null when none or several match.
 */
export function resolveDocument(manifest: IndexManifest, value: string): string | null {
  const paths = Object.keys(manifest.files);
  const exact = paths.find((path) => path === value || documentValue(path) === value);
  if (exact !== undefined) return exact;
  const matches = listDocuments(manifest, value);
  return matches.length === 1 && matches[0] ? matches[0].path : null;
}

// Section values are their position (labels may be longer than a choice value may be).
const SECTION_VALUE = /^§(\d+)$/u;

/** Up to 25 sections of the document whose label contains what the user typed. */
export function sectionChoices(passages: readonly Passage[], typed: string, words: Words): Choice[] {
  const wanted = fold(typed.trim());
  return groupSections(passages)
    .map((entry, position) => ({ label: sectionLabel(entry.section, words), position }))
    .filter((entry) => fold(entry.label).includes(wanted))
    .slice(0, DISCORD_LIMITS.choices)
    .map((entry) => ({ name: choiceName(entry.label), value: `§${entry.position}` }));
}

/**
 * The section a `/source section:` value names: a picked choice, or a label (exact, else the only one containing it).
 */
export function resolveSection(passages: readonly Passage[], value: string, words: Words): readonly string[] | null {
  const sections = groupSections(passages);
  const position = SECTION_VALUE.exec(value.trim())?.[1];
  if (position !== undefined) return sections[Number(position)]?.section ?? null;
  const wanted = fold(collapseWhiteSpace(value));
  const exact = sections.find((entry) => fold(sectionLabel(entry.section, words)) === wanted);
  if (exact) return exact.section;
  const partial = sections.filter((entry) => fold(sectionLabel(entry.section, words)).includes(wanted));
  return partial.length === 1 && partial[0] ? partial[0].section : null;
}

/** The passages of one document, in order. */
export function documentPassages(passages: readonly Passage[], path: string): Passage[] {
  return passages.filter((passage) => passage.path === path);
}
