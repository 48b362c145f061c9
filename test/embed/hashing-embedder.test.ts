import { describe, expect, it } from 'vitest';
import { createHashingEmbedder } from '../support/fake-embedder.ts';

const norm = (vector: Float32Array) => Math.hypot(...vector);
const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

describe('createHashingEmbedder', () => {
  it('GIVEN texts THEN it returns unit vectors of the requested length, the same for the same text', async () => {
    const embedder = createHashingEmbedder(32);
    const [first, again] = await embedder.embedPassages(['Le ministre parle.', 'Le ministre parle.']);
    expect(embedder.dimensions).toBe(32);
    expect(first).toHaveLength(32);
    expect(norm(first!)).toBeCloseTo(1, 5);
    expect(again).toEqual(first);
  });

  it('GIVEN the same words with other case and accents THEN the vectors are equal', async () => {
    const embedder = createHashingEmbedder();
    expect(await embedder.embedQuery("Ministre de l'INTERIEUR")).toEqual(
      await embedder.embedQuery("ministre de l'intérieur"),
    );
  });

  it('GIVEN texts sharing words THEN they are closer than unrelated texts', async () => {
    const embedder = createHashingEmbedder();
    const [question, related, unrelated] = await embedder.embedPassages([
      'coopération sécuritaire entre le Maroc et la France',
      'la coopération sécuritaire avec le Maroc',
      'une recette de tarte aux pommes',
    ]);
    expect(cosine(question!, related!)).toBeGreaterThan(cosine(question!, unrelated!));
  });

  it('GIVEN a text without words THEN it still gets a unit vector', async () => {
    expect(norm(await createHashingEmbedder().embedQuery('— ! ?'))).toBeCloseTo(1, 5);
  });

  it('GIVEN passages and a query THEN calls counts the passages and queryCalls the query', async () => {
    const embedder = createHashingEmbedder();
    await embedder.embedPassages(['a', 'b', 'c']);
    await embedder.embedQuery('d');
    expect(embedder.calls).toBe(3);
    expect(embedder.queryCalls).toBe(1);
  });
});
