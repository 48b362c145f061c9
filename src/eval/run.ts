import { performance } from 'node:perf_hooks';
import type { AnswerOptions, AnswerTrace } from '../answer/index.ts';
import type { Language } from '../index/types.ts';
import type { Embedder } from '../embed/types.ts';
import type { Passage } from '../ingest/types.ts';
import type { SearchMode } from '../index/types.ts';
import type { Logger } from '../logger.ts';
import { openKnowledgeBase, type BuildSummary } from '../pipeline/index.ts';
import { loadLexicon } from '../pipeline/lexicon.ts';
import {
  answerRank,
  passageHoldsAnswer,
  quotesContainExpected,
  summarize,
  summarizeGroups,
  type EvalMetrics,
  type QuestionKind,
  type QuestionOutcome,
} from './metrics.ts';
import type { EvalSplit, QaItem } from './qa.ts';
import { bestJudged, decisionMiss, type DecisionMiss } from './decision-miss.ts';
import { expectedTextIn, quoteLoss, type QuoteLoss } from './quote-loss.ts';

/** Passages retrieved per question for hit@k and MRR. */
const RETRIEVAL_DEPTH = 10;

/** What {@link runEvaluation} needs: a freshly built index, how it was built, and the questions. */
export interface EvaluationOptions {
  readonly corpusDir: string;
  readonly indexPath: string;
  /** The summary of the build that wrote `indexPath` (its mode decides whether questions are embedded). */
  readonly build: BuildSummary;
  /** The embedder the index was built with; null: full-text only. */
  readonly embedder: Embedder | null;
  readonly items: readonly QaItem[];
  readonly logger: Logger;
  /** Overrides of the answer layer's defaults (abstention threshold…), to try values before changing them. */
  readonly answerOptions?: AnswerOptions;
}

/** One question's outcome with what explains it, for the list of misses. */
export interface QuestionDetail extends QuestionOutcome {
  /** Retrieved passage ids, best first. */
  readonly retrieved: readonly string[];
  readonly quotes: readonly string[];
  /** Where a missed quote was lost ({@link QuoteLoss}); null when the quotes hold the expected text or none is set. */
  readonly quoteLoss: QuoteLoss | null;
  /**
   * For a missed quote, the largest share of the question's word weight held by a passage of the index holding the
   * expected text (what the coverage test would have read there); null for the others, or when no passage holds it.
   */
  readonly answerShare: number | null;
  /** The largest share of the question's word weight a retrieved passage holds; null when nothing was retrieved. */
  readonly retrievedShare: number | null;
  /** Why the decision to answer or decline was wrong ({@link DecisionMiss}); null when it was right. */
  readonly decisionMiss: DecisionMiss | null;
}

/** Everything one evaluation run measured. */
export interface EvaluationReport {
  /** Search mode the index was built and queried in. */
  readonly mode: SearchMode;
  /** Model id of the embedder, null in full-text mode. */
  readonly modelId: string | null;
  /** The answer-layer overrides measured, empty for the product's defaults. */
  readonly answerOptions: AnswerOptions;
  readonly build: BuildSummary;
  readonly overall: EvalMetrics;
  readonly byLanguage: Partial<Record<Language, EvalMetrics>>;
  /** Heading-copied against paraphrased questions (sets that mark `kind`). */
  readonly byKind: Partial<Record<QuestionKind, EvalMetrics>>;
  /** The dev and test halves (sets that mark `split`). */
  readonly bySplit: Partial<Record<EvalSplit, EvalMetrics>>;
  readonly details: readonly QuestionDetail[];
  /**
   * Ids of questions whose `answer` no passage of the whole index holds: a mistake in the set, or text the ingest
   * loses.
   */
  readonly unreachableAnswers: readonly string[];
}

