import { describe, expect, it } from 'vitest';
import { embeddingPrefixes } from '../../src/embed/index.ts';

describe('embeddingPrefixes', () => {
  it('GIVEN an e5 model id THEN questions get "query: " and passages "passage: "', () => {
    expect(embeddingPrefixes('Xenova/multilingual-e5-small')).toEqual({ query: 'query: ', passage: 'passage: ' });
  });

  it('GIVEN an e5 id in capitals THEN it is still recognised', () => {
    expect(embeddingPrefixes('intfloat/Multilingual-E5-Large')).toEqual({ query: 'query: ', passage: 'passage: ' });
  });

  it('GIVEN another model id THEN nothing is prepended', () => {
    expect(embeddingPrefixes('citebot/tiny-embedder')).toEqual({ query: '', passage: '' });
  });

  it('GIVEN custom prefixes THEN they win over the model id', () => {
    const custom = { query: 'Represent this sentence for searching relevant passages: ', passage: '' };
    expect(embeddingPrefixes('Xenova/multilingual-e5-small', custom)).toBe(custom);
  });
});
