import type { Config } from '../config.ts';
import { createDownloadReporter, loadTransformersEmbedder } from '../embed/index.ts';
import type { Embedder } from '../embed/types.ts';
import { isCitebotError } from '../errors.ts';

/**
 * Loads the configured embedding model, or returns null (full-text only) when it cannot be
 * loaded — after saying so, with `consequence` — because full-text answers beat no answers.
 * For `indexing`, passages are embedded by `config.embedding.workers` worker threads; for
 * `questions`, by one session on this thread.
 */
export async function openEmbedder(
  config: Config,
  warn: (message: string) => void,
  consequence: string,
  use: 'questions' | 'indexing' = 'questions',
): Promise<Embedder | null> {
  try {
    return await loadTransformersEmbedder({
      ...config.embedding,
      workers: use === 'indexing' ? config.embedding.workers : 0,
      // The first run downloads the model: a bar on a terminal, a line every few seconds in a log.
      onLoadProgress: createDownloadReporter({
        stream: process.stderr,
        writeLine: (line) => process.stderr.write(`${line}\n`),
      }),
    });
  } catch (error) {
    if (!isCitebotError(error, 'MODEL_UNAVAILABLE')) throw error;
    warn(`${error.message}\n${consequence}`);
    return null;
  }
}

/** What a missing model means for a build, and for questions against a hybrid index. */
export const WITHOUT_MODEL = {
  indexing: 'Indexing continues full-text only (the index records it; questions will use full-text search).',
  answering: 'Questions are answered with full-text search only until the model can be loaded.',
} as const;
