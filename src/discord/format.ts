import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import { citedSection } from '../answer/format.ts';
import type { Answer, Source } from '../answer/types.ts';
import type { IndexManifest } from '../index/types.ts';
import type { Passage } from '../ingest/types.ts';
import { collapseWhiteSpace, escapeDocumentText, fitText } from './escape.ts';
import { WORDS, type Wording, type Words } from './wording.ts';

/** Discord's documented message limits (characters unless stated). */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  /** Title + description + fields + footer + author, over every embed of one message. */
  embedsTotal: 6000,
  embedsPerMessage: 10,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
  buttonLabel: 80,
} as const;

/** A message body that discord.js sends as is; every builder below keeps it within {@link DISCORD_LIMITS}. */
export interface MessageBody {
  content?: string;
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponent>>;
  /** Nothing a document (or a user) writes may ping anyone. */
  allowedMentions: { parse: [] };
}

const NO_MENTIONS = { parse: [] as [] };

const COLOR_ANSWERED = 0x2e7d32;
const COLOR_NOT_COVERED = 0x757575;
const COLOR_INFO = 0x1565c0;

/** Custom id of the "Sources" button under an answer (routed to the `ask` command). */
const SOURCES_BUTTON_ID = 'ask:sources';

// Room kept for the citation list and the trim note when sizing the quotes.
const SOURCE_LIST_MAX = 2000;
const NEAREST_EXCERPT_MAX = 320;

/**
 * The public reply to a question: quotes as block quotes with their `[n]`, the numbered
 * source list (title · section · lines) and a "Sources" button. Wording follows the answer's
 * language. Quotes that do not fit are dropped (the last one cut at a sentence end) and a
 * note points to the Sources button.
 */
export function formatAnswer(answer: Answer, options: { readonly followUpOf?: string } = {}): MessageBody {
  const words = WORDS[answer.language];
  const title = fitText(collapseWhiteSpace(answer.question), DISCORD_LIMITS.embedTitle).text;
  const fields = sourceFields(answer.sources, words);
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
    : [answer.sources.length > 0 ? `${words.notCovered} ${words.nearest}` : words.notCovered];
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
    components: answer.sources.length === 0 ? [] : [sourcesButtonRow(words)],
    allowedMentions: NO_MENTIONS,
  };
}

/** Document text shown as a block quote ending with its citation; `max` caps the quoted text. */
interface QuoteBlock {
  readonly text: string;
  readonly citation: number;
  readonly max: number;
}

function quoteBlocks(answer: Answer): QuoteBlock[] {
  return answer.quotes.map((quote) => ({
    text: collapseWhiteSpace(quote.text),
    citation: quote.source,
    max: DISCORD_LIMITS.embedDescription,
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
  return `> ${fitText(block.text, Math.min(room, block.max) - 2 - citation.length).text}${citation}`;
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
    if (room >= MIN_PARTIAL_QUOTE) parts.push(renderBlock(block, room));
    parts.push(trimNote);
    break;
  }
  return parts.join(BLOCK_SEPARATOR);
}

function sourceFields(sources: readonly Source[], words: Words): APIEmbedField[] {
  const lines = sources.map((source) => sourceLine(source, words));
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

// Whole lines while they fit, then `…`.
function joinLines(lines: readonly string[], budget: number): string {
  let text = '';
  for (const line of lines) {
    const next = appendLine(text, line);
    if (next.length > budget - 2) return appendLine(text, '…');
    text = next;
  }
  return text;
}

function appendLine(text: string, line: string): string {
  return text === '' ? line : `${text}\n${line}`;
}

/** `**[n]** Title · Section › Subsection · lines a–b` (title and section capped, so under 300 characters). */
function sourceLine(source: Source, words: Words): string {
  const parts = [`**[${source.n}]** ${fitText(collapseWhiteSpace(source.title), 120).text}`];
  const section = citedSection(source);
  if (section !== '') parts.push(fitText(collapseWhiteSpace(section), 120).text);
  parts.push(words.lines(source.lines[0], source.lines[1]));
  return parts.join(' · ');
}

function sourcesButtonRow(words: Words): APIActionRowComponent<APIButtonComponent> {
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
    ],
  };
}

/**
 * The private "Sources" view: every cited passage in full (escaped), with its path,
 * section and lines. Returns one or more messages, each within the per-message limits.
 */
export function formatSourcePassages(answer: Answer): MessageBody[] {
  const words = WORDS[answer.language];
  const embeds = answer.sources.map((source) => passageEmbed(source, words));
  return packEmbeds(embeds);
}

function passageEmbed(source: Source, words: Words): APIEmbed {
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
  };
}

function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    fields
  );
}

