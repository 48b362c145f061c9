import { describe, expect, it } from 'vitest';
import { isCitebotError } from '../../src/errors.ts';
import { OramaPassageIndex } from '../../src/index/database.ts';
import { resolvePassageFilter } from '../../src/index/filter.ts';
import { makePassage } from '../support/fake-index.ts';
import { sampleContents } from './helpers.ts';

const PASSAGES = [
  makePassage({
    path: 'guides/install.md',
    ordinal: 0,
    title: 'Installation',
    section: ['Linux'],
    text: 'Lancez le service avec systemctl.',
  }),
  makePassage({
    path: 'guides/install.md',
    ordinal: 1,
    title: 'Installation',
    section: ['Windows'],
    text: 'Le service démarre tout seul.',
  }),
  makePassage({ path: 'faq.txt', ordinal: 0, title: 'Questions fréquentes', text: 'Le service est gratuit.' }),
];

describe('resolvePassageFilter', () => {
  it('GIVEN a file name, a title or a heading in any case or accents THEN the matching documents and sections', () => {
    expect(resolvePassageFilter(PASSAGES, { document: 'install' })).toEqual({ documents: ['guides/install.md'] });
    expect(resolvePassageFilter(PASSAGES, { document: 'questions frequentes' })).toEqual({ documents: ['faq.txt'] });
    expect(resolvePassageFilter(PASSAGES, { section: 'linux' })).toEqual({ sections: [['Linux']] });
    expect(resolvePassageFilter(PASSAGES, {})).toBeUndefined();
  });

  it('GIVEN a name nothing matches THEN FILTER_NO_MATCH naming it', () => {
    let error: unknown;
    try {
      resolvePassageFilter(PASSAGES, { document: 'install', section: 'macOS' });
    } catch (caught) {
      error = caught;
    }
    expect(isCitebotError(error, 'FILTER_NO_MATCH')).toBe(true);
    expect((error as Error).message).toContain('"macOS" in "install"');
  });

  it('GIVEN a filter THEN the search (through Orama where) only returns passages it keeps, and facets count them', async () => {
    const contents = await sampleContents({ passages: PASSAGES });
    const index = new OramaPassageIndex(contents.database, contents.manifest);
    const all = index.search({ text: 'service', vector: null, limit: 10 });
    expect(all).toHaveLength(3);
    const filter = resolvePassageFilter(PASSAGES, { document: 'install', section: 'Windows' })!;
    const hits = index.search({ text: 'service', vector: null, limit: 10, filter });
    expect(hits.map((hit) => hit.passage.id)).toEqual(['guides/install.md#1']);
    expect(index.facets()).toEqual({
      passages: 3,
      documents: { 'guides/install.md': 2, 'faq.txt': 1 },
      folders: { guides: 2 },
    });
  });
});
