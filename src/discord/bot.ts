import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Events, GatewayIntentBits, Partials, RESTEvents } from 'discord.js';
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
import { fatalCloseError, GatewayMonitor, type GatewayRetryOptions, type PrivilegedIntent } from './gateway.ts';
import { handleMessage } from './messages.ts';
import { RateLimiter } from './rate-limit.ts';
import type { BotContext } from './types.ts';

// How long stop() waits for discord.js to close the gateway connection.
const DESTROY_TIMEOUT_MS = 5000;
/** A logged-in bot. */
export interface RunningBot {
  /** Waits (briefly) for questions being answered, then disconnects. */
  stop(): Promise<void>;
  /**
   * Resolves after `stop()`; rejects when Discord ends the session for good (a fatal gateway
   * close code such as 4004, token reset) with the CitebotError saying what to do, already
   * logged at error level and the bot already stopped.
   */
  readonly ended: Promise<void>;
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
  /** Warnings and backoff while the gateway cannot be reached or keeps disconnecting. */
  readonly gatewayRetry?: GatewayRetryOptions;
}

/**
 * Logs in to Discord (or the REST/gateway at `config.discord.apiUrl`) and serves slash
 * commands, mentions, DMs and follow-up replies until `stop()`. Resolves once the bot is
 * ready. While Discord cannot be reached it keeps retrying with a warning; it throws
 * DISCORD_TOKEN_INVALID when the token is refused, the code of the gateway's fatal close
 * (4010–4014) when Discord ends the session at login, DISCORD_LOGIN_FAILED otherwise.
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config, knowledgeBase, logger } = options;
  const token = config.discord.token;
  if (!token) throw new CitebotError('DISCORD_LOGIN_FAILED', 'DISCORD_TOKEN is not set');

  const answerChannelIds = new Set(config.discord.answerChannelIds);
  // Mentions and DMs carry their content without the privileged MessageContent intent; only
  // auto-answer channels need it, so only they ask for it (Discord refuses it unless enabled).
  const privileged: PrivilegedIntent[] =
    answerChannelIds.size > 0
      ? [{ portalName: 'Message Content Intent', neededBy: `ANSWER_CHANNEL_IDS=${[...answerChannelIds].join(',')}` }]
      : [];
  const intents = [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.DirectMessages,
    ...(privileged.length > 0 ? [GatewayIntentBits.MessageContent] : []),
  ];
  const gateway: GatewayMonitor = new GatewayMonitor(
    logger,
    () => client.ws.gateway ?? config.discord.apiUrl,
    options.gatewayRetry,
  );
  const client = new Client({
    intents,
    // DM channels are not cached before their first message.
    partials: [Partials.Channel],
    rest: { api: config.discord.apiUrl },
    ws: { buildIdentifyThrottler: (manager) => gateway.buildIdentifyThrottler(manager) },
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
  client.on(Events.ShardReconnecting, (shardId) => gateway.onReconnecting(shardId));
  client.on(Events.ShardReady, () => gateway.onConnected());
  client.on(Events.ShardResume, (shardId, replayed) => {
    gateway.onConnected();
    logger.info({ event: 'gateway_resumed', shardId, replayed }, 'gateway resumed');
  });
  logRateLimits(client, logger);

  // discord.js gives up on a fatal close code (ShardDisconnect is emitted only for those) without
  // failing login(): before ready the wait ends here; after it, the session is over and so is the bot.
  let loggedIn = false;
  let endSession: (error: CitebotError) => void = () => {};
  const sessionEnded = new Promise<never>((_resolve, reject) => (endSession = reject));
  sessionEnded.catch(() => undefined);
  client.on(Events.ShardDisconnect, (event, shardId) => {
    const error =
      fatalCloseError(event.code, { intents: client.options.intents.bitfield, privileged }) ??
      new CitebotError('DISCORD_LOGIN_FAILED', `the gateway closed with code ${event.code} and will not reconnect`);
    if (loggedIn)
      logger.error({ event: 'discord_session_ended', shardId, closeCode: event.code, code: error.code }, error.message);
    endSession(error);
  });
  const ready = once(client, Events.ClientReady);
  try {
    await gateway.waitForApi(client.rest.setToken(token), config.discord.apiUrl);
    await Promise.race([client.login(token).then(() => ready), sessionEnded]);
  } catch (error) {
    gateway.close();
    await client.destroy();
    await feedback?.close();
    throw loginError(error);
  }
  loggedIn = true;
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

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      client.removeAllListeners(Events.InteractionCreate);
      client.removeAllListeners(Events.MessageCreate);
      watcher?.close();
      gateway.close();
      await drain(inFlight, options.drainTimeoutMs ?? 10_000);
      // A build writing the index while the process exits would leave a temporary file behind.
      await context.builds.idle();
      // A gateway caught mid-reconnect can keep destroy() waiting on its socket: stopping must not hang on it.
      const destroyed = await Promise.race([
        client.destroy().then(() => true),
        sleep(DESTROY_TIMEOUT_MS, false, { ref: false }),
      ]);
      if (!destroyed)
        logger.warn({ event: 'gateway_destroy_timeout' }, 'the gateway did not close in time; stopping anyway');
      await feedback?.close();
      logger.info({ event: 'bot_stopped' }, 'bot stopped');
    })());
  let stopped: () => void = () => {};
  const ended = Promise.race([new Promise<void>((resolve) => (stopped = resolve)), sessionEnded]).catch(
    async (error: unknown) => {
      await stop();
      throw error;
    },
  );
  return {
    async stop() {
      await stop();
      stopped();
    },
    ended,
  };
}

/**
 * discord.js's REST manager holds requests back by itself when a bucket's remaining count
 * runs out (`rateLimited`, no 429 involved: routine under load, debug), and waits and
 * retries after a real 429 answer from Discord (warn: the bot is sending too much).
 */
