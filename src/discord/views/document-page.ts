import { ButtonStyle, ComponentType, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { DocumentSummary } from '../catalog.ts';
import { collapseWhiteSpace, fitText } from '../escape.ts';
import { DISCORD_LIMITS } from '../limits.ts';
import { WORDS } from '../wording.ts';
import { COLOR_INFO, discordTimestamp, NO_MENTIONS, type MessageBody } from './message.ts';
import type { Language } from '../../index/types.ts';

/** Documents per `/sources` page. */
const DOCUMENTS_PER_PAGE = 10;

/** Custom id prefix of the `/sources` page buttons: `sources:page:<page>:<filter>`. */
const PAGE_BUTTON_PREFIX = 'sources:page:';

/** Longest filter that still fits a button's custom id (room left for `<page up to 5 digits>:<p|n>:`). */
export const MAX_FILTER_LENGTH = DISCORD_LIMITS.customId - PAGE_BUTTON_PREFIX.length - 9;

/** One page (0-based, clamped) of the `/sources` list, with Previous/Next buttons carrying the filter. */
export function formatDocumentPage(
  documents: readonly DocumentSummary[],
  page: number,
  filter: string | null,
  wording: Language,
): MessageBody {
  const words = WORDS[wording];
  const pages = Math.max(1, Math.ceil(documents.length / DOCUMENTS_PER_PAGE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const shown = documents.slice(current * DOCUMENTS_PER_PAGE, (current + 1) * DOCUMENTS_PER_PAGE);
  const titleText = filter
    ? words.documentsFiltered(documents.length, collapseWhiteSpace(filter))
    : words.documentsTitle(documents.length);
  const lines = shown.map(
    (document) =>
      `**${fitText(collapseWhiteSpace(document.title), 150).text}**\n${fitText(document.path, 150).text} ` +
      `· ${words.documentLine(document.passages, discordTimestamp(document.indexedAt))}`,
  );
  const embed: APIEmbed = {
    title: fitText(titleText, DISCORD_LIMITS.embedTitle, (text) => text).text,
    description: lines.length === 0 ? words.noDocuments : lines.join('\n\n'),
    footer: { text: words.page(current + 1, pages) },
    color: COLOR_INFO,
  };
  const filterArgument = (filter ?? '').slice(0, MAX_FILTER_LENGTH);
  const button = (target: number, direction: 'p' | 'n', label: string, emoji: string): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    // The direction keeps the two ids distinct even when both buttons are disabled.
    custom_id: `${PAGE_BUTTON_PREFIX}${target}:${direction}:${filterArgument}`,
    label,
    emoji: { name: emoji },
    disabled: target < 0 || target >= pages,
  });
  const components =
    pages > 1
      ? [
          {
            type: ComponentType.ActionRow as const,
            components: [button(current - 1, 'p', words.previous, '◀'), button(current + 1, 'n', words.next, '▶')],
          },
        ]
      : [];
  return { embeds: [embed], components, allowedMentions: NO_MENTIONS };
}

/** Reads back `sources:page:<page>:<p|n>:<filter>` (without the `sources:` prefix the dispatcher removed). */
export function parsePageButton(args: readonly string[]): { page: number; filter: string | null } | null {
  const [action, page, _direction, ...filterParts] = args;
  const number = Number(page);
  if (action !== 'page' || !Number.isInteger(number)) return null;
  const filter = filterParts.join(':');
  return { page: number, filter: filter === '' ? null : filter };
}
