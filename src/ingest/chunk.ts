import { CitebotError } from '../errors.ts';
import { createLineLocator } from './lines.ts';
import { isSpace, skipSpaces, splitSentences, trimEnd, type SentenceSpan } from './sentences.ts';
import type { BlockKind, ChunkOptions, ParsedDocument, Passage, SectionStart, UnitKind } from './types.ts';

/** Defaults of {@link ChunkOptions}: passages of about 60–180 words. */
const DEFAULT_CHUNK_OPTIONS: Readonly<Required<ChunkOptions>> = {
  minWords: 60,
  targetWords: 120,
  maxWords: 180,
  overlapSentences: 1,
};

/**
 * A "sentence" longer than this many words (text without punctuation, a table flattened to one
 * line) is cut at white space into pieces of this size, so that no passage grows unbounded.
 * Never below `maxWords`.
 */
const HARD_SENTENCE_WORDS = 400;

/**
 * Text with no white space at all (a base64 image inlined in Markdown, a minified script) has
 * no word to cut at: such a run is cut every this many characters instead.
 */
const HARD_UNIT_CHARACTERS = 4_000;

interface Unit extends SentenceSpan {
  readonly words: number;
  readonly kind: UnitKind;
}

interface Region {
  readonly start: number;
  readonly end: number;
  readonly section: SectionStart;
  readonly kind: BlockKind;
}

/**
 * Cuts a document into passages of whole sentences.
 *
 * Passages never cross a section boundary (a short section gives a short passage) and never
 * include excluded ranges (heading lines, front matter: the heading is in `section`). Within a
 * section, sentences are added until `targetWords` is reached without exceeding `maxWords`; a
 * tail shorter than `minWords` is absorbed when it fits; the last `overlapSentences` sentences of
 * a passage open the next one. Ids are `${path}#${ordinal}` with ordinals from 0 in document order.
 *
 * @throws CitebotError CONFIG_INVALID when the options contradict each other.
 */
export function chunkDocument(document: ParsedDocument, options: ChunkOptions = {}): Passage[] {
  const settings = resolveOptions(options);
  const hardWords = Math.max(HARD_SENTENCE_WORDS, settings.maxWords);
  const lines = createLineLocator(document.text, document.lineAnchors);
  const passages: Passage[] = [];

  // Consecutive regions of one section are cut together: a passage may span several blocks of
  // its section (units never do).
  // its section (units never do), unless an excluded range lies between them.
  const allRegions = document.blocks === undefined ? regions(document) : blockRegions(document);
  const excluded = document.excludedRanges ?? [];
  let excludedIndex = 0;
  const joins = (previous: Region, region: Region): boolean => {
    if (previous.section !== region.section) return false;
    while ((excluded[excludedIndex]?.[1] ?? Infinity) <= previous.end) excludedIndex += 1;
    return (excluded[excludedIndex]?.[0] ?? Infinity) >= region.start;
  };
  for (let first = 0; first < allRegions.length;) {
    const section = allRegions[first]?.section;
    const units: Unit[] = [];
    // Units that end a block: a paragraph, a list item, a table row.
    const blockEnds = new Set<number>();
    let next = first;
    do {
      unitsOf(document.text, allRegions[next]!, hardWords, units);
      blockEnds.add(units.length - 1);
      next += 1;
    } while (next < allRegions.length && joins(allRegions[next - 1]!, allRegions[next]!));
    first = next;
    if (section === undefined) continue;
    const endsParagraph = (unit: number): boolean =>
      blockEnds.has(unit) || BLANK_LINE.test(document.text.slice(units[unit]?.end ?? 0, units[unit + 1]?.start ?? 0));
    for (const [firstUnit, lastUnit] of groupUnits(units, settings, endsParagraph)) {
      const start = units[firstUnit]?.start ?? 0;
      const end = units[lastUnit]?.end ?? start;
      const grouped = units.slice(firstUnit, lastUnit + 1);
      passages.push({
        id: `${document.path}#${passages.length}`,
        path: document.path,
        title: document.title,
        section: section.path,
        text: document.text.slice(start, end),
        start,
        end,
        lineStart: lines.lineOf(start),
        lineEnd: lines.lineOf(end - 1),
        sentenceStarts: grouped.map((unit) => unit.start - start),
        lineAnchors: lines.anchorsWithin(start, end),
        ...(grouped.some((unit) => unit.kind !== 'prose') ? { sentenceKinds: grouped.map((unit) => unit.kind) } : {}),
        ...(document.url === undefined ? {} : { url: document.url }),
        ...(section.anchor === undefined ? {} : { anchor: section.anchor }),
      });
    }
  }
  return passages;
}

