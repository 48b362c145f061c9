import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { readQaSet, runEvaluation } from '../../src/eval/index.ts';
import { buildIndex } from '../../src/pipeline/index.ts';
import { createHashingEmbedder } from '../support/fake-embedder.ts';
import { runProjectScript } from '../support/scripts.ts';
import { temporaryFolder } from '../support/temp.ts';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const SEED_CORPUS = path.join(PROJECT_ROOT, 'corpus');
const SEED_SET = path.join(PROJECT_ROOT, 'eval', 'seed-fr.jsonl');
const JSON_KEYS = [
  'questions',
  'hit1',
  'hit5',
  'mrr',
  'quoteAccuracy',
  'abstainPrecision',
  'abstainRecall',
  'p50ms',
  'p95ms',
];

async function runEvalCli(args: readonly string[]) {
  return runProjectScript('eval.ts', args, { cwd: await temporaryFolder(), env: { LOG_LEVEL: 'silent' } });
}

/** The seed corpus indexed full-text in a fresh folder. */
async function seedFullTextIndex() {
  const indexPath = path.join(await temporaryFolder(), 'seed.citebot');
  const build = await buildIndex({
    corpusDir: SEED_CORPUS,
    outPath: indexPath,
    language: 'auto',
    embedder: null,
    maxFileBytes: 1_000_000,
  });
  return { indexPath, build };
}

describe('runEvaluation', () => {
  it('GIVEN the seed article and its set through the real pipeline (hashing embedder) THEN every answer passage is in the top 5', async () => {
    const folder = await temporaryFolder();
    const indexPath = path.join(folder, 'seed.citebot');
    const embedder = createHashingEmbedder();
    const build = await buildIndex({
      corpusDir: SEED_CORPUS,
      outPath: indexPath,
      language: 'auto',
      embedder,
      maxFileBytes: 1_000_000,
    });
    const items = await readQaSet(SEED_SET);

    const report = await runEvaluation({
      corpusDir: SEED_CORPUS,
      indexPath,
      build,
      embedder,
      items,
      logger: pino({ level: 'silent' }),
    });

    expect(report.mode).toBe('hybrid');
    expect(report.overall.questions).toBe(items.length);
    expect(report.overall.hit5).toBe(1);
    expect(report.unreachableAnswers).toEqual([]);
    expect(Object.keys(report.byLanguage).sort()).toEqual(['en', 'fr']);
    // Every missed quote, and only those, says where it was lost.
    for (const detail of report.details) expect(detail.quoteLoss !== null, detail.id).toBe(detail.quoteHit === false);
    // Every wrong decision, and only those, says why: an answerable question declined, an unanswerable one answered.
    for (const detail of report.details)
      expect(detail.decisionMiss !== null, detail.id).toBe(detail.answerable === detail.abstained);
    // The share of the question's words the answer's passage holds is measured for missed quotes only.
    for (const detail of report.details) if (detail.answerShare !== null) expect(detail.quoteLoss).not.toBeNull();
    const missed = report.details.filter((detail) => detail.quoteLoss !== null);
    expect(missed.some((detail) => detail.answerShare !== null && detail.answerShare > 0)).toBe(true);
    expect(report.details.filter((detail) => !detail.answerable)).toHaveLength(
      items.filter((item) => !item.answerable).length,
    );
  });

  it('GIVEN an answer text the documents do not contain THEN it is listed as unreachable and counts as a miss', async () => {
    const { indexPath, build } = await seedFullTextIndex();
    const items = [
      {
        id: 'typo',
        question: 'Qui a rencontré M. Darmanin ?',
        answer: 'M. Abdelouafi Lafitt, accompagné',
        answerable: true,
      },
    ];

    const report = await runEvaluation({
      corpusDir: SEED_CORPUS,
      indexPath,
      build,
      embedder: null,
      items,
      logger: pino({ level: 'silent' }),
    });

    expect(report.unreachableAnswers).toEqual(['typo']);
    expect(report.overall.hit5).toBe(0);
  });

  it('GIVEN quotes that hold the expected text and one no document holds THEN only the miss has a stage, not retrieved', async () => {
    const { indexPath, build } = await seedFullTextIndex();
    const question = 'Qui a rencontré M. Darmanin ?';
    const first = await runEvaluation({
      corpusDir: SEED_CORPUS,
      indexPath,
      build,
      embedder: null,
      items: [{ id: 'probe', question, answerable: true }],
      logger: pino({ level: 'silent' }),
    });
    const quoted = first.details[0]?.quotes[0] ?? '';
    expect(quoted).not.toBe('');

    const report = await runEvaluation({
      corpusDir: SEED_CORPUS,
      indexPath,
      build,
      embedder: null,
      items: [
        { id: 'hit', question, expect: [quoted.slice(0, 30)], answerable: true },
        { id: 'nowhere', question, expect: ['une phrase absente de tout document'], answerable: true },
      ],
      logger: pino({ level: 'silent' }),
    });

    expect(report.details.map((detail) => [detail.id, detail.quoteHit, detail.quoteLoss])).toEqual([
      ['hit', true, null],
      ['nowhere', false, 'not-retrieved'],
    ]);
  });
});

describe('npm run eval', () => {
  it("GIVEN `npm run eval -- --json` over the seed set (full-text) THEN the issue's keys come first, all numbers", async () => {
    const folder = await temporaryFolder();
    const { stdout } = await runEvalCli([
      '--corpus',
      SEED_CORPUS,
      '--qa',
      SEED_SET,
      '--index',
      path.join(folder, 'seed.citebot'),
      '--model',
      'none',
      '--json',
    ]);

    const json = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, JSON_KEYS.length)).toEqual(JSON_KEYS);
    for (const key of JSON_KEYS) expect(typeof json[key], key).toBe('number');
    expect(json['questions']).toBe(32);
    expect(json['mode']).toBe('fulltext');
  });

  it('GIVEN a corpus folder that does not exist THEN the CLI fails naming the fetch script', async () => {
    await expect(
      runEvalCli([
        '--corpus',
        path.join(PROJECT_ROOT, '.eval-cache/corpora/nowhere'),
        '--qa',
        SEED_SET,
        '--model',
        'none',
      ]),
    ).rejects.toThrow(/The corpus folder does not exist.*nowhere.*scripts\/fetch-eval-docs\.sh/s);
  });

  it('GIVEN no --qa THEN the CLI fails with the usage', async () => {
    await expect(runEvalCli(['--corpus', SEED_CORPUS])).rejects.toThrow(
      /The command line is invalid.*--corpus and --qa are required.*Usage: npm run eval/s,
    );
  });
});
