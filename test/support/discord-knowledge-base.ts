import type { KnowledgeBase } from '../../src/answer/index.ts';
import type { AskOptions } from '../../src/answer/types.ts';
import { answerQuestion, localRetriever, validateQuestion } from '../../src/answer/index.ts';
import type { IndexedFile, Language, PassageIndex } from '../../src/index/types.ts';
import type { Passage } from '../../src/ingest/index.ts';
import { createFakeIndex } from './fake-index.ts';

/**
 * A {@link KnowledgeBase} over in-memory passages (the real, pure answer selection on a
 * fake index), recording every question, its follow-up context and the asker's language. `fail` makes the next
 * questions throw it, to exercise the bot's error path.
 */
export function createFakeKnowledgeBase(passages: Passage[]): KnowledgeBase & {
  readonly asked: Array<{ question: string; context: string | undefined; askerLanguage?: Language | undefined }>;
  fail: Error | undefined;
} {
  const base = createFakeIndex(passages);
  const files: Record<string, IndexedFile> = {};
  for (const passage of passages) {
    const file = files[passage.path];
    files[passage.path] = {
      hash: 'fake',
      title: passage.title,
      passages: (file?.passages ?? 0) + 1,
      indexedAt: '2026-01-02T03:04:05.000Z',
    };
  }
  const index: PassageIndex = { ...base, manifest: { ...base.manifest, files, passageCount: passages.length } };
  const knowledgeBase = {
    asked: [] as Array<{ question: string; context: string | undefined; askerLanguage?: Language | undefined }>,
    fail: undefined as Error | undefined,
    async ask(question: string, options: AskOptions = {}) {
      knowledgeBase.asked.push({ question, context: options.context, askerLanguage: options.askerLanguage });
      if (knowledgeBase.fail) throw knowledgeBase.fail;
      return answerQuestion(localRetriever(index), validateQuestion(question), null, {
        ...(options.context ? { context: options.context } : {}),
        ...(options.askerLanguage ? { askerLanguage: options.askerLanguage } : {}),
      });
    },
    index: () => index,
    retriever: () => localRetriever(index),
    async reload() {},
    async close() {},
  };
  return knowledgeBase;
}
