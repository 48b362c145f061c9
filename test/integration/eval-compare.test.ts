import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProjectScript } from '../support/scripts.ts';
import { temporaryFolder } from '../support/temp.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');

async function runEval(args: string[], work: string) {
  const env = { LOG_LEVEL: 'warn', MODEL_DIR: path.join(work, 'no-models'), ALLOW_REMOTE_MODELS: 'false' };
  try {
    const { stdout, stderr } = await runProjectScript('eval.ts', args, { cwd: work, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('npm run eval -- --save / --compare', () => {
  const seedSet = (work: string) => [
    '--corpus',
    path.join(projectRoot, 'corpus'),
    '--qa',
    path.join(projectRoot, 'eval', 'seed-fr.jsonl'),
    '--index',
    path.join(work, 'seed.citebot'),
    '--model',
    'none',
    '--split',
    'dev',
  ];

  it('GIVEN a saved run THEN the same code compared with it flips no question', async () => {
    const work = await temporaryFolder();
    const saved = path.join(work, 'run.json');
    const first = await runEval([...seedSet(work), '--save', saved], work);
    expect(first.code).toBe(0);
    const run = JSON.parse(await readFile(saved, 'utf8')) as { outcomes: Array<{ set: string; split: string }> };
    expect(run.outcomes.length).toBeGreaterThan(0);
    expect(run.outcomes.every(({ set, split }) => set === 'seed-fr' && split === 'dev')).toBe(true);

    const second = await runEval([...seedSet(work), '--compare', saved, '--verbose'], work);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^seed-fr(?:\s+\+0\/−0 1\.00){4}$/mu);
    expect(second.stdout).not.toContain('Flipped questions');
  });

  it('GIVEN --compare with a file that is not a saved run THEN EVAL_RUN_INVALID before anything is indexed', async () => {
    const work = await temporaryFolder();
    const report = path.join(work, 'report.json');
    await writeFile(report, JSON.stringify({ questions: 17, hit1: 0.7 }));
    const failed = await runEval([...seedSet(work), '--compare', report], work);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('The saved evaluation run is invalid');
    expect(failed.stderr).toContain('npm run eval -- --save FILE');
    expect(await readFile(report, 'utf8')).toBe(JSON.stringify({ questions: 17, hit1: 0.7 }));
    await expect(readFile(path.join(work, 'seed.citebot'))).rejects.toThrow();
  });

  it('GIVEN --save into a folder that does not exist THEN EVAL_RUN_UNWRITABLE before anything is indexed', async () => {
    const work = await temporaryFolder();
    const failed = await runEval([...seedSet(work), '--save', path.join(work, 'missing', 'run.json')], work);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('The evaluation run cannot be saved');
    expect(failed.stderr).toContain(path.join(work, 'missing', 'run.json'));
    await expect(readFile(path.join(work, 'seed.citebot'))).rejects.toThrow();
  });

  it('GIVEN --compare with --json THEN a usage error says to leave one out', async () => {
    const work = await temporaryFolder();
    const failed = await runEval([...seedSet(work), '--compare', path.join(work, 'none.json'), '--json'], work);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('--compare prints a table: leave out --json');
  });
});
