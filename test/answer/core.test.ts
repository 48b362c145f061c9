import { describe, expect, it } from 'vitest';
import { questionLanguage, validateQuestion } from '../../src/answer/question.ts';
import { verifyQuotes, type DocumentText } from '../../src/answer/verify.ts';
import type { Answer } from '../../src/answer/types.ts';

describe('validateQuestion', () => {
  it('GIVEN surrounding and repeated white space THEN it is folded', () => {
    expect(validateQuestion('  Qui   a\nrencontré ?  ')).toBe('Qui a rencontré ?');
  });
  it('GIVEN an empty or blank question THEN QUESTION_EMPTY', () => {
    expect(() => validateQuestion('')).toThrow(/question is empty/);
    expect(() => validateQuestion(' \n\t ')).toThrow(expect.objectContaining({ code: 'QUESTION_EMPTY' }));
  });
  it('GIVEN a question with no letter or digit (punctuation, an emoji) THEN QUESTION_EMPTY, saying why', () => {
    for (const question of ['?', '… ?!', '🤔'])
      expect(() => validateQuestion(question), question).toThrow(expect.objectContaining({ code: 'QUESTION_EMPTY' }));
    expect(() => validateQuestion('?')).toThrow(/no letter or digit/);
    expect(validateQuestion('3 ?')).toBe('3 ?');
    expect(validateQuestion('été ?')).toBe('été ?');
  });
  it('GIVEN a 10,000-character question THEN QUESTION_TOO_LONG with its length and the limit', () => {
    expect(() => validateQuestion('a'.repeat(10_000))).toThrow(/10,000 characters; the limit is 1,000/);
  });
});

describe('questionLanguage', () => {
  it.each([
    ['Qui a rencontré le ministre français de l’Intérieur ?', 'fr'],
    ["Qu'ont-ils décidé ?", 'fr'],
    ['Who met the French interior minister?', 'en'],
    ['How do I install the package?', 'en'],
    ['Install the package', 'en'],
    ['Darmanin ?', 'fr'],
  ] as const)('GIVEN %s THEN %s', (text, language) => {
    expect(questionLanguage(text)).toBe(language);
  });
});

describe('verifyQuotes', () => {
  const answer: Answer = {
    question: 'q',
    answered: true,
    language: 'fr',
    mode: 'fulltext',
    quotes: [
      { text: 'Alpha beta.', source: 1, start: 0, end: 11, lines: [1, 1] },
      { text: 'Gamma.', source: 2, start: 0, end: 6, lines: [1, 1] },
    ],
    sources: [
      { n: 1, passageId: 'a#0', title: 'A', path: 'a.txt', section: [], lines: [1, 1], score: 1, text: 'Alpha beta.' },
      { n: 2, passageId: 'b#0', title: 'B', path: 'b.txt', section: [], lines: [1, 1], score: 1, text: 'Gamma.' },
    ],
  };
  it('GIVEN files that still match THEN every quote is kept', () => {
    const texts: Record<string, string> = { 'a.txt': 'Alpha beta.', 'b.txt': 'Gamma.' };
    expect(verifyQuotes(answer, (path) => plain(texts[path]))).toEqual({ answer, rejected: 0 });
  });
  it('GIVEN a file edited since indexing THEN its quote and source are dropped', () => {
    const texts: Record<string, string> = { 'a.txt': 'Alpha beta.', 'b.txt': 'Delta.' };
    const result = verifyQuotes(answer, (path) => plain(texts[path]));
    expect(result.rejected).toBe(1);
    expect(result.answer.quotes.map((quote) => quote.text)).toEqual(['Alpha beta.']);
    expect(result.answer.sources.map((source) => source.n)).toEqual([1]);
  });
  it('GIVEN every quote stale THEN the answer becomes not answered', () => {
    const result = verifyQuotes(answer, () => plain('changed entirely'));
    expect(result.answer.answered).toBe(false);
    expect(result.answer.quotes).toEqual([]);
  });
  it('GIVEN a Markdown file THEN a space of a quote may stand for markup, never a letter for another nor a line break', () => {
    const quoted = (text: string): Answer => ({
      ...answer,
      quotes: [{ text, source: 1, start: 0, end: text.length, lines: [1, 1] }],
    });
    const file = { text: 'Alpha [beta](x.md).\nGamma.', markupBlanked: true };
    expect(verifyQuotes(quoted('Alpha  beta       .'), () => file).rejected).toBe(0);
    expect(verifyQuotes(quoted('Alpha  bets       .'), () => file).rejected).toBe(1);
    expect(verifyQuotes(quoted('Alpha  beta        Gamma.'), () => file).rejected).toBe(1);
    // A plain-text file is compared exactly: there a space is a space.
    expect(verifyQuotes(quoted('Alpha  beta       .'), () => ({ ...file, markupBlanked: false })).rejected).toBe(1);
  });
});

function plain(text: string | undefined): DocumentText | undefined {
  return text === undefined ? undefined : { text, markupBlanked: false };
}
