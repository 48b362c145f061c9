import { describe, expect, it } from 'vitest';
import { summarize, summarizeGroups } from '../../src/eval/metrics.ts';
import { decisionMissTable, formatEvaluationReport, quoteLossTable, toEvaluationJson } from '../../src/eval/report.ts';
import type { EvaluationReport, QuestionDetail } from '../../src/eval/run.ts';

function detail(overrides: Partial<QuestionDetail>): QuestionDetail {
  return {
    id: 'q1',
    question: 'Qui ?',
    language: 'fr',
    kind: 'paraphrase',
    split: null,
    answerable: true,
    answerRank: 1,
    hasAnswerText: true,
    quoteHit: true,
    abstained: false,
    latencyMs: 12,
    retrieved: ['a.txt#0', 'a.txt#1'],
    quotes: ['M. Laftit a reçu M. Darmanin.'],
    quoteLoss: null,
    answerShare: null,
    retrievedShare: null,
    decisionMiss: null,
    ...overrides,
  };
}

function reportOf(details: QuestionDetail[]): EvaluationReport {
  return {
    mode: 'fulltext',
    modelId: null,
    answerOptions: {},
    build: {
      outPath: 'x.citebot',
      mode: 'fulltext',
      files: 1,
      passages: 4,
      reusedFiles: 0,
      addedFiles: 1,
      updatedFiles: 0,
      removedFiles: 0,
      embeddedPassages: 0,
      skipped: [],
      durationMs: 5,
      timings: { readMs: 1, chunkMs: 1, embedMs: 0, insertMs: 1, persistMs: 1 },
    },
    overall: summarize(details),
    byLanguage: summarizeGroups(details, (item) => item.language),
    byKind: summarizeGroups(details, (item) => item.kind),
    bySplit: summarizeGroups(details, (item) => item.split),
    details,
    unreachableAnswers: [],
  };
}

describe('toEvaluationJson', () => {
  it('GIVEN missed quotes THEN their stages are counted under quoteLosses', () => {
    const json = toEvaluationJson(
      reportOf([detail({}), detail({ id: 'q2', quoteHit: false, quoteLoss: 'not-covering' })]),
    );
    expect(json.quoteLosses).toMatchObject({ 'not-covering': 1, 'not-retrieved': 0 });
  });

  it('GIVEN wrong decisions THEN their causes are counted under wrongDeclines and wrongAnswers', () => {
    const json = toEvaluationJson(
      reportOf([
        detail({ abstained: true, decisionMiss: { kind: 'declined', cause: 'low-coverage' } }),
        detail({ answerable: false, decisionMiss: { kind: 'answered', cause: 'share-0.8+' } }),
      ]),
    );
    expect(json.wrongDeclines).toMatchObject({ 'low-coverage': 1, unmentioned: 0 });
    expect(json.wrongAnswers).toEqual({ close: 0, 'share-below-0.6': 0, 'share-0.6-0.8': 0, 'share-0.8+': 1 });
  });

  it("GIVEN a report THEN the issue's keys come first, then mode, groups and passage count", () => {
    const json = toEvaluationJson(reportOf([detail({})]));
    expect(Object.keys(json)).toEqual([
      'questions',
      'hit1',
      'hit5',
      'mrr',
      'quoteAccuracy',
      'abstainPrecision',
      'abstainRecall',
      'p50ms',
      'p95ms',
      'mode',
      'modelId',
      'answerOptions',
      'byLanguage',
      'byKind',
      'bySplit',
      'passages',
      'unreachableAnswers',
      'quoteLosses',
      'wrongDeclines',
      'wrongAnswers',
    ]);
    expect(json.byLanguage.fr?.hit1).toBe(1);
  });
});

