import { describe, expect, it } from 'vitest';
import { answerQuestion, sentenceSpans } from '../../src/answer/answer.ts';
import { localRetriever } from '../../src/answer/retriever.ts';
import { chunkDocument, parseDocument } from '../../src/ingest/index.ts';
import type { AnswerTrace } from '../../src/answer/types.ts';
import { createFakeIndex, makePassage } from '../support/fake-index.ts';

const documentText =
  'Le ministre français de l’Intérieur a rencontré M. Laftit à Rabat. Ils ont parlé de sécurité.\n' +
  'La coopération porte sur le terrorisme et la migration. Le trafic de stupéfiants est aussi visé.\n' +
  'Le football n’a pas été abordé pendant la visite officielle.';

function seedIndex() {
  const firstEnd = documentText.indexOf('\n') + 1;
  const secondEnd = documentText.indexOf('\n', firstEnd) + 1;
  return createFakeIndex([
    makePassage({ ordinal: 0, text: documentText.slice(0, firstEnd), start: 0, lineStart: 1 }),
    makePassage({ ordinal: 1, text: documentText.slice(firstEnd, secondEnd), start: firstEnd, lineStart: 2 }),
    makePassage({ ordinal: 2, text: documentText.slice(secondEnd), start: secondEnd, lineStart: 3 }),
  ]);
}

// As a build measures it (src/index/calibration.ts): unrelated passages sit near 0.2, 0.9 is rare by chance.
const CALIBRATION = { probes: 48, unrelatedMedian: 0.2, unrelatedHigh: 0.9, relatedMedian: 0.7, threshold: 0.9 };

