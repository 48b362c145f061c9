import type { Passage } from '../../src/ingest/index.ts';
import { createIndexContents } from '../../src/index/contents.ts';
import type { IndexContents } from '../../src/index/contents.ts';
import type { IndexLanguage } from '../../src/index/types.ts';
import { createHashingEmbedder } from '../support/fake-embedder.ts';
import { makePassage } from '../support/fake-index.ts';

/** Three small French passages over two files. */
export const SAMPLE_PASSAGES: Passage[] = [
  makePassage({
    path: 'maroc.txt',
    ordinal: 0,
    title: 'Coopération Maroc-France',
    text: 'Les ministres se sont rencontrés à Rabat pour parler de sécurité. Ils ont signé un accord.',
  }),
  makePassage({
    path: 'maroc.txt',
    ordinal: 1,
    title: 'Coopération Maroc-France',
    section: ['Terrorisme'],
    text: "L'échange de renseignements a permis de déjouer plusieurs attentats.",
    start: 91,
    lineStart: 3,
  }),
  makePassage({
    path: 'cuisine.md',
    ordinal: 0,
    title: 'Recettes',
    text: 'La recette du couscous demande de la semoule et des légumes.',
  }),
];

/** Index contents of `passages`, with hashing vectors (64 dimensions) unless `fulltext`. */
export async function sampleContents(
  options: { passages?: readonly Passage[]; fulltext?: boolean; language?: IndexLanguage } = {},
): Promise<IndexContents> {
  const passages = options.passages ?? SAMPLE_PASSAGES;
  const embedder = createHashingEmbedder(64);
  let vectors: Float32Array | null = null;
  if (!options.fulltext) {
    vectors = new Float32Array(passages.length * embedder.dimensions);
    (await embedder.embedPassages(passages.map((passage) => passage.text))).forEach((vector, i) =>
      vectors?.set(vector, i * embedder.dimensions),
    );
  }
  const files = Object.fromEntries(
    [...new Set(passages.map((passage) => passage.path))].map((path) => [
      path,
      {
        hash: `hash-of-${path}`,
        title: 'T',
        passages: passages.filter((passage) => passage.path === path).length,
        indexedAt: '2026-01-01T00:00:00.000Z',
      },
    ]),
  );
  return createIndexContents({
    passages,
    vectors,
    modelId: embedder.modelId,
    dtype: embedder.dtype,
    dimensions: embedder.dimensions,
    language: options.language ?? 'fr',
    files,
    builtAt: '2026-01-01T00:00:00.000Z',
  });
}
