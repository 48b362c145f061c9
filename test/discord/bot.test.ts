import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startBot, type RunningBot } from '../../src/discord/index.ts';
import { CitebotError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { createFakeKnowledgeBase } from '../support/discord-knowledge-base.ts';
import { makePassage } from '../support/fake-index.ts';
import { FakeDiscord, snowflake } from './server/fake-discord.ts';
import { waitFor } from './server/wait.ts';

const passages = [
  makePassage({
    path: 'accord.md',
    ordinal: 0,
    title: 'Accord de coopération',
    section: ['Chapitre 1'],
    text: 'La coopération couvre le renseignement et la formation des policiers. Les deux pays échangent des officiers de liaison.',
  }),
  makePassage({
    path: 'notes.txt',
    ordinal: 0,
    title: 'Notes',
    text: 'The harbour opens at dawn. Ping @everyone and <@123456789012345678> before leaving.',
  }),
];

describe('startBot', () => {
  let server: FakeDiscord;
  let bot: RunningBot;
  const knowledgeBase = createFakeKnowledgeBase(passages);
  const logLines: any[] = [];

  beforeAll(async () => {
    server = await FakeDiscord.start();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    const config = loadConfig({
      DISCORD_TOKEN: 'secret-test-token',
      DISCORD_API_URL: server.apiUrl,
      RATE_LIMIT_QUESTIONS: '3',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      // Feedback is tested end to end in feedback.e2e.test.ts; nothing is written here.
      FEEDBACK_ENABLED: 'false',
    });
    bot = await startBot({ config, knowledgeBase, logger: createLogger('debug', sink) });
  });

  afterAll(async () => {
    await bot?.stop();
    await server?.close();
  });

  it('GIVEN a started bot THEN it identified with only non-privileged intents and the token', () => {
    const identify = server.frames.find((frame) => frame.direction === 'received' && frame.op === 2);
    expect(identify?.d.token).toBe('secret-test-token');
    // Guilds (1) | GuildMessages (512) | DirectMessages (4096); MessageContent (32768) is privileged.
    expect(identify?.d.intents).toBe(1 | 512 | 4096);
  });

  it('GIVEN /ask THEN it defers, then edits the reply with quotes, citations and no allowed mentions', async () => {
    // A user of its own: the rate limit counts per user, whatever ran before.
    const interaction = server.slashCommand(
      'ask',
      { question: 'Que couvre la coopération ?' },
      { user: { id: snowflake(), username: 'ann' } },
    );
    const callback = await server.waitForCallback(interaction);
    expect(callback.body.type).toBe(5);
    const answer = await server.waitForAnswer(interaction);
    expect(answer.body.allowed_mentions).toEqual({ parse: [] });
    const embed = answer.body.embeds[0];
    expect(embed.description).toContain(
      '> La coopération couvre le renseignement et la formation des policiers. Les deux pays échangent des officiers de liaison. **[1]**',
    );
    expect(embed.fields[0].value).toContain('**[1]** Accord de coopération · Chapitre 1 · ligne 1');
    expect(answer.body.components[0].components[0].custom_id).toBe('ask:sources');
  });

  it("GIVEN /ask with a question whose words tell no language THEN it is answered in the user's Discord language", async () => {
    const asked = knowledgeBase.asked.length;
    for (const [locale, lines] of [
      ['en-GB', 'line 1'],
      ['fr', 'ligne 1'],
    ] as const) {
      const interaction = server.slashCommand(
        'ask',
        { question: 'coopération renseignement policiers' },
        { user: { id: snowflake(), username: `lou-${locale}` }, locale },
      );
      const answer = await server.waitForAnswer(interaction);
      expect(answer.body.embeds[0].fields[0].value).toContain(lines);
    }
    expect(knowledgeBase.asked.slice(asked).map((entry) => entry.askerLanguage)).toEqual(['en', 'fr']);
  });

  it('GIVEN /ask private:true THEN the deferred reply is ephemeral', async () => {
    const interaction = server.slashCommand(
      'ask',
      { question: 'Que couvre la coopération ?', private: true },
      { user: { id: snowflake(), username: 'carol' } },
    );
    const callback = await server.waitForCallback(interaction);
    expect(callback.body).toMatchObject({ type: 5, data: { flags: 64 } });
    await server.waitForAnswer(interaction);
  });

  it('GIVEN a document with @everyone and a user mention THEN the Sources view shows them without pinging', async () => {
    const user = { id: snowflake(), username: 'dave' };
    const interaction = server.slashCommand('ask', { question: 'When does the harbour open?' }, { user });
    const answer = await server.waitForAnswer(interaction);
    const click = server.clickButton(server.messageIdOf(answer), 'ask:sources', { user });
    const callback = await server.waitForCallback(click);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(64);
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [] });
    const passage = callback.body.data.embeds.map((embed: { description: string }) => embed.description).join('\n');
    expect(passage).toContain('@\u200beveryone');
    expect(passage).toContain('<\u200b@123456789012345678>');
  });

  it('GIVEN the Sources button on an answer the bot no longer remembers (a restart) THEN it asks the title question again and shows the passages', async () => {
    const user = { id: snowflake(), username: 'dora' };
    const answer = await server.waitForAnswer(
      server.slashCommand('ask', { question: 'Que couvre la coopération ?' }, { user }),
    );
    const sent = server.messages.get(server.messageIdOf(answer));
    // The same message as Discord still holds it, under an id this bot process never sent.
    const forgotten = snowflake();
    server.messages.set(forgotten, { ...sent, id: forgotten });
    const callback = await server.waitForCallback(server.clickButton(forgotten, 'ask:sources', { user }));
    expect(callback.body.data.embeds.map((embed: { description: string }) => embed.description).join('\n')).toContain(
      'La coopération couvre le renseignement et la formation des policiers.',
    );
  });

  it('GIVEN a handler that throws THEN the user gets a short message and the error is logged with context', async () => {
    knowledgeBase.fail = new Error('disk on fire');
    try {
      const user = { id: snowflake(), username: 'erin' };
      const interaction = server.slashCommand(
        'ask',
        { question: 'Que couvre la coopération ?' },
        { user, locale: 'fr' },
      );
      const answer = await server.waitForAnswer(interaction);
      expect(answer.body.content).toBe('Un problème est survenu pendant la réponse. Réessayez dans un instant.');
      const logged = await waitFor(
        () => logLines.find((line) => line.event === 'handler_failed' && line.userId === user.id),
        'the failure log line',
      );
      expect(logged).toMatchObject({ kind: 'command', name: 'ask', guildId: server.guildId });
    } finally {
      knowledgeBase.fail = undefined;
    }
  });

  it('GIVEN a question that is too long THEN the user gets the QUESTION_TOO_LONG wording', async () => {
    knowledgeBase.fail = new CitebotError('QUESTION_TOO_LONG', '1,200 characters');
    try {
      const interaction = server.slashCommand(
        'ask',
        { question: 'x' },
        { user: { id: snowflake(), username: 'frank' } },
      );
      const answer = await server.waitForAnswer(interaction);
      expect(answer.body.content).toBe('This question is too long: please keep it under 1,000 characters.');
    } finally {
      knowledgeBase.fail = undefined;
    }
  });

  it('GIVEN more questions than the rate limit allows THEN the extra one gets a friendly ephemeral message', async () => {
    const user = { id: snowflake(), username: 'grace' };
    for (let i = 0; i < 3; i++)
      await server.waitForAnswer(server.slashCommand('ask', { question: 'Que couvre la coopération ?' }, { user }));
    const limited = server.slashCommand('ask', { question: 'Que couvre la coopération ?' }, { user });
    const callback = await server.waitForCallback(limited);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(64);
    expect(callback.body.data.content).toMatch(/please wait \d+ s/);
  });

  it('GIVEN a mention, then a reply to the answer THEN the reply is asked with the first question as context', async () => {
    const user = { id: snowflake(), username: 'heidi' };
    const mention = server.userMessage(`<@${server.botUser.id}> Que couvre la coopération ?`, {
      user,
      mentionBot: true,
    });
    const reply = await server.waitForReplyTo(mention.id);
    expect(reply.body.allowed_mentions).toEqual({ parse: [] });
    expect(reply.body.embeds[0].description).toContain('**[1]**');
    const followUp = server.userMessage(`<@${server.botUser.id}> et les officiers ?`, {
      user,
      mentionBot: true,
      replyTo: server.messageIdOf(reply),
    });
    const second = await server.waitForReplyTo(followUp.id);
    expect(knowledgeBase.asked.at(-1)).toEqual({
      question: 'et les officiers ?',
      context: 'Que couvre la coopération ?',
      // The server's preferred locale (en-US on the test server).
      askerLanguage: 'en',
    });
    expect(second.body.embeds[0].footer.text).toBe('Suite de : Que couvre la coopération ?');
  });

  it('GIVEN a reply to an answer the bot no longer remembers THEN its question is read back from the answer title', async () => {
    const user = { id: snowflake(), username: 'leo' };
    const earlier = server.pastBotMessage({
      embeds: [{ title: 'Que couvre la \\*coopération\\* ?', description: '> …' }],
    });
    const followUp = server.userMessage(`<@${server.botUser.id}> et les officiers ?`, {
      user,
      mentionBot: true,
      replyTo: earlier,
    });
    await server.waitForReplyTo(followUp.id);
    expect(knowledgeBase.asked.at(-1)).toEqual({
      question: 'et les officiers ?',
      context: 'Que couvre la *coopération* ?',
      // The server's preferred locale (en-US on the test server).
      askerLanguage: 'en',
    });
  });

  it('GIVEN a reply to an answer with the ping turned off (Discord sends it without text) THEN the bot stays silent', async () => {
    const user = { id: snowflake(), username: 'mallory' };
    const mention = server.userMessage(`<@${server.botUser.id}> Que couvre la coopération ?`, {
      user,
      mentionBot: true,
    });
    const answer = await server.waitForReplyTo(mention.id);
    const asked = knowledgeBase.asked.length;
    const silentReply = server.userMessage('', { user, replyTo: server.messageIdOf(answer) });
    // A mention sent afterwards is answered: by then the empty reply was handled too.
    const later = server.userMessage(`<@${server.botUser.id}> When does the harbour open?`, {
      user: { id: snowflake(), username: 'nina' },
      mentionBot: true,
    });
    await server.waitForReplyTo(later.id);
    expect(server.calls.some((call) => call.body?.message_reference?.message_id === silentReply.id)).toBe(false);
    expect(knowledgeBase.asked.length).toBe(asked + 1);
  });

  it('GIVEN a direct message THEN the answer is posted in the DM channel', async () => {
    const user = { id: snowflake(), username: 'ivan' };
    const message = server.userMessage('When does the harbour open?', { user, inDirectMessage: true });
    const reply = await server.waitForReplyTo(message.id);
    expect(reply.path).toBe(`/channels/${message.channelId}/messages`);
    expect(reply.body.embeds[0].description).toContain('The harbour opens at dawn.');
  });

  it('GIVEN a guild message that does not mention the bot THEN it is ignored', async () => {
    const asked = knowledgeBase.asked.length;
    const ignored = server.userMessage('When does the harbour open?', { user: { id: snowflake(), username: 'judy' } });
    // A mention sent afterwards is answered: by then the first message was handled too.
    const mention = server.userMessage(`<@${server.botUser.id}> When does the harbour open?`, {
      user: { id: snowflake(), username: 'judy' },
      mentionBot: true,
    });
    await server.waitForReplyTo(mention.id);
    expect(server.calls.some((call) => call.body?.message_reference?.message_id === ignored.id)).toBe(false);
    expect(knowledgeBase.asked.length).toBe(asked + 1);
  });

  it('GIVEN DMs over the rate limit THEN the notice follows the language of the DM (no locale in a DM message)', async () => {
    const notices: Record<string, string> = {};
    for (const [language, question] of [
      ['fr', 'Que couvre la coopération ?'],
      ['en', 'When does the harbour open?'],
    ] as const) {
      const user = { id: snowflake(), username: `dm-${language}` };
      for (let i = 0; i < 3; i++)
        await server.waitForReplyTo(server.userMessage(question, { user, inDirectMessage: true }).id);
      const extra = await server.waitForReplyTo(server.userMessage(question, { user, inDirectMessage: true }).id);
      notices[language] = extra.body.content;
    }
    expect(notices.fr).toMatch(/^Vous posez beaucoup de questions : merci d’attendre \d+ s avant la suivante\.$/);
    expect(notices.en).toMatch(/^You are asking a lot of questions: please wait \d+ s before the next one\.$/);
  });

  it('GIVEN a slash command the bot does not have THEN an ephemeral note in the user language instead of silence', async () => {
    const english = server.slashCommand('oldcommand', {}, { user: { id: snowflake(), username: 'olga' } });
    const french = server.slashCommand('ancienne', {}, { user: { id: snowflake(), username: 'odile' }, locale: 'fr' });
    const [inEnglish, inFrench] = [await server.waitForCallback(english), await server.waitForCallback(french)];
    expect(inEnglish.body).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    expect(inEnglish.body.data.content).toMatch(/^Unknown command “\/oldcommand”: .*`\/help`/);
    expect(inFrench.body.data.content).toMatch(/^Commande inconnue « \/ancienne » : .*`\/aide`/);
    expect(logLines.find((line) => line.event === 'unknown_interaction' && line.name === '/oldcommand')).toBeDefined();
  });

  it('GIVEN a click on a button id no command handles THEN an ephemeral note instead of "interaction failed"', async () => {
    const message = server.pastBotMessage({ content: 'an answer from an older version of the bot' });
    for (const customId of ['retired:1', 'ask:sources-v0']) {
      const click = server.clickButton(message, customId, { user: { id: snowflake(), username: 'otto' } });
      const callback = await server.waitForCallback(click);
      expect(callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(callback.body.data.content).toMatch(/^This button or menu no longer works/);
    }
  });

  it('GIVEN discord.js holding a request in its own queue (bucket used up, no 429) THEN a debug line, not a warning', async () => {
    const first = logLines.length;
    const firstCall = server.calls.length;
    server.exhaustBucketOnce('POST', new RegExp(`^/channels/${server.channelId}/messages$`), 0.3);
    const mentions = ['When does the harbour open?', 'Que couvre la coopération ?'].map((question) =>
      server.userMessage(`<@${server.botUser.id}> ${question}`, {
        user: { id: snowflake(), username: 'quinn' },
        mentionBot: true,
      }),
    );
    for (const mention of mentions) await server.waitForReplyTo(mention.id);
    const lines = logLines.slice(first);
    expect(lines.find((line) => line.event === 'discord_request_queued')).toMatchObject({ level: 20, method: 'POST' });
    expect(lines.filter((line) => line.event === 'discord_rate_limited')).toEqual([]);
    // Only this test's calls: the 429 test may have run before.
    expect(server.calls.slice(firstCall).some((call) => call.status === 429)).toBe(false);
  });

  it('GIVEN a real 429 from Discord THEN one warning with the route and the wait', async () => {
    const first = logLines.length;
    server.rateLimitOnce('POST', new RegExp(`^/channels/${server.channelId}/messages$`), 0.2);
    const mention = server.userMessage(`<@${server.botUser.id}> When does the harbour open?`, {
      user: { id: snowflake(), username: 'rita' },
      mentionBot: true,
    });
    await server.waitForReplyTo(mention.id);
    const warnings = logLines.slice(first).filter((line) => line.event === 'discord_rate_limited');
    expect(warnings).toEqual([
      expect.objectContaining({ level: 40, method: 'POST', retryAfterMs: 200, global: false, scope: 'user' }),
    ]);
  });

  it('GIVEN the gateway ends the session (close 1000) THEN the bot identifies again and still answers', async () => {
    const identifies = server.count(2);
    server.closeGateway(1000);
    await waitFor(() => (server.count(2) > identifies ? true : undefined), 'a new IDENTIFY', 20_000);
    const interaction = server.slashCommand(
      'ask',
      { question: 'Que couvre la coopération ?' },
      { user: { id: snowflake(), username: 'kim' } },
    );
    expect((await server.waitForAnswer(interaction)).body.embeds[0].description).toContain('**[1]**');
  });

  it('GIVEN a question by /ask and one by mention THEN one log line each with user, latency and outcome, and never the token', async () => {
    const first = logLines.length;
    const user = { id: snowflake(), username: 'uma' };
    await server.waitForAnswer(server.slashCommand('ask', { question: 'Que couvre la coopération ?' }, { user }));
    const mention = server.userMessage(`<@${server.botUser.id}> Que couvre la coopération ?`, {
      user,
      mentionBot: true,
    });
    await server.waitForReplyTo(mention.id);
    // Another test's last line may still be on its way: only this user's lines count.
    const ofUser = () => logLines.slice(first).filter((line) => line.event === 'question' && line.userId === user.id);
    await waitFor(() => (ofUser().length >= 2 ? true : undefined), 'two question log lines');
    const questions = ofUser();
    expect(questions).toEqual([
      expect.objectContaining({ via: 'slash', userId: user.id, answered: true, latencyMs: expect.any(Number) }),
      expect.objectContaining({ via: 'mention', userId: user.id, answered: true, latencyMs: expect.any(Number) }),
    ]);
    expect(JSON.stringify(logLines)).not.toContain('secret-test-token');
  });
});
