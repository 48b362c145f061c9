import { DISCORD_LIMITS } from '../limits.ts';
import { NO_MENTIONS, type MessageBody } from './message.ts';

/** A short text-only reply in the bot's own words (errors, notices), within the content limit. */
export function formatNotice(text: string): MessageBody {
  return { content: text.slice(0, DISCORD_LIMITS.content), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}
