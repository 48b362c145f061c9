import { spawn } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startBot, type StartBotOptions } from '../../src/discord/index.ts';
import { backoffMs, fatalCloseError, GatewayMonitor } from '../../src/discord/gateway.ts';
import { ERROR_CODES } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { createFakeKnowledgeBase } from '../support/discord-knowledge-base.ts';
import { makePassage } from '../support/fake-index.ts';
import { temporaryFolder } from '../support/temp.ts';
import { FakeDiscord } from './server/fake-discord.ts';
import { waitFor } from './server/wait.ts';

/** The gateway's bad days, with the real discord.js client against the Discord test server. */

const root = path.resolve(import.meta.dirname, '../..');
const passages = [makePassage({ path: 'notes.txt', ordinal: 0, title: 'Notes', text: 'The harbour opens at dawn.' })];

async function discordServer(): Promise<FakeDiscord> {
  const server = await FakeDiscord.start();
  onTestFinished(() => server.close());
  return server;
}

function botOptions(server: FakeDiscord, settings: Record<string, string> = {}) {
  const logLines: any[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  const options: StartBotOptions = {
    config: loadConfig({
      DISCORD_TOKEN: 'gateway-test-token',
      DISCORD_API_URL: server.apiUrl,
      FEEDBACK_ENABLED: 'false',
      ...settings,
    }),
    knowledgeBase: createFakeKnowledgeBase(passages),
    logger: createLogger('debug', sink),
    gatewayRetry: { warnAfterFailures: 3, firstBackoffMs: 20, maxBackoffMs: 100, stableAfterMs: 60_000 },
  };
  return { options, logLines };
}

describe('fatalCloseError', () => {
  const session = { intents: 1 | 512 | 4096, privileged: [] };

  it.each([
    [4004, 'DISCORD_TOKEN_INVALID', /Reset Token into DISCORD_TOKEN/],
    [4010, 'DISCORD_SHARD_INVALID', /shard 0 of 1/],
    [4011, 'DISCORD_SHARDING_REQUIRED', /2,500 servers/],
    [4012, 'DISCORD_API_VERSION_INVALID', /npm update discord\.js/],
    [4013, 'DISCORD_INTENTS_INVALID', /intents 4609/],
    [4014, 'DISCORD_INTENT_DISALLOWED', /Privileged Gateway Intents/],
  ])('GIVEN close code %i THEN %s saying what to do', (closeCode, code, advice) => {
    const error = fatalCloseError(closeCode, session);
    expect(error?.code).toBe(code);
    expect(error?.message).toContain(`close code ${closeCode}`);
    expect(error?.message).toMatch(advice);
  });

  it('GIVEN 4014 and the privileged intents the bot asked for THEN each is named with the setting that needs it', () => {
    const error = fatalCloseError(4014, {
      intents: 33_281,
      privileged: [{ portalName: 'Message Content Intent', neededBy: 'ANSWER_CHANNEL_IDS=42' }],
    });
    expect(error?.message).toBe(
      `${ERROR_CODES.DISCORD_INTENT_DISALLOWED}: the bot asks for the Message Content Intent because of ANSWER_CHANNEL_IDS=42`,
    );
  });

  it.each([1000, 1006, 4000, 4007, 4009])('GIVEN close code %i (discord.js recovers) THEN no error', (closeCode) => {
    expect(fatalCloseError(closeCode, session)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('GIVEN failures in a row THEN no wait before the first attempt, then doubling up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((failures) => backoffMs(failures, 1000, 10_000))).toEqual([
      0, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
  });
});

describe('startBot against a gateway that ends the session', () => {
  it('GIVEN Discord closes with 4004 at login (token reset) THEN start-up fails with DISCORD_TOKEN_INVALID and what to do', async () => {
    const server = await discordServer();
    server.identifyCloseCode = 4004;
    const { options } = botOptions(server);
    await expect(startBot(options)).rejects.toMatchObject({
      code: 'DISCORD_TOKEN_INVALID',
      message: expect.stringMatching(
        /gateway close code 4004.*Developer Portal → your application → Bot → Reset Token/,
      ),
    });
  });

  it('GIVEN REST answers 401 at login (a wrong token) THEN start-up fails with DISCORD_TOKEN_INVALID too', async () => {
    const server = await discordServer();
    server.refuseToken = true;
    const { options } = botOptions(server);
    await expect(startBot(options)).rejects.toMatchObject({ code: 'DISCORD_TOKEN_INVALID' });
    expect(server.count(2)).toBe(0);
  });

  it.each([4004, 4010, 4011, 4012, 4013, 4014])(
    'GIVEN a running bot and Discord closing the session with %i THEN one error line says why and `ended` rejects',
    async (closeCode) => {
      const server = await discordServer();
      const { options, logLines } = botOptions(server);
      const bot = await startBot(options);
      onTestFinished(() => bot.stop());
      server.closeGateway(closeCode);
      const error = await bot.ended.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      const expected = fatalCloseError(closeCode, { intents: 1 | 512 | 4096, privileged: [] });
      expect(error).toMatchObject({ code: expected?.code });
      const errors = logLines.filter((line) => line.level >= 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        event: 'discord_session_ended',
        closeCode,
        code: expected?.code,
        msg: expected?.message,
      });
      expect(logLines.some((line) => line.event === 'bot_stopped')).toBe(true);
    },
  );
});

describe('startBot against a gateway that cannot be reached', () => {
  it('GIVEN the gateway down at start THEN a clear warning while it retries, and the bot starts once it is up', async () => {
    const server = await discordServer();
    server.gatewayDown = true;
    const { options, logLines } = botOptions(server);
    const starting = startBot(options);
    const warning = await waitFor(
      () => logLines.find((line) => line.event === 'gateway_unreachable'),
      'the unreachable-gateway warning',
    );
    expect(warning.level).toBe(40);
    expect(warning.msg).toMatch(
      /^cannot connect to the Discord gateway at ws:\/\/127\.0\.0\.1:\d+\/? yet .*still retrying/,
    );
    server.gatewayDown = false;
    const bot = await starting;
    onTestFinished(() => bot.stop());
    expect(server.count(2)).toBe(1);
  });

  it('GIVEN Discord REST unreachable at start THEN a warning per attempt with a growing wait, and the bot starts once it answers', async () => {
    const server = await discordServer();
    server.restDown = true;
    const { options, logLines } = botOptions(server);
    const starting = startBot(options);
    const warnings = await waitFor(() => {
      const found = logLines.filter((line) => line.event === 'discord_unreachable');
      return found.length >= 3 ? found : undefined;
    }, 'three unreachable warnings');
    expect(warnings.map((line) => line.retryInMs)).toEqual([20, 40, 80]);
    expect(warnings[0].msg).toMatch(/^cannot reach Discord at http:\/\/127\.0\.0\.1:\d+\/api \(\w+\): retrying in/);
    server.restDown = false;
    const bot = await starting;
    onTestFinished(() => bot.stop());
  });

  it('GIVEN a running bot whose gateway keeps failing THEN a warning after N failures in a row, and it connects again once back', async () => {
    const server = await discordServer();
    const { options, logLines } = botOptions(server);
    const bot = await startBot(options);
    onTestFinished(() => bot.stop());
    server.gatewayDown = true;
    const sessions = server.count(2) + server.count(6);
    server.closeGateway(4000);
    const unstable = await waitFor(
      () => logLines.find((line) => line.event === 'gateway_unstable'),
      'the repeated-failure warning',
    );
    expect(unstable).toMatchObject({ level: 40, failures: 3 });
    expect(unstable.msg).toMatch(/failed 3 times in a row: still retrying/);
    server.gatewayDown = false;
    // After network errors discord.js starts a new session rather than resuming.
    await server.waitForSession('the bot to connect again');
    expect(server.count(2) + server.count(6)).toBeGreaterThan(sessions);
  });

  it('GIVEN a session that drops right after READY THEN the new IDENTIFY waits the backoff first', async () => {
    const server = await discordServer();
    const { options } = botOptions(server);
    const bot = await startBot({
      ...options,
      // Above Discord's own 5 s identify spacing, which would otherwise hide the backoff.
      gatewayRetry: { warnAfterFailures: 10, firstBackoffMs: 6000, maxBackoffMs: 60_000, stableAfterMs: 60_000 },
    });
    onTestFinished(() => bot.stop());
    const closedAt = performance.now();
    // 1000: discord.js starts a new session (IDENTIFY) rather than resuming.
    server.closeGateway(1000);
    await waitFor(() => (server.count(2) > 1 ? true : undefined), 'the second IDENTIFY', 20_000);
    const identifiedAt = server.frames.findLast((frame) => frame.direction === 'received' && frame.op === 2)?.at ?? 0;
    expect(identifiedAt - closedAt).toBeGreaterThanOrEqual(6000);
    // Stopped in a settled session, not halfway through the new one.
    await server.waitForAnswer(server.slashCommand('ask', { question: 'When does the harbour open?' }));
  }, 30_000);
});

describe('GatewayMonitor', () => {
  it('GIVEN failures in a row THEN the IDENTIFY wait doubles; a session that stays up resets it', async () => {
    const lines: any[] = [];
    const logger = createLogger(
      'debug',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(
            ...chunk
              .toString()
              .split('\n')
              .filter(Boolean)
              .map((line) => JSON.parse(line)),
          );
          done();
        },
      }),
    );
    const monitor = new GatewayMonitor(logger, () => 'ws://gateway', {
      warnAfterFailures: 2,
      firstBackoffMs: 100,
      maxBackoffMs: 1000,
      stableAfterMs: 30,
    });
    onTestFinished(() => monitor.close());
    monitor.onConnected();
    const waits = [1, 2, 3].map(() => {
      monitor.onReconnecting(0);
      return monitor.identifyDelayMs();
    });
    expect(waits).toEqual([100, 200, 400]);
    expect(lines.map((line) => line.event)).toEqual([
      'gateway_reconnecting',
      'gateway_unstable',
      'gateway_reconnecting',
    ]);
    monitor.onConnected();
    expect(monitor.identifyDelayMs()).toBe(400);
    await waitFor(() => (monitor.identifyDelayMs() === 0 ? true : undefined), 'the failures to reset');
  });
});

