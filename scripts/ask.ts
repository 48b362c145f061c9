/**
 * `npm run ask -- "question" [--json] [--index PATH [--corpus DIR]]`: one question, answered
 * from the persisted index with quotes and citations (or a clear "not found in the documents").
 */
import { formatAnswerText, toJsonAnswer } from '../src/answer/index.ts';
import { loadConfig } from '../src/config.ts';
import { CitebotError, runCommand } from '../src/errors.ts';
import { readManifest } from '../src/index/index.ts';
import { createLogger } from '../src/logger.ts';
import { openEmbedder, openKnowledgeBase, WITHOUT_MODEL } from '../src/pipeline/index.ts';
import { parseCommandLine } from './cli.ts';

const USAGE =
  'npm run ask -- "your question" [--document NAME] [--section HEADING] [--json] [--index PATH [--corpus DIR]]';

runCommand(
  async () => {
    const { values, positionals } = parseCommandLine(
      process.argv.slice(2),
      {
        json: { type: 'boolean' },
        index: { type: 'string' },
        corpus: { type: 'string' },
        document: { type: 'string' },
        section: { type: 'string' },
      },
      USAGE,
    );
    if (positionals.length === 0) throw new CitebotError('USAGE', `no question given\nUsage: ${USAGE}`);
    const config = loadConfig();
    const logger = createLogger(config.logLevel);
    const indexPath = values.index ?? config.indexPath;
    const manifest = await readManifest(indexPath);
    const embedder =
      manifest.mode === 'hybrid'
        ? await openEmbedder(config, (message) => process.stderr.write(`${message}\n`), WITHOUT_MODEL.answering)
        : null;
    // Quotes are checked against the files the index was built from: CORPUS_DIR belongs to the
    // configured index, not to one given with --index (a same-named file there would reject every quote).
    const corpusDir = values.corpus ?? (values.index === undefined ? config.corpusDir : undefined);
    const knowledgeBase = await openKnowledgeBase({
      indexPath,
      embedder,
      logger,
      watch: false,
      ...(corpusDir === undefined ? {} : { corpusDir }),
      answerOptions: config.answer,
    });
    const answer = await knowledgeBase.ask(positionals.join(' '), {
      ...(values.document === undefined ? {} : { document: values.document }),
      ...(values.section === undefined ? {} : { section: values.section }),
    });
    await knowledgeBase.close();
    process.stdout.write(
      values.json ? `${JSON.stringify(toJsonAnswer(answer), null, 2)}\n` : `${formatAnswerText(answer)}\n`,
    );
  },
  // From the raw arguments: a bad command line fails before it is parsed, and must answer in JSON too.
  { jsonErrors: process.argv.slice(2).includes('--json') },
);
