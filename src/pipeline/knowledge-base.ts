import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { answerQuestion, type AnswerOptions } from '../answer/answer.ts';
import type { Lexicon } from '../answer/lexicon.ts';
import { validateQuestion } from '../answer/question.ts';
import { localRetriever } from '../answer/retriever.ts';
import type { KnowledgeBase } from '../answer/types.ts';
import { verifyQuotes } from '../answer/verify.ts';
import type { Embedder } from '../embed/types.ts';
import { isCitebotError } from '../errors.ts';
import { embeddingMismatch, loadIndex, resolvePassageFilter } from '../index/index.ts';
import { Analyzer } from '../index/tokenizer.ts';
import type { Language, PassageIndex } from '../index/types.ts';
import type { Logger } from '../logger.ts';
import { createDocumentTextReader } from './document-text.ts';
import { loadLexicon } from './lexicon.ts';

/** How to open a {@link KnowledgeBase}. */
export interface KnowledgeBaseOptions {
  readonly indexPath: string;
  /** Embeds questions for hybrid indexes; null answers full-text only. */
  readonly embedder: Embedder | null;
  /**
   * Loads the model when a hybrid index replaces a full-text one while `embedder` is null
   * (a bot started before the model was available); tried once. Absent: stay full-text.
   */
  readonly loadEmbedder?: () => Promise<Embedder | null>;
  readonly logger: Logger;
  /** Reload when the index file is replaced (the bot); off for one-shot questions. */
  readonly watch: boolean;
  /** Corpus folder, to check quotes against the files themselves. Absent: quotes are checked against the index only. */
  readonly corpusDir?: string;
  /** How often the index file is checked for replacement. */
  readonly pollIntervalMs?: number;
  readonly onReload?: (index: PassageIndex) => void;
  /** Rejected new index (corrupt, other model…): the old one keeps serving. */
  readonly onReloadError?: (error: unknown) => void;
  readonly answerOptions?: AnswerOptions;
  /** The French and English lexicon answers tell names from words with; absent: {@link loadLexicon}'s. */
  readonly lexicon?: Lexicon | null;
}

/**
 * Loads the index and serves questions from it. With `watch`, a rebuilt index file is
 * loaded in the background and swapped in one assignment, so a question is answered
 * wholly by the old or wholly by the new index; a new file that fails to load is logged
 * and the old index keeps serving.
 */
