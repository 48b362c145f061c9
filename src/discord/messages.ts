import type { Message } from 'discord.js';
import { deliverAnswer, secondsUntilAllowed } from './asking.ts';
import { TRIMMED_MARK, unescapeDocumentText } from './escape.ts';
import { formatNotice } from './views/notice.ts';
import type { BotContext } from './types.ts';
import { askerLanguage, messageWording } from './locale.ts';
import { WORDS } from './wording.ts';

/** The question in a message that mentions the bot: the text with the bot's mentions removed. */
export function stripBotMention(content: string, botUserId: string): string {
  return content
    .replace(new RegExp(`<@!?${botUserId}>`, 'g'), ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * The question of the bot answer `message` replies to: remembered, or else read back from
 * the answer's title (Discord sends the replied-to message along), so follow-ups survive a
 * restart. Undefined when the message is not a reply to a bot answer or the title was cut.
 */
function previousQuestion(message: Message, context: BotContext, botUserId: string): string | undefined {
  const replyTo = message.reference?.messageId;
  if (replyTo === undefined) return undefined;
  const remembered = context.answers.recall(replyTo);
  if (remembered) return remembered.question;
  const replied = message.channel.messages.cache.get(replyTo);
  return replied?.author.id === botUserId ? questionInAnswerTitle(replied.embeds[0]?.title) : undefined;
}

/** The question an answer embed's title shows, unless the title had to be cut. */
export function questionInAnswerTitle(title: string | null | undefined): string | undefined {
  return title && !title.endsWith(TRIMMED_MARK) ? unescapeDocumentText(title) : undefined;
}

/**
 * Answers a message that is a question for the bot: a mention in a channel, any direct
 * message, or a reply to one of the bot's answers (a follow-up asked in that answer's
 * context). Other messages are ignored.
 */
export async function handleMessage(message: Message, context: BotContext, botUserId: string): Promise<void> {
  if (message.author.bot || message.system) return;
  const previous = previousQuestion(message, context, botUserId);
  const inDirectMessage = !message.inGuild();
  const mentioned = message.mentions.users.has(botUserId);
  if (!inDirectMessage && !previous && !mentioned) return;
  // Without the privileged message-content intent, Discord sends the text of a guild reply only
  // when it pings the bot: a reply with the ping turned off arrives empty and may not be meant for us.
  if (!inDirectMessage && !mentioned && message.content.trim() === '') return;
  const receivedAt = performance.now();

  const via = inDirectMessage ? 'dm' : 'mention';
  const wait = secondsUntilAllowed(context, { via, userId: message.author.id, guildId: message.guildId });
  if (wait !== null) {
    await message.reply(formatNotice(WORDS[messageWording(message)].rateLimited(wait)));
    return;
  }
  // The typing indicator is a courtesy: failing to show it must not stop the answer.
  if (message.channel.isSendable())
    message.channel
      .sendTyping()
      .catch((error: unknown) =>
        context.logger.debug({ event: 'typing_failed', err: error }, 'typing indicator failed'),
      );
  await deliverAnswer(
    context,
    {
      via,
      userId: message.author.id,
      guildId: message.guildId,
      question: stripBotMention(message.content, botUserId),
      ...(previous === undefined ? {} : { followUpOf: previous }),
      askerLanguage: askerLanguage({ guildLocale: message.guild?.preferredLocale ?? null }),
      receivedAt,
    },
    (body) => message.reply(body),
  );
}
