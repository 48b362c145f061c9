import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startBot, type RunningBot } from '../../src/discord/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createFakeKnowledgeBase } from '../support/discord-knowledge-base.ts';
import { makePassage } from '../support/fake-index.ts';
import { FakeDiscord, snowflake } from './server/fake-discord.ts';
import { waitFor } from './server/wait.ts';

/** Auto-answer channels and forums (`ANSWER_CHANNEL_IDS`) with the real discord.js client. */

const passages = [
  makePassage({
    path: 'install.md',
    ordinal: 0,
    title: 'Installation',
    section: ['Ports'],
    text: 'The server listens on port 8080 by default. Set PORT to change the port the server listens on.',
  }),
  makePassage({
    path: 'sauvegarde.md',
    ordinal: 0,
    title: 'Sauvegardes',
    text: 'Les sauvegardes sont faites chaque nuit à deux heures. Elles sont gardées trente jours.',
  }),
];

const newUser = () => ({ id: snowflake(), username: 'asker' });

async function startAutoAnswerBot(server: FakeDiscord, settings: Record<string, string>) {
  const logLines: any[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  const config = loadConfig({
    DISCORD_TOKEN: 'auto-answer-token',
    DISCORD_API_URL: server.apiUrl,
    ANSWER_CHANNEL_IDS: `${server.helpChannelId},${server.forumChannelId}`,
    // Recording silent misses for /gaps is tested in feedback.e2e.test.ts; nothing is written here.
    FEEDBACK_ENABLED: 'false',
    ...settings,
  });
  const bot = await startBot({
    config,
    knowledgeBase: createFakeKnowledgeBase(passages),
    logger: createLogger('debug', sink),
  });
  return { bot, logLines };
}

describe('auto-answer channels (default: silent when not covered)', () => {
  let server: FakeDiscord;
  let bot: RunningBot;
  let logLines: any[];

  beforeAll(async () => {
    server = await FakeDiscord.start();
    ({ bot, logLines } = await startAutoAnswerBot(server, {}));
  });
  afterAll(async () => {
    await bot?.stop();
    await server?.close();
  });

  const threadFor = (messageId: string) =>
    server.waitForCall(
      (call) => call.method === 'POST' && call.path.endsWith(`/messages/${messageId}/threads`),
      `a thread started from ${messageId}`,
    );

  it('GIVEN ANSWER_CHANNEL_IDS THEN the bot asks for the Message Content intent', () => {
    // Guilds (1) | GuildMessages (512) | DirectMessages (4096) | MessageContent (32768).
    expect(server.identifiedIntents()).toBe(1 | 512 | 4096 | 32768);
  });

  it('GIVEN a question in a help channel THEN its answer comes in a thread started from the message', async () => {
    const message = server.userMessage('How can I change the port the server listens on?', {
      channelId: server.helpChannelId,
      user: newUser(),
    });
    const thread = await threadFor(message.id);
    expect(thread.path).toBe(`/channels/${server.helpChannelId}/messages/${message.id}/threads`);
    expect(thread.body.name).toBe('How can I change the port the server listens on?');
    const answer = await waitFor(() => server.postsIn(message.id)[0], 'the answer in the thread');
    expect(answer.body.embeds[0].description).toContain('Set PORT to change the port the server listens on.');
    expect(answer.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('GIVEN a user opened a thread on the question first THEN the answer goes to that thread', async () => {
    const message = server.userMessage('Which port does the server listen on by default?', {
      channelId: server.helpChannelId,
      user: newUser(),
    });
    server.userThread(server.helpChannelId, message.id, 'port question');
    const answer = await waitFor(() => server.postsIn(message.id)[0], 'the answer in the existing thread');
    expect(answer.body.embeds[0].description).toContain('The server listens on port 8080 by default.');
    const refused = server.calls.find((call) => call.path.endsWith(`/messages/${message.id}/threads`));
    expect(refused?.status).toBe(400);
  });

  it('GIVEN greetings, thanks and one-word messages in a help channel THEN the bot leaves them alone', async () => {
    const chat = ['Thanks a lot!', 'Bonjour à tous', 'help', 'Merci, ça marche !'].map(
      (content) => server.userMessage(content, { channelId: server.helpChannelId, user: newUser() }).id,
    );
    // A question sent after them is answered: by then the chat messages were handled too.
    const question = server.userMessage('Quand les sauvegardes sont-elles faites ?', {
      channelId: server.helpChannelId,
      user: newUser(),
    });
    await waitFor(() => server.postsIn(question.id)[0], 'the answer to the question');
    for (const id of chat) expect(server.calls.some((call) => call.path.includes(id))).toBe(false);
    expect(logLines.filter((line) => line.event === 'auto_answer_skipped').map((line) => line.reason)).toEqual([
      'social',
      'social',
      'too-short',
      'no-question',
    ]);
  });

  it('GIVEN a question the documents do not cover THEN the bot stays silent (no thread)', async () => {
    const message = server.userMessage('What will the weather be like in Lyon tomorrow?', {
      channelId: server.helpChannelId,
      user: newUser(),
    });
    await waitFor(
      () => logLines.find((line) => line.event === 'question' && line.silent === true),
      'the silent miss to be logged',
    );
    expect(server.calls.some((call) => call.path.includes(message.id))).toBe(false);
  });

  it('GIVEN a new forum post THEN the answer is posted in the post itself', async () => {
    const post = server.forumPost('Backups', 'Quand les sauvegardes sont-elles faites ?', { user: newUser() });
    const answer = await waitFor(() => server.postsIn(post.threadId)[0], 'the answer in the forum post');
    expect(answer.body.embeds[0].description).toContain('Les sauvegardes sont faites chaque nuit à deux heures.');
    expect(server.calls.filter((call) => call.path.includes(`/messages/${post.threadId}/threads`))).toEqual([]);
  });

  it('GIVEN a message in a channel not listed THEN it is not answered without a mention', async () => {
    const ignored = server.userMessage('How can I change the port the server listens on?', { user: newUser() });
    const mention = server.userMessage(`<@${server.botUser.id}> Which port does the server listen on?`, {
      user: newUser(),
      mentionBot: true,
    });
    await server.waitForReplyTo(mention.id);
    expect(server.calls.some((call) => call.path.includes(ignored.id))).toBe(false);
  });
});

describe('auto-answer channels with AUTO_ANSWER_UNCOVERED=nearest', () => {
  let server: FakeDiscord;
  let bot: RunningBot;

  beforeAll(async () => {
    server = await FakeDiscord.start();
    ({ bot } = await startAutoAnswerBot(server, { AUTO_ANSWER_UNCOVERED: 'nearest' }));
  });
  afterAll(async () => {
    await bot?.stop();
    await server?.close();
  });

  it('GIVEN a question the documents do not cover THEN the thread shows that and the nearest passages', async () => {
    const message = server.userMessage('What will the weather be like in Lyon tomorrow?', {
      channelId: server.helpChannelId,
      user: newUser(),
    });
    const answer = await waitFor(() => server.postsIn(message.id)[0], 'the reply in the thread');
    expect(answer.body.embeds[0].description).toMatch(/^The documents do not answer this question\./);
  });
});

describe('the Message Content intent refused by Discord', () => {
  it('GIVEN the intent is not enabled in the Developer Portal THEN start-up fails saying exactly that (4014)', async () => {
    const server = await FakeDiscord.start();
    server.allowedIntents = 1 | 512 | 4096;
    try {
      await expect(startAutoAnswerBot(server, {})).rejects.toMatchObject({
        code: 'DISCORD_INTENT_DISALLOWED',
        message: expect.stringMatching(
          new RegExp(
            'Discord refused a privileged intent \\(gateway close code 4014\\): enable it in the Developer Portal ' +
              '→ your application → Bot → Privileged Gateway Intents.*Message Content Intent because of ANSWER_CHANNEL_IDS=',
            'u',
          ),
        ),
      });
    } finally {
      await server.close();
    }
  });
});
