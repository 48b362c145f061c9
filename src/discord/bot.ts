import { once } from 'node:events';
import { Client, Events, GatewayCloseCodes, GatewayIntentBits, Partials, RESTEvents } from 'discord.js';
import type { KnowledgeBase } from '../answer/index.ts';
import type { Config } from '../config.ts';
import { CitebotError } from '../errors.ts';
import { FeedbackStore } from '../feedback/store.ts';
import type { Logger } from '../logger.ts';
import { BuildQueue, runBuildInChildProcess } from '../pipeline/build-process.ts';
import { watchCorpus, type CorpusWatcher } from '../pipeline/corpus-watch.ts';
import { AnswerMemory } from './answer-memory.ts';
import { autoAnswerPlace, handleAutoAnswer } from './auto-answer.ts';
import { commands } from './commands/index.ts';
import { createInteractionHandler, createMessageHandler } from './dispatch.ts';
import { handleMessage } from './messages.ts';
import { RateLimiter } from './rate-limit.ts';
import type { BotContext } from './types.ts';

/** A logged-in bot. */
export interface RunningBot {
  /** Waits (briefly) for questions being answered, then disconnects. */
  stop(): Promise<void>;
}

/** What {@link startBot} needs. */
export interface StartBotOptions {
  readonly config: Config;
  readonly knowledgeBase: KnowledgeBase;
  readonly logger: Logger;
  /** How long `stop()` lets answers in progress finish. */
  readonly drainTimeoutMs?: number;
  /** Least time between two progress edits of a `/reindex` reply (default 3 s). */
  readonly reindexProgressIntervalMs?: number;
}