function logRateLimits(client: Client, logger: Logger): void {
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.debug(
      {
        event: 'discord_request_queued',
        route: info.route,
        method: info.method,
        waitMs: info.retryAfter,
        global: info.global,
      },
      'request held in the local queue until its Discord rate-limit bucket resets',
    ),
  );
  client.rest.on(RESTEvents.Response, (request, response) => {
    // The manager hands listeners a copy of every response; its body is never read here.
    if (response.body instanceof ReadableStream) void response.body.cancel().catch(() => undefined);
    if (response.status !== 429) return;
    const { headers } = response;
    const retryAfter = Number(headers.get('retry-after') ?? Number.NaN);
    logger.warn(
      {
        event: 'discord_rate_limited',
        route: request.route,
        method: request.method.toUpperCase(),
        retryAfterMs: Number.isFinite(retryAfter) ? Math.round(retryAfter * 1000) : undefined,
        global: headers.has('x-ratelimit-global'),
        scope: headers.get('x-ratelimit-scope') ?? undefined,
      },
      'rate limited by Discord (HTTP 429): the request is retried after the wait',
    );
  });
}

// What a failed login reports: the token refused (REST 401 or close 4004), a fatal close, or the cause as it is.
function loginError(error: unknown): CitebotError {
  if (error instanceof CitebotError) return error;
  const { status, code } = (error ?? {}) as { status?: unknown; code?: unknown };
  if (status === 401 || code === 'TokenInvalid')
    return new CitebotError('DISCORD_TOKEN_INVALID', undefined, { cause: error });
  return new CitebotError('DISCORD_LOGIN_FAILED', error instanceof Error ? error.message : String(error), {
    cause: error,
  });
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
      `feedback log: ${report.rejectedLines} unreadable line(s) moved to feedback.jsonl.rejected, ` +
        `${report.truncatedBytes} byte(s) of an unfinished last line removed`,
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
