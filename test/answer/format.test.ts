import { describe, expect, it } from 'vitest';
import {
  citationLabel,
  citedSection,
  displayText,
  excerpt,
  formatAnswerText,
  toJsonAnswer,
} from '../../src/answer/format.ts';
import type { Answer, Source } from '../../src/answer/types.ts';
import { answerQuestion } from '../../src/answer/answer.ts';
import { localRetriever } from '../../src/answer/retriever.ts';
import { verifyQuotes } from '../../src/answer/verify.ts';
import { chunkDocument, parseDocument } from '../../src/ingest/index.ts';
import { createFakeIndex } from '../support/fake-index.ts';

const source: Source = {
  n: 1,
  passageId: 'guide.md#3',
  title: 'Guide',
  path: 'guide.md',
  section: ['Installation', 'Linux'],
  lines: [12, 14],
  score: 0.87654,
  text: 'Run the installer. Then restart.',
};
const answered: Answer = {
  question: 'How do I install it?',
  answered: true,
  language: 'en',
  mode: 'hybrid',
  quotes: [{ text: 'Run the installer.', source: 1, start: 100, end: 118, lines: [12, 12] }],
  sources: [source],
};

describe('citationLabel', () => {
  it('GIVEN a section path and a line range THEN title · section › sub · lines', () => {
    expect(citationLabel(source, 'en')).toBe('Guide · Installation › Linux · lines 12–14');
    expect(citationLabel({ ...source, section: [], lines: [3, 3] }, 'fr')).toBe('Guide · ligne 3');
  });
});

describe('citedSection', () => {
  it('GIVEN a section path that starts with the title THEN the repeated title is left out', () => {
    expect(citedSection({ title: 'FAQ', section: ['FAQ', 'Billing'] })).toBe('Billing');
    expect(citedSection({ title: 'FAQ', section: ['FAQ'] })).toBe('');
    expect(citedSection({ title: 'Guide', section: ['Install', 'Linux'] })).toBe('Install › Linux');
  });
});

describe('formatAnswerText', () => {
  it('GIVEN an answer THEN quotes carry [n] and the sources follow', () => {
    expect(formatAnswerText(answered)).toBe(
      '“Run the installer.” [1]\n\nSources:\n[1] Guide · Installation › Linux · lines 12–14 (guide.md)',
    );
  });
  it('GIVEN a code quote THEN it is printed as a fenced block with its [n]', () => {
    const code = { text: 'npm cache verify', source: 1, start: 0, end: 16, lines: [3, 3] as const, code: true };
    expect(formatAnswerText({ ...answered, quotes: [code] })).toContain('```\nnpm cache verify\n``` [1]');
    expect(toJsonAnswer({ ...answered, quotes: [code] }).quotes[0]).toEqual({
      text: 'npm cache verify',
      source: 1,
      lines: [3, 3],
      code: true,
    });
  });

  it('GIVEN a Markdown quote around inline HTML THEN it shows single spaces and still verifies against the file', async () => {
    const file = '# Install\n\nThe installer needs <kbd>root</kbd>   rights on <b>every</b> host.\n';
    const document = await parseDocument('guide.md', 'md', new TextEncoder().encode(file));
    const answer = await answerQuestion(
      localRetriever(createFakeIndex(chunkDocument(document))),
      'installer root rights host',
      null,
    );
    expect(formatAnswerText(answer).split('\n')[0]).toMatch(
      /^\S+ The installer needs root rights on every host\. \S+ \[1\]$/u,
    );
    expect(verifyQuotes(answer, () => ({ text: file, markupBlanked: true })).rejected).toBe(0);
    expect(answer.quotes[0]?.lines).toEqual([3, 3]);
  });

  it('GIVEN a French miss whose passages are in English THEN it suggests asking in English, in French', () => {
    const text = formatAnswerText({
      ...answered,
      language: 'fr',
      answered: false,
      quotes: [],
      documentsLanguage: 'en',
    });
    expect(text.split('\n').slice(0, 2)).toEqual([
      'Les documents ne répondent pas à cette question.',
      'Les passages trouvés sont en anglais : posée en anglais, la question trouvera peut-être sa réponse.',
    ]);
  });

  it('GIVEN a miss in the other language with no passage found THEN it names the language of the documents', () => {
    const text = formatAnswerText({
      ...answered,
      answered: false,
      quotes: [],
      sources: [],
      documentsLanguage: 'fr',
    });
    expect(text.split('\n').slice(0, 2)).toEqual([
      'The documents do not answer this question.',
      'The documents are in French: asked in French, the question may find its answer.',
    ]);
  });

  it('GIVEN a French miss on something no passage mentions THEN the next line names it', () => {
    const text = formatAnswerText({ ...answered, language: 'fr', answered: false, quotes: [], unmentioned: 'gitlab' });
    expect(text.split('\n').slice(0, 2)).toEqual([
      'Les documents ne répondent pas à cette question.',
      'Aucun passage ne mentionne « gitlab ».',
    ]);
  });

  it('GIVEN a miss on a name the nearest passages lack THEN the next line names it, in either language', () => {
    const english = formatAnswerText({ ...answered, answered: false, quotes: [], unnamed: 'Python' });
    expect(english.split('\n').slice(0, 2)).toEqual([
      'The documents do not answer this question.',
      'The passages closest to the question do not mention “Python”.',
    ]);
    const french = formatAnswerText({ ...answered, language: 'fr', answered: false, quotes: [], unnamed: 'Python' });
    expect(french.split('\n')[1]).toBe('Les passages les plus proches de la question ne mentionnent pas « Python ».');
  });

  it('GIVEN a French miss THEN it says so in French and shows the nearest passages', () => {
    const text = formatAnswerText({ ...answered, language: 'fr', answered: false, quotes: [] });
    expect(text).toContain('Les documents ne répondent pas à cette question.');
    expect(text).toContain('Les passages les plus proches :');
    expect(text).toContain('Run the installer. Then restart.');
  });
});

