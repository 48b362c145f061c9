import type { Passage } from '../ingest/types.ts';
import type { PassageIndex, SearchHit } from '../index/types.ts';
import { detectLanguage } from './language.ts';
import { lineRange } from './lines.ts';
import type { Answer, Quote, Source } from './types.ts';

/** Knobs of {@link answerQuestion}; the defaults are what the product uses. */
export interface AnswerOptions {
  /** Most sentences quoted in one answer. */
  readonly maxQuotes?: number;
  /** Passages retrieved before sentences are chosen. */
  readonly candidatePassages?: number;
  /** Nearest passages shown when the documents do not cover the question. */
  readonly nearestPassages?: number;
  /**
   * Share of the question's weighted terms a passage must contain to count as covering it
   * (0–1). This is the absolute relevance test: retrieval scores are relative to the query.
   */
  readonly minCoverage?: number;
  /**
   * Cosine similarity at or above which a passage covers the question even without shared
   * words (cross-language questions). Null: vectors never decide alone, because a threshold
   * only means something for the model it was calibrated on.
   */
  readonly vectorThreshold?: number | null;
  /**
   * Weight (0–1) of a question term no passage contains. High: asking about something absent
   * lowers coverage the most; lower: paraphrases (words the documents do not use) hurt less.
   */
  readonly unknownTermWeight?: number;
  /** The previous question, when this one follows up on an answer. */
  readonly context?: string;
}

const DEFAULTS = {
  maxQuotes: 3,
  candidatePassages: 8,
  nearestPassages: 3,
  minCoverage: 0.4,
  vectorThreshold: null,
  unknownTermWeight: 1,
} as const;

// Follow-up context helps retrieval but must not outweigh what is asked now.
const CONTEXT_WEIGHT = 0.5;
// A sentence whose terms are already quoted still counts a little (it may add detail).
const REPEAT_WEIGHT = 0.35;
// A further quote must add at least this share of the question's weight.
const MIN_QUOTE_GAIN = 0.25;
// Shorter "sentences" are headings, captions or list debris, not answers.
const MIN_SENTENCE_LENGTH = 12;
// Words that frame a question rather than name its subject ("où a eu *lieu*", "what is the
// *name* of"): answers rarely repeat them, so they must not decide coverage on their own.
const QUESTION_FRAME_WORDS =
  'lieu endroit date jour année moment heure nom raison façon manière sens signifie signification genre sorte ' +
  'place location time date day year moment name reason way meaning mean means kind sort happen happened';
const FRAME_WEIGHT = 0.25;
// A heading holding this share of the question's weight "asks" it…
const HEADING_MATCH = 0.5;
// …and the first sentence under it gains this share of the heading's coverage…
const HEADING_BONUS = 2;
// …when no other heading matches the question better by more than this.
const HEADING_TIE = 0.02;

/**
 * Answers `question` from `index` by quoting sentences verbatim, or says the documents
 * do not cover it (`answered: false`, nearest passages as sources). Pure: retrieval,
 * scoring and quote selection only; `queryVector` is the embedded question (null in
 * full-text mode).
 *
 * Relevance is absolute: a passage covers the question when it contains enough of the
 * question's terms weighted by rarity, or — when calibrated — when its vector is
 * close enough. Quotes are then chosen greedily, each adding terms the previous ones lack.
 */
export function answerQuestion(
  index: PassageIndex,
  question: string,
  queryVector: Float32Array | null,
  options: AnswerOptions = {},
): Answer {
  const settings = { ...DEFAULTS, ...options };
  const language = detectLanguage(question);
  const retrievalText = settings.context ? `${question} ${settings.context}` : question;
  const hits = index.search({ text: retrievalText, vector: queryVector, limit: settings.candidatePassages });
  const weights = termWeights(index, question, settings.context, settings.unknownTermWeight);
  const totalWeight = sum(weights.values());

  const isClose = (hit: SearchHit) =>
    settings.vectorThreshold !== null &&
    hit.vectorSimilarity !== null &&
    hit.vectorSimilarity >= settings.vectorThreshold;
  const covering = hits.filter(
    (hit) =>
      (totalWeight > 0 && weightIn(weights, passageTerms(index, hit.passage)) / totalWeight >= settings.minCoverage) ||
      isClose(hit),
  );

  const base = { question, language, mode: index.manifest.mode } as const;
  const picked =
    covering.length > 0 ? pickSentences(index, covering, weights, totalWeight, settings.maxQuotes, isClose) : [];
  if (picked.length === 0) {
    const nearest = hits.slice(0, settings.nearestPassages).map((hit, i) => toSource(hit, i + 1));
    return { ...base, answered: false, quotes: [], sources: nearest };
  }

  const sources: Source[] = [];
  const sourceNumber = new Map<string, number>();
  const quotes: Quote[] = picked.map((sentence) => {
    let n = sourceNumber.get(sentence.hit.passage.id);
    if (n === undefined) {
      n = sources.length + 1;
      sourceNumber.set(sentence.hit.passage.id, n);
      sources.push(toSource(sentence.hit, n));
    }
    const { passage } = sentence.hit;
    return {
      text: passage.text.slice(sentence.start, sentence.end),
      source: n,
      start: passage.start + sentence.start,
      end: passage.start + sentence.end,
      lines: lineRange(passage, sentence.start, sentence.end),
    };
  });
  return { ...base, answered: true, quotes, sources };
}

