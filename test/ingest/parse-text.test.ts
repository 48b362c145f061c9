import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { chunkDocument, parseDocument } from '../../src/ingest/index.ts';
import type { BlockKind, ParsedDocument, Passage, UnitKind } from '../../src/ingest/index.ts';
import { parseText } from '../../src/ingest/parse-text.ts';

const source = (name: string) => readFile(new URL(`../fixtures/ingest/${name}`, import.meta.url), 'utf8');
const parseFixture = async (name: string) => parseText(name, await source(name));

const blockTexts = (document: ParsedDocument, kind: BlockKind) =>
  (document.blocks ?? []).filter((block) => block.kind === kind).map((b) => document.text.slice(b.start, b.end).trim());

/** Every unit of every passage, with its kind. */
function units(passages: readonly Passage[]): Array<{ text: string; kind: UnitKind }> {
  return passages.flatMap((passage) =>
    passage.sentenceStarts.map((start, i) => ({
      text: passage.text.slice(start, passage.sentenceStarts[i + 1] ?? passage.text.length).trim(),
      kind: passage.sentenceKinds?.[i] ?? 'prose',
    })),
  );
}

describe('parseText', () => {
  it('GIVEN a txt file THEN the text is the file exactly, titled by the file name, read through parseDocument', async () => {
    const text = await source('manual.txt');
    const document = await parseDocument('notes/manual.txt', 'txt', new TextEncoder().encode(text));
    expect(document.text).toBe(text);
    expect(document.format).toBe('txt');
    expect(document.title).toBe('Manual');
    expect(document.lineAnchors).toEqual([[0, 1]]);
  });

  it('GIVEN numbered headings THEN they open sections nested by numbering depth, a wrapped title joined', async () => {
    const document = await parseFixture('manual.txt');
    expect(document.sections.map((section) => section.path)).toEqual([
      ['1. Présentation'],
      ['1. Présentation', '1.1. Accès au phare'],
      ['1. Présentation', '1.2. Équipement de la lanterne et des optiques'],
      ['2. Histoire'],
    ]);
    expect(document.sections.map((section) => document.text.slice(section.start).split('\n')[0])).toEqual([
      '1. Présentation',
      '1.1. Accès au phare',
      '1.2. Équipement de la lanterne et des',
      '2. Histoire',
    ]);
  });

  it('GIVEN heading lines THEN they are left out of passages, which carry them as their section', async () => {
    const document = await parseFixture('manual.txt');
    const excluded = (document.excludedRanges ?? []).map(([start, end]) => document.text.slice(start, end));
    expect(excluded).toEqual([
      '1. Présentation',
      '1.1. Accès au phare',
      '1.2. Équipement de la lanterne et des\noptiques',
      '2. Histoire',
    ]);
    const passages = chunkDocument(document);
    expect(passages.some((passage) => passage.text.includes('1.1. Accès'))).toBe(false);
    const access = passages.find((passage) => passage.text.includes('marée basse'));
    expect(access?.section).toEqual(['1. Présentation', '1.1. Accès au phare']);
  });

  it('GIVEN a numbered sentence, an indented numbered line or a numbered caption THEN it is no heading', () => {
    const document = parseText(
      'a.txt',
      'Intro.\n\n1. Ouvrez le capot du moteur avant de commencer.\n\n    2.1. Détail indenté\n\nTableau 1.2. Horaires\n\nFin.\n',
    );
    expect(document.sections).toEqual([]);
    expect(parseText('a.txt', 'Chapitre 2. Histoire\n\nTexte.\n').sections).toEqual([
      { start: 0, path: ['Chapitre 2. Histoire'] },
    ]);
  });

  it('GIVEN titles underlined by === and --- THEN they are sections of level 1 and 2, the underline left out too', async () => {
    const document = await parseFixture('underlined.txt');
    expect(document.sections.map((section) => section.path)).toEqual([
      ["Guide d'installation"],
      ["Guide d'installation", 'Prérequis'],
      ["Guide d'installation", 'Configuration'],
    ]);
    const excluded = (document.excludedRanges ?? []).map(([start, end]) => document.text.slice(start, end));
    expect(excluded).toContain('Prérequis\n---------');
  });

  it('GIVEN short lines in capitals in a text without other headings THEN they are sections', async () => {
    const document = await parseFixture('capitals.txt');
    expect(document.sections.map((section) => section.path)).toEqual([['INSTALLATION'], ['NOTES DE VERSION']]);
    const withNumbers = parseText('a.txt', 'RÉSUMÉ\n\nTexte.\n\n1. Titre\n\nSuite.\n');
    expect(withNumbers.sections.map((section) => section.path)).toEqual([['1. Titre']]);
  });

  it('GIVEN a box-drawn table whose rows wrap THEN each ruled-off row is one row unit, the header and rules labels', async () => {
    const document = await parseFixture('manual.txt');
    const rows = blockTexts(document, 'row');
    expect(rows).toContain('|été       |9 h     |deux heures|\n    |          |        |et demie   |');
    expect(rows).toContain('|hiver     |11 h    |une heure  |');
    const labels = blockTexts(document, 'label');
    expect(labels).toContain('|  saison  |horaire |  durée    |');
    expect(labels).toContain('|----------+--------+-----------|');
    expect(labels).toContain('+-------------------------------+');
    const quotable = units(chunkDocument(document)).filter((unit) => unit.kind === 'prose');
    expect(quotable.some((unit) => unit.text.includes('+---') || unit.text.includes('|---'))).toBe(false);
  });

  it('GIVEN columns aligned by runs of spaces THEN each line is a row unit', async () => {
    const document = await parseFixture('manual.txt');
    expect(blockTexts(document, 'row')).toEqual(
      expect.arrayContaining(['lampe-led     120      lampe de secours', 'moteur-rot    45       moteur de rotation']),
    );
  });

  it('GIVEN prose with two spaces after periods THEN it is no table', () => {
    const text =
      'Une phrase.  Une autre phrase ici\nqui continue.  Et encore une phrase\nqui finit enfin.  Voilà tout.\n';
    expect(parseText('a.txt', text).blocks).toEqual([{ start: 0, end: text.length - 1, kind: 'prose' }]);
  });

  it('GIVEN a hard-wrapped paragraph THEN it is one block and its sentence spans the line break', async () => {
    const document = await parseFixture('manual.txt');
    const sentences = units(chunkDocument(document)).map((unit) => unit.text);
    expect(sentences).toContain('Le phare de Cordouan guide les navires depuis le\n    seizième siècle.');
    expect(blockTexts(document, 'prose')).toContain(
      "Le phare de Cordouan guide les navires depuis le\n    seizième siècle. Il se dresse à l'entrée de\n    l'estuaire.",
    );
  });

  it('GIVEN list items after a list heading THEN each item is a unit of its own and the heading a label', async () => {
    const document = await parseFixture('manual.txt');
    expect(blockTexts(document, 'label')).toContain('La lanterne comprend les éléments suivants :');
    expect(blockTexts(document, 'prose')).toEqual(
      expect.arrayContaining([
        '- une lentille de Fresnel taillée en 1854 ;',
        '* une lampe de 250 watts, changée chaque année ;',
        '• un moteur de rotation.',
      ]),
    );
  });

  it('GIVEN a caption or a box title on a line of its own THEN it is a label', async () => {
    const document = await parseFixture('manual.txt');
    expect(blockTexts(document, 'label')).toEqual(expect.arrayContaining(['Note', 'Tableau 1. Horaires']));
  });

  it('GIVEN a table of contents THEN it is searchable but never quoted (links), and opens no section', () => {
    const text =
      'Sommaire\n1. Présentation\n    1.1. Accès au phare\n    1.2. Équipement\n2. Histoire\n\n1. Présentation\n\nTexte.\n';
    const document = parseText('a.txt', text);
    expect(blockTexts(document, 'links')).toEqual([text.slice(0, text.indexOf('\n\n'))]);
    expect(document.sections.map((section) => section.path)).toEqual([['1. Présentation']]);
  });

  it('GIVEN CRLF line breaks THEN headings and blocks keep the file offsets', () => {
    const text = 'Intro.\r\n\r\n1.2. Titre\r\n\r\nTexte du corps.\r\n';
    const document = parseText('a.txt', text);
    expect(document.text).toBe(text);
    expect(document.sections).toEqual([{ start: 10, path: ['1.2. Titre'] }]);
    expect(document.excludedRanges).toEqual([[10, 20]]);
  });
});