function resolveOptions(options: ChunkOptions): Required<ChunkOptions> {
  const settings = { ...DEFAULT_CHUNK_OPTIONS, ...options };
  const { minWords, targetWords, maxWords, overlapSentences } = settings;
  const valid =
    [minWords, targetWords, maxWords, overlapSentences].every(Number.isInteger) &&
    minWords >= 0 &&
    overlapSentences >= 0 &&
    targetWords >= 1 &&
    minWords <= maxWords &&
    targetWords <= maxWords;
  if (!valid) {
    throw new CitebotError(
      'CONFIG_INVALID',
      `chunk sizes must be whole numbers with minWords ≤ maxWords and 1 ≤ targetWords ≤ maxWords (got ${JSON.stringify(options)})`,
    );
  }
  return settings;
}

/**
 * Units of one region: prose is split into sentences; a table row, a code block or a label is
 * one unit (cut only by the hard limits of {@link capSentence}); a block of links is split into
 * sentences like prose, each unit marked as links.
 */
function unitsOf(text: string, region: Region, hardWords: number, units: Unit[]): void {
  const kind: UnitKind = region.kind === 'row' ? 'prose' : region.kind;
  if (region.kind === 'prose' || region.kind === 'links') {
    for (const sentence of splitSentences(text.slice(region.start, region.end))) {
      capSentence(text, sentence.start + region.start, sentence.end + region.start, hardWords, kind, units);
    }
    return;
  }
  const start = skipSpaces(text, region.start, region.end);
  const end = trimEnd(text, start, region.end);
  if (end > start) capSentence(text, start, end, hardWords, kind, units);
}

const NO_SECTION: SectionStart = { start: 0, path: [] };

/** The document's blocks, each with the section it lies in, minus excluded ranges. */
function blockRegions(document: ParsedDocument): Region[] {
  const sections = document.sections;
  const excluded = document.excludedRanges ?? [];
  const result: Region[] = [];
  let sectionIndex = -1;
  let excludedIndex = 0;
  for (const block of document.blocks ?? []) {
    while ((sections[sectionIndex + 1]?.start ?? Infinity) <= block.start) sectionIndex += 1;
    const section = sections[sectionIndex] ?? NO_SECTION;
    const sectionEnd = Math.min(sections[sectionIndex + 1]?.start ?? Infinity, block.end);
    let cursor = block.start;
    while (cursor < sectionEnd) {
      while ((excluded[excludedIndex]?.[1] ?? Infinity) <= cursor) excludedIndex += 1;
      const next = excluded[excludedIndex];
      const stop = next === undefined ? sectionEnd : Math.min(Math.max(next[0], cursor), sectionEnd);
      if (stop > cursor) result.push({ start: cursor, end: stop, section, kind: block.kind });
      cursor = next === undefined || next[0] >= sectionEnd ? sectionEnd : Math.max(next[1], stop);
    }
  }
  return result;
}

/** Stretches of text with one section path, minus excluded ranges. */
function regions(document: ParsedDocument): Region[] {
  const starts = [NO_SECTION, ...document.sections];
  const excluded = document.excludedRanges ?? [];
  const result: Region[] = [];
  let excludedIndex = 0;
  starts.forEach((sectionStart, index) => {
    const sectionEnd = Math.min(starts[index + 1]?.start ?? document.text.length, document.text.length);
    let cursor = sectionStart.start;
    while (cursor < sectionEnd) {
      while ((excluded[excludedIndex]?.[1] ?? Infinity) <= cursor) excludedIndex += 1;
      const next = excluded[excludedIndex];
      const stop = next === undefined ? sectionEnd : Math.min(Math.max(next[0], cursor), sectionEnd);
      if (stop > cursor) result.push({ start: cursor, end: stop, section: sectionStart, kind: 'prose' });
      cursor = next === undefined || next[0] >= sectionEnd ? sectionEnd : Math.max(next[1], stop);
    }
  });
  return result;
}

