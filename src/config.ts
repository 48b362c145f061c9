import { availableParallelism } from 'node:os';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { ANSWER_DEFAULTS } from './answer/index.ts';
import type { LinkSettings } from './answer/links.ts';
import { EMBEDDING_DTYPES, HUGGING_FACE_HOST, type EmbeddingDtype } from './embed/types.ts';
import { CitebotError } from './errors.ts';
import type { IndexLanguage } from './index/types.ts';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .positive('must be positive')
    .default(fallback);

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const snowflake = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .refine((value) => value === undefined || /^\d{15,25}$/.test(value), 'must be a Discord id (digits only)')
  .optional();

const snowflakeList = z
  .string()
  .trim()
  .default('')
  .transform((value) => value.split(/[\s,]+/u).filter((id) => id !== ''))
  .refine((ids) => ids.every((id) => /^\d{15,25}$/.test(id)), 'must be Discord channel ids separated by commas');

/** Every setting, its default and its rule. `.env.example` documents the same keys. */
const schema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_URL: z
    .url({ message: 'must be a URL such as https://discord.com/api' })
    .default('https://discord.com/api'),
  CORPUS_DIR: z.string().trim().min(1).default('corpus'),
  INDEX_PATH: z.string().trim().min(1).default('data/index.citebot'),
  INDEX_LANGUAGE: z.enum(['fr', 'en', 'auto'], { message: 'must be fr, en or auto' }).default('auto'),
  EMBEDDING_MODEL: z.string().trim().min(1).default('Xenova/multilingual-e5-small'),
  EMBEDDING_DTYPE: z.enum(EMBEDDING_DTYPES, { message: `must be one of ${EMBEDDING_DTYPES.join(', ')}` }).default('q8'),
  MODEL_DIR: z.string().trim().min(1).default('models'),
  MODEL_CACHE_DIR: z.string().trim().min(1).default('data/model-cache'),
  ALLOW_REMOTE_MODELS: booleanFlag.default(true),
  MODEL_HOST: z
    .url({ message: `must be a URL such as ${HUGGING_FACE_HOST}` })
    .refine((value) => /^https?:\/\//i.test(value), `must be an http(s) URL such as ${HUGGING_FACE_HOST}`)
    .default(HUGGING_FACE_HOST),
  EMBED_BATCH_SIZE: positiveInt(64),
  EMBED_BATCH_TOKENS: positiveInt(4096),
  EMBEDDING_WORKERS: positiveInt(1),
  MAX_FILE_MB: positiveInt(20),
  ANSWER_CHANNEL_IDS: snowflakeList,
  AUTO_ANSWER_UNCOVERED: z.enum(['silent', 'nearest'], { message: 'must be silent or nearest' }).default('silent'),
  WATCH_CORPUS: booleanFlag.default(false),
  WATCH_DEBOUNCE_SECONDS: positiveInt(5),
  RATE_LIMIT_QUESTIONS: positiveInt(5),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt(60),
  ANSWER_MIN_COVERAGE: z.coerce
    .number({ message: 'must be a number' })
    .min(0, 'must be between 0 and 1')
    .max(1, 'must be between 0 and 1')
    .default(ANSWER_DEFAULTS.minCoverage),
  ANSWER_SENTENCE_CANDIDATES: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 10')
    .max(10, 'must be between 0 and 10')
    .default(ANSWER_DEFAULTS.sentenceCandidates),
  ANSWER_VECTOR_THRESHOLD: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === undefined || value === '' ? null : Number(value)))
    .refine(
      (value) => value === null || (Number.isFinite(value) && value >= -1 && value <= 1),
      'must be empty or a cosine between -1 and 1',
    ),
  SOURCE_URL_BASE: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .refine(
      (value) => value === undefined || /^https?:\/\/[^/\s]+/i.test(value),
      'must be an http(s) URL such as https://docs.example.org/',
    )
    .optional(),
  SOURCE_URL_EXTENSIONS: z.enum(['strip', 'html', 'keep'], { message: 'must be strip, html or keep' }).default('strip'),
  SOURCE_ANCHOR_STYLE: z
    .enum(['github', 'mkdocs', 'none'], { message: 'must be github, mkdocs or none' })
    .default('github'),
  FEEDBACK_ENABLED: booleanFlag.default(true),
  FEEDBACK_DIR: z.string().trim().min(1).default('data/feedback'),
  FEEDBACK_RETENTION_DAYS: positiveInt(180),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be a pino level such as info',
    })
    .default('info'),
});

