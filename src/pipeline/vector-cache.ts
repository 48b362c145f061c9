import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Embedder } from '../embed/types.ts';

/**
 * Vectors a build has computed, kept on disk until the index holding them is written, so a
 * build that is interrupted (killed, out of memory, the model failing) and run again embeds
 * only what is missing. One file per index output and embedding identity (model id, dtype,
 * dimensions): `.<index name>.vectors/<model>.<dtype>.<dimensions>.bin` next to the index,
 * fixed-size records of the SHA-256 of the passage text then its float32 vector, appended and
 * synced every `flushEvery` texts. A record cut short by a kill is ignored when read back.
 */

/** How often the cache is written. */
export interface VectorCacheOptions {
  /** Texts embedded between two appends to the cache file. Default 256. */
  readonly flushEvery?: number;
}

const HASH_BYTES = 32;

/** The cache file of the index at `outPath` for `embedder`'s vectors. */
export function vectorCachePath(outPath: string, embedder: Pick<Embedder, 'modelId' | 'dtype' | 'dimensions'>): string {
  const model = embedder.modelId.replace(/[^\w.-]+/g, '_');
  return join(
    dirname(outPath),
    `.${basename(outPath)}.vectors`,
    `${model}.${embedder.dtype}.${embedder.dimensions}.bin`,
  );
}

function textKey(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

/**
 * `embedder` with a disk cache in front of `embedPassages`: texts found in the cache are not
 * sent to the model; the others are sent in slices of `flushEvery` (each slice batched as
 * the embedder does), and each slice's vectors are appended to the cache before the next.
 * Queries are not cached. `remove()` deletes the file once the index is written.
 */
export function withVectorCache(
  embedder: Embedder,
  cachePath: string,
  options: VectorCacheOptions = {},
): Embedder & { remove(): Promise<void>; readonly reused: number } {
  const flushEvery = Math.max(1, options.flushEvery ?? 256);
  const { dimensions } = embedder;
  const recordBytes = HASH_BYTES + dimensions * 4;
  let reused = 0;

  const load = async (): Promise<Map<string, Float32Array>> => {
    const cached = new Map<string, Float32Array>();
    const bytes = await readFile(cachePath).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (bytes === null) return cached;
    for (let at = 0; at + recordBytes <= bytes.byteLength; at += recordBytes) {
      const key = bytes.subarray(at, at + HASH_BYTES).toString('base64');
      // A copy: the vector must not keep the whole file's buffer alive.
      const vector = new Float32Array(dimensions);
      new Uint8Array(vector.buffer).set(bytes.subarray(at + HASH_BYTES, at + recordBytes));
      cached.set(key, vector);
    }
    return cached;
  };

  const append = async (keys: readonly string[], vectors: readonly Float32Array[]): Promise<void> => {
    await mkdir(dirname(cachePath), { recursive: true });
    const records = Buffer.alloc(keys.length * recordBytes);
    keys.forEach((key, i) => {
      const at = i * recordBytes;
      Buffer.from(key, 'base64').copy(records, at);
      const vector = vectors[i]!;
      Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(records, at + HASH_BYTES);
    });
    const handle = await open(cachePath, 'a');
    try {
      // A record torn by an earlier kill would shift every later one: the file is cut back to whole records first.
      const { size } = await handle.stat();
      if (size % recordBytes !== 0) await handle.truncate(size - (size % recordBytes));
      await handle.write(records, 0, records.byteLength, size - (size % recordBytes));
      await handle.sync();
    } finally {
      await handle.close();
    }
  };

  return {
    modelId: embedder.modelId,
    dtype: embedder.dtype,
    dimensions,
    get reused() {
      return reused;
    },
    embedQuery: (text) => embedder.embedQuery(text),
    async embedPassages(texts, onBatch) {
      const cached = await load();
      const keys = texts.map(textKey);
      const vectors: Array<Float32Array | undefined> = keys.map((key) => cached.get(key));
      const missing = vectors.flatMap((vector, i) => (vector === undefined ? [i] : []));
      reused = texts.length - missing.length;
      onBatch?.(reused);
      for (let from = 0; from < missing.length; from += flushEvery) {
        const slice = missing.slice(from, from + flushEvery);
        const done = reused + from;
        const computed = await embedder.embedPassages(
          slice.map((i) => texts[i]!),
          (inSlice) => onBatch?.(done + inSlice),
        );
        // A wrong count is the build's to report (it checks every vector); nothing wrong goes to the cache.
        if (computed.length !== slice.length || computed.some((vector) => vector.length !== dimensions))
          return [...computed];
        slice.forEach((i, k) => (vectors[i] = computed[k]));
        await append(
          slice.map((i) => keys[i]!),
          computed,
        );
      }
      return vectors as Float32Array[];
    },
    async remove() {
      await rm(dirname(cachePath), { recursive: true, force: true });
    },
  };
}
