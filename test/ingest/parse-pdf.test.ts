import { describe, expect, it } from 'vitest';
import { cleanPages } from '../../src/ingest/index.ts';

const page = (n: number, body: string[]) => [`Manual of the widget — chapter ${n}`, ...body, `${n} / 12`].join('\n');

describe('cleanPages', () => {
  it('GIVEN TeX spacing accents THEN they are recombined with their letter, NFC', () => {
    const [lines] = cleanPages(['La S´erigraphie est amplifi´ee `a la main, fa¸cade, na¨ıve, pˆole.']);
    expect(lines).toEqual(['La Sérigraphie est amplifiée à la main, façade, naïve, pôle.']);
    expect(lines?.[0]).toBe(lines?.[0]?.normalize('NFC'));
  });

  it('GIVEN a backtick before a consonant (code) THEN it is kept', () => {
    expect(cleanPages(['Run `ls` now.'])).toEqual([['Run `ls` now.']]);
  });

  it('GIVEN a document with no accent set apart from its letter THEN a caret or a backtick before a vowel is kept', () => {
    expect(cleanPages(['[^abc…] correspond à tout caractère sauf a, b, c ; `echo` affiche.'])).toEqual([
      ['[^abc…] correspond à tout caractère sauf a, b, c ; `echo` affiche.'],
    ]);
    // groff prints ^ and ~ with the spacing circumflex and tilde.
    expect(cleanPages(['The \u02c6and operator; M-\u02dca.'])).toEqual([['The \u02c6and operator; M-\u02dca.']]);
    // One accent set apart elsewhere in the document tells TeX's fonts: there `a is à.
    expect(cleanPages(['Voir `a la page suivante.', 'La S\u00b4erigraphie.'])).toEqual([
      ['Voir à la page suivante.'],
      ['La Sérigraphie.'],
    ]);
  });

  it('GIVEN ASCII ^ and ~ printed as the spacing circumflex and tilde THEN kept before a letter that takes no such accent', () => {
    expect(
      cleanPages(['Type \u02c6C or \u02c6Z; \u02c6string1\u02c6string2\u02c6 quick; M-\u02dcx; \u02dc/.inputrc.']),
    ).toEqual([['Type \u02c6C or \u02c6Z; \u02c6string1\u02c6string2\u02c6 quick; M-\u02dcx; \u02dc/.inputrc.']]);
    expect(cleanPages(['Une \u02c6\u0131le, la ma\u02c6\u0131tresse, se\u02dcnor, p\u02c6ole.'])).toEqual([
      ['Une île, la maîtresse, señor, pôle.'],
    ]);
  });

  it('GIVEN a word hyphenated at a line end THEN it is joined; before a capital only when the document writes it whole', () => {
    expect(cleanPages(['La configu-\nration du réseau.\nJean-\nPierre'])).toEqual([
      ['La configuration', 'du réseau.', 'Jean-Pierre'],
    ]);
    expect(cleanPages(['LilyPond typesets music.\nWith Lily-\nPond, scores look engraved.'])).toEqual([
      ['LilyPond typesets music.', 'With LilyPond,', 'scores look engraved.'],
    ]);
  });

  it('GIVEN control and private-use characters (glyphs of fonts without a Unicode map) THEN they are not text', () => {
    expect(cleanPages(['une \u0013 trace inverse \u0014 de la pile\ue001.\tfin'])).toEqual([
      ['une trace inverse de la pile.\tfin'],
    ]);
  });

  it('GIVEN a line-end hyphen inside a compound THEN the hyphen is kept: the word before it is already hyphenated', () => {
    expect(cleanPages(['Créer noms-de-\nrépertoires et c’est-à-\ndire.'])).toEqual([
      ['Créer noms-de-répertoires', 'et c’est-à-dire.'],
    ]);
  });

  it('GIVEN a compound cut inside its last part THEN that part is joined when the document has the whole word', () => {
    expect(
      cleanPages(['You may re-exe-\ncute a case-insensi-\ntive search; execute it.\nMatching is insensitive.']),
    ).toEqual([['You may re-execute', 'a case-insensitive', 'search; execute it.', 'Matching is insensitive.']]);
  });

  it('GIVEN a line-end hyphen between two words the document uses apart THEN it is kept, unless the joined word occurs', () => {
    const [kept] = cleanPages(['Run update-\nalternatives to choose.\nAn update of the alternatives.']);
    expect(kept?.[0]).toBe('Run update-alternatives');
    const [joined] = cleanPages(['Il part lors-\nque tout est prêt.\nLorsque rien ne part.']);
    expect(joined?.[0]).toBe('Il part lorsque');
  });

  it('GIVEN a word in capitals hyphenated at a line end THEN joined as in lower case; a name in capitals kept', () => {
    const [lines] = cleanPages(['AUCUNE GARAN-\nTIE NE S’APPLIQUE.\nJean et Pierre.\nPAR JEAN-\nPIERRE.']);
    expect(lines).toEqual(['AUCUNE GARANTIE', 'NE S’APPLIQUE.', 'Jean et Pierre.', 'PAR JEAN-PIERRE.']);
  });

  it('GIVEN running headers, footers and page numbers THEN they are dropped, the body kept', () => {
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
    const pages = words.map((word, n) => page(n + 1, [`The ${word} part.`, `More on ${word}.`]));
    const cleaned = cleanPages(pages);
    expect(cleaned[2]).toEqual(['The charlie part.', 'More on charlie.']);
    expect(cleaned.flat().join('\n')).not.toMatch(/chapter|\/ 12/);
  });

  it('GIVEN appendix pages whose running header names the appendix by a letter THEN the headers are dropped', () => {
    const letters = ['A', 'A', 'B', 'B', 'C', 'D'];
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
    const pages = letters.map(
      (letter, n) => `ANNEXE ${letter}. PARTIE\t${letter}.${n + 1}. SECTION ${n}\nLa partie ${words[n]}.\n${n + 40}`,
    );
    const cleaned = cleanPages(pages);
    expect(cleaned[2]).toEqual(['La partie charlie.']);
    expect(cleaned.flat().join('\n')).not.toMatch(/ANNEXE/);
  });

  it('GIVEN a line repeated on too few pages THEN it stays', () => {
    const pages = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) =>
      n <= 2 ? `Note on setup\n${'x'.repeat(n)} text.` : `${'y'.repeat(n)} text.`,
    );
    expect(cleanPages(pages)[0]).toEqual(['Note on setup', 'x text.']);
  });
});
