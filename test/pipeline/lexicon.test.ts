import { describe, expect, it } from 'vitest';
import { loadLexicon } from '../../src/pipeline/lexicon.ts';

describe('loadLexicon', () => {
  it('GIVEN the installed word lists THEN inflections, colloquial and technical words are words and lower-case names are not', async () => {
    const lexicon = await loadLexicon();
    for (const word of ['peux', 'éteins', 'télécharge', 'modifs', 'config', 'wifi', 'weird', 'typo'])
      expect(lexicon.isWord(word), word).toBe(true);
    for (const word of ['gitlab', 'flatpak', 'ufw', 'nvidia', 'wireguard', 'nmcli'])
      expect(lexicon.isWord(word), word).toBe(false);
  });

  it('GIVEN two loads in one process THEN the lists are read once', async () => {
    expect(loadLexicon()).toBe(loadLexicon());
    await loadLexicon();
  });
});