describe('answerQuestion', () => {
  it('GIVEN a question the documents answer THEN it quotes the sentence and the next one verbatim at its document offsets', async () => {
    const answer = await answerQuestion(localRetriever(seedIndex()), 'Qui a rencontré le ministre français ?', null);
    expect(answer.answered).toBe(true);
    expect(answer.quotes[0]?.text).toBe(
      'Le ministre français de l’Intérieur a rencontré M. Laftit à Rabat. Ils ont parlé de sécurité.',
    );
    for (const quote of answer.quotes) expect(documentText.slice(quote.start, quote.end)).toBe(quote.text);
    expect(answer.quotes[0]?.lines).toEqual([1, 1]);
    expect(answer.sources[0]).toMatchObject({ n: 1, path: 'doc.txt', lines: [1, 1] });
  });

  it('GIVEN a later quote from another document THEN only a passage matching about as well as the first one gives it', async () => {
    const question = 'where and how long does the backup server keep the daily copies of mail?';
    const backup = makePassage({
      path: 'backup.txt',
      text: 'The backup server will keep the daily copies of mail for a long fortnight.',
    });
    const filler = makePassage({ path: 'other.txt', text: 'Roses need sun and tulips need cold winters.' });
    const ask = async (text: string) => {
      const other = makePassage({ path: 'printer.txt', text });
      const answer = await answerQuestion(localRetriever(createFakeIndex([backup, other, filler])), question, null);
      return answer.quotes.map((quote) => answer.sources[quote.source - 1]?.path);
    };
    // Five of the question's words where the backup passage holds seven: another document, matching less well.
    expect(await ask('Ask the server where and how the copies go, and what it does.')).toEqual(['backup.txt']);
    // Six of seven: about as good a match, and its sentence adds what the first lacks.
    expect(await ask('Ask the server where and how long the copies go, and what it does.')).toEqual([
      'backup.txt',
      'printer.txt',
    ]);
  });

  it('GIVEN the same sentence in two files THEN it is quoted once', async () => {
    const sentence = 'Prefer to deduplicate packages if possible, rather than choosing a newer version.';
    const install = makePassage({ path: 'install.md', text: sentence });
    const update = makePassage({ path: 'update.md', text: sentence });
    const filler = makePassage({ path: 'other.md', text: 'Roses need sun and tulips need cold winters.' });
    const answer = await answerQuestion(
      localRetriever(createFakeIndex([install, update, filler])),
      'prefer to deduplicate packages rather than a newer version?',
      null,
    );
    expect(answer.quotes.map((quote) => quote.text)).toEqual([sentence]);
  });

  it('GIVEN terms spread over two passages THEN it quotes both and numbers each source once', async () => {
    const answer = await answerQuestion(localRetriever(seedIndex()), 'rencontré terrorisme', null, {
      minCoverage: 0.4,
    });
    expect(answer.quotes.map((quote) => quote.source)).toEqual([1, 2]);
    expect(answer.sources.map((source) => source.n)).toEqual([1, 2]);
    expect(answer.quotes.map((quote) => quote.lines[0])).toEqual([1, 2]);
  });

  it('GIVEN a question about something the documents never mention THEN it abstains and lists the nearest passages', async () => {
    const answer = await answerQuestion(localRetriever(seedIndex()), 'Quel est le prix du pétrole au ministre ?', null);
    expect(answer.answered).toBe(false);
    expect(answer.quotes).toEqual([]);
    // The nearest passage is the one sharing a word with the question (« ministre »), the others share none.
    expect(answer.sources.map((source) => [source.passageId, source.lines])).toEqual([['doc.txt#0', [1, 1]]]);
  });

  it('GIVEN a question with only stop-words THEN it abstains', async () => {
    expect((await answerQuestion(localRetriever(seedIndex()), 'qui est le ?', null)).answered).toBe(false);
  });

  it('GIVEN maxQuotes 1 THEN at most one quote is returned', async () => {
    const answer = await answerQuestion(localRetriever(seedIndex()), 'rencontré terrorisme', null, {
      maxQuotes: 1,
      minCoverage: 0.4,
    });
    expect(answer.quotes).toHaveLength(1);
  });

  it('GIVEN overlapping passages repeating a sentence THEN the sentence is quoted once', async () => {
    const shared = 'Le terrorisme est au cœur de la coopération. ';
    const index = createFakeIndex([
      makePassage({ ordinal: 0, text: `Intro sur la visite officielle. ${shared}`, start: 0 }),
      makePassage({ ordinal: 1, text: `${shared}Autre sujet traité ensuite.`, start: 32 }),
    ]);
    const answer = await answerQuestion(localRetriever(index), 'terrorisme coopération', null);
    const quoted = answer.quotes.map((quote) => quote.text).join('\n');
    expect(quoted.split('Le terrorisme est au cœur de la coopération.')).toHaveLength(2);
  });

  it('GIVEN the sentence before the best match holds more of the question THEN the first quote starts with it', async () => {
    const text =
      'Chaque paquet suit des règles strictes. Un paquet nouveau attend toujours longtemps avant sa publication. ' +
      'Rien ne suit.';
    const index = createFakeIndex([makePassage({ text })]);
    const answer = await answerQuestion(localRetriever(index), 'paquet nouveau publication', null);
    expect(answer.quotes.map((quote) => quote.text)).toEqual([
      'Chaque paquet suit des règles strictes. Un paquet nouveau attend toujours longtemps avant sa publication.',
    ]);
  });

  it('GIVEN a best match whose neighbours would make the quote too long THEN it is quoted alone', async () => {
    const long = `Une phrase voisine très longue ${'qui continue encore '.repeat(30)}jusqu’au bout.`;
    const text = `${long} Le terrorisme est au cœur de la coopération. ${long}`;
    const index = createFakeIndex([makePassage({ text })]);
    const answer = await answerQuestion(localRetriever(index), 'que dit-on du terrorisme ?', null, {
      minCoverage: 0.2,
    });
    expect(answer.quotes.map((quote) => quote.text)).toEqual(['Le terrorisme est au cœur de la coopération.']);
  });

  it('GIVEN a follow-up with context THEN retrieval uses the context but the question decides the quote', async () => {
    const index = seedIndex();
    const answer = await answerQuestion(localRetriever(index), 'et les stupéfiants ?', null, {
      context: 'De quoi parle la coopération ?',
    });
    expect(index.queries[0]?.text).toContain('coopération');
    expect(answer.quotes[0]?.text).toBe('Le trafic de stupéfiants est aussi visé.');
  });

  it('GIVEN a calibrated vector threshold and a close vector without shared words THEN it answers from the closest passage', async () => {
    const index = createFakeIndex(
      [
        makePassage({ text: 'Le ministre a rencontré son homologue.' }),
        makePassage({ ordinal: 1, text: 'Autre chose sans rapport.', start: 40 }),
      ],
      [Float32Array.of(1, 0), Float32Array.of(0, 1)],
    );
    const withThreshold = await answerQuestion(localRetriever(index), 'Who met whom?', Float32Array.of(1, 0), {
      vectorThreshold: 0.9,
    });
    expect(withThreshold.answered).toBe(true);
    expect(withThreshold.quotes[0]?.text).toBe('Le ministre a rencontré son homologue.');
    expect((await answerQuestion(localRetriever(index), 'Who met whom?', Float32Array.of(1, 0))).answered).toBe(false);
  });

  it('GIVEN an index calibrated for its model THEN its threshold lets a close vector alone answer', async () => {
    const fake = createFakeIndex(
      [
        makePassage({ text: 'Le ministre a rencontré son homologue.' }),
        makePassage({ ordinal: 1, text: 'Autre chose sans rapport.', start: 40 }),
      ],
      [Float32Array.of(1, 0), Float32Array.of(0, 1)],
    );
    const index = { ...fake, manifest: { ...fake.manifest, calibration: CALIBRATION } };
    const answer = await answerQuestion(localRetriever(index), 'Who met whom?', Float32Array.of(1, 0));
    expect(answer.quotes.map((quote) => quote.text)).toEqual(['Le ministre a rencontré son homologue.']);
    expect(
      (await answerQuestion(localRetriever(index), 'Who met whom?', Float32Array.of(1, 0), { vectorThreshold: 1.5 }))
        .answered,
    ).toBe(false);
  });

  it('GIVEN a close vector for a passage about another release or another product THEN the number and the name still decide', async () => {
    const fake = createFakeIndex(
      [
        makePassage({ text: 'Release 12 of Debian ships Python 3.11 by default.' }),
        makePassage({ ordinal: 1, path: 'other.txt', text: 'Perl scripts water the tulips every winter.', start: 0 }),
      ],
      [Float32Array.of(1, 0), Float32Array.of(0, 1)],
    );
    const index = localRetriever({ ...fake, manifest: { ...fake.manifest, calibration: CALIBRATION } });
    const close = Float32Array.of(1, 0);
    expect((await answerQuestion(index, 'Which version of Python does release 12 ship?', close)).answered).toBe(true);
    expect((await answerQuestion(index, 'Which version of Python does release 14 ship?', close)).answered).toBe(false);
    // The documents name Perl, but not in the passage the vector finds.
    expect((await answerQuestion(index, 'Which version of Perl does release 12 ship?', close)).answered).toBe(false);
  });

  it('GIVEN shared words in a passage less similar than a typical unrelated one THEN it abstains', async () => {
    const fake = createFakeIndex(
      [makePassage({ text: 'Le ministre a rencontré son homologue à Rabat.' })],
      [Float32Array.of(0, 1)],
    );
    const question = 'Quel ministre a rencontré son homologue ?';
    expect((await answerQuestion(localRetriever(fake), question, Float32Array.of(1, 0))).answered).toBe(true);
    const index = { ...fake, manifest: { ...fake.manifest, calibration: CALIBRATION } };
    expect((await answerQuestion(localRetriever(index), question, Float32Array.of(1, 0))).answered).toBe(false);
    expect((await answerQuestion(localRetriever(index), question, Float32Array.of(0.6, 0.8))).answered).toBe(true);
  });

  it('GIVEN an FAQ passage under a heading that asks the question THEN its opening sentence is quoted, not a wordier one below', async () => {
    const index = createFakeIndex([
      makePassage({
        text: 'The shutil module contains a copyfile() helper. Note that copying a file this way does not copy file permissions or file metadata.',
        section: ['How do I copy a file?'],
      }),
    ]);
    expect((await answerQuestion(localRetriever(index), 'How do I copy a file?', null)).quotes[0]?.text).toBe(
      'The shutil module contains a copyfile() helper.',
    );
  });

  it('GIVEN several FAQ headings sharing words with the question THEN only the best-matching one decides the quote', async () => {
    const index = createFakeIndex([
      makePassage({ ordinal: 0, text: 'Use the shutil helper for that job.', section: ['Copy file permissions'] }),
      makePassage({
        ordinal: 1,
        path: 'other.txt',
        text: 'To copy a file with its permissions, read the manual first.',
        section: ['Copy file contents'],
      }),
    ]);
    const answer = await answerQuestion(localRetriever(index), 'copy file permissions', null);
    expect(answer.quotes[0]?.text).toBe('Use the shutil helper for that job.');
  });

  it('GIVEN candidate sentences that are questions, code or table-of-contents lines THEN none is quoted', async () => {
    const lines = [
      'Why is the sky blue?',
      '>>> print(sky.colour) # blue sky',
      '11. Sky colour and light',
      'The sky is blue because air scatters blue light.',
    ];
    const text = lines.join('\n');
    // One sentence per line, as the ingester splits lines without terminal punctuation.
    const passage = { ...makePassage({ text }), sentenceStarts: lines.map((line) => text.indexOf(line)) };
    const index = createFakeIndex([passage]);
    const answer = await answerQuestion(localRetriever(index), 'sky blue colour', null);
    expect(answer.quotes.map((quote) => quote.text)).toEqual(['The sky is blue because air scatters blue light.']);
  });

  it('GIVEN a long numbered line without closing punctuation (a list item cut off at a page end) THEN it is quoted', async () => {
    const lines = [
      '11.5 Web servers and applications',
      '1. Cgi-bin executable files are installed in the directory /usr/lib/cgi-bin or a subdirectory of that directory, ' +
        'and the script should be referred to as',
    ];
    const text = lines.join('\n');
    const passage = { ...makePassage({ text }), sentenceStarts: lines.map((line) => text.indexOf(line)) };
    const index = createFakeIndex([passage]);
    const answer = await answerQuestion(localRetriever(index), 'where are cgi-bin executable files installed?', null);
    expect(answer.quotes.map((quote) => quote.text)).toEqual([lines[1]]);
  });

  it('GIVEN a sentence defining the term set as code on the line before it THEN the quote starts at the term', async () => {
    const lines = ['nocheck', 'This tag says to not run any build-time test suite provided by the package.'];
    const text = lines.join('\n');
    const passage = {
      ...makePassage({ text }),
      sentenceStarts: lines.map((line) => text.indexOf(line)),
      sentenceKinds: ['code', 'prose'] as const,
    };
    const index = createFakeIndex([passage]);
    const answer = await answerQuestion(localRetriever(index), 'which tag skips the build-time test suite?', null);
    expect(answer.quotes.map((quote) => quote.text)).toEqual([text]);
    expect(answer.quotes[0]?.lines).toEqual([1, 2]);
  });

  it('GIVEN a question naming the term a sentence defines THEN that definition outranks a sentence sharing its other words', async () => {
    const lines = ['nocheck', 'This one skips the test suite of the build.'];
    const text = lines.join('\n');
    const definition = {
      ...makePassage({ text }),
      sentenceStarts: lines.map((line) => text.indexOf(line)),
      sentenceKinds: ['code', 'prose'] as const,
    };
    const mention = makePassage({
      ordinal: 1,
      path: 'other.txt',
      text: 'Every build tag skips a step of the build.',
    });
    const index = createFakeIndex([definition, mention]);
    const answer = await answerQuestion(localRetriever(index), 'the nocheck build tag skips what?', null);
    expect(answer.quotes[0]?.text).toBe(text);
  });

  it.each([
    ['the title of a box', 'Note', 'label'],
    ['a bracketed marker linking to a description', '[D]', 'prose'],
  ] as const)('GIVEN a sentence after %s THEN the quote starts at the sentence', async (_what, before, kind) => {
    const lines = [before, 'Empty groups of packages are hidden automatically by the package list.'];
    const text = lines.join('\n\n');
    const passage = {
      ...makePassage({ text }),
      sentenceStarts: lines.map((line) => text.indexOf(line)),
      sentenceKinds: [kind, 'prose'] as const,
    };
    const index = createFakeIndex([passage]);
    const answer = await answerQuestion(localRetriever(index), 'why are some package groups hidden?', null);
    expect(answer.quotes.map((quote) => quote.text)).toEqual([lines[1]]);
  });

  it('GIVEN a question asking for the command and a code block introduced by a matching sentence THEN the whole block is quoted as code', async () => {
    const text =
      '# Cache\n\nThe cache can be damaged by a full disk.\n\nTo check the cache for damage, run:\n\n' +
      '```sh\nnpm cache verify\nnpm cache ls\n```\n\nIt is rebuilt when damaged entries are found.\n';
    const document = await parseDocument('cache.md', 'md', new TextEncoder().encode(text));
    const index = createFakeIndex(chunkDocument(document));
    const asked = await answerQuestion(localRetriever(index), 'which command can check the cache for damage?', null);
    const code = asked.quotes.find((quote) => quote.code === true);
    expect(code?.text).toBe('npm cache verify\nnpm cache ls');
    expect(text.slice(code?.start, code?.end)).toBe(code?.text);
    expect(code?.lines).toEqual([8, 9]);
    const plain = await answerQuestion(localRetriever(index), 'can the cache be damaged?', null);
    expect(plain.answered).toBe(true);
    expect(plain.quotes.some((quote) => quote.code === true)).toBe(false);
  });

  it('GIVEN a plain-text line that starts with "# " THEN it is prose and may be quoted', async () => {
    const text = 'Notes du serveur.\n\n# Le serveur redémarre chaque nuit à trois heures pour les mises à jour.\n';
    const document = await parseDocument('notes.txt', 'txt', new TextEncoder().encode(text));
    const answer = await answerQuestion(
      localRetriever(createFakeIndex(chunkDocument(document))),
      'À quelle heure le serveur redémarre ?',
      null,
    );
    expect(answer.quotes.map((quote) => quote.text)).toEqual([
      '# Le serveur redémarre chaque nuit à trois heures pour les mises à jour.',
    ]);
  });

  it('GIVEN a passage that covers the question only through its title THEN it abstains rather than quote an unrelated sentence', async () => {
    const index = createFakeIndex([
      makePassage({ title: 'Lighthouse keeping', text: 'Boats arrive every morning at dawn.' }),
    ]);
    expect((await answerQuestion(localRetriever(index), 'lighthouse keeping', null)).answered).toBe(false);
  });

  it('GIVEN an English question THEN the answer language is English', async () => {
    expect((await answerQuestion(localRetriever(seedIndex()), 'What about the terrorisme?', null)).language).toBe('en');
  });
});

