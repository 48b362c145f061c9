import { create, insertMultiple, load, remove, save, search, type AnyOrama, type Results } from '@orama/orama';
import { describe, expect, it } from 'vitest';
import {
  decodeIndexBody,
  encodeIndexFile,
  parseHeader,
  SECTION_NAMES,
  FIXED_HEADER_BYTES,
  bodyStart,
} from '../../src/index/codec.ts';
import { createPassageDatabase, insertPassages } from '../../src/index/database.ts';
import { createPassageTokenizer } from '../../src/index/orama-tokenizer.ts';
import { DocumentMaker, passageSchema, type PassageDocument } from '../../src/index/passage-document.ts';
import { INDEX_FORMAT_VERSION } from '../../src/index/format.ts';
import type { IndexManifest } from '../../src/index/types.ts';
import type { Passage } from '../../src/ingest/index.ts';
import { createHashingEmbedder } from '../support/fake-embedder.ts';
import { makePassage } from '../support/fake-index.ts';

/**
 * Conformance of the project's Orama components (postings index, flat vector scan, documents
 * store) with stock Orama 3.1.18 (default components, the same tokenizer), through Orama's own
 * API on the same small corpus.
 */

const DIMENSIONS = 32;

const PASSAGES: Passage[] = [
  [
    'guides/install.md',
    0,
    'Installation',
    ['Linux'],
    "Installez le paquet avec apt, puis lancez le service. L'installation prend deux minutes.",
  ],
  [
    'guides/install.md',
    1,
    'Installation',
    ['Linux', 'Dépannage'],
    'Si le service ne démarre pas, lisez le journal système.',
  ],
  [
    'guides/install.md',
    2,
    'Installation',
    ['Windows'],
    "Téléchargez l'installateur et suivez l'assistant d'installation.",
  ],
  [
    'guides/config/network.md',
    0,
    'Network settings',
    ['Proxy'],
    'Set the proxy address in the configuration file before starting the service.',
  ],
  [
    'guides/config/network.md',
    1,
    'Network settings',
    ['Firewall'],
    'Open port 8080 on the firewall so that clients can connect.',
  ],
  ['faq.txt', 0, 'FAQ', [], 'La sécurité des données est assurée par un chiffrement de bout en bout.'],
  ['faq.txt', 1, 'FAQ', [], 'Les sauvegardes sont quotidiennes et conservées trente jours.'],
  [
    'notes/report.html',
    0,
    'Annual report',
    ['Security'],
    'Security audits found no critical issue this year; encryption keys were rotated.',
  ],
  [
    'notes/report.html',
    1,
    'Annual report',
    ['Budget'],
    'The budget grew by ten percent, mostly for servers and backups.',
  ],
  [
    'recettes.md',
    0,
    'Recettes',
    ['Plats'],
    'La recette du couscous demande de la semoule, des légumes et du bouillon.',
  ],
].map(([path, ordinal, title, section, text]) =>
  makePassage({
    path: path as string,
    ordinal: ordinal as number,
    title: title as string,
    section: section as string[],
    text: text as string,
  }),
);

const QUERIES = [
  'installation du paquet',
  'service',
  'proxy configuration',
  'sécurité chiffrement',
  'securite',
  'port firewall clients',
  'budget servers',
  'couscous semoule',
  'journal',
  'nothing matches this zeppelin',
];

async function vectorsOf(passages: readonly Passage[]): Promise<Float32Array> {
  const embedder = createHashingEmbedder(DIMENSIONS);
  const vectors = new Float32Array(passages.length * DIMENSIONS);
  (await embedder.embedPassages(passages.map((passage) => passage.text))).forEach((vector, i) =>
    vectors.set(vector, i * DIMENSIONS),
  );
  return vectors;
}

function stockDatabase(passages: readonly Passage[], vectors: Float32Array): AnyOrama {
  const database = create({
    schema: passageSchema(DIMENSIONS),
    components: { tokenizer: createPassageTokenizer('auto') },
  }) as unknown as AnyOrama;
  const maker = new DocumentMaker();
  const analyzer = createPassageTokenizer('auto').analyzer;
  void insertMultiple(
    database,
    passages.map((passage, i) =>
      maker.make(
        passage,
        analyzer.detectLanguage(passage.text) ?? 'und',
        vectors.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS),
      ),
    ) as never,
  );
  return database;
}

function ours(passages: readonly Passage[], vectors: Float32Array): AnyOrama {
  const database = createPassageDatabase('auto', DIMENSIONS);
  insertPassages(database, passages, vectors, DIMENSIONS);
  return database;
}

function run(database: AnyOrama, params: Record<string, unknown>): Results<PassageDocument> {
  return search(database, { limit: 1000, includeVectors: true, ...params } as never) as Results<PassageDocument>;
}

const ids = (results: Results<PassageDocument>): string[] => results.hits.map((hit) => String(hit.id)).sort();

