/**
 * `npm run serve-index -- [--index PATH] [--host HOST] [--port PORT]`: serves an index file as a retriever over HTTP
 * (src/answer/http-retriever.ts), so that answers can be made in another process with `connectHttpRetriever`. It
 * shows the answer layer's Retriever interface working out of process; it is not a production search service (no
 * authentication, no reload: restart it after `npm run index`). Prints the address, then serves until stopped.
 */
import { localRetriever, serveRetriever } from '../src/answer/index.ts';
import { loadConfig } from '../src/config.ts';
import { CitebotError, runCommand } from '../src/errors.ts';
import { loadIndex } from '../src/index/index.ts';
import { parseCommandLine } from './cli.ts';

const USAGE = 'npm run serve-index -- [--index PATH] [--host HOST] [--port PORT]';

runCommand(async () => {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    { index: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' } },
    USAGE,
  );
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new CitebotError('USAGE', `--port must be a port number (0 for any free one)\nUsage: ${USAGE}`);
  const indexPath = values.index ?? loadConfig().indexPath;
  const index = await loadIndex(indexPath);
  const server = await serveRetriever(localRetriever(index), {
    port,
    ...(values.host === undefined ? {} : { host: values.host }),
  });
  process.stdout.write(`serving ${indexPath} (${index.manifest.passageCount} passages) at ${server.url}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
