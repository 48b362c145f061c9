import type { Passage } from '../../src/ingest/index.ts';
import type { IndexManifest, PassageIndex, SearchHit, SearchQuery } from '../../src/index/types.ts';

const STOP_WORDS = new Set(
  'le la les de des du un une et à a au qui que quoi est the of and a an is who what to in'.split(' '),
);

/** Lowercased words minus a few stop-words: a stand-in analysis for unit tests of the answer layer. */
function simpleTerms(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !STOP_WORDS.has(word));
}

/**
 * Builds a passage the way the ingester does for a plain-text file: `text` found at
 * `start` in its document, sentence starts after each `. ` (not after an initial such as `M.`) and each line break,
 * lines from `lineStart`.
 */
export function makePassage(fields: {
  path?: string;
  ordinal?: number;
  text: string;
  start?: number;
  lineStart?: number;
  section?: string[];
  title?: string;
}): Passage {
  const path = fields.path ?? 'doc.txt';
  const start = fields.start ?? 0;
  const lineStart = fields.lineStart ?? 1;
  const sentenceStarts = [0];
  for (const match of fields.text.matchAll(/(?<!\b\p{Lu})[.!?]\s+(?=\S)|\n(?=\S)/gu))
    sentenceStarts.push(match.index + match[0].length);
  const newlines = fields.text.trimEnd().split('\n').length - 1;
  return {
    id: `${path}#${fields.ordinal ?? 0}`,
    path,
    title: fields.title ?? 'Doc',
    section: fields.section ?? [],
    text: fields.text,
    start,
    end: start + fields.text.length,
    lineStart,
    lineEnd: lineStart + newlines,
    sentenceStarts,
    lineAnchors: [[0, lineStart]],
  };
}

/**
 * An in-memory {@link PassageIndex} ranking by shared terms (and by dot product when
 * vectors are given): enough to test answer selection without Orama or a model.
 */
export function createFakeIndex(
  passages: Passage[],
  vectors?: Float32Array[],
): PassageIndex & { queries: SearchQuery[] } {
  const termsOf = passages.map(
    (passage) => new Set(simpleTerms(`${passage.title} ${passage.section.join(' ')} ${passage.text}`)),
  );
  const manifest: IndexManifest = {
    formatVersion: 1,
    mode: vectors ? 'hybrid' : 'fulltext',
    modelId: vectors ? 'fake' : null,
    dimensions: vectors?.[0]?.length ?? 0,
    language: 'auto',
    builtAt: '2026-01-01T00:00:00.000Z',
    passageCount: passages.length,
    files: {},
  };
  const queries: SearchQuery[] = [];
  return {
    manifest,
    passages,
    queries,
    terms: simpleTerms,
    documentFrequency: (term) => termsOf.filter((terms) => terms.has(term)).length,
    facets() {
      const documents: Record<string, number> = {};
      for (const passage of passages) documents[passage.path] = (documents[passage.path] ?? 0) + 1;
      return { passages: passages.length, documents, folders: {} };
    },
    search(query) {
      queries.push(query);
      const queryTerms = simpleTerms(query.text);
      const hits: SearchHit[] = passages.map((passage, i) => {
        const textScore = queryTerms.filter((term) => termsOf[i]?.has(term)).length;
        const vector = vectors?.[i];
        const vectorSimilarity =
          vector && query.vector ? vector.reduce((acc, value, d) => acc + value * (query.vector?.[d] ?? 0), 0) : null;
        return { passage, textScore, vectorSimilarity, score: textScore + (vectorSimilarity ?? 0) };
      });
      return hits
        .filter((hit) => hit.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, query.limit);
    },
  };
}
