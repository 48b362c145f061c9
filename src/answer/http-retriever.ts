import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { CitebotError, ERROR_CODES, isCitebotError, isErrorCode, type ErrorCode } from '../errors.ts';
import { Analyzer } from '../index/tokenizer.ts';
import type { Passage } from '../ingest/types.ts';
import type { PassageFacets, PassageFilter, SearchHit } from '../index/types.ts';
import type { Retrieval, RetrievalQuery, Retriever } from './retriever.ts';

/**
 * A {@link Retriever} over HTTP: {@link serveRetriever} serves one (`npm run serve-index` serves an index file) and
 * {@link connectHttpRetriever} is the same interface in another process. It exists to show that the interface is
 * remote-ready — a question costs one POST /search, `/sources` one POST /facets, the manifest is read once — and to
 * pin the wire format an engine adapter would follow; JSON numbers round-trip doubles exactly, so answers through it
 * are the in-process ones. Not a production search service: no authentication, one index, no reload.
 */

/** What GET /manifest returns: the retriever's manifest (the analyser is built from `language`). */
type WireManifest = Retriever['manifest'];

/** A hit on the wire: the passage's own fields only (not the filter values the database keeps next to them). */
interface WireHit {
  readonly passage: Passage;
  readonly score: number;
  readonly textScore: number;
  readonly vectorSimilarity: number | null;
}

/** What POST /search returns. */
interface WireRetrieval {
  readonly hits: readonly WireHit[];
  /** `[term, passages]` pairs: a JSON object would make `constructor` or `__proto__` a term like no other. */
  readonly documentFrequencies: ReadonlyArray<readonly [string, number]>;
}

/** An error on the wire: a code of src/errors.ts and what went wrong. */
interface WireError {
  readonly error: { readonly code: ErrorCode; readonly detail: string };
}

const PASSAGE_FIELDS = [
  'id',
  'path',
  'title',
  'section',
  'text',
  'start',
  'end',
  'lineStart',
  'lineEnd',
  'sentenceStarts',
  'lineAnchors',
  'sentenceKinds',
  'url',
  'anchor',
] as const satisfies ReadonlyArray<keyof Passage>;
// A field added to Passage must be added above, or it would be lost on the wire: this fails to compile until it is.
const everyPassageField: Exclude<keyof Passage, (typeof PASSAGE_FIELDS)[number]> extends never ? true : never = true;
void everyPassageField;

/** Largest request body the server reads (a question, its vector and its terms take a few kilobytes). */
const MAX_REQUEST_BYTES = 1 << 20;
/** Most terms, hits and filter values one request may ask for. */
const MAX_ITEMS = 10_000;

const stringList = z.array(z.string()).max(MAX_ITEMS);
const filterSchema = z.strictObject({
  documents: stringList.optional(),
  sections: z.array(stringList).max(MAX_ITEMS).optional(),
  folder: z.string().optional(),
  languages: stringList.optional(),
  fileTypes: stringList.optional(),
});
const searchSchema = z.strictObject({
  text: z.string().max(MAX_REQUEST_BYTES),
  vector: z.array(z.number()).max(MAX_ITEMS).nullable(),
  limit: z.int().min(0).max(MAX_ITEMS),
  weights: z.strictObject({ text: z.number(), vector: z.number() }).optional(),
  filter: filterSchema.optional(),
  frequencyTerms: stringList,
});
const facetsSchema = z.strictObject({ filter: filterSchema.optional() });

/** A running {@link serveRetriever}. */
export interface RetrieverServer {
  /** `http://host:port`, the port the system chose when 0 was asked. */
  readonly url: string;
  /** Stops accepting requests and resolves once the open connections are closed. */
  close(): Promise<void>;
}

/** Where {@link serveRetriever} listens. */
export interface RetrieverServerOptions {
  /** Default 127.0.0.1: the server has no authentication, so it is not reachable from elsewhere unless asked. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
}

/**
 * Serves `retriever` over HTTP: GET /manifest, POST /search (a {@link RetrievalQuery} with the vector as an array →
 * the hits and `[term, passages]` pairs), POST /facets (`{ filter? }` → {@link PassageFacets}). A bad request is
 * answered 400 with `{ error: { code, detail } }`, an unknown path 404, a failure 500; the server keeps serving.
 */
export async function serveRetriever(
  retriever: Retriever,
  options: RetrieverServerOptions = {},
): Promise<RetrieverServer> {
  const server = createServer((request, response) => {
    void respond(retriever, request, response);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections of a client would hold close() open until they time out.
        server.closeIdleConnections();
      }),
  };
}

async function respond(retriever: Retriever, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const route = `${request.method ?? ''} ${new URL(request.url ?? '/', 'http://localhost').pathname}`;
    if (route === 'GET /manifest') {
      const { mode, passageCount, calibration, language } = retriever.manifest;
      send(response, 200, { mode, passageCount, language, ...(calibration === undefined ? {} : { calibration }) });
    } else if (route === 'POST /search') {
      const query = parse(searchSchema, await readBody(request));
      const { vector, filter, weights, ...rest } = query;
      const retrieval = await retriever.search({
        ...rest,
        vector: vector === null ? null : Float32Array.from(vector),
        ...(filter === undefined ? {} : { filter: withoutUndefined(filter) }),
        ...(weights === undefined ? {} : { weights }),
      });
      send(response, 200, toWire(retrieval));
    } else if (route === 'POST /facets') {
      const { filter } = parse(facetsSchema, await readBody(request));
      send(response, 200, await retriever.facets(filter === undefined ? undefined : withoutUndefined(filter)));
    } else {
      fail(
        response,
        404,
        'RETRIEVER_REQUEST_INVALID',
        `no endpoint ${route} (GET /manifest, POST /search, POST /facets)`,
      );
    }
  } catch (error) {
    // A coded error is the request's (a bad body, a vector of another model): the client gets its code.
    if (isCitebotError(error)) fail(response, 400, error.code, detailOf(error));
    else fail(response, 500, 'INTERNAL_ERROR', error instanceof Error ? error.message : String(error));
  }
}