export async function openKnowledgeBase(options: KnowledgeBaseOptions): Promise<KnowledgeBase> {
  const { indexPath, logger } = options;
  let embedder = options.embedder;
  let embedderRequested = embedder !== null;
  const expectation = () => embedder ?? undefined;
  // Read while the index loads; a question waits for it (the first only, and only for what is left).
  const lexiconLoading: Promise<Lexicon | null> =
    options.lexicon !== undefined
      ? Promise.resolve(options.lexicon)
      : loadLexicon().catch((error: unknown) => {
          logger.warn(
            { event: 'lexicon_unavailable', err: error },
            'word lists unreadable; names typed in lower case are not checked',
          );
          return null;
        });
  let current = await loadIndex(indexPath, expectation());
  const readDocumentText = options.corpusDir ? createDocumentTextReader(options.corpusDir) : () => undefined;

  let reloading: Promise<void> | undefined;
  let reloadAgain = false;
  const reload = async (): Promise<void> => {
    try {
      const next = await loadIndex(indexPath, expectation());
      if (next.manifest.mode === 'hybrid' && embedder === null && !embedderRequested && options.loadEmbedder) {
        embedderRequested = true;
        embedder = await options.loadEmbedder();
      }
      current = next;
      logger.info(
        { event: 'index_reloaded', passages: next.passages.length, builtAt: next.manifest.builtAt },
        'index reloaded',
      );
      options.onReload?.(next);
    } catch (error) {
      logger.error(
        { event: 'index_reload_rejected', code: isCitebotError(error) ? error.code : undefined, err: error },
        'new index rejected; still serving the previous one',
      );
      options.onReloadError?.(error);
    }
  };
  const scheduleReload = () => {
    if (reloading) {
      reloadAgain = true;
      return;
    }
    reloading = (async () => {
      do {
        reloadAgain = false;
        await reload();
      } while (reloadAgain);
      reloading = undefined;
    })();
  };
  const onIndexFileChange = (now: Stats, before: Stats) => {
    // A deleted file (nlink 0) is not a new index: keep serving until one is written.
    if (now.nlink > 0 && (now.mtimeMs !== before.mtimeMs || now.ino !== before.ino || now.size !== before.size))
      scheduleReload();
  };
  if (options.watch)
    watchFile(indexPath, { interval: options.pollIntervalMs ?? 500, persistent: false }, onIndexFileChange);

  return {
    async ask(question, askOptions = {}) {
      const validQuestion = validateQuestion(question);
      const index = current;
      const context = askOptions.context ? validateQuestion(askOptions.context) : undefined;
      // Only a vector from the index's own model and dtype is comparable with its passages.
      const vector =
        index.manifest.mode === 'hybrid' && embedder && embeddingMismatch(index.manifest, embedder) === null
          ? await embedder.embedQuery(context ? `${validQuestion} ${context}` : validQuestion)
          : null;
      const filter = resolvePassageFilter(index.passages, askOptions);
      const sentenceEmbedder = vector === null ? null : embedder;
      const lexicon = await lexiconLoading;
      const answer = await answerQuestion(localRetriever(index), validQuestion, vector, {
        ...(sentenceEmbedder ? { embedSentences: (texts) => sentenceEmbedder.embedPassages(texts) } : {}),
        documentsLanguage: documentsLanguageOf(index),
        ...(askOptions.askerLanguage === undefined ? {} : { askerLanguage: askOptions.askerLanguage }),
        lexicon,
        ...options.answerOptions,
        ...(context ? { context } : {}),
        ...(filter === undefined ? {} : { filter }),
      });
      const verified = verifyQuotes(answer, readDocumentText);
      if (verified.rejected > 0) {
        logger.warn(
          { event: 'stale_quotes', rejected: verified.rejected },
          'quotes no longer match their files; run npm run index',
        );
      }
      // An answer outlives the index it came from (the bot remembers answers for Sources and
      // follow-ups). Its texts are slices of the index's whole text, which a slice keeps alive:
      // a copy owns its strings, so a replaced index can be freed.
      return structuredClone(verified.answer);
    },
    index: () => current,
    retriever: () => localRetriever(current),
    async reload() {
      // A reload already running may have read the file before it was replaced: it runs once more.
      scheduleReload();
      await reloading;
    },
    async close() {
      if (options.watch) unwatchFile(indexPath, onIndexFileChange);
      await reloading;
    },
  };
}

const documentsLanguages = new WeakMap<PassageIndex, Language | null>();
/** Passages sampled to tell an index's language: enough for a clear majority, cheap on a large corpus. */
const LANGUAGE_SAMPLE = 400;
/** The share of the sampled passages (those whose language shows) one language needs to be the documents'. */
const LANGUAGE_MAJORITY = 2 / 3;

/**
 * The language most passages of the index are in, or null when neither has a clear majority; measured once per
 * loaded index, on passages spread over the whole of it.
 */
function documentsLanguageOf(index: PassageIndex): Language | null {
  if (documentsLanguages.has(index)) return documentsLanguages.get(index) ?? null;
  const { passages } = index;
  const step = Math.max(1, Math.floor(passages.length / LANGUAGE_SAMPLE));
  const counts: Record<Language, number> = { fr: 0, en: 0 };
  // One analyser for the whole sample: it keeps the words it has seen, where a fresh one per passage starts empty.
  const analyzer = new Analyzer('auto');
  for (let i = 0; i < passages.length; i += step) {
    const language = analyzer.detectLanguage(passages[i]?.text ?? '');
    if (language !== null) counts[language] += 1;
  }
  const detected = counts.fr + counts.en;
  const language =
    detected === 0
      ? null
      : counts.fr >= LANGUAGE_MAJORITY * detected
        ? 'fr'
        : counts.en >= LANGUAGE_MAJORITY * detected
          ? 'en'
          : null;
  documentsLanguages.set(index, language);
  return language;
}
