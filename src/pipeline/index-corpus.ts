import { SingleBar, Presets } from 'cli-progress';
import type { Config } from '../config.ts';
import type { Embedder } from '../embed/types.ts';
import { buildIndex, type BuildProgress, type BuildSummary } from './build.ts';
import { openEmbedder, WITHOUT_MODEL } from './embedder.ts';

/** Where and how {@link indexCorpus} builds. */
export interface IndexCorpusOptions {
  readonly corpusDir: string;
  readonly outPath: string;
  /** Undefined: load the configured model (falling back to full-text); null: full-text only. */
  readonly embedder?: Embedder | null;
  /** Where the progress bar is drawn (a terminal); absent: no bar. */
  readonly progressStream?: NodeJS.WritableStream;
  /** Tells the user something went less well than asked (no model: full-text only). */
  readonly warn: (message: string) => void;
  /** Progress events (besides the bar), e.g. for a `/reindex` reply. */
  readonly onProgress?: (event: BuildProgress) => void;
}

/** Builds or updates the index from the corpus, with a progress bar, and returns the build summary. */
export async function indexCorpus(config: Config, options: IndexCorpusOptions): Promise<BuildSummary> {
  const embedder =
    options.embedder === undefined
      ? await openEmbedder(config, options.warn, WITHOUT_MODEL.indexing, 'indexing')
      : options.embedder;
  const progress = options.progressStream ? createProgressBar(options.progressStream) : undefined;
  try {
    return await buildIndex({
      corpusDir: options.corpusDir,
      outPath: options.outPath,
      language: config.language,
      embedder,
      maxFileBytes: config.maxFileBytes,
      lock: { onWait: options.warn },
      onProgress: (event) => {
        progress?.update(event);
        options.onProgress?.(event);
      },
    });
  } finally {
    progress?.stop();
  }
}

const PHASE_LABELS: Record<BuildProgress['phase'], string> = {
  read: 'reading ',
  embed: 'embedding',
  persist: 'saving  ',
};

function createProgressBar(stream: NodeJS.WritableStream) {
  let bar: SingleBar | undefined;
  let phase: BuildProgress['phase'] | undefined;
  return {
    update: (event: BuildProgress) => {
      if (event.phase !== phase) {
        bar?.stop();
        phase = event.phase;
        bar = new SingleBar(
          { stream, format: `${PHASE_LABELS[event.phase]} [{bar}] {value}/{total} {eta_formatted}`, hideCursor: true },
          Presets.shades_classic,
        );
        bar.start(event.total, event.done);
      } else {
        bar?.setTotal(event.total);
        bar?.update(event.done);
      }
    },
    stop: () => {
      bar?.stop();
    },
  };
}

/** Human summary of a build: counts, mode, time split, skipped files with reasons. */
export function formatBuildSummary(summary: BuildSummary): string {
  const { timings } = summary;
  const lines = [
    `Indexed ${summary.files} file(s) into ${summary.passages} passage(s) in ${(summary.durationMs / 1000).toFixed(1)} s (${summary.mode}).`,
    `Files: ${summary.addedFiles} added, ${summary.updatedFiles} updated, ${summary.reusedFiles} ` +
      `reused, ${summary.removedFiles} removed, ${summary.skipped.length} skipped.`,
    ...(summary.mode === 'hybrid'
      ? [`Passages embedded: ${summary.embeddedPassages} (the others kept their vectors).`]
      : []),
    `Time: read ${ms(timings.readMs)}, chunk ${ms(timings.chunkMs)}, embed ${ms(timings.embedMs)}, ` +
      `insert ${ms(timings.insertMs)}, persist ${ms(timings.persistMs)}.`,
    `Index written to ${summary.outPath}.`,
  ];
  if (summary.fullRebuildReason) lines.push(`Rebuilt from scratch: ${summary.fullRebuildReason}.`);
  if (summary.mode === 'fulltext') {
    lines.push('No embedding model: the index is full-text only (answers still work; see README "Embedding model").');
  }
  for (const skipped of summary.skipped) lines.push(`  skipped ${skipped.path}: ${skipped.reason} [${skipped.code}]`);
  return lines.join('\n');
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}
