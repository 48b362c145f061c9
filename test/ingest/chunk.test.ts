import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { chunkDocument, parseDocument, splitSentences } from '../../src/ingest/index.ts';
import type { ParsedDocument, Passage } from '../../src/ingest/index.ts';

const fixture = (name: string) => readFile(new URL(`../fixtures/ingest/${name}`, import.meta.url));
const wordsIn = (text: string) => text.split(/\s+/).filter(Boolean).length;
const lineOfOffset = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

function textDocument(text: string, path = 'generated.txt'): ParsedDocument {
  return { path, format: 'txt', title: 'Generated', text, sections: [], lineAnchors: [[0, 1]] };
}

/**
 * Every invariant a passage must hold against its document. `wholeSentences`: each passage starts
 * where a sentence of the whole text starts (false only where an over-long sentence is cut).
 */
function expectPassageInvariants(document: ParsedDocument, passages: readonly Passage[], wholeSentences = true): void {
  const documentSentenceStarts = new Set(splitSentences(document.text).map((sentence) => sentence.start));
  passages.forEach((passage, ordinal) => {
    expect(passage.id).toBe(`${document.path}#${ordinal}`);
    expect(passage.path).toBe(document.path);
    expect(passage.title).toBe(document.title);
    expect(passage.text).toBe(document.text.slice(passage.start, passage.end));
    expect(passage.text).toBe(passage.text.trim());
    expect(passage.sentenceStarts[0]).toBe(0);
    expect([...passage.sentenceStarts].sort((a, b) => a - b)).toEqual(passage.sentenceStarts);
    expect(passage.lineAnchors[0]).toEqual([0, passage.lineStart]);
    expect(passage.lineEnd).toBeGreaterThanOrEqual(passage.lineStart);
    for (const start of passage.sentenceStarts) expect(/\s/.test(passage.text.charAt(start))).toBe(false);
    const previous = passages[ordinal - 1];
    if (previous !== undefined) expect(passage.start).toBeGreaterThan(previous.start);
    if (document.format === 'txt') {
      // No sentence cut: a passage starts where a sentence of the whole text starts.
      if (wholeSentences) expect(documentSentenceStarts.has(passage.start)).toBe(true);
      expect(passage.lineStart).toBe(lineOfOffset(document.text, passage.start));
      expect(passage.lineEnd).toBe(lineOfOffset(document.text, passage.end - 1));
    }
  });
}

function generatedArticle(sentences: number): string {
  const lines: string[] = [];
  for (let index = 0; index < sentences; index += 1) {
    const words = 8 + ((index * 7) % 17);
    lines.push(`Phrase ${index} ${'mot '.repeat(words - 3)}fin.`);
  }
  return lines.join(' ');
}

