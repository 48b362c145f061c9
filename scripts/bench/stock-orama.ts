/**
 * The comparison row of `npm run bench`: the same passages and vectors in stock Orama 3.1.18 (default index and
 * documents store, the project's tokenizer, the same schema, sorting off as in the project's database), inserted,
 * saved with Orama's `save()` as JSON, loaded with `load()` into a new instance, then queried like the project's
 * index (same questions, same query vectors, `limit` 8, no similarity floor).
 */
import { create, insert, load, save, search, type AnyOrama } from '@orama/orama';
import { createPassageTokenizer } from '../../src/index/orama-tokenizer.ts';
import { DocumentMaker, passageSchema, VECTOR_PROPERTY } from '../../src/index/passage-document.ts';
import type { Passage } from '../../src/ingest/index.ts';

/** What stock Orama costs on one corpus. */
export interface StockOramaResult {
  readonly insertMs: number;
  /** Bytes of `JSON.stringify(save(db))`: documents (vectors included), radix tree, vector index. */
  readonly savedBytes: number;
  /** `JSON.parse` + `load()` into a new instance. */
  readonly loadMs: number;
  /** Heap in use after loading (the inserted instance dropped and collected when `--expose-gc` is on). */
  readonly heapMb: number;
  readonly rssMb: number;
  readonly fulltext: Percentiles;
  readonly hybrid: Percentiles;
}

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
}

/** A query of the run: text, and its vector. */
export interface BenchQuery {
  readonly text: string;
  readonly vector: Float32Array;
}

function stockDatabase(dimensions: number): AnyOrama {
  return create({
    schema: passageSchema(dimensions),
    sort: { enabled: false },
    components: { tokenizer: createPassageTokenizer('fr') },
  });
}

/**
 * Builds, saves, loads and queries stock Orama over `passages` (`vectors`: row-major, `dimensions` wide); `measure`
 * times a query function as the project's rows are timed (warm-up included).
 */
export async function benchStockOrama(
  passages: readonly Passage[],
  vectors: Float32Array,
  dimensions: number,
  queries: readonly BenchQuery[],
  measure: (run: (i: number) => unknown) => Promise<Percentiles>,
  limit: number,
): Promise<StockOramaResult> {
  const maker = new DocumentMaker();
  let started = performance.now();
  // Held in an object so that the inserted instance and the JSON text can be dropped before the heap is measured.
  const held: { database: AnyOrama | null; json: string } = { database: stockDatabase(dimensions), json: '' };
  for (const [i, passage] of passages.entries()) {
    const vector = vectors.subarray(i * dimensions, (i + 1) * dimensions);
    await insert(held.database!, maker.make(passage, 'fr', vector) as never);
  }
  const insertMs = performance.now() - started;
  held.json = JSON.stringify(save(held.database!));
  held.database = null;
  const savedBytes = Buffer.byteLength(held.json);
  started = performance.now();
  const loaded = stockDatabase(dimensions);
  load(loaded, JSON.parse(held.json) as Parameters<typeof load>[1]);
  const loadMs = performance.now() - started;
  held.json = '';
  const heapMb = heapInUseMb();
  const term = (i: number) => queries[i]!.text;
  const fulltext = await measure((i) => search(loaded, { term: term(i), limit }));
  const hybrid = await measure((i) =>
    search(loaded, {
      mode: 'hybrid',
      term: term(i),
      vector: { value: Array.from(queries[i]!.vector), property: VECTOR_PROPERTY },
      similarity: -1,
      hybridWeights: { text: 0.5, vector: 0.5 },
      limit,
    } as never),
  );
  return { insertMs, savedBytes, loadMs, heapMb, rssMb: process.resourceUsage().maxRSS / 1024, fulltext, hybrid };
}

/** Heap in use after a collection when `--expose-gc` is on (else as it stands), in MiB. */
export function heapInUseMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