/**
 * Opens the index as the bot does and asks every question. Retrieval figures come from the
 * index's own ranking of {@link RETRIEVAL_DEPTH} passages; quotes, abstention and latency
 * from the knowledge base's answer (latency = one `ask`, query embedding included).
 */
export async function runEvaluation(options: EvaluationOptions): Promise<EvaluationReport> {
  const { build } = options;
  // What each ask's answer was chosen from, written by the answer layer during the ask.
  const traces: AnswerTrace[] = [];
  const embedder = build.mode === 'hybrid' ? options.embedder : null;
  const knowledgeBase = await openKnowledgeBase({
    indexPath: options.indexPath,
    corpusDir: options.corpusDir,
    embedder,
    logger: options.logger,
    watch: false,
    // Read before the clock starts: latency is per question, not the process's one-time start-up.
    lexicon: await loadLexicon(),
    answerOptions: { ...options.answerOptions, onTrace: (trace) => traces.push(trace) },
  });
  const details: QuestionDetail[] = [];
  const unreachableAnswers: string[] = [];
  try {
    const index = knowledgeBase.index();
    for (const item of options.items) {
      const { answer } = item;
      if (answer !== undefined && !index.passages.some((passage) => passageHoldsAnswer(passage.text, answer)))
        unreachableAnswers.push(item.id);
    }
    for (const item of options.items) {
      traces.length = 0;
      const started = performance.now();
      const answer = await knowledgeBase.ask(item.question);
      const latencyMs = performance.now() - started;
      const vector = embedder === null ? null : await embedder.embedQuery(item.question);
      const hits = index.search({ text: item.question, vector, limit: RETRIEVAL_DEPTH });
      const quotes = answer.quotes.map((quote) => quote.text);
      const quoteHit = item.expect === undefined ? null : quotesContainExpected(quotes, item.expect);
      const trace = traces.at(-1);
      const missed = quoteHit === false && item.expect !== undefined && trace !== undefined;
      const answerShare = missed ? bestShare(index.passages, item.expect ?? [], trace.passageShare) : null;
      const firstSource = answer.quotes[0]?.source;
      const firstQuotePassageId = answer.sources.find((source) => source.n === firstSource)?.passageId ?? null;
      details.push({
        id: item.id,
        question: item.question,
        language: item.lang ?? answer.language,
        kind: item.kind ?? null,
        split: item.split ?? null,
        answerable: item.answerable,
        hasAnswerText: item.answer !== undefined,
        answerRank:
          item.answer === undefined
            ? null
            : answerRank(
                hits.map((hit) => hit.passage.text),
                item.answer,
              ),
        quoteHit,
        abstained: !answer.answered,
        latencyMs,
        retrieved: hits.map((hit) => hit.passage.id),
        quotes,
        quoteLoss: missed ? quoteLoss(trace, item.expect ?? [], answer.answered) : null,
        answerShare,
        retrievedShare: trace === undefined ? null : (bestJudged(trace)?.share ?? null),
        decisionMiss:
          trace === undefined ? null : decisionMiss(trace, item.answerable, answer.answered, firstQuotePassageId),
      });
    }
  } finally {
    await knowledgeBase.close();
  }
  return {
    mode: build.mode,
    modelId: embedder?.modelId ?? null,
    answerOptions: options.answerOptions ?? {},
    build,
    overall: summarize(details),
    byLanguage: summarizeGroups(details, (detail) => detail.language),
    byKind: summarizeGroups(details, (detail) => detail.kind),
    bySplit: summarizeGroups(details, (detail) => detail.split),
    details,
    unreachableAnswers,
  };
}

/** The largest `share` of the passages whose text holds one of `expected`; null when none holds it. */
function bestShare(
  passages: readonly Passage[],
  expected: readonly string[],
  share: (passage: Passage) => number,
): number | null {
  const holds = expectedTextIn(expected);
  let best: number | null = null;
  for (const passage of passages) if (holds(passage.text)) best = Math.max(best ?? 0, share(passage));
  return best;
}