/** A {@link CitebotError}'s message without its table row, which the client's own error puts back. */
function detailOf(error: CitebotError): string {
  const row = ERROR_CODES[error.code];
  return error.message.startsWith(`${row}: `) ? error.message.slice(row.length + 2) : error.message;
}

function toWire(retrieval: Retrieval): WireRetrieval {
  return {
    hits: retrieval.hits.map((hit) => ({
      passage: passageFields(hit.passage),
      score: hit.score,
      textScore: hit.textScore,
      vectorSimilarity: hit.vectorSimilarity,
    })),
    documentFrequencies: [...retrieval.documentFrequencies],
  };
}

function passageFields(passage: Passage): Passage {
  const fields: Record<string, unknown> = {};
  for (const field of PASSAGE_FIELDS) if (passage[field] !== undefined) fields[field] = passage[field];
  return fields as unknown as Passage;
}

/** Zod's optional fields are `T | undefined`; a {@link PassageFilter} leaves absent fields out. */
function withoutUndefined(filter: z.infer<typeof filterSchema>): PassageFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

function parse<T>(schema: z.ZodType<T>, body: string): T {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new CitebotError('RETRIEVER_REQUEST_INVALID', 'the body is not JSON');
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CitebotError('RETRIEVER_REQUEST_INVALID', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  return result.data;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  // A body too large is read to its end but not kept: refusing it mid-upload would reset the client's connection
  // before it reads why.
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
  }
  if (size > MAX_REQUEST_BYTES)
    throw new CitebotError('RETRIEVER_REQUEST_INVALID', `the body is larger than ${MAX_REQUEST_BYTES} bytes`);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function fail(response: ServerResponse, status: number, code: ErrorCode, detail: string): void {
  const body: WireError = { error: { code, detail } };
  send(response, status, body);
}

/** How {@link connectHttpRetriever} talks HTTP: the global `fetch`, or a fake in tests. */
export type Fetch = (
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
) => Promise<{
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}>;

/**
 * The {@link Retriever} served at `url` by {@link serveRetriever}: reads its manifest once (RETRIEVER_UNREACHABLE
 * when nothing answers, RETRIEVER_RESPONSE_INVALID when what answers is not a citebot retriever), then costs one
 * request per search or facets call. Terms are analysed here, by an analyser for the served index's language: the
 * same analysis as the server's (see {@link Retriever.terms}).
 */
export async function connectHttpRetriever(url: string, fetchImpl: Fetch = fetch): Promise<Retriever> {
  const base = url.replace(/\/+$/u, '');
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    let response: Awaited<ReturnType<Fetch>>;
    let text: string;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      text = await response.text();
    } catch (error) {
      throw new CitebotError(
        'RETRIEVER_UNREACHABLE',
        `${base}: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CitebotError(
        'RETRIEVER_RESPONSE_INVALID',
        `${method} ${base}${path}: HTTP ${response.status}, not JSON`,
      );
    }
    if (!response.ok) {
      const error = (json as Partial<WireError>).error;
      const code =
        typeof error?.code === 'string' && isErrorCode(error.code) ? error.code : 'RETRIEVER_RESPONSE_INVALID';
      throw new CitebotError(code, `${method} ${base}${path}: HTTP ${response.status}: ${error?.detail ?? text}`);
    }
    return json;
  };

  const manifest = checkManifest(await call('GET', '/manifest'), base);
  const analyzer = new Analyzer(manifest.language);
  return {
    manifest,
    terms: (text) => analyzer.terms(text),
    async search(query: RetrievalQuery): Promise<Retrieval> {
      const body = { ...query, vector: query.vector === null ? null : Array.from(query.vector) };
      const wire = (await call('POST', '/search', body)) as Partial<WireRetrieval>;
      if (!Array.isArray(wire.hits) || !Array.isArray(wire.documentFrequencies))
        throw new CitebotError('RETRIEVER_RESPONSE_INVALID', `POST ${base}/search: no hits or documentFrequencies`);
      return { hits: wire.hits as SearchHit[], documentFrequencies: new Map(wire.documentFrequencies) };
    },
    async facets(filter?: PassageFilter): Promise<PassageFacets> {
      return (await call('POST', '/facets', filter === undefined ? {} : { filter })) as PassageFacets;
    },
  };
}

function checkManifest(json: unknown, base: string): WireManifest {
  const manifest = json as Partial<WireManifest>;
  const valid =
    (manifest.mode === 'hybrid' || manifest.mode === 'fulltext') &&
    typeof manifest.passageCount === 'number' &&
    (manifest.language === 'fr' || manifest.language === 'en' || manifest.language === 'auto');
  if (!valid) throw new CitebotError('RETRIEVER_RESPONSE_INVALID', `GET ${base}/manifest: not a citebot manifest`);
  return manifest as WireManifest;
}
