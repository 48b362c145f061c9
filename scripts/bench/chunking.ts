/**
 * Chunking rate on long lines: the same prose as one 20 MB line and with a line break every
 * ~80 characters (soft wraps), decoded, parsed and chunked as a .txt file by the real ingestion.
 * Target: the single line within 2× of the wrapped text. `npm run bench -- --chunking [--chunk-mb 20]`.
 */
import { ingestFile } from '../../src/ingest/index.ts';

/** What one measurement found. */
export interface ChunkingRate {
  readonly layout: 'single line' | 'line breaks';
  readonly megabytes: number;
  readonly seconds: number;
  readonly passages: number;
}

const WORDS =
  'the harbour opens at nine and boats leave for the islands every hour while the market sells fish bread cheese and fruit near the old lighthouse'.split(
    ' ',
  );

/** About `megabytes` of sentences, as one line or wrapped at 80 characters. */
export function proseText(megabytes: number, wrapped: boolean): string {
  const sentences: string[] = [];
  let length = 0;
  for (let n = 0; length < megabytes * 2 ** 20; n++) {
    const words = Array.from({ length: 8 + (n % 15) }, (_, i) => WORDS[(n * 7 + i * 3) % WORDS.length]!);
    const sentence = `${words.join(' ').replace(/^./, (first) => first.toUpperCase())}.`;
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  const text = sentences.join(' ');
  return wrapped ? text.replace(/(.{70,80}?) /g, '$1\n') : text;
}

/** Chunks `text` as a .txt file and times it. */
export async function chunkingRate(layout: ChunkingRate['layout'], text: string): Promise<ChunkingRate> {
  const bytes = new TextEncoder().encode(text);
  const entry = { path: 'long.txt', absolutePath: '/bench/long.txt', format: 'txt', size: bytes.length } as const;
  const started = performance.now();
  const result = await ingestFile(entry, bytes);
  const seconds = (performance.now() - started) / 1000;
  if (!result.ok) throw new Error(`the bench text was skipped: ${result.skipped.reason}`);
  return { layout, megabytes: bytes.length / 2 ** 20, seconds, passages: result.passages.length };
}

/** Both layouts of `megabytes` of prose, line breaks first. */
export async function benchChunking(megabytes: number): Promise<ChunkingRate[]> {
  return [
    await chunkingRate('line breaks', proseText(megabytes, true)),
    await chunkingRate('single line', proseText(megabytes, false)),
  ];
}

/** The rates and their ratio, for people. */
export function formatChunking(rates: readonly ChunkingRate[]): string {
  const lines = rates.map(
    (rate) =>
      `chunking ${rate.layout.padEnd(11)}: ${rate.megabytes.toFixed(1)} MB in ${rate.seconds.toFixed(2)} ` +
      `s = ${(rate.megabytes / rate.seconds).toFixed(1)} MB/s (${rate.passages} passages)`,
  );
  const [wrapped, single] = rates;
  if (wrapped && single)
    lines.push(`single line / line breaks time: ${(single.seconds / wrapped.seconds).toFixed(2)}× (target ≤ 2×)`);
  return lines.join('\n');
}
