import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTransformersEmbedder } from '../../src/embed/index.ts';
import { writeTinyModel } from '../../tools/tiny-model/tiny-model.ts';
import { temporaryFolder } from '../support/temp.ts';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

describe('writeTinyModel', () => {
  it('GIVEN a folder THEN it writes the files Transformers.js needs under citebot/tiny-embedder', async () => {
    const root = await temporaryFolder();
    expect(await writeTinyModel(root)).toEqual({ modelId: 'citebot/tiny-embedder', localModelPath: root });
    expect(await listFiles(join(root, 'citebot', 'tiny-embedder'))).toEqual([
      'config.json',
      'onnx/model.onnx',
      'onnx/model_quantized.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
  });

  it('GIVEN two runs THEN the files are byte for byte the same', async () => {
    const [first, second] = [await temporaryFolder(), await temporaryFolder()];
    await writeTinyModel(first);
    await writeTinyModel(second);
    for (const file of await listFiles(first)) {
      expect(await sha256(join(second, file)), file).toBe(await sha256(join(first, file)));
    }
  });

  it('GIVEN other dimensions THEN the loaded model has them', async () => {
    const root = await temporaryFolder();
    const { modelId, localModelPath } = await writeTinyModel(root, { dimensions: 24 });
    const embedder = await loadTransformersEmbedder({
      modelId,
      dtype: 'fp32',
      localModelPath,
      allowRemoteModels: false,
      cacheDir: join(root, 'cache'),
      batchSize: 4,
      batchTokens: 4096,
    });
    expect(embedder.dimensions).toBe(24);
    expect(await embedder.embedQuery('police')).toHaveLength(24);
  });

  it('GIVEN words outside its vocabulary THEN they still get distinct vectors (pieces, not [UNK])', async () => {
    const root = await temporaryFolder();
    const { modelId, localModelPath } = await writeTinyModel(root, { dimensions: 32 });
    const embedder = await loadTransformersEmbedder({
      modelId,
      dtype: 'fp32',
      localModelPath,
      allowRemoteModels: false,
      cacheDir: join(root, 'cache'),
      batchSize: 4,
      batchTokens: 4096,
    });
    const [first, second] = await embedder.embedPassages(['zygomorphique', 'kwashiorkor']);
    expect(first).not.toEqual(second);
  });

  it('GIVEN dimensions that are not a positive whole number THEN it rejects with USAGE and writes nothing', async () => {
    const root = await temporaryFolder();
    await expect(writeTinyModel(root, { dimensions: 0 })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(writeTinyModel(root, { dimensions: 2.5 })).rejects.toThrow(
      'must be a whole number from 1 to 4096, got 2.5',
    );
    expect(await readdir(root)).toEqual([]);
  });
});