describe('excerpt', () => {
  it('GIVEN long text THEN it is cut at a word boundary with an ellipsis', () => {
    expect(excerpt('word '.repeat(100), 22)).toBe('word word word word…');
  });
});

describe('toJsonAnswer', () => {
  it('GIVEN an answer THEN the documented JSON shape with section joined and score rounded', () => {
    expect(toJsonAnswer(answered)).toEqual({
      question: 'How do I install it?',
      answered: true,
      language: 'en',
      mode: 'hybrid',
      quotes: [{ text: 'Run the installer.', source: 1, lines: [12, 12] }],
      sources: [
        { n: 1, title: 'Guide', path: 'guide.md', section: 'Installation › Linux', lines: [12, 14], score: 0.8765 },
      ],
    });
  });

  it('GIVEN a declined answer naming a word or a language THEN the JSON carries them, and only then', () => {
    const declined = { ...answered, answered: false, quotes: [] };
    expect(toJsonAnswer({ ...declined, unmentioned: 'GitLab' })).toMatchObject({ unmentioned: 'GitLab' });
    expect(toJsonAnswer({ ...declined, documentsLanguage: 'fr' })).toMatchObject({ documentsLanguage: 'fr' });
    expect(toJsonAnswer({ ...declined, unnamed: 'Python' })).toMatchObject({ unnamed: 'Python' });
    expect(Object.keys(toJsonAnswer(declined))).not.toContain('unnamed');
    expect(Object.keys(toJsonAnswer(declined))).not.toContain('unmentioned');
    expect(Object.keys(toJsonAnswer(declined))).not.toContain('documentsLanguage');
  });
});

describe('displayText', () => {
  it('GIVEN the gap removed markup leaves before a period, a comma or a parenthesis THEN it is closed', () => {
    expect(displayText('See  lockfiles . Then ( the   cache ) , run it.')).toBe(
      'See lockfiles. Then ( the cache), run it.',
    );
  });
  it('GIVEN French typography and decimals THEN the spaces stay', () => {
    expect(displayText('Attention : le paquet « apt » ! Valeur .5 ou ?')).toBe(
      'Attention : le paquet « apt » ! Valeur .5 ou ?',
    );
  });
});
