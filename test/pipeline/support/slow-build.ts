/**
 * A build run in its own process so a test can kill it (SIGKILL) half-way: `argv` gives the
 * corpus folder and the index path; passages are embedded by the hashing embedder, slowly
 * (20 ms per text), with the vector cache written every 2 texts.
 */
import { buildIndex } from '../../../src/pipeline/index.ts';
import { createHashingEmbedder } from '../../support/fake-embedder.ts';

const [corpusDir = '', outPath = ''] = process.argv.slice(2);
const hashing = createHashingEmbedder(16);
await buildIndex({
  corpusDir,
  outPath,
  language: 'auto',
  maxFileBytes: 1_000_000,
  vectorCache: { flushEvery: 2 },
  embedder: {
    ...hashing,
    async embedPassages(texts, onBatch) {
      await new Promise((resolve) => setTimeout(resolve, 20 * texts.length));
      return hashing.embedPassages(texts, onBatch);
    },
  },
});
