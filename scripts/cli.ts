import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CitebotError } from '../src/errors.ts';

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
