import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A local stand-in for the Hugging Face Hub: `GET /<model id>/resolve/main/<file>` serves `<root>/<model id>/<file>`.
 */
export interface ModelServer {
  /** Pass as `remoteHost`. */
  readonly url: string;
  /** Paths asked for, in order. */
  readonly requests: string[];
  /** Files whose next full response stops after half of its bytes (the connection is cut); ranges are never cut. */
  readonly interruptNext: Set<string>;
  close(): Promise<void>;
}

export async function startModelServer(root: string): Promise<ModelServer> {
  const requests: string[] = [];
  const interruptNext = new Set<string>();
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    requests.push(path);
    const match = /^\/(.+?)\/resolve\/main\/(.+)$/.exec(path);
    if (!match || path.includes('..')) {
      response.writeHead(404).end();
      return;
    }
    const [, modelId, file] = match;
    readFile(join(root, modelId!, file!)).then(
      (bytes) => {
        // Transformers.js probes a file with `Range: bytes=0-0` once per process: answered as the Hub does
        // (206, the range only), so that probe never uses up an interruption meant for the download.
        const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
        if (range) {
          const start = Number(range[1]);
          const end = Math.min(range[2] === '' ? bytes.length - 1 : Number(range[2]), bytes.length - 1);
          response.writeHead(206, {
            'content-length': end - start + 1,
            'content-range': `bytes ${start}-${end}/${bytes.length}`,
            'content-type': 'application/octet-stream',
          });
          response.end(request.method === 'HEAD' ? undefined : bytes.subarray(start, end + 1));
          return;
        }
        response.writeHead(200, { 'content-length': bytes.length, 'content-type': 'application/octet-stream' });
        if (request.method === 'HEAD') {
          response.end();
        } else if (interruptNext.delete(file!)) {
          response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.destroy());
        } else {
          response.end(bytes);
        }
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    interruptNext,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
