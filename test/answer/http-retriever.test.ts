import { describe, expect, it, onTestFinished } from 'vitest';
import { connectHttpRetriever, serveRetriever, type Fetch } from '../../src/answer/http-retriever.ts';
import { localRetriever, type Retriever } from '../../src/answer/retriever.ts';
import { CitebotError } from '../../src/errors.ts';
import { createFakeIndex, makePassage } from '../support/fake-index.ts';

function hybridIndex() {
  return createFakeIndex(
    [
      makePassage({ path: 'a.md', text: 'Le ministre a rencontré son homologue à Rabat.', section: ['Visite'] }),
      {
        ...makePassage({ path: 'a.md', ordinal: 1, text: 'La coopération vise le terrorisme.', start: 48 }),
        url: 'https://example.org/a',
      },
      makePassage({ path: 'guides/b.txt', text: 'The constructor of the bridge was French.' }),
    ],
    [Float32Array.of(0.6, 0.8), Float32Array.of(1, 0), Float32Array.of(0.1, 0.2)],
  );
}

/** Serves `retriever` on a free port for the current test. */
async function served(retriever: Retriever) {
  const server = await serveRetriever(retriever);
  onTestFinished(() => server.close());
  return server;
}

describe('connectHttpRetriever', () => {
  it('GIVEN a served index THEN search, frequencies (any term spelling) and facets are the in-process ones', async () => {
    const local = localRetriever(hybridIndex());
    const remote = await connectHttpRetriever((await served(local)).url);
    const query = {
      text: 'ministre coopération constructor',
      vector: Float32Array.of(0.3, 0.7),
      limit: 3,
      frequencyTerms: ['ministre', 'constructor', '__proto__'],
    };
    const through = await remote.search(query);
    expect(through).toEqual(await local.search(query));
    expect(through.hits).toHaveLength(3);
    expect(through.documentFrequencies.get('constructor')).toBe(1);
    expect(through.documentFrequencies.get('__proto__')).toBe(0);
    expect(remote.manifest).toEqual({ mode: 'hybrid', passageCount: 3, language: 'auto' });
    expect(await remote.facets({ folder: 'guides' })).toEqual(await local.facets({ folder: 'guides' }));
  });

  it('GIVEN a filter and weights THEN the served retriever receives them as they were sent', async () => {
    const index = hybridIndex();
    const remote = await connectHttpRetriever((await served(localRetriever(index))).url);
    const filter = { documents: ['a.md'], sections: [['Visite']] };
    await remote.search({
      text: 'ministre',
      vector: null,
      limit: 2,
      filter,
      weights: { text: 1, vector: 0 },
      frequencyTerms: [],
    });
    expect(index.queries).toEqual([
      { text: 'ministre', vector: null, limit: 2, filter, weights: { text: 1, vector: 0 } },
    ]);
  });

  it('GIVEN an error with a code on the serving side THEN the client throws that code with its detail', async () => {
    const failing: Retriever = {
      ...localRetriever(hybridIndex()),
      search: async () => {
        throw new CitebotError('INDEX_MODEL_MISMATCH', 'the question vector has 3 dimensions, the index 2');
      },
    };
    const remote = await connectHttpRetriever((await served(failing)).url);
    const searching = remote.search({ text: 'x', vector: Float32Array.of(1, 0, 0), limit: 1, frequencyTerms: [] });
    await expect(searching).rejects.toMatchObject({ code: 'INDEX_MODEL_MISMATCH' });
    await expect(searching).rejects.toThrow(/HTTP 400: the question vector has 3 dimensions, the index 2$/u);
  });

  it('GIVEN nothing listening at the address THEN RETRIEVER_UNREACHABLE naming it', async () => {
    const server = await serveRetriever(localRetriever(hybridIndex()));
    await server.close();
    const connecting = connectHttpRetriever(server.url);
    await expect(connecting).rejects.toMatchObject({ code: 'RETRIEVER_UNREACHABLE' });
    await expect(connecting).rejects.toThrow(server.url);
  });

  it('GIVEN an address that answers something else THEN RETRIEVER_RESPONSE_INVALID', async () => {
    const answering =
      (status: number, text: string): Fetch =>
      async () => ({ ok: status < 300, status, text: async () => text });
    await expect(connectHttpRetriever('http://x', answering(200, '{"hello":1}'))).rejects.toMatchObject({
      code: 'RETRIEVER_RESPONSE_INVALID',
    });
    await expect(connectHttpRetriever('http://x', answering(404, '<html>Not found</html>'))).rejects.toThrow(
      'GET http://x/manifest: HTTP 404, not JSON',
    );
  });
});

describe('serveRetriever', () => {
  it('GIVEN bodies it cannot serve THEN 400 with a code and what is wrong, 404 for another path, and it keeps serving', async () => {
    const { url } = await served(localRetriever(hybridIndex()));
    const post = async (path: string, body: string) => {
      const response = await fetch(`${url}${path}`, { method: 'POST', body });
      return { status: response.status, body: await response.json() };
    };
    expect(await post('/search', 'not json')).toEqual({
      status: 400,
      body: { error: { code: 'RETRIEVER_REQUEST_INVALID', detail: 'the body is not JSON' } },
    });
    const negative = await post('/search', JSON.stringify({ text: 'a', vector: null, limit: -1, frequencyTerms: [] }));
    expect(negative).toMatchObject({ status: 400, body: { error: { code: 'RETRIEVER_REQUEST_INVALID' } } });
    expect(JSON.stringify(negative.body)).toContain('limit');
    const unknown = await post('/facets', JSON.stringify({ filter: { owner: 'me' } }));
    expect(JSON.stringify(unknown.body)).toContain('owner');
    const huge = await post('/search', 'x'.repeat(2 << 20));
    expect(huge.status).toBe(400);
    expect(JSON.stringify(huge.body)).toContain('larger than');
    expect((await post('/drop', '{}')).status).toBe(404);
    expect((await fetch(`${url}/manifest`)).status).toBe(200);
  });
});
