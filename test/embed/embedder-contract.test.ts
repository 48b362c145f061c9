import { beforeAll, describe, expect, it } from 'vitest';
import { loadTransformersEmbedder, type Embedder } from '../../src/embed/index.ts';
import { createHashingEmbedder } from '../support/fake-embedder.ts';
import { tinyModelOptions } from '../support/tiny-model.ts';

const norm = (vector: Float32Array) => Math.hypot(...vector);
const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

/**
 * What the pipeline expects of any {@link Embedder} (src/embed/types.ts), checked on the real Transformers.js
 * embedder (the tiny model, offline) and on the hashing fake that the build, lock, knowledge-base and evaluation
 * tests pass in its place: those tests only say something about the product while the fake keeps this contract.
 */
const embedders: [string, () => Promise<Embedder>][] = [
  ['the Transformers.js embedder (tiny model)', async () => loadTransformersEmbedder(await tinyModelOptions())],
  ['the hashing fake of the tests', async () => createHashingEmbedder(64)],
];

describe.each(embedders)('Embedder contract: %s', (_name, load) => {
  let embedder: Embedder;

  beforeAll(async () => {
    embedder = await load();
  });

  it('GIVEN passages THEN one unit-length Float32Array of `dimensions` numbers each, in the order given', async () => {
    const texts = ['Le ministre parle.', 'The border police.', 'Le ministre parle.'];
    const vectors = await embedder.embedPassages(texts);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(embedder.dimensions);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
    expect(vectors[2]).toEqual(vectors[0]);
    expect(vectors[1]).not.toEqual(vectors[0]);
  });

  it('GIVEN a question THEN a unit-length vector of `dimensions` numbers, the same each time', async () => {
    const query = await embedder.embedQuery('Qui a rencontré le ministre ?');
    expect(query).toHaveLength(embedder.dimensions);
    expect(norm(query)).toBeCloseTo(1, 5);
    expect(await embedder.embedQuery('Qui a rencontré le ministre ?')).toEqual(query);
  });

  it('GIVEN passages and a progress callback THEN the last report is the number of passages', async () => {
    const progress: number[] = [];
    await embedder.embedPassages(['un', 'deux', 'trois'], (done) => progress.push(done));
    expect(progress.at(-1)).toBe(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('GIVEN no passages THEN none', async () => {
    expect(await embedder.embedPassages([])).toEqual([]);
  });

  it('GIVEN a text without words THEN still a unit-length vector', async () => {
    expect(norm(await embedder.embedQuery('— ! ?'))).toBeCloseTo(1, 5);
  });

  it('GIVEN texts sharing words THEN they are closer than unrelated texts', async () => {
    const [question, related, unrelated] = await embedder.embedPassages([
      'coopération sécuritaire entre le Maroc et la France',
      'la coopération sécuritaire avec le Maroc',
      'une recette de tarte aux pommes',
    ]);
    expect(cosine(question!, related!)).toBeGreaterThan(cosine(question!, unrelated!));
  });
});
