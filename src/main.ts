import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { formatAnswerText, type KnowledgeBase } from './answer/index.ts';
import { loadConfig, type Config } from './config.ts';
import { startBot } from './discord/index.ts';
import { isCitebotError, runCommand, type ErrorCode } from './errors.ts';
import { readManifest } from './index/index.ts';
import { createLogger, type Logger } from './logger.ts';
import { formatBuildSummary, indexCorpus, openEmbedder, openKnowledgeBase, WITHOUT_MODEL } from './pipeline/index.ts';

/** Streams and logger for {@link runCitebot}; the process's own by default. */
export interface CitebotIo {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  readonly logger?: Logger;
}

/** A running citebot: on Discord, or the console question loop. */
export interface RunningCitebot {
  /** Disconnects from Discord / closes the loop and stops watching the index. */
  stop(): Promise<void>;
  /**
   * Resolves when the service ends on its own (end of console input) or after `stop()`;
   * rejects with a CitebotError, already logged, when it cannot go on (Discord ended the
   * session for good, e.g. the token was reset), with anything else on a bug.
   */
  readonly finished: Promise<void>;
}

// An index that cannot be used as it is gets rebuilt from the corpus at start.
const REBUILD_ON: readonly ErrorCode[] = ['INDEX_MISSING', 'INDEX_CORRUPT', 'INDEX_FORMAT_MISMATCH'];

/**
 * What `npm start` does: builds the index if it is missing (or unusable), loads it with hot
 * reload, then serves on Discord when a token is set, otherwise answers questions typed in
 * the terminal — the same answers either way.
 */
export async function runCitebot(config: Config, io: CitebotIo = {}): Promise<RunningCitebot> {
  const logger = io.logger ?? createLogger(config.logLevel);
  const output = io.output ?? process.stdout;
  const say = (text: string) => output.write(`${text}\n`);

  const loadEmbedder = () =>
    openEmbedder(config, (message) => logger.warn({ event: 'model_unavailable' }, message), WITHOUT_MODEL.answering);
  // The manifest alone does not prove the index loads (the checksum covers the whole file),
  // so the rebuild also covers an index that fails while the knowledge base opens.
  const open = async (): Promise<KnowledgeBase> => {
    const manifest = await readManifest(config.indexPath);
    const embedder = manifest.mode === 'hybrid' ? await loadEmbedder() : null;
    return openKnowledgeBase({
      indexPath: config.indexPath,
      embedder,
      loadEmbedder,
      logger,
      watch: true,
      corpusDir: config.corpusDir,
      answerOptions: config.answer,
    });
  };
  const knowledgeBase = await open().catch(async (error: unknown) => {
    if (!isCitebotError(error) || !REBUILD_ON.includes(error.code)) throw error;
    say(`${error.message}\nBuilding the index from ${config.corpusDir}/ now…`);
    const summary = await indexCorpus(config, {
      corpusDir: config.corpusDir,
      outPath: config.indexPath,
      ...(process.stderr.isTTY ? { progressStream: process.stderr } : {}),
      warn: say,
    });
    say(formatBuildSummary(summary));
    return open();
  });

  if (config.discord.token) {
    const bot = await startBot({ config, knowledgeBase, logger });
    const finished = bot.ended.catch(async (error: unknown) => {
      await knowledgeBase.close();
      throw error;
    });
    return {
      async stop() {
        await bot.stop();
        await knowledgeBase.close();
      },
      finished,
    };
  }
  return runConsoleLoop(knowledgeBase, io.input ?? process.stdin, output, logger);
}

function runConsoleLoop(
  knowledgeBase: KnowledgeBase,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  logger: Logger,
): RunningCitebot {
  const index = knowledgeBase.index();
  const documents = Object.keys(index.manifest.files).length;
  output.write(
    [
      'citebot: no DISCORD_TOKEN is set, so questions are answered here in the terminal (set it in .env to serve on Discord).',
      `Serving ${index.passages.length} passages from ${documents} document(s) (${index.manifest.mode} search).`,
      'Type a question and press Enter; Ctrl+D quits.',
      '',
    ].join('\n'),
  );
  const lines = createInterface({ input, terminal: false });
  const interactive = 'isTTY' in input && input.isTTY === true;
  const prompt = () => interactive && output.write('? ');
  prompt();

  const finished = (async () => {
    for await (const line of lines) {
      if (line.trim() === '') {
        prompt();
        continue;
      }
      const started = performance.now();
      try {
        const answer = await knowledgeBase.ask(line);
        output.write(`${formatAnswerText(answer)}\n\n`);
        logger.debug(
          {
            event: 'question',
            source: 'console',
            answered: answer.answered,
            latencyMs: Math.round(performance.now() - started),
          },
          'answered',
        );
      } catch (error) {
        if (!isCitebotError(error)) throw error;
        output.write(`${error.message}\n\n`);
      }
      prompt();
    }
    await knowledgeBase.close();
  })();

  return {
    async stop() {
      lines.close();
      await finished;
    },
    finished,
  };
}

/**
 * Logs promise rejections nothing handled instead of letting Node end the process: a failed
 * background task (a Discord event handler, a reply) must not stop a bot serving everyone else.
 * Process-wide, so installed by the process's entry point only; returns the uninstaller.
 */
export function logUnhandledRejections(
  logger: Logger,
  target: Pick<NodeJS.EventEmitter, 'on' | 'off'> = process,
): () => void {
  const onUnhandledRejection = (reason: unknown) =>
    logger.error({ event: 'unhandled_rejection', err: reason }, 'unhandled promise rejection');
  target.on('unhandledRejection', onUnhandledRejection);
  return () => target.off('unhandledRejection', onUnhandledRejection);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  logUnhandledRejections(logger);
  const running = await runCitebot(config, { logger });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void running.stop().then(() => process.exit(0));
    });
  }
  // A service that cannot go on exits non-zero, so a supervisor notices (and the log line says why).
  await running.finished.catch((error: unknown) => {
    if (!isCitebotError(error)) throw error;
    process.exit(1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCommand(main);
}
