/**
 * `npm run index [-- --corpus DIR] [--out PATH] [--no-model]`: builds or updates the
 * index incrementally (unchanged files keep their passages and vectors).
 */
import { loadConfig } from '../src/config.ts';
import { formatBuildSummary, indexCorpus } from '../src/pipeline/index.ts';
import { parseCommandLine, runScript } from './cli.ts';

const USAGE = 'npm run index -- [--corpus DIR] [--out PATH] [--no-model]';

runScript(async () => {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    { corpus: { type: 'string' }, out: { type: 'string' }, 'no-model': { type: 'boolean' } },
    USAGE,
  );
  const config = loadConfig();
  const summary = await indexCorpus(config, {
    corpusDir: values.corpus ?? config.corpusDir,
    outPath: values.out ?? config.indexPath,
    ...(values['no-model'] ? { embedder: null } : {}),
    ...(process.stderr.isTTY ? { progressStream: process.stderr } : {}),
    warn: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(`${formatBuildSummary(summary)}\n`);
});
