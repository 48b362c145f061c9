import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadTransformersEmbedder } from '../../src/embed/index.ts';
import { temporaryFolder } from '../support/temp.ts';
import { tinyModelOptions } from '../support/tiny-model.ts';

describe('tinyModelOptions', () => {
  it('GIVEN several callers at once on an empty cache THEN all get the same complete model and no draft is left', async () => {
    const cacheRoot = await temporaryFolder();
    const results = await Promise.all([1, 2, 3, 4].map(() => tinyModelOptions(cacheRoot)));
    expect(new Set(results.map((options) => options.localModelPath)).size).toBe(1);
    expect(results[0]).toMatchObject({ modelId: 'citebot/tiny-embedder', allowRemoteModels: false });
    expect((await readdir(cacheRoot)).filter((name) => name.startsWith('draft-'))).toEqual([]);
    const embedder = await loadTransformersEmbedder(results[0]!);
    expect(await embedder.embedQuery('police')).toHaveLength(384);
  });

  it('GIVEN a model already in the cache THEN it is reused as is', async () => {
    const cacheRoot = await temporaryFolder();
    const first = await tinyModelOptions(cacheRoot);
    const entriesAfterFirst = await readdir(cacheRoot);
    expect(await tinyModelOptions(cacheRoot)).toEqual(first);
    expect(await readdir(cacheRoot)).toEqual(entriesAfterFirst);
  });
});
