import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { Answer } from '../answer/types.ts';
import { placeOf } from '../feedback/store.ts';
import type { Vote } from '../feedback/types.ts';
import type { BotContext } from './types.ts';
import { formatNotice } from './views/notice.ts';
import { interactionWording } from './locale.ts';
import { WORDS } from './wording.ts';

/** What {@link recordAnswer} stores of a question and its answer (never who asked). */
export interface DeliveredAnswer {
  /** The answer message's id; null when nothing was posted (an auto-detected question left unanswered). */
  readonly messageId: string | null;
  readonly via: string;
  readonly guildId: string | null;
  readonly question: string;
  readonly answer: Answer;
}

/**
 * Records an answer in the feedback store, for its vote buttons and the gaps report. The
 * answer is already on Discord: a failed write is logged, never turned into an error for the asker.
 */
export async function recordAnswer(context: BotContext, delivered: DeliveredAnswer): Promise<void> {
  if (!context.feedback) return;
  try {
    await context.feedback.recordAnswer({
      answerId: delivered.messageId,
      question: delivered.question,
      answered: delivered.answer.answered,
      via: delivered.via,
      guildId: delivered.guildId,
      place: placeOf(delivered.answer),
    });
  } catch (error) {
    context.logger.error(
      { event: 'feedback_write_failed', messageId: delivered.messageId, err: error },
      'could not record the answer in the feedback store',
    );
  }
}

/**
 * A click on Helpful / Not helpful: records the clicker's vote on the answer the button is on
 * (one per user, a new click on the other button changes it) and tells them privately. An
 * answer the store does not know (older than the retention, or from before feedback was
 * recorded) gets a sentence saying so.
 */
export async function handleVoteButton(interaction: ButtonInteraction, context: BotContext, vote: Vote): Promise<void> {
  const words = WORDS[interactionWording(interaction)];
  const reply = (text: string) => interaction.reply({ ...formatNotice(text), flags: MessageFlags.Ephemeral });
  if (!context.feedback) {
    await reply(words.feedbackOff);
    return;
  }
  const outcome = await context.feedback.vote(interaction.message.id, interaction.user.id, vote);
  context.logger.info(
    { event: 'vote', messageId: interaction.message.id, guildId: interaction.guildId, vote, status: outcome.status },
    'vote',
  );
  const helpful = vote === 'helpful';
  switch (outcome.status) {
    case 'recorded':
      await reply(words.voteRecorded(helpful));
      return;
    case 'changed':
      await reply(words.voteChanged(helpful));
      return;
    case 'unchanged':
      await reply(words.voteUnchanged(helpful));
      return;
    case 'unknown-answer':
      await reply(words.voteUnknownAnswer(context.feedback.retentionDays));
      return;
  }
}
