import { describe, expect, it } from 'vitest';
import { layoutPage, type PdfTextItem } from '../../src/ingest/pdf-layout.ts';

/** An item of size 9 whose width is 5 units a character, as in a 9-point font. */
const item = (str: string, x: number, y: number, monospace = false): PdfTextItem => ({
  str,
  x,
  y,
  width: str.length * 5,
  size: 9,
  monospace,
  eol: false,
});

describe('layoutPage', () => {
  it('GIVEN a two-column table whose cells wrap THEN each row is one line, its cells joined by a tab', () => {
    const lines = layoutPage([
      item('APT', 130, 573),
      item('apt depends', 27, 562),
      item('nom-de-paquet', 27, 551, true),
      item('Afficher tous les paquets', 126, 562),
      item('requis par celui indiqué.', 126, 551),
      item('aptitude', 27, 425),
      item(' ', 67, 425),
      item('Interface console pour APT,', 126, 430),
      item('nécessite aptitude.', 126, 419),
    ]);
    expect(lines).toEqual([
      { text: 'APT', kind: 'prose', size: 9 },
      { text: 'apt depends nom-de-paquet\tAfficher tous les paquets requis par celui indiqué.', kind: 'row' },
      { text: 'aptitude\tInterface console pour APT, nécessite aptitude.', kind: 'row' },
    ]);
  });

  it('GIVEN a paragraph with an indented first line and words split into items THEN its lines stay prose lines', () => {
    const lines = layoutPage([
      item('Le programme ', 40, 700),
      item('apt', 105, 700, true),
      item(' installe les paquets', 120, 700),
      item('et leurs dépendances.', 27, 689),
    ]);
    expect(lines).toEqual([
      { text: 'Le programme apt installe les paquets', kind: 'prose', size: 9 },
      { text: 'et leurs dépendances.', kind: 'prose', size: 9 },
    ]);
  });

  it('GIVEN glyphs drawn again over themselves (letter-spaced capitals, bold by overprinting) THEN each is read once', () => {
    // Each item of the spaced title restarts on the last glyph of the one before, as PDF.js gives them.
    const spaced = [item('S', 100, 700), item('A', 105, 700), item('AM', 105.2, 700), item('MP', 110.1, 700)];
    spaced.push(item('PLE', 115, 700), item('E T', 125.2, 700), item('TITLE', 135, 700));
    expect(layoutPage(spaced).map((line) => line.text)).toEqual(['SAMPLE TITLE']);
    const bold = [item('Warning:', 27, 600), item('Warning:', 27.4, 600), item(' keep a copy.', 67.4, 600)];
    expect(layoutPage(bold).map((line) => line.text)).toEqual(['Warning: keep a copy.']);
    // Further back than the item is long: an item of another column read out of order, not a glyph drawn again.
    const columns = [item('Total cost', 300, 500), item('cost', 27, 500)];
    expect(layoutPage(columns).map((line) => line.text)).toEqual(['Total cost', 'cost']);
  });

  it('GIVEN a bullet set apart from its wrapped text THEN it is a list item of prose lines, not a table row', () => {
    const lines = layoutPage([
      item('•', 27, 700),
      item('An embeddable print engine. It runs on', 60, 700),
      item('any server.', 60, 689),
    ]);
    expect(lines).toEqual([
      { text: '• An embeddable print engine. It runs on', kind: 'prose', size: 9 },
      { text: 'any server.', kind: 'prose', size: 9 },
    ]);
  });

  it('GIVEN superscripts (a footnote mark, an exponent) THEN each is a word of its own; kerned items of one size join', () => {
    const raised = (str: string, x: number, y: number): PdfTextItem => ({ ...item(str, x, y), size: 6, width: 4 });
    const lines = layoutPage([
      item('See the manual', 27, 700),
      raised('1', 97, 703),
      item(' and 2', 101, 700),
      raised('31', 131, 703),
      item('.', 139, 700),
      item('Vers', 27, 689),
      item('ion 2', 47, 689),
    ]);
    expect(lines.map((line) => line.text)).toEqual(['See the manual 1 and 2 31 .', 'Version 2']);
  });

  it('GIVEN lines set wholly in a monospaced font THEN they are code', () => {
    const lines = layoutPage([
      item('Un exemple :', 27, 700),
      item('default-lease-time 600;', 27, 680, true),
      item('max-lease-time 7200;', 27, 669, true),
    ]);
    expect(lines.map((line) => line.kind)).toEqual(['prose', 'code', 'code']);
  });

  it('GIVEN a page in two text columns THEN the columns are prose, not one table row', () => {
    const column = (x: number, words: string) =>
      Array.from({ length: 10 }, (_, i) => item(`${words} ligne ${i}`, x, 700 - 11 * i));
    const lines = layoutPage([...column(27, 'gauche'), ...column(300, 'droite')]);
    expect(lines).toHaveLength(20);
    expect(lines.every((line) => line.kind === 'prose')).toBe(true);
  });
});
