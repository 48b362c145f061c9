import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer.ts';
import { createLexicon } from '../../src/answer/lexicon.ts';
import { compoundsIn, countedWord, namesIn } from '../../src/answer/question.ts';
import { localRetriever } from '../../src/answer/retriever.ts';
import { OramaPassageIndex } from '../../src/index/index.ts';
import { createFakeIndex, makePassage } from '../support/fake-index.ts';
import { sampleContents } from '../index/helpers.ts';

describe('countedWord', () => {
  it.each([
    ['Combien de bénévoles maintiennent les paquets ?', 'bénévoles'],
    ["Combien d'utilisateurs ?", 'utilisateurs'],
    ['How many employees does the foundation have?', 'employees'],
    ['how much does a paid organization cost?', 'does'],
    ['Combien a coûté le voyage ?', null],
    ['Who maintains the packages?', null],
  ] as const)('GIVEN %s THEN %s', (question, expected) => {
    expect(countedWord(question)).toBe(expected);
  });
});

describe('namesIn', () => {
  it.each([
    ['how do I run npm install inside a Docker container?', ['Docker']],
    ['Comment configurer le pare-feu avec UFW ?', ['UFW']],
    ["Qui est le chef d'Ubuntu chez Canonical ?", ['Ubuntu', 'Canonical']],
    ['Docker ne démarre pas', []],
    ['Backups Quand les sauvegardes sont-elles faites ?', []],
    ['Le serveur plante. Redémarrer ne change rien', []],
    ['what is a class?', []],
  ] as const)('GIVEN %s THEN %j', (question, expected) => {
    expect(namesIn(question)).toEqual(expected);
  });
});

describe('compoundsIn', () => {
  it.each([
    ['how do i keep secrets encrypted like git-crypt does?', ['git-crypt']],
    ['how do i upload my package to mentors.debian.net?', ['mentors.debian.net']],
    ['Pourquoi veulent-ils un pare-feu ?', ['veulent-ils', 'pare-feu']],
    ['Pourquoi les versions portent-elles des noms de code ?', ['portent-elles']],
    ['is obj.method bound, or items.length?', []],
    ['faut faire gaffe aux majuscules/minuscules ?', []],
  ] as const)('GIVEN %s THEN %j', (question, expected) => {
    expect(compoundsIn(question)).toEqual(expected);
  });
});