const analyzer = createPassageTokenizer('auto').analyzer;
const termsOf = (passage: Passage): Set<string> =>
  new Set(analyzer.terms(`${passage.title}\n${passage.section.join('\n')}\n${passage.text}`));

describe('Orama with the project components, against stock Orama', () => {
  it('GIVEN the same full-text queries THEN the same passages match, except those stock Orama adds by prefix', async () => {
    const vectors = await vectorsOf(PASSAGES);
    const stock = stockDatabase(PASSAGES, vectors);
    const mine = ours(PASSAGES, vectors);
    let prefixOnly = 0;
    for (const term of QUERIES) {
      const expected = ids(run(stock, { term }));
      const actual = ids(run(mine, { term }));
      const queryTerms = analyzer.terms(term);
      // Ours match whole terms; stock Orama's radix tree (exact: false) also matches terms that start with a query
      // term, and terms a query term starts with (`securit` finds `secur`).
      expect(
        actual.every((id) => expected.includes(id)),
        term,
      ).toBe(true);
      for (const id of expected.filter((id) => !actual.includes(id))) {
        const terms = termsOf(PASSAGES.find((passage) => passage.id === id)!);
        expect(
          queryTerms.some((query) => terms.has(query)),
          `${term}: ${id}`,
        ).toBe(false);
        expect(
          [...terms].some((word) => queryTerms.some((query) => word.startsWith(query) || query.startsWith(word))),
          `${term}: ${id}`,
        ).toBe(true);
        prefixOnly++;
      }
      for (const id of actual)
        expect(queryTerms.some((query) => termsOf(PASSAGES.find((passage) => passage.id === id)!).has(query))).toBe(
          true,
        );
    }
    // 'service' ⊂ … and 'instal' ⊂ 'installateur': the corpus does exercise the prefix difference.
    expect(prefixOnly).toBeGreaterThan(0);
  });

  it('GIVEN where filters (document, folder, section, language, file type) THEN the same passages as stock Orama', async () => {
    const vectors = await vectorsOf(PASSAGES);
    const stock = stockDatabase(PASSAGES, vectors);
    const mine = ours(PASSAGES, vectors);
    const filters = [
      { path: { eq: 'faq.txt' } },
      { path: { in: ['faq.txt', 'recettes.md'] } },
      { fileType: { in: ['md'] } },
      { folders: { containsAll: ['guides'] } },
      { folders: { containsAny: ['guides/config', 'notes'] } },
      { sectionPaths: { containsAll: ['Linux'] } },
      { language: { eq: 'en' } },
      { and: [{ fileType: { eq: 'md' } }, { language: { eq: 'fr' } }] },
    ];
    for (const where of filters) {
      expect(ids(run(mine, { term: '', where })), JSON.stringify(where)).toEqual(ids(run(stock, { term: '', where })));
      expect(ids(run(mine, { term: 'service', where })), JSON.stringify(where)).toEqual(
        ids(run(stock, { term: 'service', where, exact: true })).filter((id) =>
          ids(run(mine, { term: 'service' })).includes(id),
        ),
      );
    }
  });

  it('GIVEN a vector query THEN the same neighbours in the same order as stock Orama', async () => {
    const vectors = await vectorsOf(PASSAGES);
    const stock = stockDatabase(PASSAGES, vectors);
    const mine = ours(PASSAGES, vectors);
    const query = Array.from(vectors.subarray(3 * DIMENSIONS, 4 * DIMENSIONS));
    const params = { mode: 'vector', vector: { value: query, property: 'embedding' }, similarity: -1, limit: 5 };
    expect(run(mine, params).hits.map((hit) => hit.id)).toEqual(run(stock, params).hits.map((hit) => hit.id));
  });

  it('GIVEN facets on path and folders THEN the same counts as stock Orama', async () => {
    const vectors = await vectorsOf(PASSAGES);
    const facets = { path: {}, folders: {} };
    const stock = run(stockDatabase(PASSAGES, vectors), { term: '', facets, limit: 0 }).facets;
    const mine = run(ours(PASSAGES, vectors), { term: '', facets, limit: 0 }).facets;
    expect(mine).toEqual(stock);
    expect(mine?.['folders']?.values).toEqual({ guides: 5, 'guides/config': 2, notes: 2 });
  });
});

