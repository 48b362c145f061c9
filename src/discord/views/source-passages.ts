import type { APIEmbed } from 'discord.js';
import { citedSection } from '../../answer/format.ts';
import type { Answer, Source } from '../../answer/types.ts';
import { collapseWhiteSpace, fitText } from '../escape.ts';
import { DISCORD_LIMITS } from '../limits.ts';
import { WORDS, type Words } from '../wording.ts';
import { COLOR_INFO, packEmbeds, type MessageBody } from './message.ts';

/**
 * The private "Sources" view: every cited passage in full (escaped), with its path,
 * section and lines, its title linking to the page when `linkOf` knows one (an embed's link
 * is never previewed). Returns one or more messages, each within the per-message limits.
 */
export function formatSourcePassages(
  answer: Answer,
  linkOf: (source: Source) => string | undefined = () => undefined,
): MessageBody[] {
  const words = WORDS[answer.language];
  const embeds = answer.sources.map((source) => passageEmbed(source, words, linkOf(source)));
  return packEmbeds(embeds);
}

function passageEmbed(source: Source, words: Words, link: string | undefined): APIEmbed {
  const footer = fitText(
    [source.path, citedSection(source), words.lines(source.lines[0], source.lines[1])]
      .filter((part) => part !== '')
      .join(' · '),
    300,
    (text) => text,
  ).text;
  return {
    title: `[${source.n}] ${fitText(collapseWhiteSpace(source.title), DISCORD_LIMITS.embedTitle - 10).text}`,
    description: fitText(source.text.trim(), DISCORD_LIMITS.embedDescription).text,
    footer: { text: footer },
    color: COLOR_INFO,
    ...(link === undefined ? {} : { url: link }),
  };
}