interface CandidateSentence {
  readonly hit: SearchHit;
  readonly rank: number;
  /** Offsets in the passage text, trimmed. */
  readonly start: number;
  readonly end: number;
  readonly terms: ReadonlySet<string>;
  /** Extra gain of an opening sentence under a heading that matches the question. */
  readonly headingBonus: number;
}

function pickSentences(
  index: PassageIndex,
  covering: readonly SearchHit[],
  weights: ReadonlyMap<string, number>,
  totalWeight: number,
  maxQuotes: number,
  isClose: (hit: SearchHit) => boolean,
): CandidateSentence[] {
  const candidates: CandidateSentence[] = [];
  const seen = new Set<string>();
  const headingCoverages = covering.map((hit) => {
    const heading = hit.passage.section.at(-1);
    return heading && totalWeight > 0 ? weightIn(weights, new Set(index.terms(heading))) / totalWeight : 0;
  });
  // Only the headings that match best "ask" the question: in an FAQ, many headings share
  // some of its words, and the entry that asks it is the one sharing the most.
  const askingCoverage = Math.max(HEADING_MATCH, Math.max(0, ...headingCoverages) - HEADING_TIE);
  covering.forEach((hit, rank) => {
    const headingCoverage = headingCoverages[rank] ?? 0;
    let position = 0;
    for (const [start, end] of sentenceSpans(hit.passage)) {
      // Overlapping passages repeat sentences: keep the first (best-ranked) copy.
      const key = `${hit.passage.path}:${hit.passage.start + start}`;
      const sentence = hit.passage.text.slice(start, end);
      // A question in the text (an FAQ entry, a heading) asks; code and tables of contents are not prose: none answers.
      if (
        sentence.length < MIN_SENTENCE_LENGTH ||
        seen.has(key) ||
        isQuestion(sentence) ||
        !isQuotableUnit(hit.passage, start) ||
        looksLikeCode(sentence) ||
        looksLikeTableOfContents(sentence)
      )
        continue;
      seen.add(key);
      // Under a heading that asks the question (an FAQ entry, a how-to title), the answer is
      // what comes first, even when it shares few words with the question.
      const headingBonus =
        headingCoverage >= askingCoverage ? (HEADING_BONUS * headingCoverage * totalWeight) / (1 + position) : 0;
      position += 1;
      candidates.push({ hit, rank, start, end, terms: new Set(index.terms(sentence)), headingBonus });
    }
  });

  const covered = new Set<string>();
  const chosen: CandidateSentence[] = [];
  while (chosen.length < maxQuotes) {
    let best: CandidateSentence | undefined;
    let bestGain = 0;
    for (const candidate of candidates) {
      if (chosen.includes(candidate)) continue;
      let gain = candidate.headingBonus;
      for (const term of candidate.terms) {
        const weight = weights.get(term);
        if (weight !== undefined) gain += covered.has(term) ? weight * REPEAT_WEIGHT : weight;
      }
      // Ties go to the better-ranked passage, then to the earlier sentence.
      gain -= candidate.rank * 1e-6;
      if (gain > bestGain) {
        best = candidate;
        bestGain = gain;
      }
    }
    const enough = chosen.length === 0 ? bestGain > 0 : bestGain >= MIN_QUOTE_GAIN * totalWeight;
    if (best === undefined || !enough) break;
    chosen.push(best);
    for (const term of best.terms) covered.add(term);
  }
  if (chosen.length === 0) {
    // No sentence shares a word with the question. Only a passage covered by vector closeness
    // (e.g. a question in another language) may still answer, with its opening sentence;
    // a passage covered through its title and headings alone does not.
    const first = candidates.find((candidate) => isClose(candidate.hit));
    if (first) chosen.push(first);
  }
  return chosen;
}

/**
 * Ingestion marks the units that never answer: titles, captions, list headings and table
 * headers (`label`), tables of contents and link lists (`links`); code blocks (`code`) are not
 * quoted sentence by sentence.
 */
