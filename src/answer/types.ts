import type { Language, PassageIndex, SearchMode } from '../index/types.ts';
import type { Passage } from '../ingest/types.ts';
import type { Retriever } from './retriever.ts';

/** A sentence copied verbatim from a document. */
export interface Quote {
  readonly text: string;
  /** Citation number: the `n` of its entry in {@link Answer.sources}. */
  readonly source: number;
  /** Offsets of the quote in the document text (verified equal to `text`). */
  readonly start: number;
  readonly end: number;
  /** 1-based, inclusive source-file lines of the quote. */
  readonly lines: readonly [number, number];
  /** A whole code block (a command or code the question asks for), shown as code rather than as a sentence. */
  readonly code?: boolean;
}

/** A cited passage. */
export interface Source {
  readonly n: number;
  readonly passageId: string;
  readonly title: string;
  readonly path: string;
  readonly section: readonly string[];
  readonly lines: readonly [number, number];
  /** Ranking score (relative to this question). */
  readonly score: number;
  /** The whole passage, for the "Sources" view. */
  readonly text: string;
}

/**
 * An answer. `answered: false` is the expected miss: the documents do not cover the
 * question; `quotes` is empty and `sources` lists the nearest passages.
 */
export interface Answer {
  readonly question: string;
  readonly answered: boolean;
  readonly language: Language;
  readonly mode: SearchMode;
  readonly quotes: readonly Quote[];
  readonly sources: readonly Source[];
  /**
   * Set when the question is declined by full-text search and most passages it found are in the other language (a
   * French question about English documents): words cannot match across languages, so asking in this language may
   * find the answer. Absent otherwise (and in hybrid mode, where the model compares meanings across languages).
   */
  readonly documentsLanguage?: Language;
  /**
   * Set when the question is declined because it names something no passage holds (*GitLab*, *flatpak*, the
   * *employees* a "how many" counts): that word as the question writes it, which the reply names.
   */
  readonly unmentioned?: string;
  /**
   * Set when the question is declined because the passages that would otherwise cover it lack a name it writes, which
   * other passages of the documents hold (*which version of Python…* over passages on other defaults): that name as the
   * question writes it, which the reply names. Absent when `unmentioned` is set.
   */
  readonly unnamed?: string;
}

/**
 * What an answer was chosen from, stage by stage: what `npm run eval` reads to tell where a quote was lost (not
 * retrieved, not covering, ranked below the quoted sentences). Costs one more scoring pass, so only given on request.
 */
export interface AnswerTrace {
  /** The passages retrieved, best first. */
  readonly retrieved: readonly Passage[];
  /** Ids of the retrieved passages that cover the question; empty when it is declined. */
  readonly covering: readonly string[];
  /** Every quotable sentence of the covering passages, best first by the score the first quote is chosen by. */
  readonly ranked: ReadonlyArray<{ readonly passageId: string; readonly text: string }>;
  /** The word the question names that no passage holds, which declines it whatever the passages hold; else null. */
  readonly unmentioned: string | null;
  /** Each retrieved passage, in retrieval order, judged on its own: whether it covers the question, and why not. */
  readonly judged: readonly PassageJudgement[];
  /**
   * The share of the question's word weight that any passage holds (title and headings included), 0 to 1: what the
   * coverage test compares with its minimum, for a passage that was not retrieved too.
   */
  readonly passageShare: (passage: Passage) => number;
}

/**
 * Whether one retrieved passage covers the question, by the first test that decides, in the order they run:
 * - `close`: its vector is within the calibrated threshold (hybrid mode), which covers whatever the words;
 * - `far`: its vector is less similar than a typical unrelated passage's, which never covers;
 * - `no-distinctive-term`: it holds none of the question's distinctive terms;
 * - `number-absent`: it lacks a number the question writes;
 * - `name-absent`: it lacks a name the question writes (*Python*, *ISO*) that other passages hold, and so does every
 *   retrieved passage next to it in its document;
 * - `low-coverage`: it holds less than the minimum share of the question's word weight;
 * - `covers`: it passed every test.
 */
export type CoverageVerdict =
  'close' | 'far' | 'no-distinctive-term' | 'number-absent' | 'name-absent' | 'low-coverage' | 'covers';

/** One retrieved passage's {@link CoverageVerdict} and the share of the question's word weight it holds (0 to 1). */
export interface PassageJudgement {
  readonly passageId: string;
  readonly verdict: CoverageVerdict;
  readonly share: number;
}

/** Options of {@link KnowledgeBase.ask}. */
export interface AskOptions {
  /** The previous question, when this one follows up on an answer. */
  readonly context?: string;
  /** Only this document: a path, a file name or a title (FILTER_NO_MATCH when none matches). */
  readonly document?: string;
  /** Only this section: a heading (FILTER_NO_MATCH when none matches). */
  readonly section?: string;
  /** The asker's language, known apart from the question (their Discord locale): the answer's when it does not tell. */
  readonly askerLanguage?: Language;
}

/** What the bot and the console loop ask questions to (opened by `openKnowledgeBase`, src/pipeline). */
export interface KnowledgeBase {
  /** Validates, retrieves, quotes and verifies. Throws only for a bad question (QUESTION_*). */
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** The index serving now (replaced after a successful hot reload). */
  index(): PassageIndex;
  /** The {@link Retriever} over the index {@link KnowledgeBase.index} returns now (what answers search). */
  retriever(): Retriever;
  /**
   * Loads the index file again now (after a build this process started), instead of waiting
   * for the file watcher; resolves once it serves, or once it was rejected (the old one stays).
   */
  reload(): Promise<void>;
  /** Stops watching the index file. */
  close(): Promise<void>;
}
