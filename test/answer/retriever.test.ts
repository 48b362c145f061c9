import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer.ts';
import { localRetriever, type RetrievalQuery, type Retriever } from '../../src/answer/retriever.ts';
import type { PassageFilter } from '../../src/index/types.ts';
import { createFakeIndex, makePassage } from '../support/fake-index.ts';

function fakeIndex() {
  return createFakeIndex([
    makePassage({ path: 'a.txt', text: 'Le ministre a rencontré son homologue à Rabat.' }),
    makePassage({ path: 'a.txt', ordinal: 1, text: 'Le terrorisme est au cœur de la coopération.', start: 50 }),
    makePassage({ path: 'b.txt', text: 'La visite officielle a duré deux jours.' }),
  ]);
}

/** A retriever that records each search (the round trips a remote engine would see) and may rewrite its result. */
function recording(inner: Retriever, rewrite = (frequencies: ReadonlyMap<string, number>) => frequencies) {
  const searches: RetrievalQuery[] = [];
  const retriever: Retriever = {
    manifest: inner.manifest,
    terms: (text) => inner.terms(text),
    facets: (filter) => inner.facets(filter),
    async search(query) {
      searches.push(query);
      const { hits, documentFrequencies } = await inner.search(query);
      return { hits, documentFrequencies: rewrite(documentFrequencies) };
    },
  };
  return { retriever, searches };
}

describe('localRetriever', () => {
  it('GIVEN a query with frequency terms THEN the hits are the index search and the frequencies its own counts', async () => {
    const index = fakeIndex();
    const { hits, documentFrequencies } = await localRetriever(index).search({
      text: 'ministre rabat',
      vector: null,
      limit: 2,
      frequencyTerms: ['ministre', 'le', 'absent'],
    });
    expect(hits).toEqual(index.search({ text: 'ministre rabat', vector: null, limit: 2 }));
    expect(hits[0]?.passage.id).toBe('a.txt#0');
    expect([...documentFrequencies]).toEqual([
      ['ministre', 1],
      ['le', 0],
      ['absent', 0],
    ]);
  });

  it('GIVEN a filter THEN the index is searched and counted with it, and sees no frequency terms', async () => {
    const base = fakeIndex();
    const counted: unknown[] = [];
    const index = { ...base, facets: (filter?: PassageFilter) => (counted.push(filter), base.facets()) };
    const retriever = localRetriever(index);
    const filter = { documents: ['b.txt'] };
    await retriever.search({ text: 'visite', vector: null, limit: 3, filter, frequencyTerms: ['visite'] });
    expect(base.queries).toEqual([{ text: 'visite', vector: null, limit: 3, filter }]);
    expect(await retriever.facets(filter)).toEqual({ passages: 3, documents: { 'a.txt': 2, 'b.txt': 1 }, folders: {} });
    expect(counted).toEqual([filter]);
  });

  it('GIVEN the same index twice THEN the same retriever, and another index another one', () => {
    const index = fakeIndex();
    expect(localRetriever(index)).toBe(localRetriever(index));
    expect(localRetriever(fakeIndex())).not.toBe(localRetriever(index));
  });
});

describe('answerQuestion', () => {
  it('GIVEN a follow-up question THEN one search carries the text and the terms of question and context', async () => {
    const index = fakeIndex();
    const { retriever, searches } = recording(localRetriever(index));
    await answerQuestion(retriever, 'Qui a rencontré le ministre ?', null, { context: 'la visite officielle' });
    expect(searches).toHaveLength(1);
    expect(searches[0]?.text).toBe('Qui a rencontré le ministre ? la visite officielle');
    expect(searches[0]?.frequencyTerms).toEqual([
      ...index.terms('Qui a rencontré le ministre ?'),
      ...index.terms('la visite officielle'),
    ]);
  });

  it('GIVEN the frequencies the search returns THEN term rarity comes from them: terms in no passage cannot cover', async () => {
    const question = 'Quel ministre a rencontré son homologue ?';
    const truthful = recording(localRetriever(fakeIndex())).retriever;
    expect((await answerQuestion(truthful, question, null)).answered).toBe(true);
    const nowhere = recording(
      localRetriever(fakeIndex()),
      (frequencies) => new Map([...frequencies.keys()].map((term) => [term, 0])),
    );
    expect((await answerQuestion(nowhere.retriever, question, null)).answered).toBe(false);
  });
});
