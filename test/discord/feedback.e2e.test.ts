import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { FEEDBACK_LOG_FILE } from '../../src/feedback/store.ts';
import { createLogger } from '../../src/logger.ts';
import { runCitebot, type RunningCitebot } from '../../src/main.ts';
import { buildMinimalPdf } from '../ingest/support/minimal-pdf.ts';
import { runProjectScript } from '../support/scripts.ts';
import { suiteTemporaryFolder } from '../support/temp.ts';
import { tinyModelOptions } from '../support/tiny-model.ts';
import { FakeDiscord, snowflake, type DispatchedInteraction } from './server/fake-discord.ts';
import { waitFor } from './server/wait.ts';

/**
 * Citation links, the Helpful / Not helpful buttons and `/gaps`, end to end: the real entry
 * point (`runCitebot`) logged in to the Discord-compatible test server, a real index of a
 * fixture corpus, the feedback log on disk.
 */

const fixtureCorpus = path.join(import.meta.dirname, 'fixtures/corpus');
const newUser = (username = 'user') => ({ id: snowflake(), username });
const HELPFUL = 'ask:vote:helpful';
const UNHELPFUL = 'ask:vote:unhelpful';

describe('feedback, knowledge gaps and citation links on Discord (end to end)', () => {
  let server: FakeDiscord;
  let citebot: RunningCitebot;
  let config: Config;
  let env: Record<string, string>;
  let feedbackDir: string;
  let removeWork: (() => Promise<void>) | undefined;
  const logger = createLogger('silent');
  const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });
  const start = () => runCitebot(config, { logger, output: quiet() });

  const ask = async (question: string, user = newUser()) => {
    const interaction = server.slashCommand('ask', { question }, { user });
    const answer = await server.waitForAnswer(interaction);
    return { interaction, answer, embed: answer.body.embeds[0], messageId: server.messageIdOf(answer) };
  };
  // The ephemeral reply to a button click or a command.
  const logFile = () => path.join(feedbackDir, FEEDBACK_LOG_FILE);
  const replyTo = async (interaction: DispatchedInteraction) => (await server.waitForCallback(interaction)).body;

  beforeAll(async () => {
    const folder = await suiteTemporaryFolder('citebot-feedback-e2e-');
    removeWork = () => folder.remove();
    const corpusDir = path.join(folder.path, 'corpus');
    await cp(fixtureCorpus, corpusDir, { recursive: true });
    await mkdir(path.join(corpusDir, 'manuals'));
    await writeFile(
      path.join(corpusDir, 'manuals', 'ferry.pdf'),
      buildMinimalPdf([
        ['Ferry timetable'],
        ['The ferry to the island leaves every morning at seven.', 'Tickets are sold on board.'],
      ]),
    );
    // Documents that name their own address: an HTML canonical link, a Markdown front matter url.
    await writeFile(
      path.join(corpusDir, 'tides.html'),
      '<!doctype html><html><head><title>Tide guide</title>' +
        '<link rel="canonical" href="https://tides.example.net/guide"></head><body><main>' +
        '<h1>Tide guide</h1><h2 id="spring-tides">Spring tides</h2>' +
        '<p>Spring tides happen twice a month, at new moon and at full moon.</p></main></body></html>',
    );
    await writeFile(
      path.join(corpusDir, 'charts.md'),
      '---\nurl: https://charts.example.net/nautical-charts/\n---\n# Nautical charts\n\n## Buying charts\n\n' +
        'Nautical charts are sold at the chandlery next to the harbour office.\n',
    );
    feedbackDir = path.join(folder.path, 'data', 'feedback');
    const model = await tinyModelOptions();
    server = await FakeDiscord.start();
    env = {
      DISCORD_TOKEN: 'e2e-secret-token',
      DISCORD_API_URL: server.apiUrl,
      CORPUS_DIR: corpusDir,
      INDEX_PATH: path.join(folder.path, 'data', 'index.citebot'),
      EMBEDDING_MODEL: model.modelId,
      MODEL_DIR: model.localModelPath,
      MODEL_CACHE_DIR: model.cacheDir,
      ALLOW_REMOTE_MODELS: 'false',
      RATE_LIMIT_QUESTIONS: '50',
      SOURCE_URL_BASE: 'https://docs.example.org/',
      FEEDBACK_DIR: feedbackDir,
      FEEDBACK_RETENTION_DAYS: '90',
      // A help channel: an uncovered question asked there gets no reply, but is a gap all the same.
      ANSWER_CHANNEL_IDS: server.helpChannelId,
    };
    config = loadConfig(env);
    citebot = await start();
  });

  afterAll(async () => {
    await citebot?.stop();
    await server?.close();
    await removeWork?.();
  });

  it('GIVEN /ask THEN each source title links to its page and section, never as a preview, with vote buttons', async () => {
    const { embed, answer } = await ask('When does the harbour open?');
    expect(embed.fields[0].value).toMatch(
      /^\*\*\[1\]\*\* \[Harbour rules\]\(<https:\/\/docs\.example\.org\/harbour#opening-hours>\) · Opening hours · line 5/,
    );
    // Links live in the embed (never unfurled); the message itself carries no URL to preview.
    expect(answer.body.content ?? '').not.toMatch(/https?:/);
    const buttons = answer.body.components[0].components.map((button: { custom_id: string; label: string }) => [
      button.custom_id,
      button.label,
    ]);
    expect(buttons).toEqual([
      ['ask:sources', 'Sources'],
      [HELPFUL, 'Helpful'],
      [UNHELPFUL, 'Not helpful'],
    ]);
  });

  it('GIVEN documents with a URL of their own THEN it wins over the mapping, with the heading id or slug', async () => {
    const tides = await ask('When do spring tides happen?');
    expect(tides.embed.fields[0].value).toContain('[Tide guide](<https://tides.example.net/guide#spring-tides>)');
    const charts = await ask('Where are nautical charts sold?');
    expect(charts.embed.fields[0].value).toContain(
      '[Nautical charts](<https://charts.example.net/nautical-charts/#buying-charts>)',
    );
  });

  it('GIVEN a PDF source THEN its link opens the page of the passage', async () => {
    const { embed } = await ask('When does the ferry to the island leave?');
    expect(embed.fields[0].value).toContain('(<https://docs.example.org/manuals/ferry.pdf#page=2>)');
  });

  it('GIVEN the Sources button and /source THEN they show the links too', async () => {
    const user = newUser();
    const { messageId } = await ask('When does the harbour open?', user);
    const passages = await replyTo(server.clickButton(messageId, 'ask:sources', { user }));
    expect(passages.data.embeds[0].url).toBe('https://docs.example.org/harbour#opening-hours');
    const document = await replyTo(server.slashCommand('source', { document: 'harbour.md' }));
    expect(document.data.embeds[0].url).toBe('https://docs.example.org/harbour');
    expect(document.data.embeds[0].description).toMatch(/^https:\/\/docs\.example\.org\/harbour\n/);
  });

  it('GIVEN a vote, a changed vote and the same vote again THEN each gets its private reply, one vote is kept', async () => {
    const user = newUser();
    const { messageId } = await ask('Where are mooring fees paid?');
    const first = await replyTo(server.clickButton(messageId, HELPFUL, { user }));
    expect(first.type).toBe(4);
    expect(first.data.flags).toBe(64);
    expect(first.data.content).toBe('Thanks! Your vote is recorded: **helpful**.');
    expect((await replyTo(server.clickButton(messageId, UNHELPFUL, { user }))).data.content).toBe(
      'Your vote is changed to **not helpful**.',
    );
    const again = await replyTo(server.clickButton(messageId, UNHELPFUL, { user, locale: 'fr' }));
    expect(again.data.content).toMatch(/^Vous avez déjà voté \*\*pas utile\*\*/);
    const log = await readFile(path.join(feedbackDir, FEEDBACK_LOG_FILE), 'utf8');
    const votes = log
      .split('\n')
      .filter((line) => line.includes(messageId) && line.includes('"kind":"vote"'))
      .map((line) => JSON.parse(line).vote);
    expect(votes).toEqual(['helpful', 'unhelpful']);
    // Stored hashed: the Discord user id never reaches the disk.
    expect(log).not.toContain(user.id);
  });

  it('GIVEN 100 users voting on one answer at once THEN all 100 votes are recorded and answered', async () => {
    const { messageId } = await ask('When does the harbour close?');
    const clicks = Array.from({ length: 100 }, (_, n) =>
      server.clickButton(messageId, n % 4 === 0 ? UNHELPFUL : HELPFUL, { user: newUser(`voter${n}`) }),
    );
    const replies = await Promise.all(clicks.map((click) => replyTo(click)));
    expect(replies.every((reply) => reply.data.content.startsWith('Thanks! Your vote is recorded'))).toBe(true);
    const log = await readFile(path.join(feedbackDir, FEEDBACK_LOG_FILE), 'utf8');
    const votes = log
      .split('\n')
      .filter((line) => line.includes(`"answerId":"${messageId}"`) && line.includes('"vote"'));
    expect(votes).toHaveLength(100);
  });

  it('GIVEN a restart THEN a button on an answer from before still works, and one the store never saw says why not', async () => {
    const user = newUser();
    const { messageId } = await ask('Combien de marches compte le phare ?');
    await citebot.stop();
    citebot = await start();
    const after = await replyTo(server.clickButton(messageId, UNHELPFUL, { user }));
    expect(after.data.content).toMatch(/^Thanks! Your vote is recorded: \*\*not helpful\*\*/);
    // An answer posted before feedback was recorded (or older than the retention).
    const old = server.pastBotMessage({ embeds: [{ title: 'When does the harbour open?' }] });
    const refused = await replyTo(server.clickButton(old, HELPFUL, { user }));
    expect(refused.data.content).toMatch(
      /^Votes cannot be recorded on this answer: it was given before feedback was recorded, or more than 90 days ago/,
    );
  });

  it('GIVEN uncovered questions and an answer voted not helpful THEN /gaps attaches them grouped, and npm run gaps prints the same', async () => {
    const user = newUser();
    // Asked twice in other words (case and punctuation), near the harbour opening hours.
    await ask('Does the harbour open on public holidays and at night?');
    await ask('does the harbour open on public holidays and at night');
    const voted = await ask('Who pays the mooring fees?');
    await replyTo(server.clickButton(voted.messageId, UNHELPFUL, { user }));
    const unanswered = 'Is there a swimming pool for the crews?';
    server.userMessage(unanswered, { channelId: server.helpChannelId, user: newUser() });
    await waitFor(
      () => (existsSync(logFile()) && readFileSync(logFile(), 'utf8').includes(unanswered) ? true : undefined),
      'the silent miss to be recorded',
    );

    const command = server.slashCommand('gaps', { days: 7 }, { user });
    const reply = await replyTo(command);
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toMatch(/^Knowledge gaps of the last 7 days: \d+ questions? not covered/);
    const [file] = reply.uploads;
    expect(file.name).toMatch(/^knowledge-gaps-\d{4}-\d{2}-\d{2}\.md$/);
    // discord.js uploads the file as files[0] and refers to it by that index.
    expect(file.field).toBe('files[0]');
    expect(reply.data.attachments).toEqual([{ id: '0' }]);
    const markdown: string = file.text;
    expect(markdown).toMatch(/^# Knowledge gaps\n\nLast 7 days \(/);
    // Counted as one question, shown as last asked.
    expect(markdown).toContain('- **2** — does the harbour open on public holidays and at night — *not covered ×2*');
    expect(markdown).toMatch(/Who pays the mooring fees\? — \*voted not helpful \(👎 \d+ · 👍 \d+\)\*/);
    expect(markdown).toContain(`${unanswered} — *not covered ×1*`);
    expect(markdown).toContain('`harbour.md` — <https://docs.example.org/harbour');

    const { stdout } = await runProjectScript('gaps.ts', ['--days', '7', '--guild', server.guildId], {
      cwd: path.dirname(config.indexPath),
      env,
    });
    expect(stdout).toBe(markdown);
  });

  it('GIVEN /gaps in French THEN the report is in French; and its definition needs Manage Server, in servers only', async () => {
    const reply = await replyTo(server.slashCommand('gaps', {}, { locale: 'fr' }));
    expect(reply.data.content).toMatch(/^Lacunes des 30 derniers jours/);
    expect(reply.uploads[0].text).toMatch(/^# Lacunes de la documentation\n/);
    const { commands } = await import('../../src/discord/commands/index.ts');
    const gaps = commands.find((command) => command.data.name === 'gaps');
    expect(gaps?.data).toMatchObject({ default_member_permissions: '32', contexts: [0] });
  });
});
