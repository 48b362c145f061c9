import { ChannelType, DiscordAPIError, RESTJSONErrorCodes, type Message, type ThreadChannel } from 'discord.js';
import { MAX_QUESTION_LENGTH } from '../answer/index.ts';
import { deliverAnswer, secondsUntilAllowed } from './asking.ts';
import { classifyChatMessage } from './chat-question.ts';
import { askerLanguage } from './locale.ts';
import { stripBotMention } from './messages.ts';
import type { BotContext } from './types.ts';

/** Where an auto-answer goes: a thread started from the message, or the forum post itself. */
export type AutoAnswerPlace = 'thread' | 'post';

// Discord's limit on a thread name.
const THREAD_NAME_LIMIT = 100;

/**
 * Whether `message` is one the bot answers by itself: a new message in an auto-answer text
 * channel, or the first message of a new post in an auto-answer forum (which has the post's
 * id). Messages inside threads of a text channel are not: the thread is the conversation.
 */
export function autoAnswerPlace(message: Message, channelIds: ReadonlySet<string>): AutoAnswerPlace | null {
  if (channelIds.size === 0 || !message.inGuild() || message.author.bot || message.system) return null;
  const channel = message.channel;
  if (
    channelIds.has(channel.id) &&
    (channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement)
  )
    return 'thread';
  if (
    channel.isThread() &&
    channel.parentId !== null &&
    channelIds.has(channel.parentId) &&
    message.id === channel.id &&
    (channel.parent === null ||
      channel.parent.type === ChannelType.GuildForum ||
      channel.parent.type === ChannelType.GuildMedia)
  )
    return 'post';
  return null;
}

/**
 * Answers a message of an auto-answer channel: a question (see `classifyChatMessage`, or any
 * message that mentions the bot) gets its answer in a new thread or in its forum post. A
 * question the documents do not cover gets no reply unless `AUTO_ANSWER_UNCOVERED=nearest`
 * (or the bot was mentioned); nor does a user over the rate limit (no noise in the channel).
 */
export async function handleAutoAnswer(
  message: Message<true>,
  place: AutoAnswerPlace,
  context: BotContext,
  botUserId: string,
): Promise<void> {
  const receivedAt = performance.now();
  const title = place === 'post' && message.channel.isThread() ? message.channel.name : '';
  const text = stripBotMention([title, message.content].filter((part) => part.trim() !== '').join('\n'), botUserId);
  const mentioned = message.mentions.users.has(botUserId);
  const kind = classifyChatMessage(text);
  const via = place === 'post' ? 'forum' : 'channel';
  if (kind.kind === 'chat' && !mentioned) {
    context.logger.debug({ event: 'auto_answer_skipped', via, reason: kind.reason, messageId: message.id });
    return;
  }
  if (secondsUntilAllowed(context, { via, userId: message.author.id, guildId: message.guildId }) !== null) return;
  const question = clampQuestion(text);
  await deliverAnswer(
    context,
    {
      via,
      userId: message.author.id,
      guildId: message.guildId,
      question,
      askerLanguage: askerLanguage({ guildLocale: message.guild.preferredLocale }),
      receivedAt,
      silentWhenUncovered: !mentioned && context.autoAnswer.uncovered === 'silent',
    },
    async (body) => {
      if (place === 'post' && message.channel.isSendable()) return message.channel.send(body);
      const thread = await threadFrom(message, threadName(question));
      return thread.send(body);
    },
  );
}

// Someone may have opened a thread on the message before the answer was ready: answer there.
async function threadFrom(message: Message<true>, name: string): Promise<ThreadChannel> {
  try {
    return await message.startThread({ name });
  } catch (error) {
    if (!(error instanceof DiscordAPIError) || error.code !== RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage)
      throw error;
    const existing = message.thread ?? (await message.client.channels.fetch(message.id));
    if (existing?.isThread()) return existing;
    throw error;
  }
}

/** A long post asks its question within its first {@link MAX_QUESTION_LENGTH} characters: cut at a word there. */
function clampQuestion(text: string): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= MAX_QUESTION_LENGTH) return flat;
  const cut = flat.slice(0, MAX_QUESTION_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  return lastSpace > MAX_QUESTION_LENGTH / 2 ? cut.slice(0, lastSpace) : cut;
}

/** The thread's name: the question, within Discord's 100 characters. */
function threadName(question: string): string {
  const flat = question.replace(/\s+/gu, ' ').trim();
  return flat.length <= THREAD_NAME_LIMIT ? flat : `${flat.slice(0, THREAD_NAME_LIMIT - 1).trimEnd()}…`;
}
