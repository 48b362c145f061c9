import { describe, expect, it } from 'vitest';
import { documentChoices, resolveDocument, resolveSection, sectionChoices } from '../../src/discord/catalog.ts';
import { WORDS } from '../../src/discord/wording.ts';
import type { IndexManifest } from '../../src/index/types.ts';
import { makePassage } from '../support/fake-index.ts';

const longPath = `${'deep/'.repeat(30)}rapport-final.md`;
const manifest: IndexManifest = {
  formatVersion: 1,
  mode: 'fulltext',
  modelId: null,
  dimensions: 0,
  language: 'fr',
  builtAt: '2026-01-02T03:04:05.000Z',
  passageCount: 40,
  files: {
    ...Object.fromEntries(
      Array.from({ length: 39 }, (_, i) => [
        `doc-${String(i).padStart(2, '0')}.txt`,
        { hash: 'h', title: `Document ${i}`, passages: 1, indexedAt: '2026-01-02T03:04:05.000Z' },
      ]),
    ),
    [longPath]: {
      hash: 'h',
      title: `Rapport ${'très '.repeat(40)}long`,
      passages: 1,
      indexedAt: '2026-01-02T03:04:05.000Z',
    },
  },
};

describe('documentChoices', () => {
  it('GIVEN 40 documents and nothing typed THEN it offers 25 choices within 100 characters', () => {
    const choices = documentChoices(manifest, '');
    expect(choices).toHaveLength(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
  });

  it('GIVEN a path longer than 100 characters THEN its choice value still resolves to it', () => {
    const [choice] = documentChoices(manifest, 'rapport');
    expect(choice?.name.length).toBe(100);
    expect(choice?.value.length).toBe(100);
    expect(resolveDocument(manifest, choice?.value ?? '')).toBe(longPath);
  });
});

describe('resolveDocument', () => {
  it('GIVEN an exact path, a unique partial title, or an ambiguous text THEN it resolves, resolves, and refuses', () => {
    expect(resolveDocument(manifest, 'doc-07.txt')).toBe('doc-07.txt');
    expect(resolveDocument(manifest, 'Document 12')).toBe('doc-12.txt');
    expect(resolveDocument(manifest, 'Document')).toBeNull();
  });
});

describe('sectionChoices', () => {
  const passages = [
    makePassage({ path: 'a.md', ordinal: 0, section: ['Introduction'], text: 'One.' }),
    makePassage({ path: 'a.md', ordinal: 1, section: ['Coopération', 'Échanges'], text: 'Two.' }),
    makePassage({ path: 'a.md', ordinal: 2, section: ['Coopération', 'Échanges'], text: 'Three.' }),
  ];

  it('GIVEN typed text without accents THEN it offers matching sections whose value resolves back', () => {
    const choices = sectionChoices(passages, 'echan', WORDS.fr);
    expect(choices).toEqual([{ name: 'Coopération › Échanges', value: '§1' }]);
    expect(resolveSection(passages, '§1', WORDS.fr)).toEqual(['Coopération', 'Échanges']);
    expect(resolveSection(passages, 'introduction', WORDS.fr)).toEqual(['Introduction']);
    expect(resolveSection(passages, 'Annexe', WORDS.fr)).toBeNull();
  });
});
