import { lineRange } from '../ingest/lines.ts';
import type { Passage, UnitKind } from '../ingest/types.ts';
import type { PassageFilter, Retriever, SearchHit } from './retriever.ts';
import { detectLanguage, foldAccents } from '../index/tokenizer.ts';
import type { Language } from '../index/types.ts';
import {
  asksForQuantity,
  asksHow,
  COMPOUND_JOINER,
  compoundsIn,
  countedWord,
  namesIn,
  namesSomethingToUse,
  questionLanguage,
  statesNumber,
} from './question.ts';
import { oneEditAway, type Lexicon } from './lexicon.ts';
import type { Answer, AnswerTrace, CoverageVerdict, PassageJudgement, Quote, Source } from './types.ts';

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
   * words (cross-language questions). Null: the threshold the index measured for its own model
   * at build time (`manifest.calibration`); without one, vectors never decide alone, because a
   * threshold only means something for the model it was calibrated on.
   */
  readonly vectorThreshold?: number | null;
  /**
   * Weight (0–1) of a question term no passage contains. High: asking about something absent
   * lowers coverage the most; lower: paraphrases (words the documents do not use) hurt less.
   */
  readonly unknownTermWeight?: number;
  /**
   * How steeply a term's weight grows with its rarity: weight = (IDF / highest IDF) ^ this.
   * 0 would weigh every word alike (generic words could cover a question); higher values let
   * the rare words of a question decide.
   */
  readonly rarityExponent?: number;
  /** Weight of a term every passage holds: weights run from this (common) to 1 (rare). */
  readonly rarityFloor?: number;
  /**
   * A term is *distinctive* when at most this share of the passages contains it (or none does,
   * or it holds a digit or an option-like `-`/`.`/`/`/`_`). A passage covers the question only when it holds at least
   * one of its distinctive terms that the corpus knows: generic words alone never cover.
   */
  readonly distinctiveShare?: number;
  /**
   * Weight of a word no passage contains when the question is asked in another language than the passages it finds:
   * such a word is more likely untranslated than the name of something the documents lack.
   */
  readonly foreignUnknownWeight?: number;
  /**
   * The language most passages of the index are in (null: mixed or unknown), when the caller knows it: a question in
   * the other language that finds no passage at all is then told so, as one whose nearest passages are in it.
   */
  readonly documentsLanguage?: Language | null;
  /**
   * The asker's language when the caller knows it apart from the question (their Discord locale): the answer is
   * worded in it when neither the question nor the follow-up context tells by its words ("python vs java").
   */
  readonly askerLanguage?: Language | null;
  /**
   * The common words of French and English. With it, a word the question writes in lower case that no passage holds
   * and that is no word of either language names something the documents lack (*gitlab*, *flatpak*, *ufw*, typed
   * as people type in a chat): the question is declined. Null: only capitalised names decide so.
   */
  readonly lexicon?: Lexicon | null;
  /** The previous question, when this one follows up on an answer. */
  readonly context?: string;
  /** Only passages this keeps are searched (a document, a section). */
  readonly filter?: PassageFilter;
  /**
   * Hybrid mode: embeds sentences as the index's passages were embedded (the model's passage prefix). When given
   * with a query vector, the best candidates for the first quote are also compared with the question by meaning:
   * word overlap finds the passage, but the sentence that answers is often not the one sharing the most words.
   */
  readonly embedSentences?: SentenceEmbedder;
  /** How many of the best first-quote candidates are embedded and compared (each costs one sentence embedding). */
  readonly sentenceCandidates?: number;
  /**
   * Cosine difference that weighs as much as the whole word-overlap score of the best candidate. Null: the gap the
   * index measured between a question's own passage and unrelated ones (`manifest.calibration`); without a
   * calibration, sentences are not compared by vector.
   */
  readonly sentenceSimilarityScale?: number | null;
  /** Called once per question with what the answer was chosen from (diagnostics: where `npm run eval` lost a quote). */
  readonly onTrace?: (trace: AnswerTrace) => void;
}

/** Embeds sentences with the index's model as passages (one vector each, in order). */
export type SentenceEmbedder = (sentences: readonly string[]) => Promise<Float32Array[]>;

/** The defaults of {@link AnswerOptions}: the one place they are set (config reads `minCoverage` from here). */
export const ANSWER_DEFAULTS = {
  maxQuotes: 3,
  candidatePassages: 8,
  nearestPassages: 3,
  minCoverage: 0.4,
  vectorThreshold: null,
  unknownTermWeight: 1,
  foreignUnknownWeight: 0.25,
  rarityExponent: 1,
  rarityFloor: 0.5,
  distinctiveShare: 1,
  lexicon: null,
  sentenceCandidates: 3,
  sentenceSimilarityScale: null,
} as const;

