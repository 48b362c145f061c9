import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (one object per line) on stderr, so stdout stays clean for
 * `--json` output and the console question loop. Token-like fields are redacted.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['token', '*.token', 'config.discord.token', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
    },
    pino.destination ? (destination as pino.DestinationStream) : destination,
  );
}
