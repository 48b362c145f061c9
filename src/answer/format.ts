import type { Language } from '../index/types.ts';
import type { Answer, Source } from './types.ts';

/**
 * The phrases around quotes, in the answer's language: the one table for them, which the
 * terminal rendering here and the bot's replies (src/discord/wording.ts) both read.
 */
export const ANSWER_WORDS = {
  fr: {
    notCovered: 'Les documents ne répondent pas à cette question.',
    unmentioned: (word: string) => `Aucun passage ne mentionne « ${word} ».`,
    unnamed: (name: string) => `Les passages les plus proches de la question ne mentionnent pas « ${name} ».`,
    /** `found`: some passages were found (they are in `language`); else none was, and the documents are. */
    askInLanguage: (language: Language, found: boolean) =>
      `${found ? 'Les passages trouvés sont' : 'Les documents sont'} en ${language === 'en' ? 'anglais' : 'français'} : ` +
      `posée en ${language === 'en' ? 'anglais' : 'français'}, la question trouvera peut-être sa réponse.`,
    nearest: 'Les passages les plus proches :',
    sources: 'Sources :',
    lines: (from: number, to: number) => (from === to ? `ligne ${from}` : `lignes ${from}–${to}`),
    quote: (text: string) => `« ${text} »`,
  },
  en: {
    notCovered: 'The documents do not answer this question.',
    unmentioned: (word: string) => `No passage mentions “${word}”.`,
    unnamed: (name: string) => `The passages closest to the question do not mention “${name}”.`,
    askInLanguage: (language: Language, found: boolean) =>
      `${found ? 'The passages found are' : 'The documents are'} in ${language === 'fr' ? 'French' : 'English'}: ` +
      `asked in ${language === 'fr' ? 'French' : 'English'}, the question may find its answer.`,
    nearest: 'The nearest passages:',
    sources: 'Sources:',
    lines: (from: number, to: number) => (from === to ? `line ${from}` : `lines ${from}–${to}`),
    quote: (text: string) => `“${text}”`,
  },
} as const satisfies Record<Language, object>;

/**
 * "Section › Subsection", without a leading heading that only repeats the title (the first
 * `# Heading` of a page is usually its title too). Empty when nothing is left.
 */
export function citedSection(source: Pick<Source, 'title' | 'section'>): string {
  const [first, ...rest] = source.section;
  return (first === source.title ? rest : source.section).join(' › ');
}

/** "Title · Section › Subsection · lines 3–5": how a source is cited everywhere. */
export function citationLabel(source: Source, language: Language): string {
  const parts = [source.title];
  const section = citedSection(source);
  if (section !== '') parts.push(section);
  parts.push(ANSWER_WORDS[language].lines(source.lines[0], source.lines[1]));
  return parts.join(' · ');
}

const EXCERPT_LENGTH = 240;

/** Plain-text rendering for the terminal and `npm run ask`: quotes with [n], then the sources. */
export function formatAnswerText(answer: Answer): string {
  const words = ANSWER_WORDS[answer.language];
  const lines: string[] = [];
  if (answer.answered) {
    // A prose quote keeps the document's characters at its offsets (blanked markup included), so that it verifies;
    // runs of white space left by inline HTML are shown as one space, as in Discord.
    for (const quote of answer.quotes)
      lines.push(
        quote.code === true
          ? `\`\`\`\n${quote.text}\n\`\`\` [${quote.source}]`
          : `${words.quote(displayText(quote.text))} [${quote.source}]`,
      );
    lines.push('', words.sources);
    for (const source of answer.sources)
      lines.push(`[${source.n}] ${citationLabel(source, answer.language)} (${source.path})`);
  } else {
    lines.push(words.notCovered);
    if (answer.unmentioned !== undefined) lines.push(words.unmentioned(answer.unmentioned));
    if (answer.unnamed !== undefined) lines.push(words.unnamed(answer.unnamed));
    if (answer.documentsLanguage !== undefined)
      lines.push(words.askInLanguage(answer.documentsLanguage, answer.sources.length > 0));
    if (answer.sources.length > 0) {
      lines.push('', words.nearest);
      for (const source of answer.sources) {
        lines.push(`[${source.n}] ${citationLabel(source, answer.language)} (${source.path})`);
        lines.push(`    ${excerpt(source.text)}`);
      }
    }
  }
  return lines.join('\n');
}

/** The passage's opening words, cut at a word boundary. */
export function excerpt(text: string, length = EXCERPT_LENGTH): string {
  const flat = displayText(text);
  if (flat.length <= length) return flat;
  const cut = flat.lastIndexOf(' ', length);
  return `${flat.slice(0, cut > length / 2 ? cut : length)}…`;
}

/** The machine-readable answer printed by `npm run ask -- --json` (a stable, documented shape). */
export interface JsonAnswer {
  readonly question: string;
  readonly answered: boolean;
  readonly language: Language;
  readonly mode: Answer['mode'];
  readonly quotes: ReadonlyArray<{
    readonly text: string;
    readonly source: number;
    readonly lines: readonly [number, number];
    /** Present (true) when the quote is a whole code block. */
    readonly code?: true;
  }>;
  readonly sources: ReadonlyArray<{
    readonly n: number;
    readonly title: string;
    readonly path: string;
    readonly section: string;
    readonly lines: readonly [number, number];
    readonly score: number;
  }>;
  /** Present when the question was declined for naming something no passage holds: that word, as written. */
  readonly unmentioned?: string;
  /** Present when the passages that would cover the question lack a name it writes: that name, as written. */
  readonly unnamed?: string;
  /** Present when a declined question is in the other language than the documents: theirs, to ask in. */
  readonly documentsLanguage?: Language;
}

/** Projects an answer onto {@link JsonAnswer}: section as "A › B", scores rounded. */
export function toJsonAnswer(answer: Answer): JsonAnswer {
  return {
    question: answer.question,
    answered: answer.answered,
    language: answer.language,
    mode: answer.mode,
    quotes: answer.quotes.map((quote) => ({
      text: quote.text,
      source: quote.source,
      lines: quote.lines,
      ...(quote.code === true ? { code: true } : {}),
    })),
    sources: answer.sources.map((source) => ({
      n: source.n,
      title: source.title,
      path: source.path,
      section: source.section.join(' › '),
      lines: source.lines,
      score: Math.round(source.score * 10_000) / 10_000,
    })),
    ...(answer.unmentioned === undefined ? {} : { unmentioned: answer.unmentioned }),
    ...(answer.unnamed === undefined ? {} : { unnamed: answer.unnamed }),
    ...(answer.documentsLanguage === undefined ? {} : { documentsLanguage: answer.documentsLanguage }),
  };
}

/**
 * Document text as shown on one line: white space collapsed, and the gap that removed markup leaves before a
 * period, a comma or a closing parenthesis closed ("see [lockfiles](…)." is indexed as "see  lockfiles ." at the
 * file's offsets; it reads "see lockfiles."). A space before `;`, `:`, `!`, `?`, `»` is French typography and stays.
 */
export function displayText(text: string): string {
  return text
    .replace(/\s+/gu, ' ')
    .replace(/ ([.,)])(?=\s|$)/gu, '$1')
    .trim();
}
