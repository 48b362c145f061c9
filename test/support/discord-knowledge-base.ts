import type { KnowledgeBase } from '../../src/answer/index.ts';
import { answerQuestion, localRetriever, validateQuestion } from '../../src/answer/index.ts';
import type { IndexedFile, PassageIndex } from '../../src/index/types.ts';
import type { Passage } from '../../src/ingest/index.ts';
import { createFakeIndex } from './fake-index.ts';

/**
 * A {@link KnowledgeBase} over in-memory passages (the real, pure answer selection on a
 * fake index), recording every question and its follow-up context. `fail` makes the next
 * questions throw it, to exercise the bot's error path.
 */
export function createFakeKnowledgeBase(passages: Passage[]): KnowledgeBase & {
  readonly asked: Array<{ question: string; context: string | undefined }>;
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
    asked: [] as Array<{ question: string; context: string | undefined }>,
    fail: undefined as Error | undefined,
    async ask(question: string, options: { readonly context?: string } = {}) {
      knowledgeBase.asked.push({ question, context: options.context });
      if (knowledgeBase.fail) throw knowledgeBase.fail;
      return answerQuestion(
        localRetriever(index),
        validateQuestion(question),
        null,
        options.context ? { context: options.context } : {},
      );
    },
    index: () => index,
    retriever: () => localRetriever(index),
    async reload() {},
    async close() {},
  };
  return knowledgeBase;
}