// A passage holding this share of the minimum coverage may be quoted from once another passage covers the question.
const NEAR_COVERAGE = 0.875;
// Passages of one document at most this many characters apart read as one stretch of text (a name held by the one
// before or after a passage is still what that passage is about).
const NEAR_PASSAGE_GAP = 200;
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
export async function answerQuestion(
  index: Retriever,
  question: string,
  queryVector: Float32Array | null,
  options: AnswerOptions = {},
): Promise<Answer> {
  const settings = { ...ANSWER_DEFAULTS, ...options };
  // Questions are short: one stop-word tells. When none does, the asker's language, else the documents'.
  const language =
    detectLanguage(question, 1) ??
    (settings.context ? detectLanguage(settings.context, 1) : null) ??
    settings.askerLanguage ??
    settings.documentsLanguage ??
    questionLanguage(question);
  const retrievalText = settings.context ? `${question} ${settings.context}` : question;
  // One round trip: the hits, and the rarity of every term the weights below read.
  const { hits, documentFrequencies } = await index.search({
    text: retrievalText,
    vector: queryVector,
    limit: settings.candidatePassages,
    ...(settings.filter === undefined ? {} : { filter: settings.filter }),
    frequencyTerms: [...index.terms(question), ...(settings.context ? index.terms(settings.context) : [])],
  });
  const documentFrequency = (term: string) => documentFrequencies.get(term) ?? 0;
  const weights = termWeights(index, documentFrequency, question, settings.context, settings);
  const totalWeight = sum(weights.values());
  // Asked in another language than the passages found (or, when none is found, than the documents), a word the
  // documents never use is most likely an untranslated one, not the name of something absent.
  const foreign =
    asksInAnotherLanguage(question, hits) ||
    (hits.length === 0 && isOtherLanguage(detectLanguage(question, 1), settings.documentsLanguage ?? null));
  const withoutExamples = withoutExampleNumbers(question);
  const words = questionWords(index, documentFrequency, withoutExamples, settings.context, {
    ...settings,
    unknownTermWeight: foreign ? settings.foreignUnknownWeight : settings.unknownTermWeight,
  });
  const wordWeight = sum(words.map((word) => word.weight));
  const distinctive = distinctiveTerms(index, documentFrequency, question, settings.distinctiveShare);
  const holdsDistinctive = (terms: ReadonlySet<string>) => {
    for (const term of distinctive) if (terms.has(term)) return true;
    return false;
  };

  // A number in a question (a version, a year, a size) names exactly what is asked about: a passage that does
  // not hold it is about another version or year, whatever else it shares with the question. Compared by their
  // digits, so that the same number written another way still matches ("3h40" and "3:40", "v1.2" and "1.2").
  const numbers = numbersIn(withoutExamples);
  const { calibration } = index.manifest;
  const vectorThreshold = settings.vectorThreshold ?? calibration?.threshold ?? null;
  const isClose = (hit: SearchHit) =>
    vectorThreshold !== null && hit.vectorSimilarity !== null && hit.vectorSimilarity >= vectorThreshold;
  // Less similar to the question than a typical passage of another document: shared words are a coincidence.
  const isFar = (hit: SearchHit) =>
    calibration !== undefined && hit.vectorSimilarity !== null && hit.vectorSimilarity < calibration.unrelatedMedian;
  // A quantity question about something the documents never name ("how many employees…") is not answered by
  // another number they state; a stop-word there ("how much does…") counts nothing.
  const counted = countedWord(question);
  // A word of the question no passage holds, by any of the spellings the question's analysis gave it.
  const asked = new Set(index.terms(question));
  const absent = (word: string) => {
    const terms = index.terms(word).filter((term) => asked.has(term));
    return terms.length > 0 && terms.every((term) => documentFrequency(term) === 0);
  };
  const countsAbsent = !foreign && counted !== null && absent(counted) ? counted : undefined;
  // A name the question writes with a capital (Docker, GitLab) and no passage holds is what it asks about: the
  // documents do not cover it, whatever else they share with the question.
  const nameAbsent = foreign ? undefined : namesIn(question).find(absent);
  // A name the documents do hold elsewhere still says what is asked about ("which version of Python…"): a passage
  // without it answers about something else, unless a retrieved passage right before or after it holds it (a long
  // section cut into passages names its subject once). Each name by the spellings the question's analysis gave it.
  const names = foreign
    ? []
    : namesIn(question).map((name) => ({ name, spellings: index.terms(name).filter((term) => asked.has(term)) }));
  const holdsName = (passage: Passage, spellings: readonly string[]) => {
    const terms = passageTerms(index, passage);
    return spellings.some((term) => terms.has(term));
  };
  const near = (a: Passage, b: Passage) =>
    a.path === b.path && a.start <= b.end + NEAR_PASSAGE_GAP && b.start <= a.end + NEAR_PASSAGE_GAP;
  const missingName = (hit: SearchHit) =>
    names.find(
      ({ spellings }) =>
        spellings.length > 0 &&
        !holdsName(hit.passage, spellings) &&
        !hits.some((other) => near(other.passage, hit.passage) && holdsName(other.passage, spellings)),
    )?.name;
  // The same written in lower case, where only a dictionary tells a name from a word the documents do not use. Asked
  // in the other language, the question's words are words of that language, and a name is still a name.
  const { lexicon } = settings;
  const unknownWords =
    lexicon == null ? [] : lowerCaseWords(question).filter((word) => absent(word) && !lexicon.isWord(word));
  // What the documents never mention, which the reply names so that the asker sees why nothing is quoted (the typo
  // check's round trip only when nothing else already declines).
  // A compound name (*git-crypt*, *mentors.debian.net*) is written whole or not at all: when the documents never use
  // one of its words, they never name it, however common its other words are (*git*) or its absent one is (*crypt*).
  // A compound the dictionary lists (*pare-feu*) is a word, not a name.
  const compoundAbsent = foreign
    ? undefined
    : compoundsIn(question).find(
        (compound) => !lexicon?.isWord(compound) && compoundPartAbsent(index, compound, absent),
      );
  const unmentioned = countsAbsent ?? nameAbsent ?? compoundAbsent ?? (await firstName(index, question, unknownWords));
  // Each test in turn, the first that fails saying why the passage does not cover (the trace's judgement).
  const shareOf = (passage: Passage) =>
    wordWeight > 0 ? wordWeightIn(words, passageTerms(index, passage)) / wordWeight : 0;
  const judge = (hit: SearchHit): PassageJudgement => {
    const terms = passageTerms(index, hit.passage);
    const share = shareOf(hit.passage);
    // The number and the name come first: a vector is close for a passage about the same thing in another release
    // or another product as much as for the one asked about, and only the words tell them apart.
    const verdict: CoverageVerdict = !holdsNumbers(hit.passage, numbers)
      ? 'number-absent'
      : missingName(hit) !== undefined
        ? 'name-absent'
        : isClose(hit)
          ? 'close'
          : isFar(hit)
            ? 'far'
            : !holdsDistinctive(terms)
              ? 'no-distinctive-term'
              : wordWeight === 0 || share < settings.minCoverage
                ? 'low-coverage'
                : 'covers';
    return { passageId: hit.passage.id, verdict, share };
  };
  // A question naming something absent is declined without judging any passage (the trace still shows them judged).
  const judged = unmentioned === undefined || settings.onTrace !== undefined ? hits.map(judge) : [];
  const judgements = unmentioned === undefined ? judged : [];
  const covers = ({ verdict }: PassageJudgement) => verdict === 'close' || verdict === 'covers';
  // Once a passage covers the question, one that only just misses the minimum (a section cut into passages, its
  // subject named in the one before) may still give the sentence that answers: it passed every other test.
  const answered = judgements.some(covers);
  const covering = hits.filter((_, i) => {
    const judgement = judgements[i];
    if (judgement === undefined) return false;
    return (
      covers(judgement) ||
      (answered && judgement.verdict === 'low-coverage' && judgement.share >= NEAR_COVERAGE * settings.minCoverage)
    );
  });

  const base = { question, language, mode: index.manifest.mode } as const;
  const similarityScale =
    settings.sentenceSimilarityScale ??
    (calibration === undefined ? null : calibration.relatedMedian - calibration.unrelatedMedian);
  const chooseFirst =
    settings.embedSentences !== undefined && queryVector !== null && similarityScale !== null && similarityScale > 0
      ? firstQuoteByMeaning(settings.embedSentences, queryVector, similarityScale)
      : undefined;
  const ranked: Array<AnswerTrace['ranked'][number]> = [];
  const sentences =
    covering.length > 0
      ? await pickSentences(index, covering, weights, totalWeight, settings.maxQuotes, isClose, {
          needsNumber: asksForQuantity(question),
          askedNumbers: new Set(numbersIn(question)),
          asksHow: asksHow(question),
          candidates: settings.sentenceCandidates,
          chooseFirst,
          ...(settings.onTrace === undefined ? {} : { ranked }),
        })
      : [];
  settings.onTrace?.({
    retrieved: hits.map((hit) => hit.passage),
    covering: covering.map((hit) => hit.passage.id),
    ranked,
    unmentioned: unmentioned ?? null,
    judged,
    passageShare: shareOf,
  });
  const picked =
    sentences.length > 0 && asksForCode(index, question)
      ? withCodeBlock(index, sentences, covering, weights, settings.maxQuotes)
      : sentences;
  if (picked.length === 0) {
    const nearest = hits.slice(0, settings.nearestPassages).map((hit, i) => toSource(hit, i + 1));
    // Words alone cannot cross languages: the asker may find the answer by asking in the documents' language.
    const hint = foreign && queryVector === null ? { documentsLanguage: otherLanguage(language) } : {};
    // The passage that held enough of the question but not its name: the name is what the documents do not cover.
    const lacking = judgements.findIndex(
      ({ verdict, share }) => verdict === 'name-absent' && share >= settings.minCoverage,
    );
    const unnamed = lacking < 0 ? undefined : missingName(hits[lacking]!);
    return {
      ...base,
      answered: false,
      quotes: [],
      sources: nearest,
      ...hint,
      ...(unmentioned === undefined ? {} : { unmentioned }),
      ...(unnamed === undefined ? {} : { unnamed }),
    };
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
      ...(sentence.code === true ? { code: true } : {}),
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
  /** Question weight held by the sentences just before and after it (context that explains it). */
  readonly neighbourWeight: number;
  /** Share of its terms that the question does not use: what it adds beyond restating the question. */
  readonly novelty: number;
  /** Whether it states a number (digits or a number word): what a question asking "how many" needs. */
  readonly statesNumber: boolean;
  /** Whether it names something to type or use (a command, an option, a function): what a "how do I" needs. */
  readonly namesSomethingToUse: boolean;
  /** The next quotable sentence of the same passage, quoted instead when this one only restates the question. */
  next: CandidateSentence | undefined;
  /** The sentences right before and after it, when they are quotable prose too: the context a first quote may take. */
  readonly preceding: Neighbour | undefined;
  readonly following: Neighbour | undefined;
  /** Where the term it defines starts, when it opens a definition (`nocheck` then `This tag says…`). */
  readonly termStart: number | undefined;
}

/** A sentence adjacent to a candidate: its span and the question weight it holds. */
interface Neighbour {
  readonly start: number;
  readonly end: number;
  readonly weight: number;
}

// A sentence's neighbours explain it (a list heading before its items, the question an FAQ
// entry restates before answering): their question weight counts for this share.
const NEIGHBOUR_WEIGHT = 0.3;
// Below this share of terms of its own, a sentence restates the question rather than answers it…
const RESTATEMENT_NOVELTY = 0.34;
// …and a sentence with more new content is preferred, by up to this share of its gain.
const NOVELTY_BONUS = 0.5;
// A "how do I" question prefers, by this share of its gain, a sentence naming a command, an option, a function.
const HOW_TO_BONUS = 0.5;
// How much a sentence's gain follows its passage's retrieval score (relative to the best passage).
const PASSAGE_SCORE_EXPONENT = 0.5;
// A later quote from another document needs a passage scoring at least this share of the best one.
const OTHER_DOCUMENT_SCORE_SHARE = 0.85;
// The first quote takes an adjacent sentence as context while the whole stays this short (characters).
const MAX_QUOTE_LENGTH = 450;
// Title-like lines (no closing punctuation) of at most this many words are headings or captions.
const TITLE_MAX_WORDS = 8;

/**
 * Of the first-quote candidates, best by words first, the one to quote: word score (relative to the best) plus
 * cosine to the question (relative to the closest candidate, in units of `scale`).
 */
type FirstQuoteChooser = (
  shortlist: ReadonlyArray<{ readonly text: string; readonly gain: number }>,
) => Promise<number>;

// Only sentences scoring at least this share of the best by words are compared by meaning: when words decide
// clearly, no sentence is embedded (a question then costs nothing more).
const CONTENDER_SHARE = 0.5;
// A cosine one `scale` below the closest candidate's costs as much as the best candidate's whole word score.
const SENTENCE_SIMILARITY_WEIGHT = 1;

function firstQuoteByMeaning(
  embedSentences: SentenceEmbedder,
  queryVector: Float32Array,
  scale: number,
): FirstQuoteChooser {
  return async (shortlist) => {
    const vectors = await embedSentences(shortlist.map((candidate) => candidate.text));
    const similarities = vectors.map((vector) => dot(vector, queryVector));
    const closest = Math.max(...similarities);
    const bestGain = Math.max(...shortlist.map((candidate) => candidate.gain));
    let chosen = 0;
    let chosenScore = -Infinity;
    shortlist.forEach((candidate, i) => {
      const score =
        candidate.gain / bestGain + (SENTENCE_SIMILARITY_WEIGHT * ((similarities[i] ?? -1) - closest)) / scale;
      if (score > chosenScore) {
        chosen = i;
        chosenScore = score;
      }
    });
    return chosen;
  };
}

function dot(a: Float32Array, b: Float32Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += (a[i] ?? 0) * (b[i] ?? 0);
  return total;
}

async function pickSentences(
  index: Retriever,
  covering: readonly SearchHit[],
  weights: ReadonlyMap<string, number>,
  totalWeight: number,
  maxQuotes: number,
  isClose: (hit: SearchHit) => boolean,
  selection: {
    readonly needsNumber: boolean;
    /** The numbers the question writes ("how many downloads in 2021"), which do not state the quantity it asks for. */
    readonly askedNumbers: ReadonlySet<string>;
    readonly asksHow: boolean;
    readonly candidates: number;
    readonly chooseFirst: FirstQuoteChooser | undefined;
    /** When given, receives every candidate, best first by first-quote score (the answer's trace). */
    readonly ranked?: Array<AnswerTrace['ranked'][number]>;
  },
): Promise<QuotedSpan[]> {
  const { needsNumber, asksHow } = selection;
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
    const spans = sentenceSpans(hit.passage);
    const texts = spans.map(([start, end]) => hit.passage.text.slice(start, end));
    const termSets = texts.map((text) => new Set(index.terms(text)));
    const held = termSets.map((terms) => weightIn(weights, terms));
    let position = 0;
    let previous: CandidateSentence | undefined;
    const quotable = spans.map(([start], i) => isQuotable(texts[i] ?? '') && isQuotableUnit(hit.passage, start));
    const neighbour = (i: number): Neighbour | undefined => {
      const span = spans[i];
      return span && quotable[i] === true ? { start: span[0], end: span[1], weight: held[i] ?? 0 } : undefined;
    };
    spans.forEach(([start, end], i) => {
      // Overlapping passages repeat sentences: keep the first (best-ranked) copy.
      const key = `${hit.passage.path}:${hit.passage.start + start}`;
      if (quotable[i] !== true || seen.has(key)) return;
      seen.add(key);
      const termStart = isTerm(hit.passage, spans[i - 1], quotable[i - 1] === true) ? spans[i - 1]?.[0] : undefined;
      // A definition is quoted from its term on ("-r If this option is given…"), so the term's words are the quote's.
      const definedTerms = termStart === undefined ? undefined : termSets[i - 1];
      const terms = definedTerms
        ? new Set([...definedTerms, ...(termSets[i] ?? [])])
        : (termSets[i] ?? new Set<string>());
      // Under a heading that asks the question (an FAQ entry, a how-to title), the answer is
      // what comes first, even when it shares few words with the question.
      const headingBonus =
        headingCoverage >= askingCoverage ? (HEADING_BONUS * headingCoverage * totalWeight) / (1 + position) : 0;
      position += 1;
      let own = 0;
      for (const term of terms) if (!weights.has(term)) own += 1;
      const candidate: CandidateSentence = {
        hit,
        rank,
        start,
        end,
        terms,
        headingBonus,
        neighbourWeight: (definedTerms ? 0 : (held[i - 1] ?? 0)) + (held[i + 1] ?? 0),
        novelty: terms.size === 0 ? 0 : own / terms.size,
        statesNumber: statesNumber(withoutNumbers(texts[i] ?? '', selection.askedNumbers)),
        namesSomethingToUse: namesSomethingToUse(texts[i] ?? ''),
        next: undefined,
        preceding: neighbour(i - 1),
        following: neighbour(i + 1),
        termStart,
      };
      if (previous) previous.next = candidate;
      previous = candidate;
      candidates.push(candidate);
    });
  });

  const covered = new Set<string>();
  const chosen: CandidateSentence[] = [];
  const bestScore = Math.max(...covering.map((hit) => hit.score));
  const gainOf = (candidate: CandidateSentence): number => {
    let gain = 0;
    for (const term of candidate.terms) {
      const weight = weights.get(term);
      if (weight !== undefined) gain += covered.has(term) ? weight * REPEAT_WEIGHT : weight;
    }
    if (gain === 0 && candidate.headingBonus === 0) return 0;
    // Only the first quote is helped by its context: later ones must add terms themselves.
    if (chosen.length === 0) gain += NEIGHBOUR_WEIGHT * candidate.neighbourWeight;
    gain *= 1 + NOVELTY_BONUS * Math.min(1, candidate.novelty);
    if (asksHow && candidate.namesSomethingToUse) gain *= 1 + HOW_TO_BONUS;
    // A sentence is worth what its passage is worth: a few shared words in a passage that
    // matches the question poorly must not outrank the passage that matches it best.
    if (bestScore > 0) gain *= (Math.max(0, candidate.hit.score) / bestScore) ** PASSAGE_SCORE_EXPONENT;
    return gain + candidate.headingBonus;
  };
  // A question asking for a quantity is answered by a sentence stating one; the others may follow it as context.
  const answers = (candidate: CandidateSentence) => chosen.length > 0 || !needsNumber || candidate.statesNumber;
  // The first quote among the best candidates by words, also weighed by meaning (one embedding call).
  const byMeaning = async (choose: FirstQuoteChooser, best: CandidateSentence): Promise<CandidateSentence> => {
    const shortlist = candidates
      .filter((candidate) => answers(candidate))
      .map((candidate) => ({ candidate, gain: gainOf(candidate) }))
      .sort((a, b) => b.gain - a.gain || a.candidate.rank - b.candidate.rank)
      .slice(0, selection.candidates);
    const contenders = shortlist.filter(({ gain }) => gain > 0 && gain >= CONTENDER_SHARE * (shortlist[0]?.gain ?? 0));
    if (contenders.length < 2) return best;
    const picked = await choose(
      contenders.map(({ candidate, gain }) => ({
        text: candidate.hit.passage.text.slice(candidate.start, candidate.end),
        gain,
      })),
    );
    return contenders[picked]?.candidate ?? best;
  };
  // A further quote from another document than the first comes from a passage matching the question about as well:
  // a passage sharing a few of its words elsewhere adds a quote the asker must read and discard.
  const mayFollow = (candidate: CandidateSentence) => {
    const first = chosen[0];
    return (
      first === undefined ||
      candidate.hit.passage.path === first.hit.passage.path ||
      candidate.hit.score >= OTHER_DOCUMENT_SCORE_SHARE * bestScore
    );
  };
  // Documentation repeats itself (an option described on every page that takes it): the same words are quoted once.
  const quotedTexts = new Set<string>();
  const repeats = (candidate: CandidateSentence) => quotedTexts.has(sentenceKey(candidate));
  if (selection.ranked !== undefined) {
    const scored = candidates.map((candidate) => ({ candidate, gain: gainOf(candidate) }));
    scored.sort((a, b) => b.gain - a.gain || a.candidate.rank - b.candidate.rank);
    for (const { candidate } of scored)
      selection.ranked.push({
        passageId: candidate.hit.passage.id,
        text: candidate.hit.passage.text.slice(candidate.start, candidate.end),
      });
  }
  while (chosen.length < maxQuotes) {
    let best: CandidateSentence | undefined;
    let bestGain = 0;
    for (const candidate of candidates) {
      if (chosen.includes(candidate) || !answers(candidate) || !mayFollow(candidate) || repeats(candidate)) continue;
      // Ties go to the better-ranked passage, then to the earlier sentence.
      const gain = gainOf(candidate) - candidate.rank * 1e-6;
      if (gain > bestGain) {
        best = candidate;
        bestGain = gain;
      }
    }
    const enough = chosen.length === 0 ? bestGain > 0 : bestGain >= MIN_QUOTE_GAIN * totalWeight;
    if (best === undefined || !enough) break;
    if (chosen.length === 0 && selection.chooseFirst !== undefined) best = await byMeaning(selection.chooseFirst, best);
    // A sentence that only restates the question ("dpkg refuses to install it") is followed by the answer.
    if (
      best.novelty < RESTATEMENT_NOVELTY &&
      best.next !== undefined &&
      !chosen.includes(best.next) &&
      answers(best.next)
    )
      best = best.next;
    chosen.push(best);
    quotedTexts.add(sentenceKey(best));
    for (const term of best.terms) covered.add(term);
  }
  if (chosen.length === 0) {
    // No sentence shares a word with the question. Only a passage covered by vector closeness
    // (e.g. a question in another language) may still answer, with its opening sentence;
    // a passage covered through its title and headings alone does not.
    const first = candidates.find((candidate) => isClose(candidate.hit) && answers(candidate));
    if (first) chosen.push(first);
  }
  return chosen.map((candidate, i) => withTerm(candidate, i === 0 ? withContext(candidate, chosen) : candidate));
}