describe('sentenceSpans', () => {
  it('GIVEN sentence starts with white space between THEN spans are trimmed', () => {
    const passage = makePassage({ text: 'One here.  Two there.\n' });
    expect(sentenceSpans(passage).map(([start, end]) => passage.text.slice(start, end))).toEqual([
      'One here.',
      'Two there.',
    ]);
  });
});

describe('answerQuestion: the answering sentence', () => {
  const filler = makePassage({
    path: 'other.txt',
    ordinal: 0,
    text: 'Unrelated notes about gardens. Roses need sun. Tulips need cold winters.',
  });

  it('GIVEN a sentence that only restates the question THEN the following sentence is quoted instead', async () => {
    const text = 'The installer refuses the package signature. Import the archive key with gpg first, then retry.';
    const index = createFakeIndex([makePassage({ text }), filler]);
    const answer = await answerQuestion(localRetriever(index), 'the installer refuses the package signature', null);
    expect(answer.quotes[0]?.text).toBe('Import the archive key with gpg first, then retry.');
  });

  it('GIVEN a list heading that matches the question THEN the heading is never quoted, its item is', async () => {
    const text = 'The main differences between ci and install are:\nci removes an existing node_modules folder first.';
    const index = createFakeIndex([makePassage({ text }), filler]);
    const answer = await answerQuestion(localRetriever(index), 'differences between ci and install', null);
    expect(answer.quotes.map((quote) => quote.text)).toEqual(['ci removes an existing node_modules folder first.']);
  });

  it('GIVEN a title line without closing punctuation THEN it is not quoted as the answer', async () => {
    const text = 'Encrypted partitions and speed\nEncryption makes disk access slower because every read is decrypted.';
    const index = createFakeIndex([makePassage({ text }), filler]);
    const answer = await answerQuestion(localRetriever(index), 'encrypted partitions speed slower', null);
    expect(answer.quotes[0]?.text).toBe('Encryption makes disk access slower because every read is decrypted.');
    expect(answer.quotes.map((quote) => quote.text)).not.toContain('Encrypted partitions and speed');
  });
});

