import { cp, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/answer/index.ts';
import { loadConfig } from '../../src/config.ts';
import { startBot } from '../../src/discord/index.ts';
import { createLogger } from '../../src/logger.ts';
import { indexCorpus, openEmbedder, openKnowledgeBase, WITHOUT_MODEL } from '../../src/pipeline/index.ts';
import { suiteTemporaryFolder } from '../support/temp.ts';
import { tinyModelOptions } from '../support/tiny-model.ts';
import { FakeDiscord, snowflake, type DispatchedInteraction } from './server/fake-discord.ts';
import { waitFor } from './server/wait.ts';

/**
 * `/reindex` and WATCH_CORPUS with the real discord.js client, a real index on disk, the
 * tiny model, and the build in its child process.
 */

const fixtureCorpus = path.join(import.meta.dirname, 'fixtures/corpus');
const PROGRESS_INTERVAL_MS = 250;
const newUser = () => ({ id: snowflake(), username: 'admin' });

async function startReindexBot(settings: Record<string, string> = {}) {
  const folder = await suiteTemporaryFolder('citebot-reindex-');
  const corpusDir = path.join(folder.path, 'corpus');
  await cp(fixtureCorpus, corpusDir, { recursive: true });
  // Enough documents for the build to take a while (progress, a question answered meanwhile).
  for (let i = 0; i < 150; i++)
    await writeFile(
      path.join(corpusDir, `note-${i}.md`),
      `# Note ${i}\n\n${Array.from({ length: 8 }, (_, j) => `Paragraph ${j} of note ${i} mentions quay ${i * 8 + j}.`).join('\n\n')}\n`,
    );
  const model = await tinyModelOptions();
  const server = await FakeDiscord.start();
  const config = loadConfig({
    DISCORD_TOKEN: 'reindex-token',
    DISCORD_API_URL: server.apiUrl,
    CORPUS_DIR: corpusDir,
    INDEX_PATH: path.join(folder.path, 'data', 'index.citebot'),
    FEEDBACK_DIR: path.join(folder.path, 'data', 'feedback'),
    EMBEDDING_MODEL: model.modelId,
    MODEL_DIR: model.localModelPath,
    MODEL_CACHE_DIR: model.cacheDir,
    ALLOW_REMOTE_MODELS: 'false',
    RATE_LIMIT_QUESTIONS: '100',
    ...settings,
  });
  const logLines: any[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    }),
  );
  await indexCorpus(config, { corpusDir, outPath: config.indexPath, warn: () => {} });
  const embedder = await openEmbedder(config, () => {}, WITHOUT_MODEL.answering);
  const knowledgeBase: KnowledgeBase = await openKnowledgeBase({
    indexPath: config.indexPath,
    embedder,
    logger,
    watch: true,
    corpusDir,
    answerOptions: config.answer,
  });
  const bot = await startBot({ config, knowledgeBase, logger, reindexProgressIntervalMs: PROGRESS_INTERVAL_MS });
  return {
    server,
    config,
    corpusDir,
    logLines,
    async stop() {
      await bot.stop();
      await knowledgeBase.close();
      await server.close();
      await folder.remove();
    },
  };
}

type ReindexBot = Awaited<ReturnType<typeof startReindexBot>>;

