import type { Passage } from '../ingest/types.ts';
import { FIELD_WEIGHT, FullTextBuilder } from './fulltext.ts';
import { INDEX_FORMAT_VERSION } from './format.ts';
import type { IndexContents } from './search-index.ts';
import { Analyzer } from './tokenizer.ts';
import type { IndexedFile, IndexLanguage } from './types.ts';

/** What an index is made of, before its full-text part is computed. */
export interface IndexInput {
  /** In file then position order. */
  readonly passages: readonly Passage[];
  /** `passages.length × dimensions` unit vectors, row-major; null for a `fulltext` index. */
  readonly vectors: Float32Array | null;
  readonly modelId: string | null;
  readonly dimensions: number;
  readonly language: IndexLanguage;
  readonly files: Readonly<Record<string, IndexedFile>>;
  readonly builtAt: string;
}

/** Analyses every passage (text, title, section) into BM25 postings and writes the manifest. */
export function createIndexContents(input: IndexInput): IndexContents {
  const analyzer = new Analyzer(input.language);
  // Titles and section paths repeat on every passage of a file: analyse each once.
  const headingKeys = new Map<string, Int32Array>();
  const analyseHeading = (heading: string): Int32Array => {
    let keys = headingKeys.get(heading);
    if (keys === undefined) {
      keys = analyzer.wordKeys(heading);
      headingKeys.set(heading, keys);
    }
    return keys;
  };
  const fullText = new FullTextBuilder((key) => analyzer.termsOf(key));
  for (const passage of input.passages) {
    fullText.add([
      { keys: analyzer.wordKeys(passage.text), weight: FIELD_WEIGHT.text },
      { keys: analyseHeading(passage.title), weight: FIELD_WEIGHT.title },
      { keys: analyseHeading(passage.section.join('\n')), weight: FIELD_WEIGHT.section },
    ]);
  }
  const files = Object.fromEntries(
    Object.keys(input.files)
      .sort()
      .map((path) => [path, input.files[path]!]),
  );
  return {
    manifest: {
      formatVersion: INDEX_FORMAT_VERSION,
      mode: input.vectors === null ? 'fulltext' : 'hybrid',
      modelId: input.vectors === null ? null : input.modelId,
      dimensions: input.vectors === null ? 0 : input.dimensions,
      language: input.language,
      builtAt: input.builtAt,
      passageCount: input.passages.length,
      files,
    },
    passages: input.passages,
    vectors: input.vectors,
    fullText: fullText.finish(),
  };
}