function isQuotableUnit(passage: Passage, offset: number): boolean {
  const kinds = passage.sentenceKinds;
  if (kinds === undefined) return true;
  let unit = 0;
  while (unit + 1 < passage.sentenceStarts.length && (passage.sentenceStarts[unit + 1] ?? 0) <= offset) unit += 1;
  return (kinds[unit] ?? 'prose') === 'prose';
}

function isQuestion(sentence: string): boolean {
  return /[?？]\s*[»”"')\]]*$/u.test(sentence);
}

/** "11. Personnaliser votre installation": a numbered title from a table of contents, not a statement. */
function looksLikeTableOfContents(sentence: string): boolean {
  return /^\d+(?:\.\d+)*\.?\s+\S/u.test(sentence) && !/[.!?…:;»"”)]$/u.test(sentence);
}

// Prose rarely has more than this share of code punctuation; code, paths and tables do.
const CODE_SYMBOL_SHARE = 0.12;

function looksLikeCode(sentence: string): boolean {
  if (/^(?:>>>|\.\.\.|#|\$ |\/\/|[{}])/u.test(sentence)) return true;
  const symbols = sentence.match(/[{}[\]()=<>;_\\|#*/`]/gu)?.length ?? 0;
  return symbols / sentence.length > CODE_SYMBOL_SHARE;
}

/** Trimmed `[start, end)` spans of the passage's sentences, in passage-text offsets. */
export function sentenceSpans(passage: Passage): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  const { text, sentenceStarts } = passage;
  sentenceStarts.forEach((from, i) => {
    const to = sentenceStarts[i + 1] ?? text.length;
    let start = from;
    let end = to;
    while (start < end && /\s/u.test(text.charAt(start))) start += 1;
    while (end > start && /\s/u.test(text.charAt(end - 1))) end -= 1;
    if (end > start) spans.push([start, end]);
  });
  return spans;
}

/**
 * Weight of each analysed term of the question: between 0.5 (in every passage) and 1 (in
 * none), linear in IDF. Rarity matters, but a term the whole corpus shares is still part of
 * what is asked (in a small corpus the topic word is everywhere); a term the documents never
 * use weighs the most, since asking about something absent is what should lower coverage.
 * Question-frame words and follow-up context count less.
 */
function termWeights(
  index: PassageIndex,
  question: string,
  context: string | undefined,
  unknownTermWeight: number,
): Map<string, number> {
  const passageCount = Math.max(1, index.passages.length);
  const idf = (df: number) => Math.log(1 + (passageCount - df + 0.5) / (df + 0.5));
  const highestIdf = idf(0);
  const weight = (term: string) => {
    const df = index.documentFrequency(term);
    return df === 0 ? unknownTermWeight : 0.5 + (0.5 * idf(df)) / highestIdf;
  };
  const frame = frameTerms(index);
  const weights = new Map<string, number>();
  if (context) for (const term of index.terms(context)) weights.set(term, weight(term) * CONTEXT_WEIGHT);
  for (const term of index.terms(question)) weights.set(term, weight(term) * (frame.has(term) ? FRAME_WEIGHT : 1));
  return weights;
}

const frameTermCache = new WeakMap<PassageIndex, ReadonlySet<string>>();

/** The question-frame words as this index analyses them (its stemmer, its language). */
function frameTerms(index: PassageIndex): ReadonlySet<string> {
  let terms = frameTermCache.get(index);
  if (!terms) {
    terms = new Set(index.terms(QUESTION_FRAME_WORDS));
    frameTermCache.set(index, terms);
  }
  return terms;
}

const passageTermCache = new WeakMap<Passage, ReadonlySet<string>>();

/** Terms of a passage with its title and section, as the index analyses them; cached per passage object. */
function passageTerms(index: PassageIndex, passage: Passage): ReadonlySet<string> {
  let terms = passageTermCache.get(passage);
  if (!terms) {
    terms = new Set(index.terms(`${passage.title}\n${passage.section.join('\n')}\n${passage.text}`));
    passageTermCache.set(passage, terms);
  }
  return terms;
}

function weightIn(weights: ReadonlyMap<string, number>, terms: ReadonlySet<string>): number {
  let total = 0;
  for (const [term, weight] of weights) if (terms.has(term)) total += weight;
  return total;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function toSource(hit: SearchHit, n: number): Source {
  const { passage } = hit;
  return {
    n,
    passageId: passage.id,
    title: passage.title,
    path: passage.path,
    section: passage.section,
    lines: [passage.lineStart, passage.lineEnd],
    score: hit.score,
    text: passage.text,
  };
}
