import type { Language } from '../index/types.ts';
import { foldAccents } from '../index/tokenizer.ts';
import type { CitedPlace, JudgedAnswer } from './types.ts';

/** One question of the report, counted over its askings (same words, case and accents ignored). */
export interface GapQuestion {
  /** As asked the last time. */
  readonly question: string;
  /** Times it was asked and not covered. */
  readonly uncovered: number;
  /** Current "Not helpful" / "Helpful" votes on its answers that were voted not helpful. */
  readonly unhelpfulVotes: number;
  readonly helpfulVotes: number;
  /** ISO date-time of the last asking. */
  readonly lastAt: string;
}

/** The gaps near one document section (or, with `place` null, near no document at all). */
export interface GapGroup {
  readonly place: CitedPlace | null;
  /** Uncovered askings plus "Not helpful" votes: what the group is ranked by. */
  readonly weight: number;
  readonly questions: readonly GapQuestion[];
}

/** The knowledge-gaps report: what the documents fail to answer, most frequent first. */
export interface GapsReport {
  readonly since: Date;
  readonly until: Date;
  readonly days: number;
  readonly uncoveredQuestions: number;
  readonly unhelpfulAnswers: number;
  readonly groups: readonly GapGroup[];
}

/** What {@link buildGapsReport} keeps. */
export interface GapsFilter {
  readonly days: number;
  readonly now: Date;
  /** Only questions asked in this guild (a server's admins see their server's questions only); undefined: all. */
  readonly guildId?: string | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days the report looks back when not told (`/gaps`, `npm run gaps`). */
export const DEFAULT_GAPS_DAYS = 30;

/** The start of the report's window: `days` days before `now`. */
export function gapsSince(days: number, now: Date): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * Questions the documents did not cover and answers voted not helpful (more "Not helpful"
 * than "Helpful" votes), grouped by the nearest document and section, groups and questions
 * most frequent first.
 */
export function buildGapsReport(answers: readonly JudgedAnswer[], filter: GapsFilter): GapsReport {
  const since = gapsSince(filter.days, filter.now);
  const groups = new Map<string, { place: CitedPlace | null; questions: Map<string, MutableQuestion> }>();
  let uncoveredQuestions = 0;
  let unhelpfulAnswers = 0;
  for (const { record, helpful, unhelpful } of answers) {
    if (Date.parse(record.at) < since.getTime()) continue;
    if (filter.guildId !== undefined && record.guildId !== filter.guildId) continue;
    const votedUnhelpful = unhelpful > helpful;
    if (record.answered && !votedUnhelpful) continue;
    if (record.answered) unhelpfulAnswers += 1;
    else uncoveredQuestions += 1;
    const key = record.place === null ? '' : `${record.place.path}\u0000${record.place.section.join('\u0000')}`;
    const group = groups.get(key) ?? { place: record.place, questions: new Map<string, MutableQuestion>() };
    groups.set(key, group);
    const questionKey = questionKeyOf(record.question);
    const entry = group.questions.get(questionKey) ?? {
      question: record.question,
      uncovered: 0,
      unhelpfulVotes: 0,
      helpfulVotes: 0,
      lastAt: record.at,
    };
    if (record.at >= entry.lastAt) {
      entry.question = record.question;
      entry.lastAt = record.at;
    }
    if (record.answered) {
      entry.unhelpfulVotes += unhelpful;
      entry.helpfulVotes += helpful;
    } else {
      entry.uncovered += 1;
    }
    group.questions.set(questionKey, entry);
  }
  const ranked = [...groups.values()].map((group) => {
    const questions = [...group.questions.values()].sort(
      (left, right) => weightOf(right) - weightOf(left) || right.lastAt.localeCompare(left.lastAt),
    );
    return { place: group.place, weight: questions.reduce((sum, entry) => sum + weightOf(entry), 0), questions };
  });
  ranked.sort(
    (left, right) =>
      right.weight - left.weight ||
      // The group of questions near no document goes last among equals: it has no page to fix.
      Number(left.place === null) - Number(right.place === null) ||
      placeLabel(left.place).localeCompare(placeLabel(right.place)),
  );
  return { since, until: filter.now, days: filter.days, uncoveredQuestions, unhelpfulAnswers, groups: ranked };
}

interface MutableQuestion {
  question: string;
  uncovered: number;
  unhelpfulVotes: number;
  helpfulVotes: number;
  lastAt: string;
}

function weightOf(question: GapQuestion): number {
  return question.uncovered + question.unhelpfulVotes;
}

// The same question typed twice rarely matches byte for byte: case, accents, spacing and end punctuation do not count.
function questionKeyOf(question: string): string {
  return foldAccents(question.toLowerCase())
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();
}

function placeLabel(place: CitedPlace | null): string {
  if (place === null) return '';
  return [place.title, ...sectionBelowTitle(place)].join(' › ');
}

// A first heading that repeats the title is the title (the way citations show sections).
function sectionBelowTitle(place: CitedPlace): readonly string[] {
  const [first, ...rest] = place.section;
  return first === place.title ? rest : place.section;
}

const REPORT_WORDS = {
  en: {
    title: 'Knowledge gaps',
    window: (days: number, from: string, to: string) =>
      `Last ${days} day${days === 1 ? '' : 's'} (${from} – ${to}, UTC).`,
    totals: (uncovered: number, unhelpful: number) =>
      `${uncovered} question${uncovered === 1 ? '' : 's'} not covered by the documents · ${unhelpful} answer${unhelpful === 1 ? '' : 's'} voted not helpful.`,
    how: 'Grouped by the nearest document and section, most frequent first: a to-do list for whoever writes the documents.',
    none: 'Nothing to report: every question was covered and no answer was voted not helpful.',
    nowhere: 'Near no document',
    uncovered: (count: number) => `not covered ×${count}`,
    unhelpful: (down: number, up: number) => `voted not helpful (👎 ${down} · 👍 ${up})`,
    more: (count: number) => `… ${count} more group${count === 1 ? '' : 's'}: \`npm run gaps\` prints them all.`,
  },
  fr: {
    title: 'Lacunes de la documentation',
    window: (days: number, from: string, to: string) =>
      `${days} dernier${days === 1 ? '' : 's'} jour${days === 1 ? '' : 's'} (du ${from} au ${to}, UTC).`,
    totals: (uncovered: number, unhelpful: number) =>
      `${uncovered} question${uncovered === 1 ? '' : 's'} sans réponse dans les documents ` +
      `· ${unhelpful} réponse${unhelpful === 1 ? '' : 's'} jugée${unhelpful === 1 ? '' : 's'} ` +
      `pas utile${unhelpful === 1 ? '' : 's'}.`,
    how: 'Regroupées par document et section les plus proches, les plus fréquentes d’abord : la liste de travail de qui rédige les documents.',
    none: 'Rien à signaler : toutes les questions ont trouvé réponse et aucune réponse n’a été jugée pas utile.',
    nowhere: 'Proche d’aucun document',
    uncovered: (count: number) => `sans réponse ×${count}`,
    unhelpful: (down: number, up: number) => `jugée pas utile (👎 ${down} · 👍 ${up})`,
    more: (count: number) =>
      `… ${count} autre${count === 1 ? '' : 's'} groupe${count === 1 ? '' : 's'} : \`npm run gaps\` les affiche tous.`,
  },
} as const;

/** How {@link renderGapsMarkdown} writes the report. */
export interface GapsRenderOptions {
  readonly language: Language;
  /** The link of a document section, when its document has one. */
  readonly linkOf?: (place: CitedPlace) => string | undefined;
  /** Stop adding groups once the text reaches this many characters (a Discord attachment); none: everything. */
  readonly maxLength?: number;
}

/** The report as a Markdown document (the `/gaps` attachment and what `npm run gaps` prints). */
export function renderGapsMarkdown(report: GapsReport, options: GapsRenderOptions): string {
  const words = REPORT_WORDS[options.language];
  const header = [
    `# ${words.title}`,
    '',
    words.window(report.days, day(report.since), day(report.until)),
    words.totals(report.uncoveredQuestions, report.unhelpfulAnswers),
    '',
  ];
  if (report.groups.length === 0) return [...header, words.none, ''].join('\n');
  const parts = [[...header, words.how, ''].join('\n')];
  let length = parts[0]?.length ?? 0;
  for (const [position, group] of report.groups.entries()) {
    const section = renderGroup(group, position + 1, words, options.linkOf);
    if (options.maxLength !== undefined && length + section.length > options.maxLength - 200) {
      parts.push(`${words.more(report.groups.length - position)}\n`);
      break;
    }
    parts.push(section);
    length += section.length;
  }
  return parts.join('\n');
}

function renderGroup(
  group: GapGroup,
  rank: number,
  words: (typeof REPORT_WORDS)[Language],
  linkOf: GapsRenderOptions['linkOf'],
): string {
  const place = group.place;
  const lines = [`## ${rank}. ${place === null ? words.nowhere : escapeMarkdown(placeLabel(place))} (${group.weight})`];
  if (place !== null) {
    const link = linkOf?.(place);
    lines.push('', `\`${place.path.replaceAll('`', "'")}\`${link === undefined ? '' : ` — <${link}>`}`);
  }
  lines.push('');
  for (const question of group.questions) {
    const why = [
      ...(question.uncovered > 0 ? [words.uncovered(question.uncovered)] : []),
      ...(question.unhelpfulVotes > 0 ? [words.unhelpful(question.unhelpfulVotes, question.helpfulVotes)] : []),
    ].join(' · ');
    lines.push(`- **${weightOf(question)}** — ${escapeMarkdown(question.question)} — *${why}*`);
  }
  lines.push('');
  return lines.join('\n');
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// Questions are user text: on one line, and nothing in them turns into markup, a link or HTML.
function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|~]/g, '\\$&');
}
