import type { Passage } from '../ingest/types.ts';
import type { Language } from './types.ts';

/**
 * What the Orama database holds per passage: the passage itself plus the values `where`
 * filters and facets work on. The vector is only there while a document is inserted: the
 * documents store keeps `embedding: null` (the flat scan holds every vector once).
 */
export interface PassageDocument extends Passage {
  /** File extension without the dot (`md`, `pdf`…), lower case. */
  readonly fileType: string;
  /** Language of the passage's analysis (`fr`, `en`), or `und` when it could not be told. */
  readonly language: PassageLanguage;
  /** Every folder the file sits in, outermost first, as paths (`guides`, `guides/install`); empty at the root. */
  readonly folders: readonly string[];
  /** Every prefix of the section path, joined with ` > ` (`Install`, `Install > Linux`). */
  readonly sectionPaths: readonly string[];
  embedding: number[] | null;
}

/** A passage's analysed language, or `und` (undetermined) when it could not be told. */
export type PassageLanguage = Language | 'und';

/**
 * The string properties full-text search reads, with their BM25F weight in half units (text ×1, title and section
 * ×1.5).
 */
export const TEXT_PROPERTIES = { text: 2, title: 3, section: 3 } as const;
/** One of {@link TEXT_PROPERTIES}. */
export type TextProperty = keyof typeof TEXT_PROPERTIES;

/** Properties `where` filters and facets read: one value (`enum`) or several (`enum[]`). */
export const FILTER_PROPERTIES = {
  path: 'enum',
  fileType: 'enum',
  language: 'enum',
  folders: 'enum[]',
  sectionPaths: 'enum[]',
} as const;
/** One of {@link FILTER_PROPERTIES}. */
export type FilterProperty = keyof typeof FILTER_PROPERTIES;

/** The schema property of the passage vector (absent from a `fulltext` index). */
export const VECTOR_PROPERTY = 'embedding';

/** Joins the headings of a section path the way {@link PassageDocument.sectionPaths} spells them. */
export const SECTION_SEPARATOR = ' > ';

/** The Orama schema of the passage database; `dimensions` 0: no vector property (a `fulltext` index). */
export function passageSchema(dimensions: number) {
  return {
    text: 'string',
    title: 'string',
    section: 'string[]',
    ...FILTER_PROPERTIES,
    ...(dimensions > 0 ? { [VECTOR_PROPERTY]: `vector[${dimensions}]` as const } : {}),
  } as const;
}

/**
 * Turns passages into documents; path- and section-derived arrays are shared between the
 * passages of a file and of a section (they are read-only), so that 10⁵ passages do not
 * hold 10⁵ copies.
 */
export class DocumentMaker {
  private readonly byPath = new Map<string, { fileType: string; folders: readonly string[] }>();
  private readonly bySection = new Map<string, readonly string[]>();
  private readonly bySectionArray = new WeakMap<readonly string[], readonly string[]>();

  make(passage: Passage, language: PassageLanguage, vector: ArrayLike<number> | null): PassageDocument {
    let file = this.byPath.get(passage.path);
    if (file === undefined) {
      file = { fileType: fileTypeOf(passage.path), folders: foldersOf(passage.path) };
      this.byPath.set(passage.path, file);
    }
    // Decoded passages share one section array per section path: most are found by identity, without a join.
    let sectionPaths = this.bySectionArray.get(passage.section);
    if (sectionPaths === undefined) {
      const sectionKey = passage.section.join('\n');
      sectionPaths = this.bySection.get(sectionKey);
      if (sectionPaths === undefined) {
        sectionPaths = passage.section.map((_, i) => passage.section.slice(0, i + 1).join(SECTION_SEPARATOR));
        this.bySection.set(sectionKey, sectionPaths);
      }
      this.bySectionArray.set(passage.section, sectionPaths);
    }
    // Field by field rather than a spread: passages come in a few shapes (optional fields), and spreading them into
    // a new shape each time cost more than the rest of loading an index.
    const document: Mutable<PassageDocument> = {
      id: passage.id,
      path: passage.path,
      title: passage.title,
      section: passage.section,
      text: passage.text,
      start: passage.start,
      end: passage.end,
      lineStart: passage.lineStart,
      lineEnd: passage.lineEnd,
      sentenceStarts: passage.sentenceStarts,
      lineAnchors: passage.lineAnchors,
      fileType: file.fileType,
      language,
      folders: file.folders,
      sectionPaths,
      embedding: vector === null ? null : plainArray(vector),
    };
    if (passage.sentenceKinds !== undefined) document.sentenceKinds = passage.sentenceKinds;
    if (passage.url !== undefined) document.url = passage.url;
    if (passage.anchor !== undefined) document.anchor = passage.anchor;
    return document;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** The fields {@link DocumentMaker.make} copies: a passage field it would drop fails to compile here. */
type CopiedField =
  | 'id'
  | 'path'
  | 'title'
  | 'section'
  | 'text'
  | 'start'
  | 'end'
  | 'lineStart'
  | 'lineEnd'
  | 'sentenceStarts'
  | 'lineAnchors'
  | 'sentenceKinds'
  | 'url'
  | 'anchor';
const EVERY_PASSAGE_FIELD_COPIED: [Exclude<keyof Passage, CopiedField>] extends [never] ? true : never = true;
void EVERY_PASSAGE_FIELD_COPIED;

function plainArray(vector: ArrayLike<number>): number[] {
  const array = new Array<number>(vector.length);
  for (let i = 0; i < vector.length; i++) array[i] = vector[i]!;
  return array;
}

function fileTypeOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function foldersOf(path: string): readonly string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}