describe('chunkDocument', () => {
  it('GIVEN a long text THEN passages hold whole sentences within the word bounds, overlapping by one sentence', () => {
    const document = textDocument(generatedArticle(200));
    const passages = chunkDocument(document);
    expectPassageInvariants(document, passages);
    for (const passage of passages) expect(wordsIn(passage.text)).toBeLessThanOrEqual(180);
    for (const passage of passages.slice(0, -1)) expect(wordsIn(passage.text)).toBeGreaterThanOrEqual(120);
    passages.slice(1).forEach((passage, index) => {
      const previous = passages[index];
      const lastSentenceStart = (previous?.start ?? 0) + (previous?.sentenceStarts.at(-1) ?? 0);
      expect(passage.start).toBe(lastSentenceStart);
    });
    expect(passages.at(-1)?.end).toBe(document.text.length);
  });

  it('GIVEN custom sizes and no overlap THEN passages follow them and tile the text', () => {
    const document = textDocument(generatedArticle(60));
    const passages = chunkDocument(document, { minWords: 10, targetWords: 30, maxWords: 45, overlapSentences: 0 });
    expectPassageInvariants(document, passages);
    for (const passage of passages) expect(wordsIn(passage.text)).toBeLessThanOrEqual(45);
    passages.slice(1).forEach((passage, index) => {
      expect(document.text.slice(passages[index]?.end, passage.start).trim()).toBe('');
    });
  });

  it('GIVEN a short tail THEN it is absorbed by the last passage when it fits', () => {
    const document = textDocument(`${'Un deux trois quatre cinq six sept huit neuf dix. '.repeat(12)}Court.`);
    const passages = chunkDocument(document);
    expect(passages).toHaveLength(1);
    expect(passages[0]?.text.endsWith('Court.')).toBe(true);
  });

  it('GIVEN one sentence of 1,000 words without punctuation THEN it is cut at white space into bounded passages', () => {
    const document = textDocument(`${Array.from({ length: 1000 }, (_, index) => `mot${index}`).join(' ')}`);
    const passages = chunkDocument(document);
    expectPassageInvariants(document, passages, false);
    expect(passages.map((passage) => wordsIn(passage.text))).toEqual([400, 400, 200]);
    expect(passages.map((passage) => passage.text).join(' ')).toBe(document.text);
  });

  it('GIVEN 10,000 characters without any white space (an inlined base64 image) THEN passages are cut every 4,000 characters', () => {
    const blob = 'QUJD'.repeat(2_500);
    const document = textDocument(`Voici une image. ${blob} Fin du texte.`);
    const passages = chunkDocument(document);
    expectPassageInvariants(document, passages, false);
    // The sentence before stays whole; the run is cut at 4,000 characters twice, its rest ends with the last sentence.
    expect(passages.map((passage) => [passage.start, passage.end])).toEqual([
      [0, 16],
      [17, 4_017],
      [4_017, 8_017],
      [8_017, 10_031],
    ]);
    expect(passages[0]?.text).toBe('Voici une image.');
    expect(passages.slice(1).map((passage) => passage.text)).toEqual([
      blob.slice(0, 4_000),
      blob.slice(4_000, 8_000),
      `${blob.slice(8_000)} Fin du texte.`,
    ]);
  });

  it('GIVEN markdown THEN passages stay in their section, exclude headings and front matter', async () => {
    const document = await parseDocument('notes/wrapped-notes.md', 'md', await fixture('wrapped-notes.md'));
    const passages = chunkDocument(document);
    expectPassageInvariants(document, passages);
    expect(passages.map((passage) => passage.section)).toEqual([
      [],
      ['Coopération sécuritaire'],
      ['Coopération sécuritaire', 'Points clés'],
      ['Coopération sécuritaire', 'Mesures concrètes'],
      ['Annexes'],
    ]);
    expect(passages[0]?.text).toBe(
      'Préambule avant tout titre. Il présente le document et reste\ndans la section racine.',
    );
    expect(passages[0]?.lineStart).toBe(6);
    expect(passages[0]?.lineEnd).toBe(7);
    for (const passage of passages) expect(passage.text).not.toMatch(/^#{1,2} \p{Lu}|title:|^-{3,}/mu);
    expect(passages[2]?.text).toContain('# pas un titre');
    expect(passages[1]?.text).toContain(
      'stupéfiants. M. Laftit et M. Darmanin se sont rencontrés à Rabat\npour en parler longuement.',
    );
    expect(passages[4]?.text).toBe("Voir l'art. 12 du traité, p. 4, cf. annexe B.");
    expect(passages[4]?.lineStart).toBe(lineOfOffset(document.text, document.text.indexOf("Voir l'art")));
  });

  it('GIVEN a CRLF file THEN line ranges count \\r\\n once and offsets stay exact', async () => {
    const document = await parseDocument('crlf-report.txt', 'txt', await fixture('crlf-report.txt'));
    const passages = chunkDocument(document, { minWords: 1, targetWords: 1, maxWords: 20, overlapSentences: 0 });
    expectPassageInvariants(document, passages);
    // A passage reaching its target goes on to the end of its paragraph (within maxWords).
    expect(passages.map((passage) => [passage.text, passage.lineStart, passage.lineEnd])).toEqual([
      ['Rapport annuel', 1, 1],
      ['La première ligne du rapport est ici. Elle continue sur\r\nune deuxième ligne.', 3, 4],
      ['Un second paragraphe commence. Il a deux phrases.', 6, 6],
    ]);
  });

  it('GIVEN paragraphs THEN a passage ends where a paragraph does: past the target if one ends before the maximum, else before it', () => {
    const sentence = (n: number) => `Sentence ${n} says one thing in eight words here.`;
    const paragraph = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');
    // Paragraphs of 5, 2 and 6 sentences (9 words each): the target (18 words) falls inside the first.
    const text = [paragraph(1, 5), paragraph(6, 2), paragraph(8, 6)].join('\n\n');
    const document = textDocument(text);
    const passages = chunkDocument(document, { minWords: 9, targetWords: 18, maxWords: 54, overlapSentences: 0 });
    expectPassageInvariants(document, passages);
    expect(passages.map((passage) => passage.text)).toEqual([
      paragraph(1, 5),
      // 2 sentences make the target and end a paragraph.
      paragraph(6, 2),
      paragraph(8, 6),
    ]);
    // Within 36 words the first paragraph does not fit: cut at the target, the rest of it ends where it ends.
    const tight = chunkDocument(document, { minWords: 9, targetWords: 18, maxWords: 36, overlapSentences: 0 });
    expect(tight.map((passage) => wordsIn(passage.text))).toEqual([18, 27, 18, 18, 36]);
  });

  it('GIVEN html THEN passages follow the headings and carry anchors into the source', async () => {
    const document = await parseDocument('web/article.html', 'html', await fixture('article.html'));
    const passages = chunkDocument(document);
    expectPassageInvariants(document, passages);
    expect(passages.map((passage) => passage.section.at(-1))).toEqual([
      'Coopération « renforcée »',
      'Détails',
      'Citation',
    ]);
    for (const passage of passages) expect(passage.text).not.toMatch(/^(Détails|Citation)$/m);
    const details = passages[1];
    expect(details?.lineAnchors.length).toBeGreaterThan(1);
  });

  it('GIVEN contradictory sizes THEN it throws CONFIG_INVALID', () => {
    expect(() => chunkDocument(textDocument('Un.'), { targetWords: 200, maxWords: 100 })).toThrow(/chunk sizes/);
  });
});