// A definition's term is a short line of its own: an option, a field, a value (`nocheck`, `-r`, `Maintainer`).
const TERM_MAX_LENGTH = 40;

/**
 * Whether a unit names what the sentence after it defines: one short line without closing punctuation, set apart as
 * code or too short to be a sentence. Quoted with its definition, the term says what the definition is about
 * ("nocheck This tag says to not run any build-time test suite"), which the definition alone does not. A label (a
 * box's title, a table header, a caption) names a box or a column, not a term, and a bracketed marker ("[2]", "[D]")
 * points to a note or a page.
 */
function isTerm(passage: Passage, span: readonly [number, number] | undefined, quotable: boolean): boolean {
  if (span === undefined || quotable) return false;
  const text = passage.text.slice(span[0], span[1]);
  if (text.length > TERM_MAX_LENGTH || text.includes('\n') || /[.!?…:;]$/u.test(text) || BRACKETED.test(text))
    return false;
  const kind = unitKind(passage, span[0]);
  return kind === 'code' || (kind === 'prose' && text.length < MIN_SENTENCE_LENGTH);
}

const BRACKETED = /^\[[^\]]*\]$/u;

/** A quote that opens with a definition, from the term it defines on. */
function withTerm(candidate: CandidateSentence, quote: QuotedSpan): QuotedSpan {
  return candidate.termStart !== undefined && quote.start === candidate.start
    ? { ...quote, start: candidate.termStart }
    : quote;
}