describe('answerQuestion: the language of the answer', () => {
  it("GIVEN a question whose words tell no language THEN the asker's language, else the documents', else French", async () => {
    const index = localRetriever(seedIndex());
    const asked = 'Laftit Rabat ?';
    expect((await answerQuestion(index, asked, null, { askerLanguage: 'en', documentsLanguage: 'fr' })).language).toBe(
      'en',
    );
    expect((await answerQuestion(index, asked, null, { documentsLanguage: 'en' })).language).toBe('en');
    expect((await answerQuestion(index, asked, null)).language).toBe('fr');
    // The follow-up's context tells before the asker's locale, and the question's own words before both.
    expect((await answerQuestion(index, asked, null, { context: 'Who met him?', askerLanguage: 'fr' })).language).toBe(
      'en',
    );
    expect((await answerQuestion(index, 'Who is Laftit?', null, { askerLanguage: 'fr' })).language).toBe('en');
  });
});

describe('answerQuestion: its trace', () => {
  it('GIVEN onTrace THEN it receives the passages retrieved, those covering, and the sentences ranked best first', async () => {
    const traces: AnswerTrace[] = [];
    const answer = await answerQuestion(localRetriever(seedIndex()), 'Qui a rencontré le ministre français ?', null, {
      onTrace: (trace) => traces.push(trace),
    });
    expect(traces).toHaveLength(1);
    const [trace] = traces;
    expect(trace?.retrieved.map((passage) => passage.id)).toContain('doc.txt#0');
    expect(trace?.covering).toEqual(['doc.txt#0']);
    expect(trace?.unmentioned).toBeNull();
    const judgement = trace?.judged.find((judged) => judged.passageId === 'doc.txt#0');
    expect(judgement).toMatchObject({ verdict: 'covers' });
    // The same share for any passage, retrieved or not, as the coverage test reads it.
    const passage = trace?.retrieved.find((retrieved) => retrieved.id === 'doc.txt#0');
    expect(passage && trace?.passageShare(passage)).toBe(judgement?.share);
    expect(judgement?.share).toBeGreaterThanOrEqual(0.4);
    // The first quote is the best-ranked sentence (nothing replaced it), and every candidate is listed once.
    expect(answer.quotes[0]?.text.startsWith(trace?.ranked[0]?.text ?? '∅')).toBe(true);
    expect(trace?.ranked.map((sentence) => sentence.text)).toEqual([
      'Le ministre français de l’Intérieur a rencontré M. Laftit à Rabat.',
      'Ils ont parlé de sécurité.',
    ]);
  });

  it('GIVEN a question the documents do not cover THEN the trace has the retrieved passages and no covering one', async () => {
    const traces: AnswerTrace[] = [];
    const answer = await answerQuestion(localRetriever(seedIndex()), 'Quel est le prix du football à Rabat ?', null, {
      onTrace: (trace) => traces.push(trace),
    });
    expect(answer.answered).toBe(false);
    expect(traces[0]?.retrieved.length).toBeGreaterThan(0);
    expect(traces[0]?.covering).toEqual([]);
    expect(traces[0]?.ranked).toEqual([]);
    // Each retrieved passage is judged, and says which test it failed.
    expect(traces[0]?.judged.map((judgement) => judgement.passageId)).toEqual(
      traces[0]?.retrieved.map((passage) => passage.id),
    );
    for (const judgement of traces[0]?.judged ?? []) {
      expect(judgement.verdict).not.toBe('covers');
      expect(judgement.share).toBeLessThan(1);
    }
  });

  it('GIVEN a question naming something no passage holds THEN the trace names it, and judges the passages still', async () => {
    const traces: AnswerTrace[] = [];
    const answer = await answerQuestion(localRetriever(seedIndex()), 'Le ministre a-t-il rencontré Zorglub ?', null, {
      onTrace: (trace) => traces.push(trace),
    });
    expect(answer.unmentioned).toBe('Zorglub');
    expect(traces[0]?.unmentioned).toBe('Zorglub');
    expect(traces[0]?.covering).toEqual([]);
    expect(traces[0]?.judged.length).toBe(traces[0]?.retrieved.length);
  });
});