/** Validated settings, with defaults applied. */
export interface Config {
  readonly discord: {
    /** Absent: `npm start` runs the console question loop instead of the bot. */
    readonly token: string | undefined;
    readonly applicationId: string | undefined;
    /** When set, `npm run register` registers commands in this guild only (instant, for development). */
    readonly guildId: string | undefined;
    /** REST base, e.g. `https://discord.com/api`; a proxy or the test server otherwise. */
    readonly apiUrl: string;
    /**
     * Text channels whose new messages, and forum channels whose new posts, are answered
     * without a mention (needs the privileged Message Content intent).
     */
    readonly answerChannelIds: readonly string[];
    /** An auto-detected question the documents do not cover: no reply, or the nearest passages. */
    readonly autoAnswerUncovered: 'silent' | 'nearest';
  };
  /** Rebuild the index after corpus changes (the bot), this long after the last change. */
  readonly watchCorpus: { readonly enabled: boolean; readonly debounceMs: number };
  readonly corpusDir: string;
  readonly indexPath: string;
  readonly language: IndexLanguage;
  readonly embedding: {
    readonly modelId: string;
    /** Weights variant: q8 (default: smaller, faster) or fp32 (maximum fidelity), … */
    readonly dtype: EmbeddingDtype;
    readonly localModelPath: string;
    readonly cacheDir: string;
    readonly allowRemoteModels: boolean;
    /** Where models are downloaded from: the Hugging Face Hub or a mirror with its layout. */
    readonly remoteHost: string;
    /** Most passages per forward pass. */
    readonly batchSize: number;
    /** Most padded tokens per forward pass (passages are sorted by length first). */
    readonly batchTokens: number;
    /** Worker threads embedding passages while indexing (at most one per core); questions use one session. */
    readonly workers: number;
  };
  readonly maxFileBytes: number;
  readonly rateLimit: { readonly questions: number; readonly windowMs: number };
  /** Abstention settings of the answer layer (see `AnswerOptions`). */
  readonly answer: {
    readonly minCoverage: number;
    readonly vectorThreshold: number | null;
    /** Hybrid mode: first-quote candidates compared with the question by meaning (0: none). */
    readonly sentenceCandidates: number;
  };
  /** Where citations link to (see `src/answer/links.ts`). */
  readonly links: LinkSettings;
  /** Helpful / Not helpful buttons and the log of votes and uncovered questions; null when turned off. */
  readonly feedback: { readonly dir: string; readonly retentionDays: number } | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/**
 * Reads the settings from `env` (by default `.env` merged under `process.env`) and
 * validates them. Throws `CONFIG_INVALID` naming every bad key and why.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = readProcessEnv()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new CitebotError('CONFIG_INVALID', problems.join('; '));
  }
  const values = parsed.data;
  return {
    discord: {
      token: values.DISCORD_TOKEN,
      applicationId: values.DISCORD_APPLICATION_ID,
      guildId: values.DISCORD_GUILD_ID,
      apiUrl: values.DISCORD_API_URL.replace(/\/+$/, ''),
      answerChannelIds: values.ANSWER_CHANNEL_IDS,
      autoAnswerUncovered: values.AUTO_ANSWER_UNCOVERED,
    },
    watchCorpus: { enabled: values.WATCH_CORPUS, debounceMs: values.WATCH_DEBOUNCE_SECONDS * 1000 },
    corpusDir: values.CORPUS_DIR,
    indexPath: values.INDEX_PATH,
    language: values.INDEX_LANGUAGE,
    embedding: {
      modelId: values.EMBEDDING_MODEL,
      dtype: values.EMBEDDING_DTYPE,
      localModelPath: values.MODEL_DIR,
      cacheDir: values.MODEL_CACHE_DIR,
      allowRemoteModels: values.ALLOW_REMOTE_MODELS,
      remoteHost: values.MODEL_HOST,
      batchSize: values.EMBED_BATCH_SIZE,
      batchTokens: values.EMBED_BATCH_TOKENS,
      workers: Math.min(values.EMBEDDING_WORKERS, availableParallelism()),
    },
    maxFileBytes: values.MAX_FILE_MB * 1024 * 1024,
    rateLimit: { questions: values.RATE_LIMIT_QUESTIONS, windowMs: values.RATE_LIMIT_WINDOW_SECONDS * 1000 },
    answer: {
      minCoverage: values.ANSWER_MIN_COVERAGE,
      vectorThreshold: values.ANSWER_VECTOR_THRESHOLD,
      sentenceCandidates: values.ANSWER_SENTENCE_CANDIDATES,
    },
    links: {
      base: values.SOURCE_URL_BASE ?? null,
      extensions: values.SOURCE_URL_EXTENSIONS,
      anchors: values.SOURCE_ANCHOR_STYLE,
    },
    feedback: values.FEEDBACK_ENABLED
      ? { dir: values.FEEDBACK_DIR, retentionDays: values.FEEDBACK_RETENTION_DAYS }
      : null,
    logLevel: values.LOG_LEVEL,
  };
}

function readProcessEnv(): Record<string, string | undefined> {
  // `.env` fills only what the real environment leaves unset.
  loadDotenv({ quiet: true });
  return process.env;
}
