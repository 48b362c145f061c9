import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';
import { DISCORD_LIMITS } from '../limits.ts';

/** A message body that discord.js sends as is; every view in this folder keeps it within {@link DISCORD_LIMITS}. */
export interface MessageBody {
  content?: string;
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponent>>;
  /** Nothing a document (or a user) writes may ping anyone. */
  allowedMentions: { parse: [] };
}

/** `allowedMentions` of every reply. */
export const NO_MENTIONS = { parse: [] as [] };

/** Embed side colour of an answer. */
export const COLOR_ANSWERED = 0x2e7d32;
/** Embed side colour of a question the documents do not cover. */
export const COLOR_NOT_COVERED = 0x757575;
/** Embed side colour of everything else (lists, help, notices). */
export const COLOR_INFO = 0x1565c0;

/** Whole lines while they fit in `budget`, then `…`. */
export function joinLines(lines: readonly string[], budget: number): string {
  let text = '';
  for (const line of lines) {
    const next = appendLine(text, line);
    if (next.length > budget - 2) return appendLine(text, '…');
    text = next;
  }
  return text;
}

/** `text` with `line` on a line of its own after it. */
export function appendLine(text: string, line: string): string {
  return text === '' ? line : `${text}\n${line}`;
}

/** What an embed counts against Discord's per-message total. */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    fields
  );
}

/** Embeds packed into as few messages as the per-message limits allow, in order. */
export function packEmbeds(embeds: readonly APIEmbed[]): MessageBody[] {
  const messages: MessageBody[] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const embed of embeds) {
    const length = embedLength(embed);
    if (
      current.length > 0 &&
      (size + length > DISCORD_LIMITS.embedsTotal || current.length === DISCORD_LIMITS.embedsPerMessage)
    ) {
      messages.push({ embeds: current, components: [], allowedMentions: NO_MENTIONS });
      current = [];
      size = 0;
    }
    current.push(embed);
    size += length;
  }
  if (current.length > 0) messages.push({ embeds: current, components: [], allowedMentions: NO_MENTIONS });
  return messages;
}

/**
 * `<t:unix:D>`, which Discord renders in the reader's own time zone and language (an unreadable date is shown as is).
 */
export function discordTimestamp(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : `<t:${Math.floor(time / 1000)}:D>`;
}
