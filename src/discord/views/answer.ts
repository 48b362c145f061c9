import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import { citedSection, displayText } from '../../answer/format.ts';
import type { Answer, Source } from '../../answer/types.ts';
import { collapseWhiteSpace, escapeDocumentText, fitText, ZERO_WIDTH_SPACE } from '../escape.ts';
import { DISCORD_LIMITS } from '../limits.ts';
import { WORDS, type Words } from '../wording.ts';
import { voteButtons } from './vote-buttons.ts';
import { appendLine, COLOR_ANSWERED, COLOR_NOT_COVERED, NO_MENTIONS, type MessageBody } from './message.ts';

/** Custom id of the "Sources" button under an answer (routed to the `ask` command). */
const SOURCES_BUTTON_ID = 'ask:sources';

// Room kept for the citation list and the trim note when sizing the quotes.
const SOURCE_LIST_MAX = 2000;
const NEAREST_EXCERPT_MAX = 320;

/** How {@link formatAnswer} renders an answer besides its content. */
export interface AnswerViewOptions {
  /** The question this one follows up (shown in the footer). */
  readonly followUpOf?: string;
  /** The page a source links to (its document's URL and section anchor), when it has one. */
  readonly linkOf?: (source: Source) => string | undefined;
  /** Adds the Helpful / Not helpful buttons. */
  readonly feedback?: boolean;
}

/**
 * The public reply to a question: quotes as block quotes with their `[n]`, the numbered
 * source list (title · section · lines, the title linking to the page when it has one), a
 * "Sources" button and, with feedback on, Helpful / Not helpful. Wording follows the
 * answer's language. Quotes that do not fit are dropped (the last one cut at a sentence end)
 * and a note points to the Sources button.
 */
export function formatAnswer(answer: Answer, options: AnswerViewOptions = {}): MessageBody {
  const words = WORDS[answer.language];
  const title = fitText(collapseWhiteSpace(answer.question), DISCORD_LIMITS.embedTitle).text;
  const fields = sourceFields(answer.sources, words, options.linkOf);
  // Footers show plain text (no markdown, no mentions): nothing to escape there.
  const footer =
    options.followUpOf === undefined
      ? undefined
      : fitText(collapseWhiteSpace(words.followUp(options.followUpOf)), 200, (text) => text).text;
  const used =
    title.length +
    (footer?.length ?? 0) +
    fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  const room = Math.min(DISCORD_LIMITS.embedDescription, DISCORD_LIMITS.embedsTotal - used);
  // "Nearest passages:" only when there are some (a question sharing no word with the documents finds none).
  const intro = answer.answered
    ? []
    : [
        [
          words.notCovered,
          // A word of the asker's question, escaped like document text.
          ...(answer.unmentioned === undefined ? [] : [words.unmentioned(escapeDocumentText(answer.unmentioned))]),
          ...(answer.unnamed === undefined ? [] : [words.unnamed(escapeDocumentText(answer.unnamed))]),
          ...(answer.documentsLanguage === undefined
            ? []
            : [words.askInLanguage(answer.documentsLanguage, answer.sources.length > 0)]),
          ...(answer.sources.length > 0 ? [words.nearest] : []),
        ].join(' '),
      ];
  const blocks = answer.answered ? quoteBlocks(answer) : nearestBlocks(answer);
  const embed: APIEmbed = {
    title,
    description: joinBlocks(intro, blocks, room, words.trimmed),
    color: answer.answered ? COLOR_ANSWERED : COLOR_NOT_COVERED,
    fields,
  };
  if (footer !== undefined) embed.footer = { text: footer };
  return {
    embeds: [embed],
    components: answer.sources.length === 0 ? [] : [sourcesButtonRow(words, options.feedback === true)],
    allowedMentions: NO_MENTIONS,
  };
}

/** Document text shown as a block quote ending with its citation; `max` caps the quoted text. */
interface QuoteBlock {
  readonly text: string;
  readonly citation: number;
  readonly max: number;
  /** A code block: shown as code, line breaks kept, never cut. */
  readonly code?: boolean;
}

