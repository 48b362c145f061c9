import type { APIEmbed } from 'discord.js';
import type { LinkedPlace } from '../../answer/links.ts';
import type { Passage } from '../../ingest/types.ts';
import { groupSections, sectionLabel } from '../catalog.ts';
import { collapseWhiteSpace, fitText } from '../escape.ts';
import { DISCORD_LIMITS } from '../limits.ts';
import { WORDS } from '../wording.ts';
import { appendLine, COLOR_INFO, embedLength, joinLines, NO_MENTIONS, type MessageBody } from './message.ts';
import type { Language } from '../../index/types.ts';

/**
 * `/source`: without a section, the document's sections (passages and lines each);
 * with one, that section's passages in full, as many as one message holds. The title links
 * to the page (or the section on it) when `linkOf` knows it, and the link is written out too.
 */
export function formatDocument(
  passages: readonly Passage[],
  section: readonly string[] | null,
  wording: Language,
  linkOf: (place: LinkedPlace) => string | undefined = () => undefined,
): MessageBody {
  const words = WORDS[wording];
  const first = passages[0];
  const title = fitText(collapseWhiteSpace(first?.title ?? ''), DISCORD_LIMITS.embedTitle).text;
  const path = first?.path ?? '';
  const link = first === undefined ? undefined : linkOf({ path, section: section ?? [] });
  // Embeds never preview their links; the line lets the link be read and copied.
  const linked = (embed: APIEmbed): APIEmbed =>
    link === undefined ? embed : { ...embed, url: link, description: appendLine(link, embed.description ?? '') };
  if (section === null) {
    const lines = groupSections(passages).map((entry) => {
      const start = entry.passages[0]?.lineStart ?? 0;
      const end = entry.passages.at(-1)?.lineEnd ?? start;
      return (
        `**${fitText(collapseWhiteSpace(sectionLabel(entry.section, words)), 200).text}** ` +
        `· ${words.passagesCount(entry.passages.length)} · ${words.lines(start, end)}`
      );
    });
    const description = joinLines(lines, DISCORD_LIMITS.embedDescription - (link?.length ?? 0) - 1);
    return {
      embeds: [
        linked({ title, description, footer: { text: fitText(path, 300, (text) => text).text }, color: COLOR_INFO }),
      ],
      components: [],
      allowedMentions: NO_MENTIONS,
    };
  }
  const chosen = passages.filter((passage) => passage.section.join(' › ') === section.join(' › '));
  const header: APIEmbed = linked({
    title,
    description: fitText(collapseWhiteSpace(sectionLabel(section, words)), 500).text,
    footer: { text: fitText(path, 300, (text) => text).text },
    color: COLOR_INFO,
  });
  const embeds: APIEmbed[] = [header];
  let size = embedLength(header);
  const noteRoom = 200;
  for (const passage of chosen) {
    const embed: APIEmbed = {
      description: fitText(passage.text.trim(), Math.min(DISCORD_LIMITS.embedDescription, 1800)).text,
      footer: { text: words.lines(passage.lineStart, passage.lineEnd) },
      color: COLOR_INFO,
    };
    const length = embedLength(embed);
    if (size + length > DISCORD_LIMITS.embedsTotal - noteRoom || embeds.length === DISCORD_LIMITS.embedsPerMessage)
      break;
    embeds.push(embed);
    size += length;
  }
  const hidden = chosen.length - (embeds.length - 1);
  return {
    ...(hidden > 0 ? { content: words.morePassages(hidden) } : {}),
    embeds,
    components: [],
    allowedMentions: NO_MENTIONS,
  };
}
