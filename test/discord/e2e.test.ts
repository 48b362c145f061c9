import { cp, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { runCitebot, type RunningCitebot } from '../../src/main.ts';
import { suiteTemporaryFolder } from '../support/temp.ts';
import { percentile } from '../../src/statistics.ts';
import { runProjectScript } from '../support/scripts.ts';
import { tinyModelOptions } from '../support/tiny-model.ts';
import { FakeDiscord, snowflake } from './server/fake-discord.ts';
import { waitFor } from './server/wait.ts';

/**
 * The real entry point (`runCitebot`, what `npm start` runs) logged in to the
 * Discord-compatible test server, over an index built from a fixture corpus with the
 * real (tiny) embedding model.
 */

const root = path.resolve(import.meta.dirname, '../..');
const fixtureCorpus = path.join(import.meta.dirname, 'fixtures/corpus');
const seedCorpus = path.join(root, 'corpus');

// Each question from a new user, so the per-user rate limit only applies where tested.
const newUser = (username = 'user') => ({ id: snowflake(), username });

describe('citebot on Discord (end to end)', () => {
  let server: FakeDiscord;
  let citebot: RunningCitebot;
  let config: Config;
  let env: Record<string, string>;
  let corpusDir: string;
  // The suite's folder, also the working directory of the scripts it runs (no .env there).
  let work: string;
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

  const ask = async (
    question: string,
    options: { private?: boolean; user?: { id: string; username: string } } = {},
  ) => {
    const interaction = server.slashCommand(
      'ask',
      { question, ...(options.private ? { private: true } : {}) },
      { user: options.user ?? newUser() },
    );
    const answer = await server.waitForAnswer(interaction);
    return { interaction, answer, embed: answer.body.embeds[0] };
  };

  let removeWork: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const folder = await suiteTemporaryFolder('citebot-e2e-');
    removeWork = () => folder.remove();
    work = folder.path;
    corpusDir = path.join(work, 'corpus');
    await cp(fixtureCorpus, corpusDir, { recursive: true });
    await cp(seedCorpus, corpusDir, { recursive: true });
    // Enough documents for /sources to need a second page.
    for (let i = 1; i <= 11; i++)
      await writeFile(
        path.join(corpusDir, `pier-${String(i).padStart(2, '0')}.txt`),
        `Pier number ${i} is painted in colour ${i}.\n`,
      );
    const model = await tinyModelOptions();
    server = await FakeDiscord.start();
    env = {
      DISCORD_TOKEN: 'e2e-secret-token',
      DISCORD_API_URL: server.apiUrl,
      CORPUS_DIR: corpusDir,
      INDEX_PATH: path.join(work, 'data', 'index.citebot'),
      EMBEDDING_MODEL: model.modelId,
      MODEL_DIR: model.localModelPath,
      MODEL_CACHE_DIR: model.cacheDir,
      ALLOW_REMOTE_MODELS: 'false',
      RATE_LIMIT_QUESTIONS: '2',
      RATE_LIMIT_WINDOW_SECONDS: '600',
      FEEDBACK_DIR: path.join(work, 'data', 'feedback'),
    };
    config = loadConfig(env);
    citebot = await runCitebot(config, {
      logger,
      output: new Writable({ write: (_chunk, _encoding, done) => done() }),
    });
  });

  afterAll(async () => {
    await citebot?.stop();
    await server?.close();
    await removeWork?.();
  });

  it('GIVEN npm run register with a dev guild THEN the commands are registered in that guild', async () => {
    const { stdout } = await runProjectScript('register.ts', [], {
      cwd: work,
      env: { ...env, DISCORD_GUILD_ID: server.guildId, DISCORD_APPLICATION_ID: '' },
    });
    expect(stdout).toContain(
      `Registered /ask, /sources, /source, /help, /reindex, /gaps for application ${server.applicationId} (guild ${server.guildId}).`,
    );
    const put = server.calls.filter((call) => call.method === 'PUT').at(-1);
    expect(put?.path).toBe(`/applications/${server.applicationId}/guilds/${server.guildId}/commands`);
    expect(put?.authorization).toBe('Bot e2e-secret-token');
    expect(put?.body.map((command: { name: string }) => command.name)).toEqual([
      'ask',
      'sources',
      'source',
      'help',
      'reindex',
      'gaps',
    ]);
  });

  it('GIVEN npm run register without a token THEN it fails with a clear message', async () => {
    const failure = runProjectScript('register.ts', [], { cwd: work, env: { ...env, DISCORD_TOKEN: '' } });
    await expect(failure).rejects.toThrow(/DISCORD_TOKEN is not set/);
  });

  it('GIVEN /ask THEN the answer arrives by webhook edit with quotes, citations, no allowed mentions', async () => {
    const { interaction, answer, embed } = await ask('When does the harbour open?');
    const defer = await server.waitForCallback(interaction);
    expect(defer.body.type).toBe(5);
    expect(answer.body.allowed_mentions).toEqual({ parse: [] });
    expect(embed.description).toMatch(/> The harbour opens at dawn and closes at dusk\. \*\*\[1\]\*\*/);
    expect(embed.fields[0].value).toMatch(/\*\*\[1\]\*\* Harbour rules · Opening hours · line 5/);
  });

  it('GIVEN a question the documents do not cover THEN it says so and shows the nearest passages', async () => {
    const { embed } = await ask('Quel temps fera-t-il demain à Lyon ?');
    expect(embed.description).toMatch(
      /^Les documents ne répondent pas à cette question\. Les passages les plus proches :\n/,
    );
    // Each nearest passage is an excerpt ending with its citation, and the fields cite its document.
    expect(embed.description).toMatch(/\n> .+ \*\*\[1\]\*\*/);
    expect(embed.fields[0].value).toMatch(/^\*\*\[1\]\*\* .+ · lignes? \d+/);
  });

  it('GIVEN the Sources button THEN the full passages come privately, mentions neutralised', async () => {
    const user = newUser();
    const { answer } = await ask('Who does the harbour master ping during a storm?', { user });
    const click = server.clickButton(server.messageIdOf(answer), 'ask:sources', { user });
    const callback = await server.waitForCallback(click);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(64);
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [] });
    const passages = [callback, ...server.followUps(click)]
      .flatMap((call) => (call.body.data ?? call.body).embeds)
      .map((embed: { description: string }) => embed.description)
      .join('\n');
    expect(passages).toContain('pings @\u200beveryone and <\u200b@123456789012345678>');
    expect(passages).toContain('<https://example.com/harbour_rules>');
  });

  it('GIVEN /sources THEN the documents are listed ten per page and Next shows page 2', async () => {
    const user = newUser();
    const list = server.slashCommand('sources', {}, { user });
    const first = await server.waitForCallback(list);
    expect(first.body.data.embeds[0].footer.text).toBe('Page 1 / 2');
    const next = server.clickButton(
      server.originalMessageId(list),
      first.body.data.components[0].components[1].custom_id,
      { user },
    );
    const update = await server.waitForCallback(next);
    expect(update.body.type).toBe(7);
    expect(update.body.data.embeds[0].footer.text).toBe('Page 2 / 2');
  });

  it('GIVEN /source autocomplete THEN it offers matching documents within limits, and /source shows its sections', async () => {
    const typing = server.autocomplete('source', 'document', 'harb');
    const choices = await server.waitForCallback(typing);
    expect(choices.body.type).toBe(8);
    expect(choices.body.data.choices).toEqual([{ name: 'Harbour rules — harbour.md', value: 'harbour.md' }]);
    const shown = server.slashCommand('source', { document: 'harbour.md' });
    const callback = await server.waitForCallback(shown);
    expect(callback.body.data.embeds[0].description).toContain(
      '**Harbour rules › Opening hours** · 1 passage · line 5',
    );
  });

  it('GIVEN /help THEN it states the corpus size, build time and model', async () => {
    // Every file of the corpus folder is a document: 14, or 15 once the rebuild test has added its own.
    const documents = (await readdir(corpusDir, { recursive: true, withFileTypes: true })).filter((entry) =>
      entry.isFile(),
    ).length;
    const callback = await server.waitForCallback(server.slashCommand('help', {}, { locale: 'fr' }));
    expect(callback.body.data.embeds[0].fields[1].value).toMatch(
      new RegExp(`^${documents} documents · \\d+ passages\nConstruit le <t:\\d+:D>\nRecherche : .+ \\(hybrid\\)$`, 'u'),
    );
  });

  it('GIVEN a mention, a DM and a reply to an answer THEN each is answered where it was asked, the reply as a follow-up', async () => {
    const user = newUser();
    const mention = server.userMessage(`<@${server.botUser.id}> À quelle heure se visite le phare ?`, {
      user,
      mentionBot: true,
    });
    const reply = await server.waitForReplyTo(mention.id);
    expect(reply.body.embeds[0].description).toContain(
      'Le phare se visite tous les jours de dix heures à dix-huit heures.',
    );
    const followUp = server.userMessage(`<@${server.botUser.id}> Combien de marches ?`, {
      user,
      mentionBot: true,
      replyTo: server.messageIdOf(reply),
    });
    const second = await server.waitForReplyTo(followUp.id);
    expect(second.body.embeds[0].footer.text).toBe('Suite de : À quelle heure se visite le phare ?');
    expect(second.body.embeds[0].description).toContain('deux cent quatre-vingt-cinq marches');

    const direct = server.userMessage('When does the harbour close?', { user: newUser(), inDirectMessage: true });
    const dmReply = await server.waitForReplyTo(direct.id);
    expect(dmReply.path).toBe(`/channels/${direct.channelId}/messages`);
    expect(dmReply.body.embeds[0].description).toContain('closes at dusk');
  });

  it('GIVEN a mention and a DM with no word, only "?" THEN each is told to ask in words, pinging no one', async () => {
    const mention = server.userMessage(`<@${server.botUser.id}> ?`, { user: newUser(), mentionBot: true });
    const inServer = await server.waitForReplyTo(mention.id);
    // In a server, the server's locale (English here); in a DM, the text's language, French when it tells nothing.
    expect(inServer.body.content).toBe(
      'Ask a question in words, e.g. “@citebot what does the agreement cover?” or `/ask`.',
    );
    const direct = server.userMessage('??', { user: newUser(), inDirectMessage: true });
    const inDirect = await server.waitForReplyTo(direct.id);
    expect(inDirect.body.content).toBe(
      'Posez une question en toutes lettres, par exemple « @citebot que prévoit l’accord ? » ou `/ask`.',
    );
    for (const reply of [inServer, inDirect]) expect(reply.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('GIVEN a user over the rate limit THEN the extra question gets a friendly message', async () => {
    const user = newUser();
    await ask('When does the harbour open?', { user });
    await ask('When does the harbour close?', { user });
    const third = server.slashCommand('ask', { question: 'Where are mooring fees paid?' }, { user });
    const callback = await server.waitForCallback(third);
    expect(callback.body.data.content).toMatch(/please wait \d+ s before the next one/);
  });

  it('GIVEN five questions at once THEN all are answered, each to its own interaction', async () => {
    const questions = [
      'When does the harbour open?',
      'Where are mooring fees paid?',
      'Combien de marches compte le phare ?',
      'Quand le phare a-t-il été automatisé ?',
      'Où a eu lieu la rencontre ?',
    ];
    const interactions = questions.map((question) => server.slashCommand('ask', { question }, { user: newUser() }));
    const answers = await Promise.all(interactions.map((interaction) => server.waitForAnswer(interaction)));
    expect(answers.map((answer) => answer.body.embeds[0].title)).toEqual(questions);
  });

  it('GIVEN a 429 on the webhook edit THEN the answer still arrives after the retry', async () => {
    const logged = logLines.length;
    server.rateLimitOnce('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/);
    const { interaction, embed } = await ask('Where are mooring fees paid?');
    const edits = server.calls.filter((call) => call.path.includes(interaction.token) && call.method === 'PATCH');
    expect(edits.map((call) => call.status)).toEqual([429, 200]);
    expect(logLines.slice(logged).find((line) => line.event === 'discord_rate_limited')).toMatchObject({
      method: 'PATCH',
      global: false,
    });
    expect(embed.description).toContain('Mooring fees are paid at the harbour office');
  });

  it('GIVEN the gateway closes the socket THEN the bot resumes and still answers', async () => {
    const resumes = server.count(6);
    server.closeGateway(4000);
    await waitFor(() => (server.count(6) > resumes ? true : undefined), 'the bot to resume');
    const { embed } = await ask('When does the harbour open?');
    expect(embed.description).toContain('The harbour opens at dawn');
  });

  it('GIVEN the index is rebuilt while the bot runs THEN the next answer uses it', async () => {
    const before = await ask('Who keeps the lighthouse?');
    expect(before.embed.description).not.toContain('Morwenna');
    await writeFile(
      path.join(corpusDir, 'lighthouse.md'),
      '# Lighthouse\n\nThe lighthouse keeper is Morwenna Tregarthen, who keeps the lighthouse since 1999.\n',
    );
    const reloads = logLines.filter((line) => line.event === 'index_reloaded').length;
    // What an operator does: `npm run index` in another process while the bot runs.
    await runProjectScript('index.ts', [], { cwd: work, env });
    await waitFor(
      () => (logLines.filter((line) => line.event === 'index_reloaded').length > reloads ? true : undefined),
      'the bot to reload the index',
    );
    const after = await ask('Who keeps the lighthouse?');
    expect(after.embed.description).toContain('Morwenna Tregarthen');
  });

  it('GIVEN a corrupt index written while the bot runs THEN it is rejected and the old one keeps answering', async () => {
    const before = await ask('When does the harbour open?');
    const rejections = logLines.filter((line) => line.event === 'index_reload_rejected').length;
    const draft = `${config.indexPath}.draft`;
    await writeFile(draft, 'not an index at all');
    await rename(draft, config.indexPath);
    await waitFor(
      () => (logLines.filter((line) => line.event === 'index_reload_rejected').length > rejections ? true : undefined),
      'the corrupt index to be rejected',
    );
    const { embed } = await ask('When does the harbour open?');
    expect(embed.description).toMatch(/\*\*\[1\]\*\*/);
    expect(embed.description).toBe(before.embed.description);
  });

  it('GIVEN 20 questions in a row THEN each gets its own quoted answer, and the dispatch-to-answer latency is printed (p50/p95)', async () => {
    const questions = [
      'When does the harbour open?',
      'Où a eu lieu la rencontre ?',
      'Where are mooring fees paid?',
      'Combien de marches compte le phare ?',
    ];
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const question = questions[i % questions.length] ?? '';
      const { interaction, answer, embed } = await ask(question);
      expect(embed.title).toBe(question);
      expect(embed.description).toMatch(/\*\*\[1\]\*\*/);
      latencies.push(answer.at - interaction.at);
    }
    expect(latencies.every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
    const ms = (p: number) => (percentile(latencies, p) ?? Number.NaN).toFixed(0);
    console.info(`discord e2e latency over ${latencies.length} questions: p50 ${ms(50)} ms, p95 ${ms(95)} ms`);
  });

  it('GIVEN three questions from one user, one over the rate limit THEN one log line each, and never the token', async () => {
    const logged = logLines.length;
    const user = newUser();
    await ask('When does the harbour open?', { user });
    await ask('Where are mooring fees paid?', { user });
    await server.waitForCallback(server.slashCommand('ask', { question: 'Who keeps the lighthouse?' }, { user }));
    // Another test's last line may still be on its way: only this user's lines count.
    const ofUser = () => logLines.slice(logged).filter((line) => line.event === 'question' && line.userId === user.id);
    await waitFor(() => (ofUser().length >= 3 ? true : undefined), 'three question log lines');
    const questions = ofUser();
    expect(questions).toHaveLength(3);
    // The limited one is logged on arrival, an answered one after its reply is sent: their order may vary.
    const [limited, answered] = [
      questions.filter((line) => line.rateLimited),
      questions.filter((line) => !line.rateLimited),
    ];
    expect(limited).toHaveLength(1);
    expect(answered).toHaveLength(2);
    expect(answered.every((line) => line.answered === true && typeof line.latencyMs === 'number')).toBe(true);
    expect(JSON.stringify(logLines)).not.toContain('e2e-secret-token');
  });
});
