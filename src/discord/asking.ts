import { isCitebotError } from '../errors.ts';
import type { Language } from '../index/types.ts';
import { recordAnswer } from './feedback.ts';
import { sourceLinkOf } from './links.ts';
import type { BotContext } from './types.ts';
import { formatAnswer } from './views/answer.ts';
import type { MessageBody } from './views/message.ts';

/** One question from Discord, whichever way it came. */
export interface QuestionRequest {
  /** `channel`/`forum`: a message in an auto-answer channel (`ANSWER_CHANNEL_IDS`). */
  readonly via: 'slash' | 'mention' | 'dm' | 'channel' | 'forum';
  readonly userId: string;
  readonly guildId: string | null;
  readonly question: string;
  /** The question of the answer this one replies to. */
  readonly followUpOf?: string;
  /** `/ask document:`: only this document (resolved by the knowledge base; FILTER_NO_MATCH when unknown). */
  readonly document?: string | undefined;
  /** `/ask section:`: only this section. */
  readonly section?: string | undefined;
  /** The asker's language from Discord's locales (the user's, else the server's); absent when Discord gives none. */
  readonly askerLanguage?: Language | undefined;
  /** `performance.now()` when Discord's event arrived: latency is measured from there to the reply. */
  readonly receivedAt: number;
  /** Send nothing when the documents do not cover the question (an auto-detected question). */
  readonly silentWhenUncovered?: boolean;
}

/**
 * Answers `request`, sends the formatted answer with `send` (which returns the sent
 * message's id), remembers it for the Sources button and follow-ups, and logs one line.
 * A bad question (QUESTION_*) is logged on the same line and rethrown for the dispatcher.
 */
export async function deliverAnswer(
  context: BotContext,
  request: QuestionRequest,
  send: (body: MessageBody) => Promise<{ readonly id: string }>,
): Promise<void> {
  const line = {
    event: 'question',
    via: request.via,
    userId: request.userId,
    guildId: request.guildId,
    followUp: request.followUpOf !== undefined,
  };
  try {
    const answer = await context.knowledgeBase.ask(request.question, {
      ...(request.followUpOf === undefined ? {} : { context: request.followUpOf }),
      ...(request.document === undefined ? {} : { document: request.document }),
      ...(request.section === undefined ? {} : { section: request.section }),
      ...(request.askerLanguage === undefined ? {} : { askerLanguage: request.askerLanguage }),
    });
    if (!answer.answered && request.silentWhenUncovered) {
      // Nothing is posted, but the question is still a gap the documents should fill.
      await recordAnswer(context, {
        messageId: null,
        via: request.via,
        guildId: request.guildId,
        question: request.question,
        answer,
      });
      context.logger.info(
        { ...line, latencyMs: Math.round(performance.now() - request.receivedAt), answered: false, silent: true },
        'not covered by the documents: left unanswered',
      );
      return;
    }
    const message = await send(
      formatAnswer(answer, {
        ...(request.followUpOf === undefined ? {} : { followUpOf: request.followUpOf }),
        linkOf: sourceLinkOf(context),
        feedback: context.feedback !== null,
      }),
    );
    context.answers.remember(message.id, { question: request.question, answer });
    await recordAnswer(context, {
      messageId: message.id,
      via: request.via,
      guildId: request.guildId,
      question: request.question,
      answer,
    });
    context.logger.info(
      {
        ...line,
        latencyMs: Math.round(performance.now() - request.receivedAt),
        answered: answer.answered,
        mode: answer.mode,
        quotes: answer.quotes.length,
        sources: answer.sources.length,
      },
      answer.answered ? 'answered' : 'not covered by the documents',
    );
  } catch (error) {
    context.logger.info(
      {
        ...line,
        latencyMs: Math.round(performance.now() - request.receivedAt),
        answered: false,
        code: isCitebotError(error) ? error.code : 'UNEXPECTED',
      },
      'question failed',
    );
    throw error;
  }
}

/**
 * Counts a question against the user's rate limit. Returns null when it may be answered,
 * else the whole seconds to wait (never 0: "wait 0 s" reads as a bug), logging the refusal.
 */
export function secondsUntilAllowed(
  context: BotContext,
  request: Pick<QuestionRequest, 'via' | 'userId' | 'guildId'>,
): number | null {
  const decision = context.rateLimiter.take(request.userId);
  if (decision.allowed) return null;
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  context.logger.info(
    { event: 'question', ...request, answered: false, rateLimited: true, retryAfterSeconds: seconds },
    'rate limited',
  );
  return seconds;
}
