import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config } from '../config.ts';
import { CitebotError, isErrorCode } from '../errors.ts';
import type { BuildProgress, BuildSummary } from './build.ts';

/** What to build (the configuration supplies the rest: language, model, limits). */
export interface BuildRequest {
  readonly corpusDir: string;
  readonly outPath: string;
  /** Full-text only, without loading the model. */
  readonly withoutModel?: boolean;
}

/** What the build child tells its parent. */
export type BuildChildMessage =
  | { readonly type: 'progress'; readonly progress: BuildProgress }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'done'; readonly summary: BuildSummary }
  | { readonly type: 'failed'; readonly code: string | null; readonly message: string };

/** Callbacks of a build run in a child process. */
export interface BuildListener {
  readonly onProgress?: (progress: BuildProgress) => void;
  readonly onWarning?: (message: string) => void;
}

const CHILD_MODULE = fileURLToPath(new URL('./build-child.ts', import.meta.url));
// The child runs TypeScript like the parent: through tsx, found from this package wherever it is started.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Runs the incremental build (`npm run index`) in a child process, so that parsing,
 * embedding and writing never block the bot's event loop, and resolves with the summary.
 * A failure comes back as the same CitebotError the build raised (or BUILD_FAILED when the
 * child died without one).
 */
export function runBuildInChildProcess(
  config: Config,
  request: BuildRequest,
  listener: BuildListener = {},
): Promise<BuildSummary> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD_MODULE, [], {
      execArgv: ['--import', TSX_LOADER],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let settled = false;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      // The last lines are enough to say why a child died.
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('message', (raw) => {
      const message = raw as BuildChildMessage;
      if (message.type === 'progress') listener.onProgress?.(message.progress);
      else if (message.type === 'warning') listener.onWarning?.(message.message);
      else if (message.type === 'done') {
        settled = true;
        resolve(message.summary);
      } else {
        settled = true;
        reject(
          message.code !== null && isErrorCode(message.code)
            ? Object.assign(new CitebotError(message.code), { message: message.message })
            : new CitebotError('BUILD_FAILED', message.message),
        );
      }
    });
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(new CitebotError('BUILD_FAILED', error.message, { cause: error }));
    });
    child.on('exit', (code, signal) => {
      if (settled) return;
      settled = true;
      reject(new CitebotError('BUILD_FAILED', `the build process exited (${signal ?? code}): ${stderr.trim()}`));
    });
    child.send({ config, build: request });
  });
}

/** The outcome of {@link BuildQueue.start}. */
export type BuildStart =
  | { readonly started: true; readonly summary: Promise<BuildSummary> }
  | { readonly started: false; readonly reason: 'busy' };

/**
 * One build at a time: `start` runs `build` unless one is running, in which case it says
 * so (a second `/reindex`), and `startOrQueue` runs one more build after the current one
 * (corpus changes during a build).
 */
export class BuildQueue {
  private running: Promise<BuildSummary> | undefined;
  private queued: Promise<BuildSummary | undefined> | undefined;

  constructor(private readonly build: (listener: BuildListener) => Promise<BuildSummary>) {}

  /** True while a build runs. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  start(listener: BuildListener = {}): BuildStart {
    if (this.running) return { started: false, reason: 'busy' };
    const summary = this.build(listener).finally(() => {
      this.running = undefined;
    });
    this.running = summary;
    return { started: true, summary };
  }

  /** Starts a build now, or once after the running one (several calls meanwhile make one build). */
  startOrQueue(listener: BuildListener = {}): Promise<BuildSummary | undefined> {
    if (!this.running) {
      const start = this.start(listener);
      return start.started ? start.summary : Promise.resolve(undefined);
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.startOrQueue(listener);
      });
    return this.queued;
  }

  /** Waits for the running and queued builds (at shutdown). */
  async idle(): Promise<void> {
    await this.queued?.catch(() => undefined);
    await this.running?.catch(() => undefined);
  }
}
