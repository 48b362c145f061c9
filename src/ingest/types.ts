import type { ErrorCode } from '../errors.ts';

/** File formats the corpus may hold, by extension. */
export type DocumentFormat = 'txt' | 'md' | 'html' | 'pdf';

/**
 * A document turned into quotable text. For txt and md, `text` is the file's content
 * exactly (so offsets are offsets in the file); for html and pdf it is the extracted
 * text, one block per line.
 */
export interface ParsedDocument {
  /** Path relative to the corpus root, with `/` separators. */
  readonly path: string;
  readonly format: DocumentFormat;
  /** First heading, else the `<title>`, else the file name turned into words. */
  readonly title: string;
  readonly text: string;
  /** Heading spans: the section path that applies from `start` (offset in `text`) on. */
  readonly sections: readonly SectionStart[];
  /**
   * Source-file line (1-based) of offsets in `text`, as ascending `[offset, line]`
   * anchors: the line of an offset is the line of the last anchor at or before it plus
   * the newlines in between. For txt/md this is `[[0, 1]]`; html adds one anchor per block.
   */
  readonly lineAnchors: ReadonlyArray<readonly [offset: number, line: number]>;
  /**
   * Ranges `[start, end)` of `text` that are structure rather than quotable prose (heading
   * lines, YAML front matter), ascending and disjoint: never part of a passage. Absent: none.
   */
  readonly excludedRanges?: ReadonlyArray<readonly [start: number, end: number]>;
  /**
   * The quotable content as typed blocks, ascending and disjoint, outside excluded ranges. When
   * present, only blocks become passages: text between them (markup, list markers, table pipes)
   * is never a unit of its own, and no sentence crosses a block boundary. Absent: all text
   * outside excluded ranges is prose.
   */
  readonly blocks?: readonly TextBlock[];
  /** The document's own address (front matter `url:`, `<link rel="canonical">`, `og:url`): http or https only. */
  readonly url?: string;
}

/**
 * What a block of a document is, which decides how it is cut into units and how it may be quoted.
 *
 * - `prose`: paragraphs, list items, box contents: split into sentences.
 * - `row`: one table row (cells joined): one unit, never split.
 * - `code`: a code block: one unit, never split into sentences; quoted only as a whole block.
 * - `label`: a title, a caption, a table header, a list heading (a line ending with `:` that
 *   introduces a list): searchable, never quoted.
 * - `links`: a block (or page) made mostly of links to other pages, such as a table of contents
 *   or an index: searchable, never quoted.
 */
export type BlockKind = 'prose' | 'row' | 'code' | 'label' | 'links';

/** A block `[start, end)` of the document text. */
export interface TextBlock {
  readonly start: number;
  readonly end: number;
  readonly kind: BlockKind;
}

/** How a passage's unit may be used by the answer layer (see {@link BlockKind}); table rows are `prose` here. */
export type UnitKind = 'prose' | 'code' | 'label' | 'links';

/** From `start` on (offset in the document text), passages belong to `path` (outermost heading first). */
export interface SectionStart {
  readonly start: number;
  readonly path: readonly string[];
  /**
   * Fragment that links to this section in the original document (no `#`): the HTML heading's
   * id (or its enclosing section's), the GitHub-style slug of a Markdown heading, `page=N` in a PDF.
   */
  readonly anchor?: string;
}

/** A run of whole sentences of one document: the unit that is indexed, retrieved and cited. */
export interface Passage {
  /** `${path}#${ordinal}`, stable for an unchanged file. */
  readonly id: string;
  readonly path: string;
  readonly title: string;
  readonly section: readonly string[];
  /** Exactly `document.text.slice(start, end)`. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** 1-based, inclusive lines of the source file that the passage spans. */
  readonly lineStart: number;
  readonly lineEnd: number;
  /**
   * Offsets in `text` where a sentence starts (ascending, first is 0 when the passage starts
   * on a sentence). Sentence i spans `[sentenceStarts[i], sentenceStarts[i+1] ?? text.length)`,
   * trailing white space included; quote selection trims it.
   */
  readonly sentenceStarts: readonly number[];
  /** Source-line anchors relative to `text` (same meaning as {@link ParsedDocument.lineAnchors}). */
  readonly lineAnchors: ReadonlyArray<readonly [offset: number, line: number]>;
  /**
   * Kind of each sentence unit, parallel to `sentenceStarts`. Absent when every unit is prose.
   * `code`: a whole code block (quote only whole, only when code is asked for); `label` and
   * `links`: searchable, never quoted.
   */
  readonly sentenceKinds?: readonly UnitKind[];
  /** The document's own address ({@link ParsedDocument.url}); absent when it has none. */
  readonly url?: string;
  /** Fragment of the passage's section in the original document ({@link SectionStart.anchor}). */
  readonly anchor?: string;
}

/** A corpus file left out of the index, with why: a value, not an exception. */
export interface SkippedFile {
  readonly path: string;
  readonly code: ErrorCode;
  readonly reason: string;
}

/** A supported file found under the corpus root. */
export interface CorpusEntry {
  /** Path relative to the corpus root, with `/` separators. */
  readonly path: string;
  readonly absolutePath: string;
  readonly format: DocumentFormat;
  /** Size in bytes when the corpus was scanned (0 for a broken link). */
  readonly size: number;
}

/** Passage sizes, in words (runs of non-space characters). */
export interface ChunkOptions {
  /** A section's last passage absorbs a shorter tail when the result stays within `maxWords`. Default 60. */
  readonly minWords?: number;
  /** A passage stops growing once it reaches this many words. Default 120. */
  readonly targetWords?: number;
  /** A passage never exceeds this, unless a single sentence does. Default 180. */
  readonly maxWords?: number;
  /** Sentences repeated at the start of the next passage of the same section. Default 1. */
  readonly overlapSentences?: number;
}
