/**
 * A worker thread holding one model session (see {@link startWorkerSession}): loads it from `workerData`, then
 * embeds the token batches it is sent, one at a time, and sends the vectors back (transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  applyEnvironment,
  describeError,
  loadModelSession,
  type LoadProgress,
  type ModelEnvironment,
  type SessionOptions,
  type TokenBatch,
} from './session.ts';

/** What the worker is started with. */
export interface WorkerStart {
  readonly environment: ModelEnvironment;
  readonly session: SessionOptions;
}

/** Messages from the worker. */
export type WorkerReply =
  | { readonly type: 'progress'; readonly progress: LoadProgress }
  | { readonly type: 'ready'; readonly dimensions: number | undefined }
  | { readonly type: 'load-failed'; readonly error: string }
  | { readonly type: 'embedded'; readonly id: number; readonly vectors: Float32Array }
  | { readonly type: 'embed-failed'; readonly id: number; readonly error: string };

/** A batch to embed. */
export interface WorkerRequest {
  readonly id: number;
  readonly batch: TokenBatch;
}

const port = parentPort;
if (port) {
  const start = workerData as WorkerStart;
  const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  applyEnvironment(start.environment);
  loadModelSession(start.session, (progress) =>
    reply({
      type: 'progress',
      progress: {
        status: progress.status,
        ...(progress.file === undefined ? {} : { file: progress.file }),
        ...(progress.loaded === undefined ? {} : { loaded: progress.loaded }),
        ...(progress.total === undefined ? {} : { total: progress.total }),
      },
    }),
  ).then(
    (session) => {
      port.on('message', (request: WorkerRequest) => {
        session.embed(request.batch).then(
          (vectors) => reply({ type: 'embedded', id: request.id, vectors }, [vectors.buffer as ArrayBuffer]),
          (error: unknown) => reply({ type: 'embed-failed', id: request.id, error: describeError(error) }),
        );
      });
      reply({ type: 'ready', dimensions: session.dimensions });
    },
    // An Error's causes do not survive postMessage: the worker sends their text.
    (error: unknown) => reply({ type: 'load-failed', error: describeError(error) }),
  );
}
