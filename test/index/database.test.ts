import { describe, expect, it } from 'vitest';
import { OramaPassageIndex } from '../../src/index/database.ts';
import type { IndexContents } from '../../src/index/contents.ts';

const indexOf = (contents: IndexContents) => new OramaPassageIndex(contents.database, contents.manifest);
import { createHashingEmbedder } from '../support/fake-embedder.ts';
import { SAMPLE_PASSAGES, sampleContents } from './helpers.ts';

const ids = (hits: ReadonlyArray<{ passage: { id: string } }>) => hits.map((hit) => hit.passage.id);

describe('OramaPassageIndex.search', () => {
  it('GIVEN a text query and no vector THEN BM25 ranks the matching passages only, with no cosine', async () => {
    const index = indexOf(await sampleContents());
    const hits = index.search({ text: 'renseignements attentats', vector: null, limit: 5 });
    expect(ids(hits)).toEqual(['maroc.txt#1']);
    expect(hits[0]?.textScore).toBeGreaterThan(0);
    expect(hits[0]?.score).toBe(hits[0]?.textScore);
    expect(hits[0]?.vectorSimilarity).toBeNull();
  });

  it('GIVEN an inflected or unaccented query THEN the stem still matches', async () => {
    const index = indexOf(await sampleContents());
    expect(ids(index.search({ text: 'rencontre', vector: null, limit: 5 }))).toEqual(['maroc.txt#0']);
    expect(ids(index.search({ text: 'securite', vector: null, limit: 5 }))).toEqual(['maroc.txt#0']);
  });

  it('GIVEN a word of the title or section THEN the passages of that file or section match', async () => {
    const index = indexOf(await sampleContents());
    expect(ids(index.search({ text: 'terrorisme', vector: null, limit: 5 }))).toEqual(['maroc.txt#1']);
    expect(ids(index.search({ text: 'coopération', vector: null, limit: 5 }))).toEqual(['maroc.txt#0', 'maroc.txt#1']);
  });

  it('GIVEN only stop-words and a vector THEN cosine ranks every passage', async () => {
    const index = indexOf(await sampleContents());
    const vector = await createHashingEmbedder(64).embedQuery(SAMPLE_PASSAGES[2]!.text);
    const hits = index.search({ text: 'de la', vector, limit: 2 });
    expect(ids(hits)[0]).toBe('cuisine.md#0');
    expect(hits[0]?.vectorSimilarity).toBeCloseTo(1, 5);
    expect(hits[0]?.textScore).toBe(0);
    expect(hits).toHaveLength(2);
  });

  it('GIVEN text and vector THEN hybrid ranking, with raw BM25 and absolute cosine on each hit', async () => {
    const index = indexOf(await sampleContents());
    const vector = await createHashingEmbedder(64).embedQuery('échange de renseignements');
    const hits = index.search({ text: 'échange de renseignements', vector, limit: 3 });
    expect(ids(hits)[0]).toBe('maroc.txt#1');
    expect(hits).toHaveLength(3);
    expect(hits[0]?.score).toBeCloseTo(1, 5);
    for (const hit of hits) expect(hit.vectorSimilarity).toBeTypeOf('number');
    expect(hits[2]?.textScore).toBe(0);
  });

  it('GIVEN fusion weights that ignore the text THEN the cosine order wins', async () => {
    const index = indexOf(await sampleContents());
    const vector = await createHashingEmbedder(64).embedQuery(SAMPLE_PASSAGES[2]!.text);
    const hits = index.search({ text: 'renseignements', vector, limit: 3, weights: { text: 0, vector: 1 } });
    expect(ids(hits)[0]).toBe('cuisine.md#0');
  });

  it('GIVEN a fulltext index and a vector THEN the vector is ignored', async () => {
    const index = indexOf(await sampleContents({ fulltext: true }));
    const vector = await createHashingEmbedder(64).embedQuery('couscous');
    const hits = index.search({ text: 'couscous', vector, limit: 3 });
    expect(ids(hits)).toEqual(['cuisine.md#0']);
    expect(hits[0]?.vectorSimilarity).toBeNull();
  });

  it('GIVEN a vector of the wrong size THEN INDEX_MODEL_MISMATCH', async () => {
    const index = indexOf(await sampleContents());
    expect(() => index.search({ text: 'couscous', vector: new Float32Array(8), limit: 3 })).toThrow(
      /8 dimensions, the index 64/,
    );
  });

  it('GIVEN the same query twice THEN the same hits (scratch state is reset)', async () => {
    const index = indexOf(await sampleContents());
    const first = index.search({ text: 'sécurité accord', vector: null, limit: 3 });
    expect(ids(first)).toEqual(['maroc.txt#0']);
    expect(ids(index.search({ text: 'couscous semoule', vector: null, limit: 3 }))).toEqual(['cuisine.md#0']);
    expect(index.search({ text: 'sécurité accord', vector: null, limit: 3 })).toEqual(first);
  });
});

describe('OramaPassageIndex.documentFrequency', () => {
  it('GIVEN analysed terms THEN the number of passages holding them', async () => {
    const index = indexOf(await sampleContents());
    const [maroc] = index.terms('Maroc');
    expect(index.documentFrequency(maroc!)).toBe(2);
    expect(index.documentFrequency(index.terms('semoule')[0]!)).toBe(1);
    expect(index.documentFrequency('absent')).toBe(0);
  });
});
