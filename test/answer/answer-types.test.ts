import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer.ts';
import { localRetriever } from '../../src/answer/retriever.ts';
import { asksForQuantity, asksHow, namesSomethingToUse, statesNumber } from '../../src/answer/question.ts';
import { createFakeIndex, makePassage } from '../support/fake-index.ts';

describe('asksForQuantity', () => {
  it.each([
    ['Combien de RAM faut-il ?', true],
    ['En quelle année le projet a-t-il démarré ?', true],
    ['Quelle est la date de sortie de la version 14 ?', true],
    ['sur quel port écoute le serveur ?', true],
    ['How many people maintain it?', true],
    ['What is the port of the web interface?', true],
    ['Quelle version conseillez-vous pour un serveur ?', false],
    ['When does the prepare script run?', false],
    ['Comment savoir quelle version est installée ?', false],
  ] as const)('GIVEN %s THEN %s', (question, expected) => {
    expect(asksForQuantity(question)).toBe(expected);
  });
});

describe('statesNumber', () => {
  it.each([
    ['Il faut 256 mégaoctets.', true],
    ['Cela prend deux jours.', true],
    ['La moitié des paquets.', true],
    ['Un paquet est installé.', false],
    ['One of them is enough.', false],
    // A number that points elsewhere in the documents counts nothing.
    ['Lisez le Chapitre 8, Outils de gestion des paquets, et la Section 8.1.2.', false],
    ['See chapter 3 and p. 43.', false],
    ['Le chapitre 3 décrit 59100 paquets.', true],
  ] as const)('GIVEN %s THEN %s', (text, expected) => {
    expect(statesNumber(text)).toBe(expected);
  });
});

describe('asksHow', () => {
  it.each([
    ['Comment garder une trace des installations ?', true],
    ['How do I make a deep copy?', true],
    ['how to close files reliably', true],
    ['Is there a way to skip it?', true],
    ['Why is it slow?', false],
    ['Qui a lancé le projet ?', false],
  ] as const)('GIVEN %s THEN %s', (question, expected) => {
    expect(asksHow(question)).toBe(expected);
  });
});

describe('namesSomethingToUse', () => {
  it.each([
    ['Use the built-in sorted() function instead.', true],
    ["Passer l'option --log à dpkg active le journal.", true],
    ['Add `ignore-scripts` to your configuration.', true],
    ['Set module_name.blacklist=yes on the command line.', true],
    ['The files live in /etc/apt and are read at start.', true],
    ['The list is sorted in place and nothing is returned.', false],
  ] as const)('GIVEN %s THEN %s', (sentence, expected) => {
    expect(namesSomethingToUse(sentence)).toBe(expected);
  });
});