/**
 * Logs in to Discord (or the REST/gateway at `config.discord.apiUrl`) and serves slash
 * commands, mentions, DMs and follow-up replies until `stop()`. Resolves once the bot is
 * ready; throws DISCORD_LOGIN_FAILED when the token is missing or refused.
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config, knowledgeBase, logger } = options;
  const token = config.discord.token;
  if (!token) throw new CitebotError('DISCORD_LOGIN_FAILED', 'DISCORD_TOKEN is not set');

  const answerChannelIds = new Set(config.discord.answerChannelIds);
  const client = new Client({
    // Mentions and DMs carry their content without the privileged MessageContent intent; only
    // auto-answer channels need it, so only they ask for it (Discord refuses it unless enabled).
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      ...(answerChannelIds.size > 0 ? [GatewayIntentBits.MessageContent] : []),
    ],
    // DM channels are not cached before their first message.
    partials: [Partials.Channel],
    rest: { api: config.discord.apiUrl },
    allowedMentions: { parse: [] },
  });
  const feedback = await openFeedback(config, logger);
  const context: BotContext = {
    knowledgeBase,
    logger,
    rateLimiter: new RateLimiter(config.rateLimit),
    answers: new AnswerMemory(),
    builds: new BuildQueue(async (listener) => {
      const summary = await runBuildInChildProcess(
        config,
        { corpusDir: config.corpusDir, outPath: config.indexPath },
        listener,
      );
      // Served from now on, not after the file watcher's next poll.
      await knowledgeBase.reload();
      return summary;
    }),
    reindexProgressIntervalMs: options.reindexProgressIntervalMs ?? 3000,
    autoAnswer: { channelIds: answerChannelIds, uncovered: config.discord.autoAnswerUncovered },
    feedback,
    links: config.links,
  };

  // Handlers run concurrently and are never awaited by the gateway; stop() drains them.
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const onInteraction = createInteractionHandler(commands, context);
  const onMessage = createMessageHandler((message) => {
    const botUserId = client.user?.id ?? '';
    const place = autoAnswerPlace(message, answerChannelIds);
    return place && message.inGuild()
      ? handleAutoAnswer(message, place, context, botUserId)
      : handleMessage(message, context, botUserId);
  }, context);
  client.on(Events.InteractionCreate, (interaction) => track(onInteraction(interaction)));
  client.on(Events.MessageCreate, (message) => track(onMessage(message)));
  client.on(Events.Error, (error) => logger.error({ event: 'discord_error', err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ event: 'gateway_disconnected', shardId, code: event.code }, 'gateway disconnected'),
  );
  client.on(Events.ShardReconnecting, (shardId) =>
    logger.info({ event: 'gateway_reconnecting', shardId }, 'gateway reconnecting'),
  );
  client.on(Events.ShardResume, (shardId, replayed) =>
    logger.info({ event: 'gateway_resumed', shardId, replayed }, 'gateway resumed'),
  );
  // discord.js waits and retries on a 429 by itself; the log line shows how often that happens.
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.warn(
      {
        event: 'discord_rate_limited',
        route: info.route,
        method: info.method,
        retryAfterMs: info.retryAfter,
        global: info.global,
        scope: info.scope,
      },
      'rate limited by Discord',
    ),
  );

  // discord.js gives up on a fatal close code without failing login(): the wait for ready ends here instead.
  const refused = new Promise<never>((_resolve, reject) =>
    client.on(Events.ShardDisconnect, (event) => {
      if (event.code === Number(GatewayCloseCodes.DisallowedIntents))
        reject(new CitebotError('DISCORD_INTENT_DISALLOWED', `ANSWER_CHANNEL_IDS=${[...answerChannelIds].join(',')}`));
    }),
  );
  refused.catch(() => undefined);
  const ready = once(client, Events.ClientReady);
  try {
    await Promise.race([client.login(token).then(() => ready), refused]);
  } catch (error) {
    await client.destroy();
    await feedback?.close();
    if (error instanceof CitebotError) throw error;
    throw new CitebotError('DISCORD_LOGIN_FAILED', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  const watcher = config.watchCorpus.enabled ? watchCorpusForBuilds(config, context) : undefined;
  logger.info(
    {
      event: 'bot_ready',
      user: client.user?.tag,
      applicationId: client.application?.id,
      guilds: client.guilds.cache.size,
      apiUrl: config.discord.apiUrl,
    },
    'bot ready',
  );

  return {
    async stop() {
      client.removeAllListeners(Events.InteractionCreate);
      client.removeAllListeners(Events.MessageCreate);
      watcher?.close();
      await drain(inFlight, options.drainTimeoutMs ?? 10_000);
      // A build writing the index while the process exits would leave a temporary file behind.
      await context.builds.idle();
      await client.destroy();
      await feedback?.close();
      logger.info({ event: 'bot_stopped' }, 'bot stopped');
    },
  };
}

// WATCH_CORPUS: a rebuild (in the build child, then hot-swapped) after the corpus settles.
function watchCorpusForBuilds(config: Config, context: BotContext): CorpusWatcher {
  const { logger } = context;
  return watchCorpus(
    config.corpusDir,
    {
      debounceMs: config.watchCorpus.debounceMs,
      ignorePath: config.indexPath,
      onError: (error) => logger.error({ event: 'corpus_watch_failed', err: error }, 'cannot watch the corpus'),
    },
    () => {
      logger.info({ event: 'corpus_changed' }, 'corpus changed: rebuilding the index');
      context.builds.startOrQueue().then(
        (summary) =>
          summary &&
          logger.info(
            { event: 'corpus_rebuilt', files: summary.files, passages: summary.passages, ms: summary.durationMs },
            'index rebuilt after corpus changes',
          ),
        (error: unknown) =>
          logger.error({ event: 'corpus_rebuild_failed', err: error }, 'rebuild after corpus changes failed'),
      );
    },
  );
}

// The store opens before login: a feedback folder that cannot be used stops the start with its reason.
async function openFeedback(config: Config, logger: Logger): Promise<FeedbackStore | null> {
  if (config.feedback === null) return null;
  const { store, report } = await FeedbackStore.open({
    ...config.feedback,
    onBackgroundError: (error) =>
      logger.error({ event: 'feedback_retention_failed', err: error }, 'the daily feedback retention pass failed'),
  });
  if (report.rejectedLines > 0 || report.truncatedBytes > 0)
    logger.warn(
      { event: 'feedback_repaired', dir: config.feedback.dir, ...report },
      `feedback log: ${report.rejectedLines} unreadable line(s) moved to feedback.jsonl.rejected, ${report.truncatedBytes} byte(s) of an unfinished last line removed`,
    );
  logger.info({ event: 'feedback_opened', dir: config.feedback.dir, ...report }, 'feedback store opened');
  return store;
}

async function drain(inFlight: ReadonlySet<Promise<void>>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([Promise.allSettled(inFlight), timeout]);
  clearTimeout(timer);
}
