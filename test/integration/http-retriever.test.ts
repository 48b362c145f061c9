import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, type AnswerOptions } from '../../src/answer/answer.ts';
import { connectHttpRetriever } from '../../src/answer/http-retriever.ts';
import { localRetriever, type Retriever } from '../../src/answer/retriever.ts';
import { readQaSet } from '../../src/eval/index.ts';
import { loadIndex } from '../../src/index/index.ts';
import { buildIndex } from '../../src/pipeline/index.ts';
import { createHashingEmbedder } from '../support/fake-embedder.ts';
import { runProjectScript, startProjectScript } from '../support/scripts.ts';
import { suiteTemporaryFolder, temporaryFolder } from '../support/temp.ts';

const root = path.resolve(import.meta.dirname, '../..');
const embedder = createHashingEmbedder(32);

/** Questions with what varies between them: follow-up context, a document filter, none. */
interface Asked {
  readonly question: string;
  readonly options?: AnswerOptions;
}

/** The seed question set and a few more on the other documents, in both languages, with context and filters. */
async function questions(): Promise<Asked[]> {
  const seed = await readQaSet(path.join(root, 'eval', 'seed-fr.jsonl'));
  return [
    ...seed.map((item) => ({ question: item.question })),
    { question: 'How many vehicles did the border police inspect?' },
    { question: 'Comment la semoule du couscous est-elle cuite ?' },
    { question: 'Et à Rabat ?', options: { context: "Qui a rencontré le ministre français de l'Intérieur ?" } },
    {
      question: "Qui a rencontré le ministre français de l'Intérieur ?",
      options: { filter: { documents: ['fixtures/maroc-france.md'] } },
    },
    { question: 'Who reported fewer smuggling attempts?', options: { filter: { folder: 'fixtures/notes' } } },
  ];
}

describe('connectHttpRetriever', () => {
  let folder: Awaited<ReturnType<typeof suiteTemporaryFolder>>;
  const servers: Array<{ stop(): Promise<void> }> = [];

  beforeAll(async () => {
    folder = await suiteTemporaryFolder();
    const corpusDir = path.join(folder.path, 'corpus');
    await cp(path.join(root, 'corpus'), corpusDir, { recursive: true });
    await cp(path.join(root, 'test/fixtures/index/corpus'), path.join(corpusDir, 'fixtures'), { recursive: true });
    for (const [name, model] of [
      ['fulltext', null],
      ['hybrid', embedder],
    ] as const)
      await buildIndex({
        corpusDir,
        outPath: path.join(folder.path, `${name}.citebot`),
        language: 'auto',
        embedder: model,
        maxFileBytes: 1_000_000,
      });
  });

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await folder.remove();
  });

  /** The index file served by `npm run serve-index` in a process of its own, and its retriever here. */
  async function remoteRetriever(indexPath: string): Promise<Retriever> {
    const server = await startProjectScript('serve-index.ts', ['--index', indexPath, '--port', '0'], {
      env: {},
      cwd: folder.path,
      ready: /at (http:\/\/\S+)/u,
    });
    servers.push(server);
    return connectHttpRetriever(server.match[1]!);
  }

  for (const mode of ['fulltext', 'hybrid'] as const) {
    it(`GIVEN a ${mode} index on disk served by another process THEN every question is answered as in process`, async () => {
      const indexPath = path.join(folder.path, `${mode}.citebot`);
      const local = localRetriever(await loadIndex(indexPath));
      const remote = await remoteRetriever(indexPath);
      expect(remote.manifest).toEqual({
        mode: local.manifest.mode,
        passageCount: local.manifest.passageCount,
        language: local.manifest.language,
        ...(local.manifest.calibration === undefined ? {} : { calibration: local.manifest.calibration }),
      });
      expect(remote.manifest.mode).toBe(mode);

      const asked = await questions();
      let answered = 0;
      for (const { question, options } of asked) {
        const vector = mode === 'hybrid' ? await embedder.embedQuery(question) : null;
        const here = await answerQuestion(local, question, vector, options);
        expect(await answerQuestion(remote, question, vector, options), question).toEqual(here);
        if (here.answered) answered += 1;
      }
      // Both outcomes are compared: answers with their quotes, and abstentions with their nearest passages.
      expect(answered).toBeGreaterThan(asked.length / 3);
      expect(answered).toBeLessThan(asked.length);
      expect(await remote.facets()).toEqual(await local.facets());
      expect(await remote.facets({ folder: 'fixtures' })).toEqual(await local.facets({ folder: 'fixtures' }));
    });
  }
});

describe('npm run serve-index', () => {
  it('GIVEN a bad port or no index file THEN it exits 1 with a message that says what to do', async () => {
    const cwd = await temporaryFolder();
    const failure = (args: string[]) =>
      runProjectScript('serve-index.ts', args, { env: {}, cwd }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    expect(await failure(['--port', 'http'])).toEqual({
      code: 1,
      stderr: expect.stringContaining('--port must be a port number') as string,
    });
    expect(await failure(['--index', 'missing.citebot'])).toEqual({
      code: 1,
      stderr: expect.stringContaining('No index was found: run `npm run index` first') as string,
    });
  });
});