describe('answerQuestion: answer types', () => {
  const filler = makePassage({
    path: 'other.txt',
    ordinal: 0,
    text: 'Unrelated notes about gardens. Roses need sun. Tulips need cold winters.',
  });

  it('GIVEN a "how many" question and a matching passage stating no number THEN it abstains', async () => {
    const text = 'Volunteers maintain the packages of the distribution. They work on the packages in their free time.';
    const index = createFakeIndex([makePassage({ text }), filler]);
    expect(
      (await answerQuestion(localRetriever(index), 'How many volunteers maintain the packages?', null)).answered,
    ).toBe(false);
    expect((await answerQuestion(localRetriever(index), 'Who maintains the packages?', null)).answered).toBe(true);
  });

  it('GIVEN a "how many" question writing a number THEN a sentence stating only that number does not answer it', async () => {
    const ask = (text: string) =>
      answerQuestion(
        localRetriever(createFakeIndex([makePassage({ text }), filler])),
        'How many packages does release 12 of the distribution hold?',
        null,
      );
    const onlyTheRelease = 'Release 12 of the distribution holds the packages of the new installer.';
    expect((await ask(onlyTheRelease)).answered).toBe(false);
    const counted = 'Release 12 of the distribution holds 59000 packages.';
    expect((await ask(counted)).quotes[0]?.text).toBe(counted);
  });

  it('GIVEN a "how many" question THEN the sentence stating a number is quoted first, not the wordier one', async () => {
    const text =
      'Volunteers maintain the packages of the distribution in their free time. ' +
      'Today 1012 volunteers hold an account.\n\nVolunteers and packages are listed on the web site.';
    const index = createFakeIndex([makePassage({ text }), filler]);
    const answer = await answerQuestion(localRetriever(index), 'How many volunteers maintain the packages?', null, {
      minCoverage: 0.2,
    });
    expect(answer.quotes[0]?.text).toContain('1012');
  });

  it('GIVEN a question naming a version the passage does not hold THEN it abstains', async () => {
    const text = 'Release 12 of the distribution ships the new installer. The installer supports encrypted disks.';
    const index = createFakeIndex([makePassage({ text }), filler]);
    expect(
      (await answerQuestion(localRetriever(index), 'Does release 14 of the installer support encrypted disks?', null))
        .answered,
    ).toBe(false);
    expect(
      (await answerQuestion(localRetriever(index), 'Does release 12 of the installer support encrypted disks?', null))
        .answered,
    ).toBe(true);
  });

  it('GIVEN a number the question writes another way than the passage (3h40, 3:40) THEN it still covers', async () => {
    const text = 'To run a job once on Monday, type: echo backup | at 3:40 monday. The job runs in the background.';
    const index = createFakeIndex([makePassage({ text }), filler]);
    const once = await answerQuestion(localRetriever(index), 'run a job once monday at 3h40', null);
    expect(once.answered).toBe(true);
    const otherTime = await answerQuestion(localRetriever(index), 'run a job once monday at 5h10', null);
    expect(otherTime.answered).toBe(false);
  });

  it('GIVEN a version the question names whose digits the passage writes only apart ("4.0", "0, 1, 4") THEN it abstains', async () => {
    const apart = 'The squares of the release numbers are 0, 1, 4 and 9: the release list is computed once.';
    const within = 'Release 4.0.1 of the release list tool fixes the upgrade of release 4.0 lists.';
    const minor = 'Release 14.0 of the release list tool fixes the upgrade of release 1.4.0 lists.';
    const ask = (text: string) =>
      answerQuestion(
        localRetriever(createFakeIndex([makePassage({ text }), filler])),
        'when is release 4.0 of the release list out?',
        null,
      );
    expect((await ask(apart)).answered).toBe(false);
    expect((await ask(within)).answered).toBe(true);
    expect((await ask(minor)).answered).toBe(false);
  });

  it('GIVEN a number the passage writes as a value of a list or a mapping ("80,443", "8080:80") THEN it covers', async () => {
    const ask = (text: string, question: string) =>
      answerQuestion(localRetriever(createFakeIndex([makePassage({ text }), filler])), question, null);
    const list = 'The proxy listens on ports 80,443 of the gateway host.';
    expect((await ask(list, 'does the proxy listen on port 443 of the gateway?')).answered).toBe(true);
    const mapping = 'Publish the proxy port with -p 8080:80 on the gateway host.';
    expect((await ask(mapping, 'how do i publish proxy port 80 on the gateway?')).answered).toBe(true);
    expect((await ask(mapping, 'how do i publish proxy port 90 on the gateway?')).answered).toBe(false);
  });

  it('GIVEN a number the question gives as an example ("such as 3.11.2", "comme 3.11.2") THEN the passage need not hold it', async () => {
    const text = 'The micro number of a version counts bug-fix releases. Version 3.10.4 is the fourth of 3.10.';
    const index = localRetriever(createFakeIndex([makePassage({ text }), filler]));
    const example = await answerQuestion(index, 'In a version such as 3.11.2, what does the micro number count?', null);
    expect(example.answered).toBe(true);
    const french = await answerQuestion(index, 'Dans une version comme 3.11.2, que compte le micro number ?', null);
    expect(french.answered).toBe(true);
    // Named as what is asked about, not as an example, the number must still be there.
    const named = await answerQuestion(index, 'What does the micro number of version 3.11.2 count?', null);
    expect(named.answered).toBe(false);
  });

  it('GIVEN a range or a list of numbers the question gives as an example ("like 1 to 10") THEN the passage need not hold them', async () => {
    const text =
      'A sequence expression takes the form {x..y[..incr]}, where incr, an optional increment, is an integer.';
    const index = localRetriever(createFakeIndex([makePassage({ text }), filler]));
    const range = await answerQuestion(index, 'In a sequence expression like 1 to 10, what is the increment?', null);
    expect(range.answered).toBe(true);
    const french = await answerQuestion(
      index,
      'Dans une sequence expression comme 2 ou 4, quel est l’increment ?',
      null,
    );
    expect(french.answered).toBe(true);
    const named = await answerQuestion(index, 'What is the increment of the sequence expression from 1 to 10?', null);
    expect(named.answered).toBe(false);
  });

  it('GIVEN a number the passage pads with a zero (08:00) THEN the question writing it plainly (8h) still covers', async () => {
    const text = 'To run the job every weekday, write: 00 08 * * 1-5 in the crontab. It runs in the background.';
    const index = createFakeIndex([makePassage({ text }), filler]);
    const padded = await answerQuestion(localRetriever(index), 'run the job every weekday at 8h in the crontab', null);
    expect(padded.answered).toBe(true);
    const otherHour = await answerQuestion(
      localRetriever(index),
      'run the job every weekday at 9h in the crontab',
      null,
    );
    expect(otherHour.answered).toBe(false);
  });

  it('GIVEN a "how do I" question THEN the sentence naming what to use wins over one that only discusses the topic', async () => {
    const text =
      'A sorted copy of a list keeps the original list unchanged for later use.\n\n' +
      'For a sorted copy of the list, call sorted() on it.';
    const index = createFakeIndex([makePassage({ text }), filler]);
    const answer = await answerQuestion(localRetriever(index), 'How do I get a sorted copy of a list?', null, {
      maxQuotes: 1,
      minCoverage: 0.2,
    });
    expect(answer.quotes[0]?.text).toBe('For a sorted copy of the list, call sorted() on it.');
    const why = await answerQuestion(localRetriever(index), 'Why keep a sorted copy of a list?', null, {
      maxQuotes: 1,
      minCoverage: 0.2,
    });
    expect(why.quotes[0]?.text).toBe('A sorted copy of a list keeps the original list unchanged for later use.');
  });
});
