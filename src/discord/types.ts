import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { KnowledgeBase } from '../answer/index.ts';
import type { LinkSettings } from '../answer/links.ts';
import type { FeedbackStore } from '../feedback/store.ts';
import type { Logger } from '../logger.ts';
import type { BuildQueue } from '../pipeline/build-process.ts';
import type { AnswerMemory } from './answer-memory.ts';
import type { RateLimiter } from './rate-limit.ts';

/** What every handler gets besides its interaction. */
export interface BotContext {
  readonly knowledgeBase: KnowledgeBase;
  readonly logger: Logger;
  readonly rateLimiter: RateLimiter;
  readonly answers: AnswerMemory;
  /** Index builds started from Discord (`/reindex`) or by the corpus watcher: one at a time. */
  readonly builds: BuildQueue;
  /** Least time between two progress edits of a `/reindex` reply. */
  readonly reindexProgressIntervalMs: number;
  /**
   * Channels answered without a mention (`ANSWER_CHANNEL_IDS`), and what to do when the documents do not cover a
   * question there.
   */
  readonly autoAnswer: { readonly channelIds: ReadonlySet<string>; readonly uncovered: 'silent' | 'nearest' };
  /** Votes and uncovered questions on disk; null when FEEDBACK_ENABLED=false. */
  readonly feedback: FeedbackStore | null;
  /** Where citations link to. */
  readonly links: LinkSettings;
}

/**
 * One slash command. Buttons whose custom id starts with `<data.name>:` are routed to
 * `button` with the rest of the id split on `:`.
 */
export interface SlashCommand {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
  button?(interaction: ButtonInteraction, context: BotContext, args: readonly string[]): Promise<void>;
}