describe('remove then search', () => {
  it('GIVEN passages removed THEN no search returns them and the rest score as in a database built without them', async () => {
    const vectors = await vectorsOf(PASSAGES);
    const mine = ours(PASSAGES, vectors);
    const removed = new Set(['guides/install.md#0', 'faq.txt#0', 'notes/report.html#1']);
    for (const id of removed) expect(remove(mine, id)).toBe(true);
    expect(remove(mine, 'faq.txt#0')).toBe(false);
    const keptIndexes = PASSAGES.flatMap((passage, i) => (removed.has(passage.id) ? [] : [i]));
    const kept = keptIndexes.map((i) => PASSAGES[i]!);
    const keptVectors = new Float32Array(kept.length * DIMENSIONS);
    keptIndexes.forEach((i, k) =>
      keptVectors.set(vectors.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS), k * DIMENSIONS),
    );
    const fresh = ours(kept, keptVectors);
    for (const term of QUERIES) {
      const hits = run(mine, { term }).hits;
      expect(
        hits.some((hit) => removed.has(String(hit.id))),
        term,
      ).toBe(false);
      const expected = run(fresh, { term }).hits;
      expect(hits.map((hit) => hit.id)).toEqual(expected.map((hit) => hit.id));
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 5));
      const vector = { value: Array.from(vectors.subarray(0, DIMENSIONS)), property: 'embedding' };
      const hybrid = run(mine, { mode: 'hybrid', term, vector, similarity: -1 }).hits;
      expect(
        hybrid.some((hit) => removed.has(String(hit.id))),
        term,
      ).toBe(false);
    }
    for (const where of [{ path: { eq: 'faq.txt' } }, { folders: { containsAll: ['guides'] } }])
      expect(run(mine, { term: '', where }).hits.some((hit) => removed.has(String(hit.id)))).toBe(false);
    expect(run(mine, { term: '', facets: { path: {} }, limit: 0 }).facets?.['path']?.values['faq.txt']).toBe(1);
  });
});

describe('save then load', () => {
  const manifest = (passageCount: number): IndexManifest => ({
    formatVersion: INDEX_FORMAT_VERSION,
    mode: 'hybrid',
    modelId: 'hashing',
    dimensions: DIMENSIONS,
    language: 'auto',
    builtAt: '2026-01-01T00:00:00.000Z',
    passageCount,
    files: {},
  });

  /** Encodes a database to the index file's bytes and decodes them into a new database, as persist.ts does. */
  function roundTrip(database: AnyOrama, passageCount: number): { bytes: Buffer; loaded: AnyOrama } {
    const bytes = Buffer.concat(encodeIndexFile(manifest(passageCount), save(database)));
    const headerLength = bytes.readUInt32LE(16);
    const header = parseHeader('test', bytes.subarray(FIXED_HEADER_BYTES, FIXED_HEADER_BYTES + headerLength));
    const start = bodyStart(headerLength);
    const sections = Object.fromEntries(
      SECTION_NAMES.map((name) => {
        const [at, length] = header.sections[name];
        return [
          name,
          new Uint8Array(bytes.buffer.slice(bytes.byteOffset + start + at, bytes.byteOffset + start + at + length)),
        ];
      }),
    ) as Parameters<typeof decodeIndexBody>[1];
    const loaded = createPassageDatabase('auto', DIMENSIONS);
    load(loaded, decodeIndexBody(header, sections));
    return { bytes, loaded };
  }

  it('GIVEN a database, also after removals and re-insertions THEN save/load round-trips exactly', async () => {
    const vectors = await vectorsOf(PASSAGES);
    const database = ours(PASSAGES, vectors);
    for (const id of ['guides/install.md#1', 'recettes.md#0']) await remove(database, id);
    insertPassages(database, [PASSAGES[9]!], vectors.subarray(9 * DIMENSIONS), DIMENSIONS);
    const { bytes, loaded } = roundTrip(database, PASSAGES.length - 1);
    expect(roundTrip(loaded, PASSAGES.length - 1).bytes.equals(bytes)).toBe(true);
    for (const term of QUERIES) {
      const before = run(database, { term }).hits.map((hit) => [hit.id, hit.score, hit.document.text]);
      expect(run(loaded, { term }).hits.map((hit) => [hit.id, hit.score, hit.document.text])).toEqual(before);
    }
    const vector = { value: Array.from(vectors.subarray(0, DIMENSIONS)), property: 'embedding' };
    const params = { mode: 'hybrid', term: 'service installation', vector, similarity: -1 };
    expect(run(loaded, params).hits.map((hit) => [hit.id, hit.score])).toEqual(
      run(database, params).hits.map((hit) => [hit.id, hit.score]),
    );
    expect(run(loaded, { term: '' }).hits.map((hit) => hit.document)).toEqual(
      run(database, { term: '' }).hits.map((hit) => hit.document),
    );
  });

  it('GIVEN passages inserted into a loaded database THEN it searches and saves exactly as one built with all of them at once', async () => {
    const vectors = await vectorsOf(PASSAGES);
    const first = PASSAGES.slice(0, 6);
    const { loaded } = roundTrip(ours(first, vectors), first.length);
    insertPassages(loaded, PASSAGES.slice(6), vectors.subarray(6 * DIMENSIONS), DIMENSIONS);
    const whole = ours(PASSAGES, vectors);
    for (const term of QUERIES) {
      const expected = run(whole, { term }).hits.map((hit) => [hit.id, hit.score]);
      expect(
        run(loaded, { term }).hits.map((hit) => [hit.id, hit.score]),
        term,
      ).toEqual(expected);
    }
    expect(roundTrip(loaded, PASSAGES.length).bytes.equals(roundTrip(whole, PASSAGES.length).bytes)).toBe(true);
  });
});
