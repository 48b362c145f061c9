import { describe, expect, it } from 'vitest';
import { answerQuestion, type SentenceEmbedder } from '../../src/answer/answer.ts';
import { localRetriever } from '../../src/answer/retriever.ts';
import { createFakeIndex, makePassage } from '../support/fake-index.ts';

// The sentence sharing the most words with the question, and the one that answers it.
const WORDY = 'The cache folder grows and the cache folder is never cleaned by the cache itself.';
const ANSWER = 'Old cache entries are removed when you run the verify command on it.';
const QUESTION = 'how is the cache folder cleaned';

function cacheIndex() {
  return createFakeIndex(
    [
      makePassage({ text: `${WORDY}\n\n${ANSWER}` }),
      makePassage({ path: 'other.txt', text: 'Roses need sun. Tulips need cold winters.' }),
    ],
    [new Float32Array([1, 0]), new Float32Array([0, 1])],
  );
}

const QUERY = new Float32Array([1, 0]);

/** Embeds the answer close to the question and everything else far from it, and records what it was asked. */
function fakeSentenceEmbedder(): SentenceEmbedder & { calls: string[][] } {
  const calls: string[][] = [];
  const embed = (texts: readonly string[]) => {
    calls.push([...texts]);
    return Promise.resolve(texts.map((text) => new Float32Array(text === ANSWER ? [0.99, 0.14] : [0.6, 0.8])));
  };
  return Object.assign(embed, { calls });
}

describe('answerQuestion: sentences compared by meaning', () => {
  it('GIVEN sentence vectors and a similarity scale THEN the first quote is the sentence closest in meaning among the best by words', async () => {
    const embedSentences = fakeSentenceEmbedder();
    const answer = await answerQuestion(localRetriever(cacheIndex()), QUESTION, QUERY, {
      embedSentences,
      sentenceSimilarityScale: 0.1,
      maxQuotes: 1,
      minCoverage: 0.2,
    });
    expect(answer.quotes[0]?.text).toBe(ANSWER);
    expect(embedSentences.calls).toHaveLength(1);
    expect(embedSentences.calls[0]).toEqual(expect.arrayContaining([WORDY, ANSWER]));
  });

  it('GIVEN no sentence embedder THEN the sentence sharing the most words is quoted', async () => {
    const answer = await answerQuestion(localRetriever(cacheIndex()), QUESTION, QUERY, {
      maxQuotes: 1,
      minCoverage: 0.2,
    });
    expect(answer.quotes[0]?.text).toBe(WORDY);
  });

  it('GIVEN an index without calibration and no scale THEN sentences are not embedded: a cosine means nothing without its model’s scale', async () => {
    const embedSentences = fakeSentenceEmbedder();
    const answer = await answerQuestion(localRetriever(cacheIndex()), QUESTION, QUERY, {
      embedSentences,
      maxQuotes: 1,
      minCoverage: 0.2,
    });
    expect(embedSentences.calls).toEqual([]);
    expect(answer.quotes[0]?.text).toBe(WORDY);
  });

  it('GIVEN a full-text question (no query vector) THEN sentences are not embedded', async () => {
    const embedSentences = fakeSentenceEmbedder();
    await answerQuestion(localRetriever(cacheIndex()), QUESTION, null, {
      embedSentences,
      sentenceSimilarityScale: 0.1,
      minCoverage: 0.2,
    });
    expect(embedSentences.calls).toEqual([]);
  });
});