function packEmbeds(embeds: readonly APIEmbed[]): MessageBody[] {
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

/** A short text-only reply in the bot's own words (errors, notices), within the content limit. */
export function formatNotice(text: string): MessageBody {
  return { content: text.slice(0, DISCORD_LIMITS.content), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}

/** One indexed document as the `/sources` list shows it. */
export interface DocumentSummary {
  readonly path: string;
  readonly title: string;
  readonly passages: number;
  readonly indexedAt: string;
}

/** The manifest's documents sorted by path, keeping those whose title or path contains `filter` (case and accents ignored). */
export function listDocuments(manifest: IndexManifest, filter: string | null): DocumentSummary[] {
  const wanted = filter === null ? '' : fold(filter.trim());
  return Object.entries(manifest.files)
    .map(([path, file]) => ({ path, title: file.title, passages: file.passages, indexedAt: file.indexedAt }))
    .filter(
      (document) => wanted === '' || fold(document.title).includes(wanted) || fold(document.path).includes(wanted),
    )
    .sort((left, right) => left.path.localeCompare(right.path));
}

/** Lower case without diacritics, for lenient matching. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

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
  wording: Wording,
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
      `**${fitText(collapseWhiteSpace(document.title), 150).text}**\n${fitText(document.path, 150).text} · ${words.documentLine(document.passages, discordTimestamp(document.indexedAt))}`,
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

// Discord renders <t:unix:D> in the reader's own time zone and language.
function discordTimestamp(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : `<t:${Math.floor(time / 1000)}:D>`;
}

/** A section of one document, in reading order. */
export interface SectionSummary {
  readonly section: readonly string[];
  readonly passages: readonly Passage[];
}

/** The document's passages grouped by section path, in document order. */
export function groupSections(passages: readonly Passage[]): SectionSummary[] {
  const sections = new Map<string, { section: readonly string[]; passages: Passage[] }>();
  for (const passage of passages) {
    const key = passage.section.join(' › ');
    const entry = sections.get(key) ?? { section: passage.section, passages: [] };
    entry.passages.push(passage);
    sections.set(key, entry);
  }
  return [...sections.values()];
}

/** `Section › Subsection`, or the "no heading" label. */
export function sectionLabel(section: readonly string[], words: Words): string {
  return section.length === 0 ? words.wholeDocument : section.join(' › ');
}

/**
 * `/source`: without a section, the document's sections (passages and lines each);
 * with one, that section's passages in full, as many as one message holds.
 */
export function formatDocument(
  passages: readonly Passage[],
  section: readonly string[] | null,
  wording: Wording,
): MessageBody {
  const words = WORDS[wording];
  const first = passages[0];
  const title = fitText(collapseWhiteSpace(first?.title ?? ''), DISCORD_LIMITS.embedTitle).text;
  const path = first?.path ?? '';
  if (section === null) {
    const lines = groupSections(passages).map((entry) => {
      const start = entry.passages[0]?.lineStart ?? 0;
      const end = entry.passages.at(-1)?.lineEnd ?? start;
      return `**${fitText(collapseWhiteSpace(sectionLabel(entry.section, words)), 200).text}** · ${words.passagesCount(entry.passages.length)} · ${words.lines(start, end)}`;
    });
    const description = joinLines(lines, DISCORD_LIMITS.embedDescription);
    return {
      embeds: [{ title, description, footer: { text: fitText(path, 300, (text) => text).text }, color: COLOR_INFO }],
      components: [],
      allowedMentions: NO_MENTIONS,
    };
  }
  const chosen = passages.filter((passage) => passage.section.join(' › ') === section.join(' › '));
  const header: APIEmbed = {
    title,
    description: fitText(collapseWhiteSpace(sectionLabel(section, words)), 500).text,
    footer: { text: fitText(path, 300, (text) => text).text },
    color: COLOR_INFO,
  };
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

/** `/help`: what the bot does and which index it serves. */
export function formatHelp(manifest: IndexManifest, wording: Wording): MessageBody {
  const words = WORDS[wording];
  const documents = Object.keys(manifest.files).length;
  const model =
    manifest.mode === 'hybrid' && manifest.modelId !== null ? `${manifest.modelId} (hybrid)` : words.fullTextOnly;
  return {
    embeds: [
      {
        title: words.helpTitle,
        description: words.helpDescription,
        fields: [
          { name: words.helpUsageTitle, value: words.helpUsage },
          {
            name: words.helpIndexTitle,
            value: words.helpIndex(
              documents,
              manifest.passageCount,
              discordTimestamp(manifest.builtAt),
              escapeDocumentText(model),
            ),
          },
        ],
        color: COLOR_INFO,
      },
    ],
    components: [],
    allowedMentions: NO_MENTIONS,
  };
}
