/**
 * `npm run index [-- --corpus DIR] [--out PATH] [--no-model] [--watch]`: builds or updates the
 * index incrementally (unchanged files keep their passages and vectors). With `--watch`, keeps
 * running and rebuilds after the corpus changes (WATCH_DEBOUNCE_SECONDS after the last change).
 */
import { loadConfig } from '../src/config.ts';
import { isCitebotError, runCommand } from '../src/errors.ts';
import { formatBuildSummary, indexCorpus, openEmbedder, WITHOUT_MODEL } from '../src/pipeline/index.ts';
import { BuildQueue } from '../src/pipeline/build-process.ts';
import { watchCorpus } from '../src/pipeline/corpus-watch.ts';
import { parseCommandLine } from './cli.ts';

const USAGE = 'npm run index -- [--corpus DIR] [--out PATH] [--no-model] [--watch]';

runCommand(async () => {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    {
      corpus: { type: 'string' },
      out: { type: 'string' },
      'no-model': { type: 'boolean' },
      watch: { type: 'boolean' },
    },
    USAGE,
  );
  const config = loadConfig();
  const warn = (message: string) => process.stderr.write(`${message}\n`);
  const corpusDir = values.corpus ?? config.corpusDir;
  const outPath = values.out ?? config.indexPath;
  // Loaded once: a watch session rebuilds many times with the same model.
  const embedder = values['no-model'] ? null : await openEmbedder(config, warn, WITHOUT_MODEL.indexing, 'indexing');
  const build = () =>
    indexCorpus(config, {
      corpusDir,
      outPath,
      embedder,
      ...(process.stderr.isTTY ? { progressStream: process.stderr } : {}),
      warn,
    });
  if (!values.watch) {
    process.stdout.write(`${formatBuildSummary(await build())}\n`);
    return;
  }
  const builds = new BuildQueue(build);
  const rebuild = async () => {
    try {
      const summary = await builds.startOrQueue();
      if (summary) process.stdout.write(`${formatBuildSummary(summary)}\n`);
    } catch (error) {
      // A failed rebuild (a corpus folder briefly missing…) is reported; the next change retries.
      if (!isCitebotError(error)) throw error;
      warn(error.message);
    }
    process.stdout.write(`Watching ${corpusDir}/ for changes (Ctrl+C stops).\n`);
  };
  await rebuild();
  const watcher = watchCorpus(
    corpusDir,
    { debounceMs: config.watchCorpus.debounceMs, ignorePath: outPath, persistent: true },
    () => {
      process.stdout.write('Corpus changed: rebuilding the index…\n');
      void rebuild();
    },
  );
  await new Promise<void>((resolve) =>
    process.once('SIGINT', () => {
      watcher.close();
      void builds.idle().then(resolve);
    }),
  );
  process.exit(0);
});
