/**
 * The child process of {@link runBuildInChildProcess}: receives the configuration and the
 * build options over IPC, runs the incremental build, and reports progress, warnings and the
 * summary (or the error) back. Only run by `fork`.
 */
import { setPriority } from 'node:os';
import type { Config } from '../config.ts';
import { isCitebotError } from '../errors.ts';
import { indexCorpus } from './index-corpus.ts';
import type { BuildChildMessage, BuildRequest } from './build-process.ts';

const send = (message: BuildChildMessage) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));

// A background build must not slow the bot's answers: this thread, and the embedding worker threads it starts
// (Linux threads inherit their creator's niceness), run at a lower priority than the bot.
try {
  setPriority(10);
} catch {
  // Not permitted here (some containers): the build runs at normal priority.
}

process.once('message', (raw) => {
  const request = raw as { readonly config: Config; readonly build: BuildRequest };
  void (async () => {
    try {
      const summary = await indexCorpus(request.config, {
        corpusDir: request.build.corpusDir,
        outPath: request.build.outPath,
        ...(request.build.withoutModel ? { embedder: null } : {}),
        onProgress: (progress) => void send({ type: 'progress', progress }),
        warn: (message) => void send({ type: 'warning', message }),
      });
      await send({ type: 'done', summary });
    } catch (error) {
      await send({
        type: 'failed',
        code: isCitebotError(error) ? error.code : null,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    process.disconnect();
  })();
});