/** A sentence's words, white space and case aside: two copies of one sentence in different files read alike. */
function sentenceKey(candidate: CandidateSentence): string {
  return candidate.hit.passage.text.slice(candidate.start, candidate.end).replace(/\s+/gu, ' ').toLowerCase();
}

/** A quoted span of a retrieved passage (offsets in the passage text). */
interface QuotedSpan {
  readonly hit: SearchHit;
  readonly start: number;
  readonly end: number;
  /** A whole code block, shown as code. */
  readonly code?: boolean;
}

// Words with which a question asks for a command or code, in both languages; analysed by the
// index like the question, so inflections match.
// Verbs such as "run" or nouns such as "script" are left out: they name a topic as often as they ask for code.
const CODE_REQUEST_WORDS = 'command commands commande commandes syntax syntaxe code snippet example exemple';
// Longer blocks are listings to read in the source, not an answer to quote.
const MAX_CODE_QUOTE_LENGTH = 600;

const codeRequestCache = new WeakMap<Retriever, ReadonlySet<string>>();

/** Whether the question asks for a command or code: one of the request words, or code written in it. */
function asksForCode(index: Retriever, question: string): boolean {
  if (/`[^`]+`|(?:^|\s)--?[a-z][\w-]*/iu.test(question)) return true;
  let words = codeRequestCache.get(index);
  if (!words) {
    words = new Set(index.terms(CODE_REQUEST_WORDS));
    codeRequestCache.set(index, words);
  }
  const request = words;
  return index.terms(question).some((term) => request.has(term));
}

/**
 * Adds the code block that best matches the question to the quotes, whole: its own words and
 * those of the sentence that introduces it ("To check the cache, run:") must hold some of the
 * question's terms. It comes first when it holds more than the first sentence, else second;
 * the quotes stay within `maxQuotes`.
 */
function withCodeBlock(
  index: Retriever,
  sentences: readonly QuotedSpan[],
  covering: readonly SearchHit[],
  weights: ReadonlyMap<string, number>,
  maxQuotes: number,
): QuotedSpan[] {
  let best: { span: QuotedSpan; weight: number } | undefined;
  const bestScore = Math.max(...covering.map((hit) => hit.score));
  for (const hit of covering) {
    const { passage } = hit;
    const spans = sentenceSpans(passage);
    spans.forEach(([start, end], i) => {
      if (end - start > MAX_CODE_QUOTE_LENGTH || unitKind(passage, start) !== 'code') return;
      const introduction = spans[i - 1];
      const text = passage.text.slice(introduction?.[0] ?? start, end);
      const share = bestScore > 0 ? (Math.max(0, hit.score) / bestScore) ** PASSAGE_SCORE_EXPONENT : 1;
      const weight = weightIn(weights, new Set(index.terms(text))) * share;
      if (weight > 0 && (best === undefined || weight > best.weight))
        best = { span: { hit, start, end, code: true }, weight };
    });
  }
  if (best === undefined) return [...sentences];
  const first = sentences[0];
  const firstWeight =
    first === undefined
      ? 0
      : weightIn(weights, new Set(index.terms(first.hit.passage.text.slice(first.start, first.end))));
  const quotes =
    best.weight > firstWeight
      ? [best.span, ...sentences]
      : [...sentences.slice(0, 1), best.span, ...sentences.slice(1)];
  return quotes.slice(0, Math.max(1, maxQuotes));
}

/**
 * The first quote with one adjacent sentence as context: the answer is often the sentence
 * before or after the one that matches the question best (the match restates the question,
 * or illustrates what the sentence before it states). The neighbour holding more of the
 * question's weight is taken, the following one on a tie; none when another quote already
 * holds it, a blank line parts them, or the whole would be too long to read as one quote.
 */
function withContext(quote: CandidateSentence, chosen: readonly CandidateSentence[]): QuotedSpan {
  const { passage } = quote.hit;
  const quoted = new Set(chosen.map((other) => `${other.hit.passage.path}:${other.hit.passage.start + other.start}`));
  const usable = (neighbour: Neighbour | undefined): neighbour is Neighbour => {
    if (neighbour === undefined || quoted.has(`${passage.path}:${passage.start + neighbour.start}`)) return false;
    const from = Math.min(quote.start, neighbour.start);
    const to = Math.max(quote.end, neighbour.end);
    // Context stays within the paragraph: a blank line starts another subject.
    return to - from <= MAX_QUOTE_LENGTH && !/\n[^\S\n]*\n/u.test(passage.text.slice(from, to));
  };
  const before = usable(quote.preceding) ? quote.preceding : undefined;
  const after = usable(quote.following) ? quote.following : undefined;
  if (before && (!after || before.weight > after.weight))
    return { hit: quote.hit, start: before.start, end: quote.end };
  if (after) return { hit: quote.hit, start: quote.start, end: after.end };
  return quote;
}

/**
 * Ingestion marks the units that never answer: titles, captions, list headings and table
 * headers (`label`), tables of contents and link lists (`links`); code blocks (`code`) are not
 * quoted sentence by sentence.
 */
function isQuotableUnit(passage: Passage, offset: number): boolean {
  return unitKind(passage, offset) === 'prose';
}

/** The kind of the ingested unit holding `offset` of the passage text. */
function unitKind(passage: Passage, offset: number): UnitKind {
  const kinds = passage.sentenceKinds;
  if (kinds === undefined) return 'prose';
  let unit = 0;
  while (unit + 1 < passage.sentenceStarts.length && (passage.sentenceStarts[unit + 1] ?? 0) <= offset) unit += 1;
  return kinds[unit] ?? 'prose';
}

/**
 * Whether a sentence may be quoted as an answer. A question in the text (an FAQ entry) asks;
 * a list heading ("The main differences are:") announces; a title or caption (a short line
 * without closing punctuation) names; code and tables of contents are not prose: none answers.
 */
function isQuotable(sentence: string): boolean {
  return (
    sentence.length >= MIN_SENTENCE_LENGTH &&
    !isQuestion(sentence) &&
    !/:\s*$/u.test(sentence) &&
    !looksLikeTitle(sentence) &&
    !looksLikeCode(sentence) &&
    !looksLikeTableOfContents(sentence)
  );
}

function looksLikeTitle(sentence: string): boolean {
  if (/[.!?…;:)»"”']\s*$/u.test(sentence) || sentence.includes('|')) return false;
  return sentence.split(/\s+/u).length <= TITLE_MAX_WORDS;
}

function isQuestion(sentence: string): boolean {
  return /[?？]\s*[»”"')\]]*$/u.test(sentence);
}

// A numbered line without closing punctuation longer than this is a list item or a sentence cut off (at a page's end,
// by a footnote), not a title: titles are short, and a table of contents ends its longer entries with a page number.
const NUMBERED_TITLE_MAX_WORDS = 14;

/** "11. Personnaliser votre installation": a numbered title from a table of contents, not a statement. */
function looksLikeTableOfContents(sentence: string): boolean {
  if (!/^\d+(?:\.\d+)*\.?\s+\S/u.test(sentence) || /[.!?…:;»"”)]$/u.test(sentence)) return false;
  return sentence.split(/\s+/u).length <= NUMBERED_TITLE_MAX_WORDS || /\s\d+$/u.test(sentence);
}

// Prose rarely has more than this share of code punctuation; code, paths and tables do.
const CODE_SYMBOL_SHARE = 0.12;

function looksLikeCode(sentence: string): boolean {
  // `#include`, `#!/bin/sh` are code; `# ` opens prose in plain text (a Markdown heading never gets here).
  if (/^(?:>>>|\.\.\.|#(?!\s)|\$ |\/\/|[{}])/u.test(sentence)) return true;
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

/** What a term's weight by rarity depends on ({@link AnswerOptions}). */
type RaritySettings = Pick<Required<AnswerOptions>, 'unknownTermWeight' | 'rarityExponent' | 'rarityFloor'>;

/**
 * Weight of each analysed term of the question: its IDF relative to the highest possible
 * (a term in no passage), raised to `rarityExponent`, so the rare words of a question weigh
 * the most and the words every passage shares almost nothing. A term the documents never
 * use weighs `unknownTermWeight`: asking about something absent lowers coverage, but such a
 * word may also be a paraphrase. Question-frame words and follow-up context count less.
 */
function termWeights(
  index: Retriever,
  documentFrequency: (term: string) => number,
  question: string,
  context: string | undefined,
  settings: RaritySettings,
): Map<string, number> {
  const weight = termWeight(index, documentFrequency, settings);
  const frame = frameTerms(index);
  const weights = new Map<string, number>();
  if (context) for (const term of index.terms(context)) weights.set(term, weight(term) * CONTEXT_WEIGHT);
  for (const term of index.terms(question)) weights.set(term, weight(term) * (frame.has(term) ? FRAME_WEIGHT : 1));
  return weights;
}

/** One word of the question: its analysed spellings (one or two, or one per language) and its weight. */
interface QuestionWord {
  readonly terms: readonly string[];
  readonly weight: number;
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * The question's words, each once with its spellings as the index analyses them (a question in no clear language
 * is analysed in both, so `like` gives `like` and `lik`): a word is known when one of its spellings is, and weighs
 * what its rarest known spelling weighs ({@link termWeight}), so that a second spelling neither counts twice nor
 * reads as a word the documents never use.
 */
function questionWords(
  index: Retriever,
  documentFrequency: (term: string) => number,
  question: string,
  context: string | undefined,
  settings: RaritySettings,
): QuestionWord[] {
  const weight = termWeight(index, documentFrequency, settings);
  const frame = frameTerms(index);
  const asked = new Set(index.terms(question));
  const words: QuestionWord[] = [];
  const seen = new Set<string>();
  const add = (text: string, share: number, spellings: ReadonlySet<string>) => {
    for (const [word] of text.matchAll(WORD)) {
      const terms = index.terms(word).filter((term) => spellings.has(term) && !seen.has(term));
      if (terms.length === 0) continue;
      for (const term of terms) seen.add(term);
      const known = terms.filter((term) => documentFrequency(term) > 0);
      const used = known.length === 0 ? terms : known;
      const framing = terms.some((term) => frame.has(term)) ? FRAME_WEIGHT : 1;
      words.push({ terms, weight: Math.max(...used.map((term) => weight(term))) * framing * share });
    }
  };
  add(question, 1, asked);
  if (context) add(context, CONTEXT_WEIGHT, new Set(index.terms(context)));
  return words;
}

// From this many letters, a word one edit away from a word of the documents is that word mistyped (`instaler`);
// shorter names are too often one letter away from some word for an edit to say anything.
const TYPO_MIN_LENGTH = 8;

/**
 * The first of `words` (in no passage, in no dictionary) that is not a typo of the documents' own vocabulary: a word
 * of {@link TYPO_MIN_LENGTH} letters or more one letter away from a term some passage holds is that term mistyped, not
 * a name. One more round trip, only when a long such word is asked.
 */
async function firstName(index: Retriever, question: string, words: readonly string[]): Promise<string | undefined> {
  const short = words.find((word) => word.length < TYPO_MIN_LENGTH);
  if (short !== undefined || words.length === 0) return short;
  const editsOf = words.map((word) => [
    ...new Set(oneEditAway(foldAccents(word)).flatMap((edit) => index.terms(edit))),
  ]);
  const { documentFrequencies } = await index.search({
    text: question,
    vector: null,
    limit: 1,
    frequencyTerms: editsOf.flat(),
  });
  return words.find((_, i) => !(editsOf[i] ?? []).some((term) => (documentFrequencies.get(term) ?? 0) > 0));
}

// Shorter lower-case words are abbreviations and clitics more often than names.
const MIN_NAME_LENGTH = 3;

// A compound's word shorter than this may be a prefix or an article (*mid-request*, *oh-my-bash*), not a name's part.
const MIN_COMPOUND_PART_LENGTH = 4;

/**
 * Whether a word of `compound` of at least {@link MIN_COMPOUND_PART_LENGTH} letters, without digits, is one no passage
 * holds, when `compound` has two words or more that are not stop-words (a French inversion, *veulent-ils*, is one
 * verb).
 */
function compoundPartAbsent(index: Retriever, compound: string, absent: (word: string) => boolean): boolean {
  const parts = compound.split(COMPOUND_JOINER).filter((part) => index.terms(part).length > 0);
  // A part with digits is a version or a number, which the number test already judges.
  return (
    parts.length >= 2 &&
    parts.some((part) => part.length >= MIN_COMPOUND_PART_LENGTH && !/\p{N}/u.test(part) && absent(part))
  );
}

/** The words of the question written wholly in lower case, without digits (a version is not a name). */
function lowerCaseWords(question: string): string[] {
  return [...question.matchAll(WORD)]
    .map(([word]) => word)
    .filter((word) => word.length >= MIN_NAME_LENGTH && word === word.toLowerCase() && !/\p{N}/u.test(word));
}

/** Weight of the words of `words` that `terms` holds (a word by any of its spellings). */
function wordWeightIn(words: readonly QuestionWord[], terms: ReadonlySet<string>): number {
  let total = 0;
  for (const word of words) if (word.terms.some((term) => terms.has(term))) total += word.weight;
  return total;
}

const passageLanguageCache = new WeakMap<Passage, Language | null>();

/**
 * Whether the question is in one language and most of the passages found are in the other (a question in English
 * about French documents): full-text search then matches only the words both languages share.
 */
function asksInAnotherLanguage(question: string, hits: readonly SearchHit[]): boolean {
  const asked = detectLanguage(question, 1);
  if (asked === null || hits.length === 0) return false;
  let other = 0;
  for (const { passage } of hits) {
    let language = passageLanguageCache.get(passage);
    if (language === undefined) {
      language = detectLanguage(passage.text);
      passageLanguageCache.set(passage, language);
    }
    if (language !== null && language !== asked) other += 1;
  }
  return other * 2 > hits.length;
}

/** Whether a question asked in `asked` is in the other language than documents in `documents` (both known). */
function isOtherLanguage(asked: Language | null, documents: Language | null): boolean {
  return asked !== null && documents !== null && asked !== documents;
}

/** The other of the two languages the bot speaks. */
function otherLanguage(language: Language): Language {
  return language === 'fr' ? 'en' : 'fr';
}

/** A term's weight by rarity: `rarityFloor` (in every passage) to 1 (in one), `unknownTermWeight` in none. */
function termWeight(
  index: Retriever,
  documentFrequency: (term: string) => number,
  settings: RaritySettings,
): (term: string) => number {
  const idf = idfOf(index);
  const highestIdf = idf(0);
  return (term: string) => {
    const df = documentFrequency(term);
    return df === 0
      ? settings.unknownTermWeight
      : settings.rarityFloor + (1 - settings.rarityFloor) * (idf(df) / highestIdf) ** settings.rarityExponent;
  };
}

function idfOf(index: Retriever): (df: number) => number {
  const passageCount = Math.max(1, index.manifest.passageCount);
  return (df: number) => Math.log(1 + (passageCount - df + 0.5) / (df + 0.5));
}

// However large the corpus, a term in this few passages is still distinctive.
const MIN_DISTINCTIVE_PASSAGES = 3;

/**
 * The question's distinctive terms the corpus knows: in at most `distinctiveShare` of the
 * passages (and at least in one), or holding a digit (a version, a size, a port). A passage
 * must hold one of them to cover the question: words that most passages share say nothing
 * about whether the documents answer it.
 */
function distinctiveTerms(
  index: Retriever,
  documentFrequency: (term: string) => number,
  question: string,
  distinctiveShare: number,
): ReadonlySet<string> {
  const limit = Math.max(MIN_DISTINCTIVE_PASSAGES, distinctiveShare * index.manifest.passageCount);
  const frame = frameTerms(index);
  const distinctive = new Set<string>();
  for (const term of index.terms(question)) {
    if (frame.has(term)) continue;
    const df = documentFrequency(term);
    if (df > 0 && (df <= limit || /\d/u.test(term))) distinctive.add(term);
  }
  return distinctive;
}

const frameTermCache = new WeakMap<Retriever, ReadonlySet<string>>();

/** The question-frame words as this index analyses them (its stemmer, its language). */
function frameTerms(index: Retriever): ReadonlySet<string> {
  let terms = frameTermCache.get(index);
  if (!terms) {
    terms = new Set(index.terms(QUESTION_FRAME_WORDS));
    frameTermCache.set(index, terms);
  }
  return terms;
}

// A number the question gives as an example ("a version like 3.11.2", "un port comme 8080") illustrates what it asks
// about: a passage that explains it may use another example, so the number is neither required nor counted as a
// word the passage lacks. An example may be a range or a few numbers ("like 1 to 10", "comme 80 ou 443").
const EXAMPLE_MARKER = String.raw`(?:like|such as|e\.g\.,?|for (?:example|instance),?|comme|par exemple,?|tel(?:le)?s? que)`;
const NUMBER_TOKEN = String.raw`[\p{N}][\p{N}.:,/-]*`;
const EXAMPLE_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${EXAMPLE_MARKER}\s+${NUMBER_TOKEN}(?:\s*(?:to|through|or|and|à|au|ou|et|-|–)\s+${NUMBER_TOKEN})*`,
  'giu',
);

/** `question` without the numbers it gives as examples. */
function withoutExampleNumbers(question: string): string {
  return question.replace(EXAMPLE_NUMBER, ' ');
}

/**
 * The numbers a text writes, each as its runs of digits joined by `.`: a version, a time or a decimal is one number
 * ("4.0", "3h40", "3:40", "1,5"), whatever its parts are separated by, so that "3h40" and "3:40" meet and "4.0" is
 * not found in a list of single digits ("0, 1, 4, 9").
 */
function numbersIn(text: string): string[] {
  return (text.match(GROUPED_NUMBER) ?? []).map(numberKey);
}

/** One written number as {@link numbersIn} gives it. */
function numberKey(number: string): string {
  // Leading zeros pad a field ("08:00", "2022-07-05"): 8h and 08:00 are the same hour.
  return (number.match(/\p{Nd}+/gu) ?? []).map((run) => run.replace(/^0+(?=\p{Nd})/u, '')).join('.');
}

/** `text` without the numbers the question writes: what is left of it that may state the quantity asked for. */
function withoutNumbers(text: string, numbers: ReadonlySet<string>): string {
  return numbers.size === 0
    ? text
    : text.replace(GROUPED_NUMBER, (number) => (numbers.has(numberKey(number)) ? ' ' : number));
}

// Digits joined by one decimal, version or time separator. Not by a hyphen or a slash: those join numbers that are
// also written apart ("1-10" and "1 to 10", "2022-07-05" and "5 juillet 2022").
const GROUPED_NUMBER = /\p{Nd}+(?:[.,:h]\p{Nd}+)*/gu;

const passageNumberCache = new WeakMap<Passage, ReadonlySet<string>>();

/**
 * Whether the passage (text, title and section) writes every one of `numbers` (from {@link numbersIn}), each within
 * one number of its own and from the start of one of its values: a version names the versions under it ("11" within
 * "11.1", "4.0" within "4.0.1", never "7" within "3.7"), and a comma or a colon may also start a value of a list, a
 * time or a port mapping ("443" within "80,443", "80" within "8080:80"). Never "4.0" from a 4 and a 0 apart.
 */
function holdsNumbers(passage: Passage, numbers: readonly string[]): boolean {
  if (numbers.length === 0) return true;
  let held = passageNumberCache.get(passage);
  if (!held) {
    const values = new Set<string>();
    for (const [number] of `${passage.title}\n${passage.section.join('\n')}\n${passage.text}`.matchAll(
      GROUPED_NUMBER,
    )) {
      const runs = numberKey(number).split('.');
      // Where a value may start: the first run, and each run after a separator that is not a dot.
      const separators = number.match(/[^\p{Nd}]/gu) ?? [];
      for (let from = 0; from < runs.length; from++) {
        if (from > 0 && separators[from - 1] === '.') continue;
        for (let to = from + 1; to <= runs.length; to++) values.add(runs.slice(from, to).join('.'));
      }
    }
    held = values;
    passageNumberCache.set(passage, held);
  }
  const found = held;
  return numbers.every((number) => found.has(number));
}

const passageTermCache = new WeakMap<Passage, ReadonlySet<string>>();

/** Terms of a passage with its title and section, as the index analyses them; cached per passage object. */
function passageTerms(index: Retriever, passage: Passage): ReadonlySet<string> {
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
