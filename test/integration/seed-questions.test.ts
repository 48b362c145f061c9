import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { readQaSet, runEvaluation } from '../../src/eval/index.ts';
import { buildIndex } from '../../src/pipeline/index.ts';
import { temporaryFolder } from '../support/temp.ts';

const root = path.resolve(import.meta.dirname, '../..');
const seedCorpus = path.join(root, 'corpus');

describe('the seed article question set', () => {
  it('GIVEN a fresh clone without a model (full-text) THEN quotes and abstention stay at or above their measured level', async () => {
    const folder = await temporaryFolder();
    const indexPath = path.join(folder, 'seed.citebot');
    const build = await buildIndex({
      corpusDir: seedCorpus,
      outPath: indexPath,
      language: 'auto',
      embedder: null,
      maxFileBytes: 1_000_000,
    });
    const items = await readQaSet(path.join(root, 'eval', 'seed-fr.jsonl'));

    const { overall, details } = await runEvaluation({
      corpusDir: seedCorpus,
      indexPath,
      build,
      embedder: null,
      items,
      logger: pino({ level: 'silent' }),
    });

    // Measured 0.905 / 0.381 / 0.818 (docs/evaluation.md); a drop below these floors is a regression.
    expect(overall.hit5).toBeGreaterThanOrEqual(0.9);
    expect(overall.quoteAccuracy).toBeGreaterThanOrEqual(0.38);
    expect(overall.abstainRecall).toBeGreaterThanOrEqual(0.8);
    const canonical = details.find(
      (detail) => detail.question === "Qui a rencontré le ministre français de l'Intérieur ?",
    );
    expect(canonical?.quotes.join(' ')).toContain('M. Abdelouafi Laftit');
  });
});
