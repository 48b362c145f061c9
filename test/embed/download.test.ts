import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTransformersEmbedder, type EmbedderOptions } from '../../src/embed/index.ts';
import type { LoadProgress } from '../../src/embed/session.ts';
import { startModelServer, type ModelServer } from '../support/model-server.ts';
import { tinyModelOptions } from '../support/tiny-model.ts';

let scratch: string;
let tiny: EmbedderOptions;
let server: ModelServer;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'citebot-download-'));
  tiny = await tinyModelOptions();
  server = await startModelServer(tiny.localModelPath);
});

afterAll(async () => {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
});

/** Options that find nothing locally and download from the local server into a fresh cache. */
async function downloading(): Promise<EmbedderOptions> {
  const folder = await mkdtemp(join(scratch, 'run-'));
  return {
    ...tiny,
    dtype: 'q8',
    localModelPath: join(folder, 'no-local-models'),
    cacheDir: join(folder, 'cache'),
    allowRemoteModels: true,
    remoteHost: server.url,
  };
}

async function cachedFiles(cacheDir: string): Promise<string[]> {
  const entries = await readdir(cacheDir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe('loadTransformersEmbedder (downloads)', () => {
  it('GIVEN no local copy and a model host THEN it downloads the model with progress events, and embeds', async () => {
    const options = await downloading();
    const events: LoadProgress[] = [];
    const embedder = await loadTransformersEmbedder({ ...options, onLoadProgress: (event) => events.push(event) });
    expect(await embedder.embedQuery('police')).toHaveLength(384);
    expect(server.requests).toContain('/citebot/tiny-embedder/resolve/main/onnx/model_quantized.onnx');
    const weights = events.filter((event) => event.file === 'onnx/model_quantized.onnx' && event.status === 'progress');
    expect(weights.at(-1)).toMatchObject({ loaded: weights.at(-1)!.total });
    expect(weights.at(-1)!.total).toBeGreaterThan(1_000_000);
    expect(await cachedFiles(options.cacheDir)).toContain('model_quantized.onnx');
  });

  it('GIVEN the weights download cut halfway THEN MODEL_UNAVAILABLE saying how far, nothing partial kept, the next load downloads again', async () => {
    const options = await downloading();
    server.interruptNext.add('onnx/model_quantized.onnx');
    const failed = loadTransformersEmbedder(options);
    await expect(failed).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    await expect(failed).rejects.toThrow(
      /the download of onnx\/model_quantized\.onnx stopped after [\d.]+ of [\d.]+ MB; the partial file was discarded/,
    );
    expect((await cachedFiles(options.cacheDir)).filter((name) => name.includes('model_quantized'))).toEqual([]);

    const embedder = await loadTransformersEmbedder(options);
    expect(await embedder.embedQuery('police')).toHaveLength(384);
  });

  it('GIVEN downloads allowed but the host does not have the model THEN MODEL_UNAVAILABLE naming the host', async () => {
    const loading = loadTransformersEmbedder({ ...(await downloading()), modelId: 'citebot-tests/no-such-model' });
    await expect(loading).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    await expect(loading).rejects.toThrow(/downloading it failed/);
    await expect(loading).rejects.toThrow(`check the network access to ${server.url}`);
  });
});
