/**
 * What the lexicon costs (src/pipeline/lexicon.ts): the one-time load in this fresh process (time, heap kept after a
 * collection when `--expose-gc` is on, RSS growth) and the time of one `isWord` for words of each kind.
 * `npm run bench -- --lexicon`.
 */
import { performance } from 'node:perf_hooks';
import { loadLexicon } from '../../src/pipeline/lexicon.ts';

/** What one measurement found. */
export interface LexiconCost {
  readonly loadMs: number;
  /** Heap kept after the load (after a collection when the process exposes `gc`). */
  readonly heapMb: number;
  readonly rssGrowthMb: number;
  /** Microseconds per `isWord`, by kind of word. */
  readonly isWordMicroseconds: Readonly<Record<string, number>>;
}

const SAMPLES: Readonly<Record<string, readonly string[]>> = {
  'listed form': ['installer', 'paquets', 'configuration', 'weird', 'folder'],
  'inflection or prefix': ['éteins', 'retélécharge', 'multithreaded', 'changent'],
  'name (not a word)': ['gitlab', 'flatpak', 'nvidia', 'wireguard', 'nmcli'],
};
const ROUNDS = 2000;

/** Loads the lexicon in this process and times it. */
export async function benchLexicon(): Promise<LexiconCost> {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const before = process.memoryUsage();
  const started = performance.now();
  const lexicon = await loadLexicon();
  const loadMs = performance.now() - started;
  collect?.();
  const after = process.memoryUsage();
  const isWordMicroseconds: Record<string, number> = {};
  for (const [kind, words] of Object.entries(SAMPLES)) {
    const start = performance.now();
    for (let round = 0; round < ROUNDS; round += 1) for (const word of words) lexicon.isWord(word);
    isWordMicroseconds[kind] = ((performance.now() - start) * 1000) / (ROUNDS * words.length);
  }
  return {
    loadMs,
    heapMb: (after.heapUsed - before.heapUsed) / 2 ** 20,
    rssGrowthMb: (after.rss - before.rss) / 2 ** 20,
    isWordMicroseconds,
  };
}

/** The measurement as a few lines of text. */
export function formatLexicon(cost: LexiconCost): string {
  const lines = [
    `lexicon load: ${cost.loadMs.toFixed(0)} ms; heap kept ${cost.heapMb.toFixed(1)} MiB; RSS +${cost.rssGrowthMb.toFixed(0)} MiB`,
  ];
  for (const [kind, micros] of Object.entries(cost.isWordMicroseconds))
    lines.push(`isWord, ${kind}: ${micros.toFixed(1)} µs`);
  return lines.join('\n');
}
