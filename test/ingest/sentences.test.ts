import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/ingest/index.ts';

const sentencesOf = (text: string) => splitSentences(text).map(({ start, end }) => text.slice(start, end));

describe('splitSentences', () => {
  it.each([
    [
      'La FAQ a été écrite par J.H.M. Dassen (Ray) et Chuck. Fin.',
      ['La FAQ a été écrite par J.H.M. Dassen (Ray) et Chuck.', 'Fin.'],
    ],
    ['Né aux U.S.A. Il vit à Paris.', ['Né aux U.S.A.', 'Il vit à Paris.']],
    ['We chose plan B. Then we left.', ['We chose plan B.', 'Then we left.']],
    ['Voir J. Dupont. Puis A. B. Smith arrive.', ['Voir J. Dupont.', 'Puis A. B. Smith arrive.']],
  ])('GIVEN initials in %j THEN they end a sentence only before a usual sentence opener', (text, sentences) => {
    expect(splitSentences(text).map(({ start, end }) => text.slice(start, end))).toEqual(sentences);
  });

  it('GIVEN the seed article THEN it finds its 9 sentences and keeps "M. Laftit" and "M. Gérald Darmanin" whole', async () => {
    const text = await readFile(
      new URL('../../corpus/maroc-france-cooperation-securitaire.txt', import.meta.url),
      'utf8',
    );
    const spans = splitSentences(text);
    const openings = [
      'Le Maroc et la France sont déterminés',
      'Dans un communiqué, le ministère relève',
      'Les deux responsables gouvernementaux',
      'La coopération et le partenariat',
      'Le ministre français a rappelé',
      'Il a également indiqué',
      'Affirmant leur satisfaction',
      "À l'issue de cette rencontre",
      'Au sujet de sa rencontre',
    ];
    expect(spans.map((span) => span.start)).toEqual(openings.map((opening) => text.indexOf(opening)));
    const second = text.slice(spans[1]?.start, spans[1]?.end);
    expect(second).toContain('M. Abdelouafi Laftit, accompagné');
    expect(second).toContain('M. Gérald Darmanin, les deux responsables');
    expect(second.endsWith('le trafic des stupéfiants et le terrorisme.')).toBe(true);
    expect(text.slice(spans[8]?.start, spans[8]?.end).endsWith('le respect et la confiance”.')).toBe(true);
  });

  it('GIVEN spans THEN they start on a non-space character and end before trailing white space', () => {
    const text = '  Première phrase.   Deuxième phrase !\n\n\tTroisième ?  \n';
    const spans = splitSentences(text);
    expect(spans).toEqual([
      { start: 2, end: 18 },
      { start: 21, end: 38 },
      { start: 41, end: 52 },
    ]);
  });

  it('GIVEN French abbreviations THEN they never end a sentence', () => {
    expect(
      sentencesOf(
        "MM. Dupont et Durand sont venus. Mme. Martin aussi. Voir l'art. 12, p. 4 et pp. 7-9, cf. Annexe. " +
          'Le Dr. Roux est né en 52 av. J.-C. selon vol. 3, chap. 2, fig. 5. Il faut env. 10 min. Puis c.-à-d. Rien.',
      ),
    ).toEqual([
      'MM. Dupont et Durand sont venus.',
      'Mme. Martin aussi.',
      "Voir l'art. 12, p. 4 et pp. 7-9, cf. Annexe.",
      'Le Dr. Roux est né en 52 av. J.-C. selon vol. 3, chap. 2, fig. 5.',
      'Il faut env. 10 min. Puis c.-à-d. Rien.',
    ]);
  });

  it('GIVEN a ? or a ! of code in prose THEN it ends no sentence before a lower-case word; a question still ends', () => {
    const text =
      'If we could not use the ? operator on Option, we would match. The println! macro prints it. Why? It is short.';
    expect(splitSentences(text).map(({ start, end }) => text.slice(start, end))).toEqual([
      'If we could not use the ? operator on Option, we would match.',
      'The println! macro prints it.',
      'Why?',
      'It is short.',
    ]);
  });

  it('GIVEN "etc." THEN it ends a sentence before a capital only', () => {
    expect(sentencesOf('Des pommes, des poires, etc. et des prunes. Des fruits, etc. Ensuite on mange.')).toEqual([
      'Des pommes, des poires, etc. et des prunes.',
      'Des fruits, etc.',
      'Ensuite on mange.',
    ]);
  });

  it('GIVEN English abbreviations THEN they never end a sentence', () => {
    expect(
      sentencesOf(
        'Mr. Smith met Mrs. Jones and Prof. Lee. Dr. Brown vs. Acme Inc. Ltd. won. See No. 5 from the U.S. Army, e.g. The Times. Done.',
      ),
    ).toEqual([
      'Mr. Smith met Mrs. Jones and Prof. Lee.',
      'Dr. Brown vs. Acme Inc. Ltd. won.',
      'See No. 5 from the U.S. Army, e.g. The Times.',
      'Done.',
    ]);
  });

  it('GIVEN initials, numbers and ellipses THEN they stay inside the sentence', () => {
    expect(
      sentencesOf(
        'J. Dupont et A. B. Smith ont signé. Le taux est de 3.5 % selon la section 1.2.3 du ' +
          'texte. Il est arrivé 1er. dans la course. Il hésita... puis partit. Le texte […] ' +
          'Continue ici. Wait... What?',
      ),
    ).toEqual([
      'J. Dupont et A. B. Smith ont signé.',
      'Le taux est de 3.5 % selon la section 1.2.3 du texte.',
      'Il est arrivé 1er. dans la course.',
      'Il hésita... puis partit.',
      'Le texte […] Continue ici.',
      'Wait...',
      'What?',
    ]);
  });

  it('GIVEN closing quotes and brackets after the period THEN they stay with their sentence', () => {
    expect(
      sentencesOf('Il a dit : « Nous viendrons. » Puis il est parti. She said “Stop.” Then (really.) Next.'),
    ).toEqual(['Il a dit : « Nous viendrons. »', 'Puis il est parti.', 'She said “Stop.”', 'Then (really.)', 'Next.']);
  });

  it('GIVEN Discord mentions, channels, roles and URLs with ! or ? THEN no sentence ends inside them', () => {
    expect(
      sentencesOf(
        'Pingez <@!123456789012345678> pour le rôle. Voir <#4567> et <@&890>! Puis https://ex.org/a?b=1!c marche. Fin.',
      ),
    ).toEqual([
      'Pingez <@!123456789012345678> pour le rôle.',
      'Voir <#4567> et <@&890>!',
      'Puis https://ex.org/a?b=1!c marche.',
      'Fin.',
    ]);
  });

  it('GIVEN sentences of a script written without spaces THEN its full-width punctuation still ends them', () => {
    expect(sentencesOf('本当です。はい！次は？')).toEqual(['本当です。', 'はい！', '次は？']);
  });

  it('GIVEN a paragraph hard-wrapped at 72 columns THEN the soft line breaks do not split sentences', () => {
    const text =
      'La coopération entre les deux pays porte sur l’échange de\n' +
      'renseignements et la lutte contre le terrorisme. M. Laftit et\n' +
      'M. Darmanin se sont rencontrés à Rabat pour en parler\n' +
      'longuement, selon le communiqué\ndu ministère.\n';
    expect(sentencesOf(text)).toEqual([
      'La coopération entre les deux pays porte sur l’échange de\nrenseignements et la lutte contre le terrorisme.',
      'M. Laftit et\nM. Darmanin se sont rencontrés à Rabat pour en parler\nlonguement, selon le communiqué\ndu ministère.',
    ]);
  });

  it('GIVEN headings, bullets and numbered items without punctuation THEN each is its own sentence', () => {
    const text =
      '# Titre du document\nUn paragraphe suit le titre\n- premier point\n' +
      '- second point qui continue\n  sur une ligne indentée\n1. Étape une\n2. Étape deux\n' +
      'Titre souligné\n==============\nTexte final\n\nAutre paragraphe sans point';
    expect(sentencesOf(text)).toEqual([
      '# Titre du document',
      'Un paragraphe suit le titre',
      '- premier point',
      '- second point qui continue\n  sur une ligne indentée',
      '1. Étape une',
      '2. Étape deux',
      'Titre souligné',
      '==============',
      'Texte final',
      'Autre paragraphe sans point',
    ]);
  });

  it('GIVEN CRLF line endings THEN wraps join and blank lines split, with exact offsets', () => {
    const text = 'Une phrase qui\r\ncontinue ici.\r\n\r\nUn titre sans point\r\n\r\nFin.';
    const spans = splitSentences(text);
    expect(sentencesOf(text)).toEqual(['Une phrase qui\r\ncontinue ici.', 'Un titre sans point', 'Fin.']);
    expect(spans[2]).toEqual({ start: text.length - 4, end: text.length });
  });

  it('GIVEN a long text (many segmenter pieces) THEN it splits exactly as its paragraphs do one by one', () => {
    const paragraph =
      'M. Dupont est venu, cf. p. 4. Il a parlé des U.S. et de l’art. 5 longuement. Puis il est parti. ';
    const text = paragraph.repeat(400) + 'Mot '.repeat(3000) + 'fin.';
    const sentences = sentencesOf(text);
    expect(sentences.slice(0, 3)).toEqual([
      'M. Dupont est venu, cf. p. 4.',
      'Il a parlé des U.S. et de l’art. 5 longuement.',
      'Puis il est parti.',
    ]);
    expect(sentences).toHaveLength(400 * 3 + 1);
    expect(new Set(sentences.slice(0, -1)).size).toBe(3);
    expect(sentences.at(-1)).toBe(`${'Mot '.repeat(3000)}fin.`);
  });

  it('GIVEN a long text on one line THEN it splits exactly as the same text soft-wrapped at 80 columns', () => {
    const paragraph =
      'M. Dupont est venu, cf. p. 4. Il a parlé des U.S. et de l’art. 5 longuement. Puis il est parti. ';
    const oneLine = paragraph.repeat(600).trimEnd();
    const wrapped = oneLine.replace(/(.{70,80}?) /g, '$1\n');
    expect(wrapped.length).toBe(oneLine.length);
    expect(wrapped).toContain('\n');
    expect(splitSentences(oneLine)).toEqual(splitSentences(wrapped));
    expect(splitSentences(oneLine)).toHaveLength(600 * 3);
  });

  it('GIVEN a run of letters and dots longer than any abbreviation THEN its final period ends the sentence', () => {
    const run = 'a.b'.repeat(20_000);
    expect(sentencesOf(`Voir ${run}. Ensuite il part.`)).toEqual([`Voir ${run}.`, 'Ensuite il part.']);
  });

  it('GIVEN empty or blank text THEN there is no sentence', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t\r\n ')).toEqual([]);
  });
});
