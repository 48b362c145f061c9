import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTransformersEmbedder, type Embedder, type EmbedderOptions } from '../../src/embed/index.ts';
import { tinyModelOptions } from '../support/tiny-model.ts';

const norm = (vector: Float32Array) => Math.hypot(...vector);
const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
const maxDifference = (a: Float32Array, b: Float32Array) =>
  Math.max(...a.map((value, i) => Math.abs(value - (b[i] ?? 0))));

let scratch: string;
let tiny: EmbedderOptions;
let embedder: Embedder;

/** A copy of the tiny model under another id, to exercise what depends on the id or the files. */
async function copyTinyModel(modelId: string): Promise<EmbedderOptions> {
  const localModelPath = await mkdtemp(join(scratch, 'models-'));
  await cp(join(tiny.localModelPath, tiny.modelId), join(localModelPath, modelId), { recursive: true });
  return { ...tiny, modelId, localModelPath };
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'citebot-embed-'));
  tiny = await tinyModelOptions();
  embedder = await loadTransformersEmbedder(tiny);
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('loadTransformersEmbedder', () => {
  it('GIVEN the tiny model offline THEN it reports its id and the hidden size from config.json', () => {
    expect(embedder.modelId).toBe('citebot/tiny-embedder');
    expect(embedder.dimensions).toBe(384);
  });

  it('GIVEN passages THEN each gets its own unit-length Float32Array of the model dimensions', async () => {
    const vectors = await embedder.embedPassages(['Le ministre de l’Intérieur.', 'The border police.']);
    expect(vectors).toHaveLength(2);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(384);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
    expect(vectors[0]!.buffer).not.toBe(vectors[1]!.buffer);
  });

  it('GIVEN passages of different lengths THEN batching gives the same vectors as one by one and reports progress', async () => {
    const texts = [
      'Le ministre de l’Intérieur a reçu son homologue.',
      'Police',
      'Les services de renseignement échangent des informations sur les réseaux terroristes depuis des années.',
      'Un accord de coopération a été signé à Rabat.',
      'The minister met the press.',
    ];
    const progress: number[] = [];
    const batched = await loadTransformersEmbedder({ ...tiny, batchSize: 2 }).then((small) =>
      small.embedPassages(texts, (done) => progress.push(done)),
    );
    expect(progress).toEqual([2, 4, 5]);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embedPassages([text]);
      expect(maxDifference(batched[i]!, alone!)).toBeLessThan(1e-6);
    }
  });

  it('GIVEN two worker threads THEN the same vectors as on this thread, in the order given, and padding counted', async () => {
    const texts = Array.from({ length: 40 }, (_, i) =>
      i % 3 === 0
        ? `${'Le ministre de l’Intérieur a reçu son homologue marocain. '.repeat(1 + (i % 5))}`
        : `Police ${i}`,
    );
    const pool = await loadTransformersEmbedder({ ...tiny, workers: 2, batchTokens: 256 });
    try {
      expect(pool.workers).toBe(2);
      const progress: number[] = [];
      const fromWorkers = await pool.embedPassages(texts, (done) => progress.push(done));
      const here = await embedder.embedPassages(texts);
      fromWorkers.forEach((vector, i) => expect(maxDifference(vector, here[i]!)).toBeLessThan(1e-6));
      expect(progress.at(-1)).toBe(40);
      expect(await pool.embedQuery('police')).toEqual(await embedder.embedQuery('police'));
      const stats = pool.stats();
      expect(stats.passages).toBe(40);
      expect(stats.tokens).toBeGreaterThan(40 * 3);
      expect(stats.paddedTokens).toBeGreaterThanOrEqual(stats.tokens);
    } finally {
      await pool.dispose();
    }
  });

  it('GIVEN workers and a corrupt model file THEN MODEL_UNAVAILABLE with the worker’s reason', async () => {
    const options = await copyTinyModel('test/corrupt-in-worker');
    await writeFile(join(options.localModelPath, 'test', 'corrupt-in-worker', 'onnx', 'model.onnx'), 'not onnx');
    const loading = loadTransformersEmbedder({ ...options, workers: 1 });
    await expect(loading).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    await expect(loading).rejects.toThrow(/may be incomplete or corrupt: replace them/);
  });

  it('GIVEN French sentences sharing words THEN they are closer than an unrelated one', async () => {
    const [question, related, unrelated] = await embedder.embedPassages([
      'Que dit le ministre de l’Intérieur sur la coopération avec le Maroc ?',
      'Le ministre de l’Intérieur a salué la coopération sécuritaire avec le Maroc.',
      'La recette du gâteau au chocolat demande du beurre et des œufs.',
    ]);
    expect(cosine(question!, related!)).toBeGreaterThan(cosine(question!, unrelated!) + 0.3);
  });

  it('GIVEN a plural of a known word THEN it stays close to the singular', async () => {
    const [singular, plural] = await embedder.embedPassages(['ministre', 'ministres']);
    expect(cosine(singular!, plural!)).toBeGreaterThan(0.9);
  });

  it('GIVEN a conjugated French verb THEN it stays close to the infinitive', async () => {
    const [infinitive, participle] = await embedder.embedPassages(['renforcer', 'renforcées']);
    expect(cosine(infinitive!, participle!)).toBeGreaterThan(0.9);
  });

  it('GIVEN a passage longer than 512 tokens THEN only the first 512 count', async () => {
    const long = `${'ministre '.repeat(600)}${'chocolat '.repeat(600)}`;
    const [truncated, head] = await embedder.embedPassages([long, 'ministre']);
    expect(cosine(truncated!, head!)).toBeGreaterThan(0.99);
  });

  it('GIVEN a model without e5 in its id THEN questions and passages are embedded alike', async () => {
    const text = 'sécurité des frontières';
    const [passage] = await embedder.embedPassages([text]);
    expect(await embedder.embedQuery(text)).toEqual(passage);
  });

  it('GIVEN an e5 model id THEN questions get "query: " and passages "passage: "', async () => {
    const e5 = await loadTransformersEmbedder(await copyTinyModel('test/tiny-e5'));
    const text = 'sécurité des frontières';
    const [asQuery, asPassage] = await embedder.embedPassages([`query: ${text}`, `passage: ${text}`]);
    expect(await e5.embedQuery(text)).toEqual(asQuery);
    expect(await e5.embedPassages([text])).toEqual([asPassage]);
  });

  it('GIVEN custom prefixes THEN they are used instead', async () => {
    const custom = await loadTransformersEmbedder({ ...tiny, prefixes: { query: 'question ', passage: 'document ' } });
    const [asQuery, asPassage] = await embedder.embedPassages(['question police', 'document police']);
    expect(await custom.embedQuery('police')).toEqual(asQuery);
    expect(await custom.embedPassages(['police'])).toEqual([asPassage]);
  });

  it('GIVEN dtype q8 THEN the 8-bit weights are used: the embedder says q8, vectors close to fp32 but not equal', async () => {
    const quantized = await loadTransformersEmbedder({ ...tiny, dtype: 'q8' });
    expect(embedder.dtype).toBe('fp32');
    expect(quantized.dtype).toBe('q8');
    const text = 'Le ministre de l’Intérieur a salué la coopération sécuritaire avec le Maroc.';
    const [q8] = await quantized.embedPassages([text]);
    const [fp32] = await embedder.embedPassages([text]);
    expect(q8).not.toEqual(fp32);
    expect(cosine(q8!, fp32!)).toBeGreaterThan(0.999);
  });

  it('GIVEN dtype q8 but only fp32 weights in the folder THEN MODEL_UNAVAILABLE naming the missing file and EMBEDDING_DTYPE=fp32', async () => {
    const options = await copyTinyModel('test/fp32-only');
    await rm(join(options.localModelPath, 'test', 'fp32-only', 'onnx', 'model_quantized.onnx'));
    const loading = loadTransformersEmbedder({ ...options, dtype: 'q8' });
    await expect(loading).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    await expect(loading).rejects.toThrow(
      new RegExp(
        'no complete local copy of its q8 weights in .*fp32-only \\(missing onnx/model_quantized\\.onnx; ' +
          'the folder has the weights of EMBEDDING_DTYPE=fp32 \\(onnx/model\\.onnx\\): set that instead',
        'u',
      ),
    );
  });

  it('GIVEN no local copy and downloads disabled THEN it rejects with MODEL_UNAVAILABLE naming the folder and what to do', async () => {
    const localModelPath = join(scratch, 'empty-models');
    const loading = loadTransformersEmbedder({
      ...tiny,
      modelId: 'Xenova/multilingual-e5-small',
      localModelPath,
      allowRemoteModels: false,
    });
    await expect(loading).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    await expect(loading).rejects.toThrow(
      `no complete local copy of its fp32 weights in ${join(localModelPath, 'Xenova', 'multilingual-e5-small')}`,
    );
    await expect(loading).rejects.toThrow(
      /Put config\.json, tokenizer\.json, tokenizer_config\.json, onnx\/model\.onnx in .*or allow downloads/,
    );
  });

  it('GIVEN a corrupt model file THEN it rejects with MODEL_UNAVAILABLE saying to replace the files', async () => {
    const options = await copyTinyModel('test/corrupt');
    await writeFile(join(options.localModelPath, 'test', 'corrupt', 'onnx', 'model.onnx'), 'not an onnx file');
    const loading = loadTransformersEmbedder(options);
    await expect(loading).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    await expect(loading).rejects.toThrow(/may be incomplete or corrupt: replace them/);
  });
});
