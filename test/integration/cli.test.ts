import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProjectScript } from '../support/scripts.ts';
import { tinyModelOptions } from '../support/tiny-model.ts';
import { temporaryFolder } from '../support/temp.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const seedCorpus = path.join(projectRoot, 'corpus');

/** Runs a script like `npm run X` would, with settings only from `env` (no .env from the project). */
async function runScript(script: string, args: string[], env: Record<string, string>, cwd: string) {
  try {
    const { stdout, stderr } = await runProjectScript(script, args, { cwd, env: { LOG_LEVEL: 'warn', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('npm run index / npm run ask', () => {
  it('GIVEN the seed corpus and the tiny model THEN ask --json quotes the sentence naming who met the French minister', async () => {
    const work = await temporaryFolder();
    const model = await tinyModelOptions();
    const env = {
      CORPUS_DIR: seedCorpus,
      INDEX_PATH: path.join(work, 'index.citebot'),
      EMBEDDING_MODEL: model.modelId,
      MODEL_DIR: model.localModelPath,
      ALLOW_REMOTE_MODELS: 'false',
    };
    const indexed = await runScript('index.ts', [], env, work);
    expect(indexed.stderr).not.toMatch(/error/i);
    expect(indexed.stdout).toMatch(/Indexed 1 file\(s\) into \d+ passage\(s\)/);
    expect(indexed.stdout).toContain('(hybrid)');

    const asked = await runScript(
      'ask.ts',
      ['--json', "Qui a rencontré le ministre français de l'Intérieur ?"],
      env,
      work,
    );
    expect(asked.code).toBe(0);
    const answer = JSON.parse(asked.stdout) as {
      answered: boolean;
      mode: string;
      quotes: Array<{ text: string; source: number }>;
      sources: Array<{
        n: number;
        title: string;
        path: string;
        section: string;
        lines: [number, number];
        score: number;
      }>;
    };
    expect(answer.answered).toBe(true);
    expect(answer.mode).toBe('hybrid');
    expect(answer.quotes.map((quote) => quote.text).join(' ')).toContain('Abdelouafi Laftit');
    expect(answer.sources[0]).toMatchObject({ n: 1, path: 'maroc-france-cooperation-securitaire.txt', lines: [1, 1] });
    expect(typeof answer.sources[0]?.score).toBe('number');
  });

  it('GIVEN no model available THEN indexing says so, builds a full-text index, and answers from it', async () => {
    const work = await temporaryFolder();
    const env = {
      CORPUS_DIR: seedCorpus,
      INDEX_PATH: path.join(work, 'index.citebot'),
      MODEL_DIR: path.join(work, 'no-models'),
      ALLOW_REMOTE_MODELS: 'false',
    };
    const indexed = await runScript('index.ts', [], env, work);
    expect(indexed.code).toBe(0);
    expect(indexed.stderr).toContain('Xenova/multilingual-e5-small');
    expect(indexed.stdout).toContain('(fulltext)');
    const asked = await runScript(
      'ask.ts',
      ['--json', 'Qui a rencontré le ministre français de l’Intérieur ?'],
      env,
      work,
    );
    const answer = JSON.parse(asked.stdout);
    expect(answer).toMatchObject({ answered: true, mode: 'fulltext' });
    expect(answer.quotes.map((quote: { text: string }) => quote.text).join(' ')).toContain('M. Abdelouafi Laftit');
  });

  it('GIVEN ask --index for another corpus and a same-named file in CORPUS_DIR THEN quotes are not checked against that unrelated file', async () => {
    const work = await temporaryFolder();
    const docs = path.join(work, 'docs');
    const unrelated = path.join(work, 'corpus');
    await cp(seedCorpus, docs, { recursive: true });
    await cp(seedCorpus, unrelated, { recursive: true });
    await writeFile(
      path.join(unrelated, 'maroc-france-cooperation-securitaire.txt'),
      'Un tout autre texte, sans rapport avec le premier.',
    );
    const env = { CORPUS_DIR: unrelated, MODEL_DIR: path.join(work, 'no-models'), ALLOW_REMOTE_MODELS: 'false' };
    const otherIndex = path.join(work, 'docs.citebot');
    expect((await runScript('index.ts', ['--no-model', '--corpus', docs, '--out', otherIndex], env, work)).code).toBe(
      0,
    );
    const question = "Qui a rencontré le ministre français de l'Intérieur ?";
    const asked = await runScript('ask.ts', ['--json', '--index', otherIndex, question], env, work);
    expect(JSON.parse(asked.stdout)).toMatchObject({ answered: true });
    const checkedAgainstUnrelated = await runScript(
      'ask.ts',
      ['--json', '--index', otherIndex, '--corpus', unrelated, question],
      env,
      work,
    );
    expect(JSON.parse(checkedAgainstUnrelated.stdout)).toMatchObject({ answered: false });
  });

  it('GIVEN no index THEN ask exits 1 and tells to run npm run index', async () => {
    const work = await temporaryFolder();
    const asked = await runScript(
      'ask.ts',
      ['Une question ?'],
      { INDEX_PATH: path.join(work, 'missing.citebot') },
      work,
    );
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain('npm run index');
  });

  it('GIVEN an empty or a 10,000-character question THEN ask exits 1 with a clear message', async () => {
    const work = await temporaryFolder();
    await cp(seedCorpus, path.join(work, 'corpus'), { recursive: true });
    const env = {
      INDEX_PATH: path.join(work, 'index.citebot'),
      MODEL_DIR: path.join(work, 'none'),
      ALLOW_REMOTE_MODELS: 'false',
    };
    await runScript('index.ts', ['--no-model'], env, work);
    const empty = await runScript('ask.ts', ['   '], env, work);
    expect(empty).toMatchObject({ code: 1 });
    expect(empty.stderr).toContain('The question is empty');
    const long = await runScript('ask.ts', ['x'.repeat(10_000)], env, work);
    expect(long.stderr).toContain('10,000 characters; the limit is 1,000');
  });

  it('GIVEN ask --json and an error (no index, empty question, bad option) THEN stdout is { error: { code, message } } and the exit code 1', async () => {
    const work = await temporaryFolder();
    const env = { INDEX_PATH: path.join(work, 'missing.citebot') };
    const cases = [
      [['--json', 'Une question ?'], 'INDEX_MISSING', /npm run index/],
      [['--json', '--documnet', 'x', 'Une question ?'], 'USAGE', /Unknown option '--documnet'/],
      [['--json'], 'USAGE', /no question given/],
    ] as const;
    for (const [args, code, message] of cases) {
      const asked = await runScript('ask.ts', [...args], env, work);
      expect(asked.code).toBe(1);
      const printed = JSON.parse(asked.stdout) as { error: { code: string; message: string } };
      expect(Object.keys(printed)).toEqual(['error']);
      expect(printed.error.code).toBe(code);
      expect(printed.error.message).toMatch(message);
    }
  });

  it('GIVEN an unknown option or a bad setting THEN the script exits 1 naming it', async () => {
    const work = await temporaryFolder();
    const badOption = await runScript('index.ts', ['--corpsu', 'x'], {}, work);
    expect(badOption.code).toBe(1);
    expect(badOption.stderr).toMatch(/Unknown option '--corpsu'[\s\S]*Usage: npm run index/);
    await writeFile(path.join(work, 'x.txt'), 'x');
    const badSetting = await runScript('index.ts', [], { MAX_FILE_MB: 'lots' }, work);
    expect(badSetting.stderr).toContain('MAX_FILE_MB must be a number');
  });

  it('GIVEN bench with an unknown option or bad sizes THEN it exits 1 with the usage line, not a stack trace', async () => {
    const work = await temporaryFolder();
    const badOption = await runScript('bench.ts', ['--sise', '10'], {}, work);
    expect(badOption.code).toBe(1);
    expect(badOption.stderr).toMatch(/Unknown option '--sise'[\s\S]*Usage: npm run bench/);
    const badSizes = await runScript('bench.ts', ['--sizes', 'many', '--json'], {}, work);
    expect(badSizes.code).toBe(1);
    expect(badSizes.stdout).toBe('');
    expect(badSizes.stderr).toContain('--sizes takes whole numbers separated by commas, got many');
    expect(badSizes.stderr).not.toMatch(/\bat .*bench\.ts:\d+/);
  });

  it('GIVEN bench --model-dir without the model folder THEN it exits 1 saying how to build the e5-shaped model', async () => {
    const work = await temporaryFolder();
    const noModel = await runScript(
      'bench.ts',
      ['--model-dir', 'nowhere', '--model', 'citebot/e5-shape-small'],
      {},
      work,
    );
    expect(noModel.code).toBe(1);
    expect(noModel.stderr).toContain('no model folder at nowhere/citebot/e5-shape-small (config.json missing)');
    expect(noModel.stderr).toContain('make_e5_shape.py');
  });
});
