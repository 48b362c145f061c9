import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials, RESTEvents } from 'discord.js';
import type { KnowledgeBase } from '../answer/index.ts';
import type { Config } from '../config.ts';
import { CitebotError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { AnswerMemory } from './answer-memory.ts';
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

  const client = new Client({
    // Mentions and DMs carry their content without the privileged MessageContent intent.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // DM channels are not cached before their first message.
    partials: [Partials.Channel],
    rest: { api: config.discord.apiUrl },
    allowedMentions: { parse: [] },
  });
  const context: BotContext = {
    knowledgeBase,
    logger,
    rateLimiter: new RateLimiter(config.rateLimit),
    answers: new AnswerMemory(),
  };

  // Handlers run concurrently and are never awaited by the gateway; stop() drains them.
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const onInteraction = createInteractionHandler(commands, context);
  const onMessage = createMessageHandler((message) => handleMessage(message, context, client.user?.id ?? ''), context);
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
  const onUnhandledRejection = (reason: unknown) =>
    logger.error({ event: 'unhandled_rejection', err: reason }, 'unhandled promise rejection');
  process.on('unhandledRejection', onUnhandledRejection);

  const ready = once(client, Events.ClientReady);
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    process.off('unhandledRejection', onUnhandledRejection);
    await client.destroy();
    throw new CitebotError('DISCORD_LOGIN_FAILED', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
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
      await drain(inFlight, options.drainTimeoutMs ?? 10_000);
      await client.destroy();
      process.off('unhandledRejection', onUnhandledRejection);
      logger.info({ event: 'bot_stopped' }, 'bot stopped');
    },
  };
}

async function drain(inFlight: ReadonlySet<Promise<void>>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([Promise.allSettled(inFlight), timeout]);
  clearTimeout(timer);
}
