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
  INDEX_MODEL_MISMATCH: 'The index was built with another embedding model: rebuild it with `npm run index`',
  FILTER_NO_MATCH: 'No indexed document or section matches that name (see /sources)',
  QUESTION_EMPTY: 'The question is empty',
  QUESTION_TOO_LONG: 'The question is too long',
  USAGE: 'The command line is invalid',
  DISCORD_LOGIN_FAILED: 'Could not log in to Discord: check DISCORD_TOKEN and DISCORD_API_URL',
  DISCORD_INTENT_DISALLOWED:
    'Discord refused the Message Content intent (gateway close code 4014), which ANSWER_CHANNEL_IDS needs: enable it in the Developer Portal → your application → Bot → Privileged Gateway Intents → Message Content Intent, or empty ANSWER_CHANNEL_IDS',
  BUILD_FAILED: 'The index build failed',
  EVAL_SET_INVALID: 'The evaluation question file is invalid',
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
