import type { Embedder } from '../../src/embed/index.ts';

function wordsOf(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** FNV-1a, so a word lands in the same dimension in every run. */
function hashWord(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

function hashingVector(text: string, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  for (const word of wordsOf(text)) {
    const hash = hashWord(word);
    // A sign bit halves the damage when two words share a dimension.
    vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + (hash >>> 31 === 1 ? -1 : 1);
  }
  const norm = Math.hypot(...vector);
  if (norm === 0) {
    // Text without words still gets a unit vector, like a real model's.
    vector[0] = 1;
    return vector;
  }
  return vector.map((value) => value / norm);
}

/**
 * A model-free {@link Embedder}: each text becomes an L2-normalised bag of its words
 * (lowercased, accents folded) hashed into `dimensions` slots, so texts sharing words
 * are close. `calls` counts the passages embedded, which lets incremental-indexing tests
 * check that unchanged files were not embedded again; `queryCalls` counts the questions (and
 * the build's calibration probes).
 */
export function createHashingEmbedder(dimensions = 64): Embedder & { calls: number; queryCalls: number } {
  const embedder = {
    modelId: `test/hashing-${dimensions}`,
    dtype: 'fp32' as const,
    dimensions,
    calls: 0,
    queryCalls: 0,
    async embedPassages(texts: readonly string[], onBatch?: (done: number) => void): Promise<Float32Array[]> {
      embedder.calls += texts.length;
      const vectors = texts.map((text) => hashingVector(text, dimensions));
      onBatch?.(vectors.length);
      return vectors;
    },
    async embedQuery(text: string): Promise<Float32Array> {
      embedder.queryCalls += 1;
      return hashingVector(text, dimensions);
    },
  };
  return embedder;
}
