import { randomUUID } from 'node:crypto';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmbedderOptions } from '../../src/embed/index.ts';
import { TINY_MODEL_ID, TINY_MODEL_VERSION, writeTinyModel } from '../../tools/tiny-model/tiny-model.ts';

const DEFAULT_CACHE_ROOT = join(process.cwd(), 'node_modules', '.cache', 'citebot-tiny-model');

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Options that load the generated tiny model (384 dimensions) through the real
 * Transformers.js path, offline. The model is written once per TINY_MODEL_VERSION into
 * node_modules/.cache: into a private folder first, then renamed into place, so vitest
 * forks calling this at the same time never see half a model (the first rename wins).
 *
 * @param cacheRoot - where to keep it; only the test of this helper passes another folder.
 */
export async function tinyModelOptions(cacheRoot = DEFAULT_CACHE_ROOT): Promise<EmbedderOptions> {
  const localModelPath = join(cacheRoot, `v${TINY_MODEL_VERSION}`);
  if (!(await exists(localModelPath))) {
    const draft = join(cacheRoot, `draft-${process.pid}-${randomUUID()}`);
    await mkdir(draft, { recursive: true });
    try {
      await writeTinyModel(draft);
      await rename(draft, localModelPath);
    } catch (error) {
      // Another fork renamed its copy into place first: use that one.
      if (!(await exists(localModelPath))) throw error;
    } finally {
      await rm(draft, { recursive: true, force: true });
    }
  }
  return {
    modelId: TINY_MODEL_ID,
    dtype: 'fp32',
    localModelPath,
    allowRemoteModels: false,
    cacheDir: join(cacheRoot, 'download-cache'),
    batchSize: 16,
    batchTokens: 4096,
  };
}
