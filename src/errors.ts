/**
 * Every error citebot can raise, in one table. A code is stable (tests, logs and
 * the Discord reply match on it); the message is for people and says what to do.
 *
 * Expected misses (a question the documents do not cover, a file skipped during
 * indexing) are values, not errors: see `Answer.answered` and `SkippedFile`.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: 'The configuration is invalid',
  CORPUS_MISSING: 'The corpus folder does not exist',
  CORPUS_EMPTY: 'The corpus folder has no supported documents (.txt, .md, .html, .pdf)',
  CORPUS_UNREADABLE: 'The corpus folder cannot be read (check its permissions)',
  FILE_UNREADABLE: 'The file could not be read',
  FILE_BINARY: 'The file looks binary, not text',
  FILE_INVALID_UTF8: 'The file is not valid UTF-8',
  FILE_TOO_LARGE: 'The file is larger than the configured limit',
  FILE_EMPTY: 'The file has no text',
  FILE_UNPARSABLE: 'The file could not be parsed',
  FILE_SECRET: 'The file looks like it holds credentials (keys, tokens, passwords) and is never indexed',
  LINK_OUTSIDE_CORPUS: 'The link points outside the corpus folder and is not followed',
  LINK_TO_FOLDER: 'Links to folders are not followed (move or copy the folder into the corpus instead)',
  LINK_LOOP: 'The link is part of a loop of links',
  MODEL_UNAVAILABLE: 'The embedding model could not be loaded',
  INDEX_MISSING: 'No index was found: run `npm run index` first',
  INDEX_CORRUPT: 'The index file is corrupted: rebuild it with `npm run index`',
  INDEX_FORMAT_MISMATCH: 'The index was written by another version of citebot: rebuild it with `npm run index`',
  INDEX_LOCKED: 'Another index build is writing this index',
  INDEX_MODEL_MISMATCH: 'The index was built with another embedding model: rebuild it with `npm run index`',
  RETRIEVER_UNREACHABLE:
    'The search service cannot be reached: check its address and that it runs (npm run serve-index)',
  RETRIEVER_REQUEST_INVALID: 'The search service was sent a request it cannot serve',
  RETRIEVER_RESPONSE_INVALID:
    'The search service answered with something that is not a citebot retriever (check its address)',
  FILTER_NO_MATCH: 'No indexed document or section matches that name (see /sources)',
  QUESTION_EMPTY: 'The question is empty',
  QUESTION_TOO_LONG: 'The question is too long',
  USAGE: 'The command line is invalid',
  DISCORD_LOGIN_FAILED: 'Could not log in to Discord: check DISCORD_TOKEN and DISCORD_API_URL',
  DISCORD_TOKEN_INVALID:
    'Discord refused the bot token (HTTP 401 or gateway close code 4004: it is wrong, ' +
    'or it was reset): copy a new one from the Developer Portal → your application → Bot ' +
    '→ Reset Token into DISCORD_TOKEN, then start again',
  DISCORD_SHARD_INVALID:
    'Discord refused the shard the bot connected as (gateway close code 4010): citebot ' +
    'connects as shard 0 of 1; check that DISCORD_API_URL points at Discord and that no ' +
    'proxy rewrites the connection',
  DISCORD_SHARDING_REQUIRED:
    'Discord requires this bot to use several connections (gateway close code 4011: it ' +
    'is in 2,500 servers or more); citebot opens one connection and does not shard',
  DISCORD_API_VERSION_INVALID:
    'Discord refused the gateway API version (gateway close code 4012): update discord.js ' +
    '(npm update discord.js) and check that DISCORD_API_URL points at Discord',
  DISCORD_INTENTS_INVALID:
    'Discord refused the gateway intents as invalid (gateway close code 4013): this is a bug in citebot, please report it with this line',
  DISCORD_INTENT_DISALLOWED:
    'Discord refused a privileged intent (gateway close code 4014): enable it in the Developer ' +
    'Portal → your application → Bot → Privileged Gateway Intents, or turn off the setting ' +
    'that needs it',
  BUILD_FAILED: 'The index build failed',
  EVAL_SET_INVALID: 'The evaluation question file is invalid',
  EVAL_RUN_INVALID: 'The saved evaluation run is invalid',
  EVAL_RUN_UNWRITABLE: 'The evaluation run cannot be saved (check the folder exists and is writable)',
  INTERNAL_ERROR: 'Unexpected error (a bug in citebot): please report it with the details printed on stderr',
  FEEDBACK_UNAVAILABLE: 'The feedback store cannot be used (check FEEDBACK_DIR and its permissions)',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error with a stable code from {@link ERROR_CODES} and a message meant for the user. */
export class CitebotError extends Error {
  override readonly name = 'CitebotError';
  readonly code: ErrorCode;

  /**
   * @param code - which row of {@link ERROR_CODES} this is.
   * @param detail - what exactly went wrong (file name, limit, key); appended to the table's message.
   */
  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${ERROR_CODES[code]}: ${detail}` : ERROR_CODES[code], options);
    this.code = code;
  }
}

/** True when `code` is a row of {@link ERROR_CODES} (a code that crossed a process boundary). */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** True when `error` is a {@link CitebotError}, optionally with the given code. */
export function isCitebotError(error: unknown, code?: ErrorCode): error is CitebotError {
  return error instanceof CitebotError && (code === undefined || error.code === code);
}

/**
 * What a command prints when it fails: a {@link CitebotError}'s message (it says what to do),
 * else the stack, which is a bug to report.
 */
export function fatalErrorText(error: unknown): string {
  return isCitebotError(error)
    ? error.message
    : error instanceof Error
      ? (error.stack ?? error.message)
      : String(error);
}

/** How {@link runCommand} reports a failure. */
export interface CommandOptions {
  /**
   * Print errors on stdout as `{ "error": { "code", "message" } }` (for `--json` callers, who
   * parse stdout) instead of text on stderr; the exit code is 1 either way.
   */
  readonly jsonErrors?: boolean;
}

/**
 * Runs a command's body (`npm start`, every `npm run` script): the one fatal-error handler.
 * A failure prints {@link fatalErrorText} on stderr (in JSON mode: the code and message on
 * stdout, and the stack of an unexpected error on stderr) and exits 1.
 */
export function runCommand(body: () => Promise<void>, options: CommandOptions = {}): void {
  body().catch((error: unknown) => {
    const known = isCitebotError(error);
    if (options.jsonErrors) {
      const code: ErrorCode = known ? error.code : 'INTERNAL_ERROR';
      const message = known ? error.message : ERROR_CODES.INTERNAL_ERROR;
      process.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
      if (!known) process.stderr.write(`${fatalErrorText(error)}\n`);
    } else {
      process.stderr.write(`${fatalErrorText(error)}\n`);
    }
    process.exit(1);
  });
}
