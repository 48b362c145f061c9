import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('GIVEN no settings THEN the documented defaults apply and there is no token (console mode)', () => {
    const config = loadConfig({});
    expect(config.discord.token).toBeUndefined();
    expect(config.discord.apiUrl).toBe('https://discord.com/api');
    expect(config.corpusDir).toBe('corpus');
    expect(config.indexPath).toBe('data/index.citebot');
    expect(config.embedding.modelId).toBe('Xenova/multilingual-e5-small');
    expect(config.embedding.dtype).toBe('q8');
    expect(config.embedding).toMatchObject({
      remoteHost: 'https://huggingface.co/',
      batchTokens: 4096,
      batchSize: 64,
      workers: 1,
    });
    expect(config.rateLimit).toEqual({ questions: 5, windowMs: 60_000 });
    expect(config.answer).toEqual({ minCoverage: 0.4, vectorThreshold: null, sentenceCandidates: 3 });
  });

  it('GIVEN answer thresholds THEN they are parsed, and out-of-range ones are named', () => {
    expect(loadConfig({ ANSWER_MIN_COVERAGE: '0.55', ANSWER_VECTOR_THRESHOLD: '0.86' }).answer).toEqual({
      minCoverage: 0.55,
      vectorThreshold: 0.86,
      sentenceCandidates: 3,
    });
    expect(loadConfig({ ANSWER_SENTENCE_CANDIDATES: '0' }).answer.sentenceCandidates).toBe(0);
    expect(() => loadConfig({ ANSWER_SENTENCE_CANDIDATES: '2.5' })).toThrow(
      /ANSWER_SENTENCE_CANDIDATES must be a whole number/,
    );
    expect(loadConfig({ ANSWER_VECTOR_THRESHOLD: '' }).answer.vectorThreshold).toBeNull();
    expect(() => loadConfig({ ANSWER_MIN_COVERAGE: '2' })).toThrow(/ANSWER_MIN_COVERAGE must be between 0 and 1/);
    expect(() => loadConfig({ ANSWER_VECTOR_THRESHOLD: 'high' })).toThrow(
      /ANSWER_VECTOR_THRESHOLD must be empty or a cosine between -1 and 1/,
    );
  });

  it('GIVEN empty optional keys (as copied from .env.example) THEN they count as unset', () => {
    const config = loadConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: '', DISCORD_APPLICATION_ID: ' ' });
    expect(config.discord).toMatchObject({ token: undefined, guildId: undefined, applicationId: undefined });
  });

  it('GIVEN valid values THEN they are typed and normalised', () => {
    const config = loadConfig({
      DISCORD_TOKEN: 'abc.def',
      DISCORD_GUILD_ID: '123456789012345678',
      DISCORD_API_URL: 'http://127.0.0.1:8080/api/',
      ALLOW_REMOTE_MODELS: 'false',
      MAX_FILE_MB: '2',
      INDEX_LANGUAGE: 'en',
      EMBEDDING_DTYPE: 'fp32',
      EMBEDDING_WORKERS: '64',
      MODEL_HOST: 'http://127.0.0.1:9000/models/',
    });
    expect(config.discord.apiUrl).toBe('http://127.0.0.1:8080/api');
    expect(config.embedding.allowRemoteModels).toBe(false);
    expect(config.maxFileBytes).toBe(2 * 1024 * 1024);
    expect(config.language).toBe('en');
    expect(config.embedding.dtype).toBe('fp32');
    // Never more workers than cores (64 asked: as many as this machine has, when it has fewer).
    expect(config.embedding.workers).toBe(Math.min(64, availableParallelism()));
    expect(loadConfig({ EMBEDDING_WORKERS: '1' }).embedding.workers).toBe(1);
    expect(config.embedding.remoteHost).toBe('http://127.0.0.1:9000/models/');
  });

  it('GIVEN several bad keys THEN one CONFIG_INVALID error names each key and what is expected', () => {
    const load = () =>
      loadConfig({
        DISCORD_GUILD_ID: 'my-server',
        RATE_LIMIT_QUESTIONS: '-1',
        INDEX_LANGUAGE: 'de',
        DISCORD_API_URL: 'not a url',
        LOG_LEVEL: 'loud',
        EMBEDDING_DTYPE: 'int4',
        MODEL_HOST: 'ftp://mirror',
      });
    expect(load).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(load).toThrow(/DISCORD_GUILD_ID must be a Discord id/);
    expect(load).toThrow(/RATE_LIMIT_QUESTIONS must be positive/);
    expect(load).toThrow(/INDEX_LANGUAGE must be fr, en or auto/);
    expect(load).toThrow(/EMBEDDING_DTYPE must be one of q8, fp32, fp16, int8, uint8, q4/);
    expect(load).toThrow(/MODEL_HOST must be an http\(s\) URL/);
    expect(load).toThrow(/DISCORD_API_URL must be a URL/);
    expect(load).toThrow(/LOG_LEVEL must be a pino level/);
  });

  it('GIVEN auto-answer and watch settings THEN ids are split on commas, and bad ones are named', () => {
    const config = loadConfig({
      ANSWER_CHANNEL_IDS: '123456789012345678, 223456789012345678',
      AUTO_ANSWER_UNCOVERED: 'nearest',
      WATCH_CORPUS: 'true',
      WATCH_DEBOUNCE_SECONDS: '3',
    });
    expect(config.discord.answerChannelIds).toEqual(['123456789012345678', '223456789012345678']);
    expect(config.discord.autoAnswerUncovered).toBe('nearest');
    expect(config.watchCorpus).toEqual({ enabled: true, debounceMs: 3000 });
    expect(loadConfig({}).discord).toMatchObject({ answerChannelIds: [], autoAnswerUncovered: 'silent' });
    expect(() => loadConfig({ ANSWER_CHANNEL_IDS: 'help' })).toThrow(/ANSWER_CHANNEL_IDS must be Discord channel ids/);
    expect(() => loadConfig({ AUTO_ANSWER_UNCOVERED: 'loud' })).toThrow(
      /AUTO_ANSWER_UNCOVERED must be silent or nearest/,
    );
  });
});