describe('answerQuestion: abstention', () => {
  it('GIVEN a question naming something other passages hold THEN a passage without the name covers only next to one with it', async () => {
    const python = makePassage({ path: 'tools.txt', text: 'Python runs the build scripts of the tools.' });
    const versions = 'The default version installed by the system is listed in the release notes.';
    const ask = (passages: ReturnType<typeof makePassage>[]) =>
      answerQuestion(
        localRetriever(createFakeIndex(passages)),
        'Which version of Python is installed by default?',
        null,
      );
    const apart = await ask([python, makePassage({ path: 'release.txt', ordinal: 1, text: versions })]);
    expect(apart.answered).toBe(false);
    expect(apart.unnamed).toBe('Python');
    expect(apart.unmentioned).toBeUndefined();
    // The section is cut into two passages: the first names its subject, the second answers.
    const opening = 'Python ships with the system.\n';
    const next = await ask([
      makePassage({ path: 'python.txt', text: opening }),
      makePassage({ path: 'python.txt', ordinal: 1, text: versions, start: opening.length }),
      python,
    ]);
    expect(next.quotes.map((quote) => quote.text)).toContain(versions);
  });

  it('GIVEN a question naming with a capital something no passage holds THEN it abstains, the same question about a held name answers', async () => {
    const passages = [
      makePassage({
        text: 'Run npm install inside the Node container once the project folder is mounted. It needs network.',
      }),
      makePassage({ path: 'other.txt', text: 'Roses need sun. Tulips need cold winters.' }),
    ];
    const index = localRetriever(createFakeIndex(passages));
    const ask = async (question: string) =>
      (await answerQuestion(index, question, null, { minCoverage: 0.1 })).answered;
    expect(await ask('how do I run npm install inside a Docker container?')).toBe(false);
    expect(await ask('how do I run npm install inside a Node container?')).toBe(true);
  });

  it('GIVEN a lower-case word no passage holds THEN a name the lexicon does not know declines, a word it knows does not', async () => {
    const passages = [
      makePassage({ text: 'Merge requests are squashed when the merge commit is made with the squash option.' }),
      makePassage({ path: 'other.txt', text: 'Roses need sun. Tulips need cold winters.' }),
    ];
    const index = localRetriever(createFakeIndex(passages));
    const lexicon = createLexicon([{ language: 'en', words: ['how', 'squash', 'merge', 'request', 'tidy', 'on'] }]);
    const ask = async (question: string, withLexicon: boolean) =>
      (await answerQuestion(index, question, null, { minCoverage: 0.1, lexicon: withLexicon ? lexicon : null }))
        .answered;
    expect(await ask('how do i squash a merge request on gitlab?', true)).toBe(false);
    const declined = await answerQuestion(index, 'how do i squash a merge request on gitlab?', null, {
      minCoverage: 0.1,
      lexicon,
    });
    expect(declined.unmentioned).toBe('gitlab');
    expect((await answerQuestion(index, 'how do i squash a merge request on GitLab?', null)).unmentioned).toBe(
      'GitLab',
    );
    expect(await ask('how do i squash a merge request on gitlab?', false)).toBe(true);
    expect(await ask('how do i squash a tidy merge request?', true)).toBe(true);
    // Written with a capital, a name is a name without any lexicon; in lower case, only the lexicon can say so.
    expect(await ask('how do i squash a merge request on GitLab?', false)).toBe(false);
  });

  it('GIVEN a long lower-case word no dictionary knows THEN a typo of a document word answers, a name declines', async () => {
    const passages = [
      makePassage({ text: 'Restart the configuration daemon after editing its settings file.' }),
      makePassage({ path: 'other.txt', text: 'Roses need sun. Tulips need cold winters.' }),
    ];
    const index = localRetriever(createFakeIndex(passages));
    const lexicon = createLexicon([{ language: 'en', words: ['how', 'restart', 'daemon', 'with'] }]);
    const ask = async (question: string) =>
      (await answerQuestion(index, question, null, { minCoverage: 0.1, lexicon })).answered;
    expect(await ask('how to restart the configuraton daemon')).toBe(true);
    expect(await ask('how to restart the daemon with supervisord')).toBe(false);
  });

  it('GIVEN a compound name one of whose words no passage holds THEN it abstains and names it, unlike a dictionary compound', async () => {
    const passages = [
      makePassage({ text: 'Secrets are kept encrypted in the repository with a filter run by git on every commit.' }),
      makePassage({
        path: 'fr.txt',
        text: 'Les utilisateurs veulent un filtre de paquets : il bloque les connexions entrantes.',
      }),
      makePassage({ path: 'other.txt', text: 'Roses need sun. Tulips need cold winters.' }),
    ];
    const index = localRetriever(createFakeIndex(passages));
    // Every word of the questions is a dictionary word (*crypt* too): only the compound can decline.
    const lexicon = createLexicon([
      { language: 'en', words: 'how do i keep secrets encrypted repository like crypt does with git'.split(' ') },
      { language: 'fr', words: ['pourquoi', 'utilisateurs', 'veulent', 'ils', 'un', 'pare', 'feu', 'pare-feu'] },
    ]);
    const ask = (question: string) => answerQuestion(index, question, null, { minCoverage: 0.1, lexicon });
    const declined = await ask('how do i keep secrets encrypted in the repository like git-crypt does?');
    expect(declined.answered).toBe(false);
    expect(declined.unmentioned).toBe('git-crypt');
    expect((await ask('how do i keep secrets encrypted in the repository with git?')).answered).toBe(true);
    expect((await ask('Pourquoi les utilisateurs veulent-ils un pare-feu ?')).answered).toBe(true);
  });

  it('GIVEN a covered question THEN a passage just under the minimum coverage may give a quote, never decide alone', async () => {
    const backup = makePassage({ path: 'guide.txt', text: 'The backup is run at the hour the disk is idle.' });
    const mail = makePassage({
      path: 'guide.txt',
      ordinal: 1,
      start: 1000,
      text: 'The mail server sends its nightly report to the admins.',
    });
    const filler = makePassage({ path: 'other.txt', ordinal: 2, text: 'Roses need sun. Tulips need cold winters.' });
    const question = 'at what hour is the nightly backup of the mail server run?';
    // The backup passage holds 4 of the question's 7 words, the mail passage 3: under the minimum of 0.48, near it.
    const both = await answerQuestion(localRetriever(createFakeIndex([backup, mail, filler])), question, null, {
      minCoverage: 0.48,
    });
    expect(both.quotes.map((quote) => quote.text)).toEqual([backup.text, mail.text]);
    const nearOnly = await answerQuestion(localRetriever(createFakeIndex([mail, filler])), question, null, {
      minCoverage: 0.48,
    });
    expect(nearOnly.answered).toBe(false);
  });

  it('GIVEN a quantity question counting something no passage names THEN it abstains, though a passage states a number', async () => {
    const passages = [
      makePassage({ text: 'The foundation was created in 2001. The foundation holds the copyright on the language.' }),
      makePassage({ path: 'other.txt', text: 'Roses need sun. Tulips need cold winters.' }),
    ];
    const index = localRetriever(createFakeIndex(passages));
    // A low threshold: coverage alone would answer both; only what the first one counts is absent.
    const ask = async (question: string) =>
      (await answerQuestion(index, question, null, { minCoverage: 0.1 })).answered;
    expect(await ask('How many employees does the foundation have?')).toBe(false);
    expect(await ask('How many copyright holders does the foundation have?')).toBe(true);
  });

  // Three words of the question are in no passage: ministers, discuss, did (the fake analysis keeps it).
  const question = 'Did the ministers discuss migration and terrorisme?';

  it('GIVEN an English question about French passages sharing only its cognates THEN the untranslated words do not decline it', async () => {
    const french = makePassage({
      text: 'La coopération porte sur le terrorisme et la migration. Le trafic de stupéfiants est aussi visé.',
    });
    const other = makePassage({ path: 'autre.txt', text: 'Le football n’a pas été abordé pendant la visite.' });
    const answer = await answerQuestion(localRetriever(createFakeIndex([french, other])), question, null);
    expect(answer.answered).toBe(true);
    expect(answer.quotes[0]?.text).toContain('terrorisme');
  });

  it('GIVEN the same question about passages in its own language THEN the words no passage holds decline it', async () => {
    const english = makePassage({
      text: 'The cooperation covers terrorisme and migration. Drug trafficking is a target as well.',
    });
    const other = makePassage({ path: 'other.txt', text: 'Football was not on the agenda of the visit.' });
    const answer = await answerQuestion(localRetriever(createFakeIndex([english, other])), question, null);
    expect(answer.answered).toBe(false);
  });

  it('GIVEN a French question declined over English passages THEN the answer names English as the language to ask in', async () => {
    const english = makePassage({ text: 'The backup server keeps daily copies for fifteen days in a separate room.' });
    const other = makePassage({
      path: 'other.txt',
      text: 'The printer queue is managed by the scheduler of the system.',
    });
    const index = localRetriever(createFakeIndex([english, other]));
    // It shares two words with the backup passage, which does not hold its number: declined.
    const declined = await answerQuestion(index, 'Les copies du backup sont-elles gardées 30 jours ?', null);
    expect(declined.answered).toBe(false);
    expect(declined.documentsLanguage).toBe('en');
    const sameLanguage = await answerQuestion(index, 'How long are the printouts archived by the office?', null);
    expect(sameLanguage.answered).toBe(false);
    expect(sameLanguage.documentsLanguage).toBeUndefined();
  });

  it('GIVEN an English question sharing no word with French documents THEN it names French when told so, and no word as unmentioned', async () => {
    const french = makePassage({
      text: 'La coopération porte sur la migration irrégulière et le trafic de stupéfiants au Maroc.',
    });
    const index = localRetriever(createFakeIndex([french]));
    const asked = 'Which security issues did the ministers discuss in Morocco?';
    const told = await answerQuestion(index, asked, null, { documentsLanguage: 'fr' });
    expect(told.answered).toBe(false);
    expect(told.sources).toEqual([]);
    expect(told.documentsLanguage).toBe('fr');
    // "Morocco" is the French documents' "Maroc", not something they do not mention; not told their language, it is.
    expect(told.unmentioned).toBeUndefined();
    expect((await answerQuestion(index, asked, null)).unmentioned).toBe('Morocco');
    expect((await answerQuestion(index, asked, null)).documentsLanguage).toBeUndefined();
    expect((await answerQuestion(index, asked, null, { documentsLanguage: 'en' })).documentsLanguage).toBeUndefined();
  });

  it('GIVEN a question analysed in both languages, a spelling of a word in no passage THEN the word counts once, by the spelling they hold', async () => {
    const passages = [
      makePassage({
        path: 'faq.txt',
        text: 'Python has a conditional expression: x if condition else y. It was added in version 2.5.',
      }),
      makePassage({ path: 'other.txt', text: 'The garden needs water in summer. Roses need sun.' }),
      makePassage({ path: 'more.txt', text: 'Tulips need cold winters and a dry summer.' }),
    ];
    const contents = await sampleContents({ passages, fulltext: true, language: 'auto' });
    const index = new OramaPassageIndex(contents.database, contents.manifest);
    // No stop-word tells the language: each word gets an English and a French spelling (condition and conditional,
    // express and expres), of which the English passages hold one; "ternary" is in no passage, by either.
    const asked = 'ternary conditional expression';
    expect(index.terms(asked)).toHaveLength(6);
    const answer = await answerQuestion(localRetriever(index), asked, null);
    expect(answer.answered).toBe(true);
    expect(answer.quotes[0]?.text).toContain('conditional expression');
  });

  it('GIVEN an inverted French question ("portent-elles") over a real index THEN the verb is no compound name', async () => {
    const passages = [
      makePassage({
        path: 'faq.txt',
        text: 'Les noms de code des versions facilitent la copie des distributions sur les miroirs.',
      }),
      makePassage({ path: 'other.txt', text: 'Le jardin a besoin d’eau en été. Les roses aiment le soleil.' }),
    ];
    const contents = await sampleContents({ passages, fulltext: true, language: 'fr' });
    const index = localRetriever(new OramaPassageIndex(contents.database, contents.manifest));
    const answer = await answerQuestion(index, 'Pourquoi les versions portent-elles des noms de code ?', null);
    expect(answer.unmentioned).toBeUndefined();
    expect(answer.quotes[0]?.text).toBe(passages[0]?.text);
  });
});