function quoteBlocks(answer: Answer): QuoteBlock[] {
  return answer.quotes.map((quote) => ({
    text: quote.code === true ? quote.text : displayText(quote.text),
    citation: quote.source,
    max: DISCORD_LIMITS.embedDescription,
    ...(quote.code === true ? { code: true } : {}),
  }));
}

function nearestBlocks(answer: Answer): QuoteBlock[] {
  return answer.sources.map((source) => ({
    text: collapseWhiteSpace(source.text),
    citation: source.n,
    max: NEAREST_EXCERPT_MAX,
  }));
}

function renderBlock(block: QuoteBlock, room: number): string {
  const citation = ` **[${block.citation}]**`;
  if (block.code === true) return `${codeBlock(block.text)}${citation}`;
  return `> ${fitText(block.text, Math.min(room, block.max) - 2 - citation.length).text}${citation}`;
}

/** A fenced code block; a fence inside the code is broken with a zero-width space so it cannot close the block. */
function codeBlock(code: string): string {
  return `\`\`\`\n${code.replaceAll('```', `\`${ZERO_WIDTH_SPACE}\`\``)}\n\`\`\``;
}

const BLOCK_SEPARATOR = '\n\n';
// Below this, a cut quote would be a useless stub: drop it and let the note point to Sources.
const MIN_PARTIAL_QUOTE = 120;

// Whole quotes while they fit; the first that does not fit is cut at a sentence end
// (keeping its citation) and followed by the note pointing to the Sources button.
function joinBlocks(intro: readonly string[], blocks: readonly QuoteBlock[], budget: number, trimNote: string): string {
  const parts = [...intro];
  const lengthOf = (list: readonly string[]) => list.join(BLOCK_SEPARATOR).length;
  for (const [position, block] of blocks.entries()) {
    const whole = renderBlock(block, block.max);
    const reserve = position === blocks.length - 1 ? 0 : BLOCK_SEPARATOR.length + trimNote.length;
    if (lengthOf([...parts, whole]) + reserve <= budget) {
      parts.push(whole);
      continue;
    }
    const room = budget - lengthOf(parts) - 2 * BLOCK_SEPARATOR.length - trimNote.length;
    // Cut code is wrong code: a block that does not fit whole is left to the Sources view.
    if (room >= MIN_PARTIAL_QUOTE && block.code !== true) parts.push(renderBlock(block, room));
    parts.push(trimNote);
    break;
  }
  return parts.join(BLOCK_SEPARATOR);
}

function sourceFields(sources: readonly Source[], words: Words, linkOf: AnswerViewOptions['linkOf']): APIEmbedField[] {
  const lines = sources.map((source) => sourceLine(source, words, linkOf?.(source)));
  const fields: APIEmbedField[] = [];
  let value = '';
  let total = 0;
  for (const [position, line] of lines.entries()) {
    const full = total + line.length > SOURCE_LIST_MAX;
    const next = full ? words.moreSources(lines.length - position) : line;
    if (value.length + next.length + 1 > DISCORD_LIMITS.fieldValue) {
      fields.push({ name: fields.length === 0 ? words.sources : words.sourcesContinued, value });
      value = '';
    }
    value = appendLine(value, next);
    total += next.length + 1;
    if (full) break;
  }
  if (value !== '') fields.push({ name: fields.length === 0 ? words.sources : words.sourcesContinued, value });
  return fields;
}

/**
 * `**[n]** Title · Section › Subsection · lines a–b` (title and section capped, so under 300
 * characters plus the link): the title links to `link` in `<…>`, which Discord never previews.
 */
function sourceLine(source: Source, words: Words, link: string | undefined): string {
  const title = fitText(collapseWhiteSpace(source.title), 120).text;
  const parts = [`**[${source.n}]** ${link === undefined ? title : `[${title}](<${link}>)`}`];
  const section = citedSection(source);
  if (section !== '') parts.push(fitText(collapseWhiteSpace(section), 120).text);
  parts.push(words.lines(source.lines[0], source.lines[1]));
  return parts.join(' · ');
}

function sourcesButtonRow(words: Words, feedback: boolean): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: SOURCES_BUTTON_ID,
        label: words.sources,
        emoji: { name: '📚' },
      },
      ...(feedback ? voteButtons(words) : []),
    ],
  };
}