/**
 * Appends to `units` the sentence as one unit, or cut at white space into units of `hardWords`
 * words (or every {@link HARD_UNIT_CHARACTERS} characters inside a run without white space).
 */
function capSentence(text: string, start: number, end: number, hardWords: number, kind: UnitKind, units: Unit[]): void {
  let unitStart = start;
  let words = 0;
  let inWord = false;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    // Most characters are letters: settle them before the full white-space test.
    const space = code <= 32 || (code >= 0x85 && isSpace(code));
    // Never between the two halves of a surrogate pair.
    if (inWord && !space && index - unitStart >= HARD_UNIT_CHARACTERS && (code < 0xdc00 || code > 0xdfff)) {
      // Counted as a full unit so that grouping gives it a passage of its own.
      units.push({ start: unitStart, end: index, words: Math.max(words, hardWords), kind });
      unitStart = index;
      words = 1;
      continue;
    }
    if (!space && !inWord) {
      if (words === hardWords) {
        units.push({ start: unitStart, end: trimEnd(text, unitStart, index), words, kind });
        unitStart = index;
        words = 0;
      }
      words += 1;
    }
    inWord = !space;
  }
  units.push({ start: skipSpaces(text, unitStart, end), end, words, kind });
}

/** A blank line between two units: a paragraph ends there, in a text without blocks too. */
const BLANK_LINE = /\n[^\S\n]*\n/u;

/**
 * Groups consecutive units into passages: `[first, last]` unit indexes, inclusive. A passage ends where a paragraph
 * does when it can: at the first paragraph end once `targetWords` are reached (within `maxWords`), else at the last
 * one after `minWords`, else at `targetWords`. A cut inside a paragraph parts a question from its answer, a
 * statement from the sentence that explains it; a paragraph is the author's own unit of meaning.
 */
function groupUnits(
  units: readonly Unit[],
  settings: Required<ChunkOptions>,
  endsParagraph: (unit: number) => boolean,
): Array<readonly [number, number]> {
  const wordsAfter: number[] = new Array<number>(units.length + 1).fill(0);
  for (let index = units.length - 1; index >= 0; index -= 1) {
    wordsAfter[index] = (wordsAfter[index + 1] ?? 0) + (units[index]?.words ?? 0);
  }
  const wordsBetween = (from: number, to: number) => (wordsAfter[from] ?? 0) - (wordsAfter[to] ?? 0);

  const groups: Array<readonly [number, number]> = [];
  let first = 0;
  /** The first unit no passage holds yet: overlap alone never makes a passage. */
  let uncovered = 0;
  while (first < units.length) {
    let next = first;
    let words = 0;
    // Where the passage may end: the first unit that reaches the target, the last paragraph end past the minimum.
    let atTarget = -1;
    let atParagraphEnd = -1;
    let cut = -1;
    while (next < units.length) {
      const unitWords = units[next]?.words ?? 0;
      if (next > first && words + unitWords > settings.maxWords) break;
      words += unitWords;
      next += 1;
      if (next <= uncovered) continue;
      const paragraphEnd = next < units.length && endsParagraph(next - 1);
      if (paragraphEnd && words >= settings.minWords) atParagraphEnd = next;
      if (words >= settings.targetWords) {
        if (atTarget < 0) atTarget = next;
        if (paragraphEnd) {
          cut = next;
          break;
        }
      }
    }
    if (cut < 0 && next < units.length) cut = atParagraphEnd >= 0 ? atParagraphEnd : atTarget >= 0 ? atTarget : next;
    if (cut >= 0) {
      next = cut;
      // A tail too short to stand alone joins this passage when the whole fits.
      if (
        wordsBetween(next, units.length) < settings.minWords &&
        wordsBetween(first, units.length) <= settings.maxWords
      )
        next = units.length;
    }
    groups.push([first, next - 1]);
    if (next >= units.length) break;
    uncovered = next;
    let overlapStart = Math.max(next - settings.overlapSentences, first + 1);
    const nextWords = units[next]?.words ?? 0;
    if (wordsBetween(overlapStart, next) + nextWords > settings.maxWords) overlapStart = next;
    first = overlapStart;
  }
  return groups;
}
