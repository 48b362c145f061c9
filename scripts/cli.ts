import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CitebotError, ERROR_CODES, isCitebotError, type ErrorCode } from '../src/errors.ts';

/**
 * Parses `argv` with node's parseArgs, turning its errors into a USAGE error that
 * shows the command's usage line; `--help` prints that line and exits.
 */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: T,
  usage: string,
) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`Usage: ${usage}\n`);
    process.exit(0);
  }
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CitebotError('USAGE', `${error instanceof Error ? error.message : String(error)}\nUsage: ${usage}`);
  }
}

/** How {@link runScript} reports a failure. */
export interface ScriptOptions {
  /**
   * Print errors on stdout as `{ "error": { "code", "message" } }` (for `--json` callers, who
   * parse stdout) instead of text on stderr; the exit code is 1 either way.
   */
  readonly jsonErrors?: boolean;
}

/**
 * Runs a script's body: a CitebotError prints its message and exits 1; anything else prints
 * its stack (on stderr; in JSON mode also as INTERNAL_ERROR on stdout) and exits 1.
 */
export function runScript(body: () => Promise<void>, options: ScriptOptions = {}): void {
  body().catch((error: unknown) => {
    const known = isCitebotError(error);
    if (options.jsonErrors) {
      const code: ErrorCode = known ? error.code : 'INTERNAL_ERROR';
      const message = known ? error.message : ERROR_CODES.INTERNAL_ERROR;
      process.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
      if (!known) process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    } else {
      process.stderr.write(`${known ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    }
    process.exit(1);
  });
}
