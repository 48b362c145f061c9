import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProjectScript } from '../support/scripts.ts';
import { temporaryFolder } from '../support/temp.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');

describe('npm run eval -- --all', () => {
  it('GIVEN a set list with the seed set THEN the figures, then where its missed quotes were lost, one row per half', async () => {
    const work = await temporaryFolder();
    await mkdir(path.join(work, 'eval'));
    const set = {
      name: 'seed-fr',
      corpus: path.join(projectRoot, 'corpus'),
      qa: path.join(projectRoot, 'eval', 'seed-fr.jsonl'),
    };
    await writeFile(path.join(work, 'eval', 'sets.json'), JSON.stringify([set]));
    const env = { LOG_LEVEL: 'warn', MODEL_DIR: path.join(work, 'no-models'), ALLOW_REMOTE_MODELS: 'false' };

    const { stdout } = await runProjectScript('eval.ts', ['--all', '--model', 'none', '--split', 'all'], {
      cwd: work,
      env,
    });

    expect(stdout).toMatch(/^seed-fr dev\s+\d+\s+\d\.\d{3}/mu);
    expect(stdout).toMatch(/^\s+not retrieved\s+declined\s+not covering\s+no sentence\s+rank 1\s+rank 2-3/mu);
    // Nine counts per half: the eight stages and the misses in all, which they add up to.
    for (const half of ['dev', 'test']) {
      const row = new RegExp(`^seed-fr ${half}((?:\\s+\\d+){9})$`, 'mu').exec(stdout);
      const counts = (row?.[1] ?? '').trim().split(/\s+/u).map(Number);
      expect(counts, half).toHaveLength(9);
      const misses = counts.pop() ?? -1;
      expect(counts.reduce((total, count) => total + count, 0)).toBe(misses);
    }
    // The wrong decisions: eight causes of declines and their sum, four of answers and theirs.
    expect(stdout).toMatch(/^\s+unmentioned\s+no hits\s+far\s+no rare term\s+no number\s+no name\s+low coverage/mu);
    for (const half of ['dev', 'test']) {
      const row = new RegExp(`^seed-fr ${half}((?:\\s+\\d+){14})$`, 'mu').exec(stdout);
      const counts = (row?.[1] ?? '').trim().split(/\s+/u).map(Number);
      expect(counts, half).toHaveLength(14);
      const add = (from: number, to: number) => counts.slice(from, to).reduce((total, count) => total + count, 0);
      expect(add(0, 8), half).toBe(counts[8]);
      expect(add(9, 13), half).toBe(counts[13]);
    }
  });
});
