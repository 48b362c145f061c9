export { chunkDocument } from './chunk.ts';
export { readCorpusFile, scanCorpus, type ScanOptions } from './corpus.ts';
export { chunkIngested, ingestFile, readDocument } from './ingest.ts';
export {
  documentFingerprints,
  mayRepeatChrome,
  packFingerprints,
  repeatedBlocks,
  repeatedOf,
  unpackFingerprints,
} from './repeated-blocks.ts';
export { parseDocument } from './parse.ts';
export { cleanPages } from './parse-pdf.ts';
export { markdownQuotableText, markdownSyntaxFor, parseMarkdown, type MarkdownSyntax } from './parse-markdown.ts';
export { findJsx, type JsxAttribute, type JsxMarkup } from './mdx.ts';
export { splitSentences } from './sentences.ts';
export type {
  ChunkOptions,
  CorpusEntry,
  DocumentFormat,
  ParsedDocument,
  Passage,
  SectionStart,
  BlockKind,
  TextBlock,
  UnitKind,
  SkippedFile,
} from './types.ts';