describe('/reindex', () => {
  let setup: ReindexBot;
  let server: FakeDiscord;

  beforeAll(async () => {
    setup = await startReindexBot();
    server = setup.server;
  });
  afterAll(async () => {
    await setup?.stop();
  });

  const ask = async (question: string) => {
    const interaction = server.slashCommand('ask', { question }, { user: newUser() });
    return { interaction, answer: await server.waitForAnswer(interaction) };
  };
  const edits = (interaction: DispatchedInteraction) =>
    server.calls.filter(
      (call) => call.method === 'PATCH' && call.path.includes(interaction.token) && call.status < 400,
    );
  const finalEdit = (interaction: DispatchedInteraction) =>
    waitFor(
      () =>
        edits(interaction).find((call) =>
          /Index rebuilt|Index reconstruit/.test(call.body.embeds?.[0]?.description ?? ''),
        ),
      'the build summary',
      60_000,
    );

  it('GIVEN /reindex THEN it shows progress, keeps answering meanwhile, refuses a second build, ends with the summary and serves the new index', async () => {
    await writeFile(
      path.join(setup.corpusDir, 'lighthouse.md'),
      '# Lighthouse\n\nThe lighthouse keeper is Morwenna Tregarthen, who keeps the lighthouse since 1999.\n',
    );
    const before = await ask('Who keeps the lighthouse?');
    expect(before.answer.body.embeds[0].description).not.toContain('Morwenna');

    const reindex = server.slashCommand('reindex', {}, { user: newUser() });
    const first = await server.waitForCallback(reindex);
    expect(first.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(first.body.data.embeds[0].description).toContain('Rebuilding the index…');

    const second = server.slashCommand('reindex', {}, { user: newUser() });
    expect((await server.waitForCallback(second)).body.data.content).toBe(
      'An index build is already running: wait for it to finish, then try again.',
    );
    // The event loop is free while the child builds: a question is answered before the build ends.
    const during = await ask('When does the harbour open?');
    const done = await finalEdit(reindex);
    expect(during.answer.at).toBeLessThan(done.at);
    expect(during.answer.body.embeds[0].description).toContain('The harbour opens at dawn');
    console.info(
      `/ask latency: ${(before.answer.at - before.interaction.at).toFixed(0)} ms idle, ${(during.answer.at - during.interaction.at).toFixed(0)} ` +
        `ms during a /reindex build (build ${(done.at - first.at).toFixed(0)} ms)`,
    );

    const progress = edits(reindex).filter((call) => call !== done);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.map((call) => call.body.embeds[0].description).join('\n')).toMatch(
      /Files read: \d+\/\d+|Passages embedded: \d+\/\d+|Writing the index…/,
    );
    // Progress edits are throttled: at most one per interval while the build ran (the summary follows at once).
    expect(progress.length).toBeLessThanOrEqual(Math.floor((done.at - first.at) / PROGRESS_INTERVAL_MS) + 1);

    expect(done.body.embeds[0].description).toMatch(
      /^Index rebuilt: 153 documents, \d+ passages, in [\d.]+ s \(hybrid\)\./,
    );
    expect(done.body.embeds[0].description).toContain(
      'Files: 1 added, 0 updated, 152 unchanged, 0 removed, 0 skipped.',
    );
    const after = await ask('Who keeps the lighthouse?');
    expect(after.answer.body.embeds[0].description).toContain('Morwenna Tregarthen');
  }, 90_000);

  it('GIVEN /reindex in a DM THEN it refuses (permissions do not apply there) and starts no build', async () => {
    const calls = server.calls.length;
    const dm = server.slashCommand('reindex', {}, { user: newUser(), inDirectMessage: true });
    expect((await server.waitForCallback(dm)).body.data.content).toBe(
      '`/reindex` works only in a server, for members allowed to manage it.',
    );
    expect(server.calls.slice(calls).filter((call) => call.method === 'PATCH')).toEqual([]);
  });

  it('GIVEN a French user THEN the reply and the summary are in French', async () => {
    const reindex = server.slashCommand('reindex', {}, { user: newUser(), locale: 'fr' });
    expect((await server.waitForCallback(reindex)).body.data.embeds[0].description).toContain(
      'Reconstruction de l’index…',
    );
    const done = await finalEdit(reindex);
    // Nothing changed since the last build, whichever test ran it: every file of the folder is unchanged.
    const files = (await readdir(setup.corpusDir)).length;
    expect(done.body.embeds[0].description).toContain(
      `Fichiers : 0 ajoutés, 0 modifiés, ${files} inchangés, 0 supprimés, 0 ignorés.`,
    );
  }, 60_000);

  it('GIVEN the corpus folder is gone THEN the reply says so in the user’s language and the old index keeps answering', async () => {
    const moved = `${setup.corpusDir}-moved`;
    await rename(setup.corpusDir, moved);
    try {
      const reindex = server.slashCommand('reindex', {}, { user: newUser(), locale: 'fr' });
      const failure = await waitFor(
        () => edits(reindex).find((call) => typeof call.body.content === 'string' && call.body.content !== ''),
        'the failure message',
        60_000,
      );
      expect(failure.body.content).toBe(
        'Le dossier des documents n’existe pas : vérifiez CORPUS_DIR sur la machine du bot.',
      );
    } finally {
      await rename(moved, setup.corpusDir);
    }
    const { answer } = await ask('When does the harbour open?');
    expect(answer.body.embeds[0].description).toContain('The harbour opens at dawn');
  }, 60_000);
});

describe('WATCH_CORPUS', () => {
  let setup: ReindexBot;

  beforeAll(async () => {
    setup = await startReindexBot({ WATCH_CORPUS: 'true', WATCH_DEBOUNCE_SECONDS: '1' });
  });
  afterAll(async () => {
    await setup?.stop();
  });

  it('GIVEN files added to the corpus THEN one rebuild follows, and the bot answers from them', async () => {
    await writeFile(path.join(setup.corpusDir, 'ferry.md'), '# Ferry\n\nThe ferry to the island leaves at seven.\n');
    await writeFile(path.join(setup.corpusDir, 'ferry-2.md'), '# Ferry fares\n\nA ferry ticket costs four euros.\n');
    await waitFor(() => setup.logLines.find((line) => line.event === 'corpus_rebuilt'), 'the rebuild', 60_000);
    const interaction = setup.server.slashCommand(
      'ask',
      { question: 'When does the ferry leave?' },
      { user: newUser() },
    );
    const answer = await setup.server.waitForAnswer(interaction);
    expect(answer.body.embeds[0].description).toContain('The ferry to the island leaves at seven.');
    expect(setup.logLines.filter((line) => line.event === 'corpus_changed')).toHaveLength(1);
  }, 90_000);
});