describe('npm start when Discord ends the session', () => {
  async function runStart(server: FakeDiscord, whenReady?: () => void) {
    const work = await temporaryFolder();
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'src/main.ts')], {
      cwd: work,
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: 'start-test-token',
        DISCORD_API_URL: server.apiUrl,
        CORPUS_DIR: path.join(import.meta.dirname, 'fixtures/corpus'),
        INDEX_PATH: path.join(work, 'index.citebot'),
        MODEL_DIR: path.join(work, 'models'),
        ALLOW_REMOTE_MODELS: 'false',
        FEEDBACK_ENABLED: 'false',
        LOG_LEVEL: 'info',
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (whenReady && stderr.includes('"event":"bot_ready"')) {
        whenReady();
        whenReady = undefined;
      }
    });
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { code, stderr };
  }

  it('GIVEN the token refused at login (4004) THEN it exits 1 with one line saying to reset the token', async () => {
    const server = await discordServer();
    server.identifyCloseCode = 4004;
    const { code, stderr } = await runStart(server);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toBe(ERROR_CODES.DISCORD_TOKEN_INVALID);
    expect(ERROR_CODES.DISCORD_TOKEN_INVALID).toMatch(/Reset Token into DISCORD_TOKEN, then start again$/);
  }, 60_000);

  it('GIVEN a running bot whose token is reset (4004 during the session) THEN it exits 1 after an error line saying why', async () => {
    const server = await discordServer();
    const { code, stderr } = await runStart(server, () => server.closeGateway(4004));
    expect(code).toBe(1);
    const errors = stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .filter((line) => line.level >= 50);
    expect(errors).toEqual([
      expect.objectContaining({
        event: 'discord_session_ended',
        closeCode: 4004,
        code: 'DISCORD_TOKEN_INVALID',
        msg: ERROR_CODES.DISCORD_TOKEN_INVALID,
      }),
    ]);
  }, 60_000);
});
