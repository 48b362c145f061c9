import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest, WorkerStart } from './session-worker.ts';
import type { LoadProgress, ModelSession } from './session.ts';

const WORKER_MODULE = new URL('./session-worker.ts', import.meta.url).href;
// A worker thread does not inherit tsx's module hooks: it registers them itself before importing the TypeScript module.
const TSX_API = import.meta.resolve('tsx/esm/api');
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_MODULE)}); })`;

/**
 * Starts a worker thread holding one model session (ONNX Runtime runs a session synchronously on the thread that
 * calls it: parallel sessions need threads of their own). The worker keeps the process alive only while a batch is
 * in flight, so a finished build exits without an explicit dispose.
 *
 * @throws Error with the worker's own description when the model cannot be loaded there.
 */
export function startWorkerSession(
  start: WorkerStart,
  onProgress?: (progress: LoadProgress) => void,
): Promise<ModelSession> {
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: start });
  const pending = new Map<number, { resolve: (vectors: Float32Array) => void; reject: (error: unknown) => void }>();
  let nextId = 0;
  let exited: Error | undefined;
  return new Promise((resolve, reject) => {
    const session: ModelSession = {
      dimensions: undefined,
      embed(batch) {
        if (exited) return Promise.reject(exited);
        const id = nextId++;
        if (pending.size === 0) worker.ref();
        return new Promise<Float32Array>((resolveBatch, rejectBatch) => {
          pending.set(id, { resolve: resolveBatch, reject: rejectBatch });
          const request: WorkerRequest = { id, batch };
          worker.postMessage(request);
        });
      },
      async dispose() {
        await worker.terminate();
      },
    };
    const settle = (id: number) => {
      const waiting = pending.get(id);
      pending.delete(id);
      if (pending.size === 0) worker.unref();
      return waiting;
    };
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'progress') onProgress?.(reply.progress);
      else if (reply.type === 'ready') {
        worker.unref();
        resolve({ ...session, dimensions: reply.dimensions });
      } else if (reply.type === 'load-failed') {
        void worker.terminate();
        reject(new Error(reply.error));
      } else if (reply.type === 'embedded') settle(reply.id)?.resolve(reply.vectors);
      else settle(reply.id)?.reject(new Error(reply.error));
    });
    const fail = (error: Error) => {
      exited = error;
      reject(error);
      for (const id of [...pending.keys()]) settle(id)?.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the embedding worker thread exited (code ${code})`)));
  });
}