describe('formatEvaluationReport', () => {
  it('GIVEN misses of every sort THEN the report names the mode, the table rows and each miss', () => {
    const text = formatEvaluationReport(
      reportOf([
        detail({}),
        detail({ id: 'q2', answerRank: null, quoteHit: false, quotes: ['autre chose'] }),
        detail({ id: 'q3', language: 'en', answerRank: 3, abstained: true, quotes: [] }),
        detail({
          id: 'u1',
          answerable: false,
          hasAnswerText: false,
          answerRank: null,
          quoteHit: null,
          kind: null,
          split: null,
          quotes: ['Un prix.'],
        }),
        detail({
          id: 'u2',
          answerable: false,
          hasAnswerText: false,
          answerRank: null,
          quoteHit: null,
          kind: null,
          split: null,
          abstained: true,
          quotes: [],
        }),
      ]),
      { corpusDir: 'corpus', qaPath: 'set.jsonl', indexPath: 'x.citebot' },
    );
    expect(text).toContain('Mode: full-text only.');
    expect(text).toMatch(/^all\s+5\s/m);
    expect(text).toMatch(/^en\s+1\s/m);
    expect(text).toMatch(/^paraphrase\s+3\s/m);
    expect(text).toContain(
      'q2 [fr] "Qui ?"\n      right passage not in the top 2; quotes miss the expected text (first quote: "autre chose")',
    );
    expect(text).toContain('q3 [en] "Qui ?"\n      right passage at rank 3; abstained');
    expect(text).toContain('u1 [fr] "Qui ?"\n      answered an unanswerable question: "Un prix."');
    expect(text).toContain('Misses (3):');
    expect(text).not.toContain('Warning');
  });

  it('GIVEN answers no passage holds THEN the report warns naming them', () => {
    const text = formatEvaluationReport(
      { ...reportOf([detail({})]), unreachableAnswers: ['q7', 'q9'] },
      { corpusDir: 'c', qaPath: 's', indexPath: 'i' },
    );
    expect(text).toContain('Warning: no passage of the index holds the "answer" of q7, q9');
  });

  it('GIVEN missed quotes with their stages THEN the report counts them by stage and names each one in its miss', () => {
    const text = formatEvaluationReport(
      reportOf([
        detail({}),
        detail({ id: 'q2', quoteHit: false, quotes: ['autre chose'], quoteLoss: 'ranked-2-3', answerShare: 0.5 }),
        detail({ id: 'q3', quoteHit: false, abstained: true, quotes: [], quoteLoss: 'declined' }),
      ]),
      { corpusDir: 'corpus', qaPath: 'set.jsonl', indexPath: 'x.citebot' },
    );
    expect(text).toMatch(/not retrieved\s+declined\s+not covering\s+no sentence\s+rank 1\s+rank 2-3\s+rank 4-10/);
    expect(text).toMatch(/^all\s+0\s+1\s+0\s+0\s+0\s+1\s+0\s+0\s+2$/m);
    expect(text).toContain(
      '(first quote: "autre chose"); expected text lost: rank 2-3 (the passage holding it holds 0.50 of the question\'s word weight)',
    );
    expect(text).toContain('abstained; expected text lost: declined');
  });

  it('GIVEN wrong decisions THEN the report counts their causes and names each in its miss, with the best share', () => {
    const text = formatEvaluationReport(
      reportOf([
        detail({}),
        detail({
          id: 'q2',
          abstained: true,
          quotes: [],
          retrievedShare: 0.28,
          decisionMiss: { kind: 'declined', cause: 'unmentioned' },
        }),
        detail({
          id: 'u1',
          answerable: false,
          quotes: ['Un prix.'],
          retrievedShare: 0.54,
          decisionMiss: { kind: 'answered', cause: 'share-below-0.6' },
        }),
      ]),
      { corpusDir: 'corpus', qaPath: 'set.jsonl', indexPath: 'x.citebot' },
    );
    expect(text).toMatch(
      /unmentioned\s+no hits\s+far\s+no rare term\s+no number\s+no name\s+low coverage\s+no sentence\s+declined/,
    );
    expect(text).toMatch(/^all\s+1(?:\s+0){7}\s+1\s+0\s+1\s+0\s+0\s+1$/m);
    expect(text).toContain(
      "abstained (declined: unmentioned; the best retrieved passage holds 0.28 of the question's word weight)",
    );
    expect(text).toContain(
      'answered an unanswerable question: "Un prix."; taken as covered: words < 0.6; the best retrieved passage holds 0.54',
    );
  });

  it('GIVEN no missed quote THEN the report has no stage table', () => {
    const text = formatEvaluationReport(reportOf([detail({})]), { corpusDir: 'c', qaPath: 's', indexPath: 'i' });
    expect(text).not.toContain('not retrieved');
    expect(text).not.toContain('no rare term');
  });
});

describe('quoteLossTable', () => {
  it('GIVEN rows of several sets THEN one line each, the misses counted per stage and in all', () => {
    const table = quoteLossTable([
      ['faq dev', [detail({ quoteLoss: 'not-retrieved' }), detail({ quoteLoss: 'not-retrieved' })]],
      ['guide dev', [detail({}), detail({ quoteLoss: 'ranked-11+' })]],
    ]);
    expect(table).toMatch(/^faq dev\s+2\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+2$/m);
    expect(table).toMatch(/^guide dev\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+1\s+1$/m);
  });
});

describe('decisionMissTable', () => {
  it('GIVEN rows of several sets THEN one line each: the declines by cause and in all, then the answers', () => {
    const table = decisionMissTable([
      ['faq dev', [detail({ decisionMiss: { kind: 'declined', cause: 'far' } }), detail({})]],
      ['guide dev', [detail({ decisionMiss: { kind: 'answered', cause: 'close' } })]],
    ]);
    expect(table).toMatch(/^faq dev\s+0\s+0\s+1(?:\s+0){5}\s+1(?:\s+0){5}$/m);
    expect(table).toMatch(/^guide dev(?:\s+0){9}\s+1(?:\s+0){3}\s+1$/m);
  });
});
