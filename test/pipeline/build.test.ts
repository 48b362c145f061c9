import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentsOf } from '../../src/index/contents.ts';
import { loadIndex, readIndexContents, readManifest, saveIndex } from '../../src/index/index.ts';
import { buildIndex, type BuildOptions, type BuildProgress } from '../../src/pipeline/index.ts';
import { createHashingEmbedder } from '../support/fake-embedder.ts';
import { temporaryFolder } from '../support/temp.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'index', 'corpus');
const FILES = ['cuisine.txt', 'maroc-france.md', 'notes/english-report.md'];

/** A private copy of the fixture corpus and an index path next to it. */
async function workspace(): Promise<{ corpusDir: string; outPath: string }> {
  const folder = await temporaryFolder('citebot-build-');
  const corpusDir = join(folder, 'corpus');
  await cp(FIXTURE, corpusDir, { recursive: true });
  return { corpusDir, outPath: join(folder, 'data', 'index.citebot') };
}

function options(space: { corpusDir: string; outPath: string }, overrides: Partial<BuildOptions> = {}): BuildOptions {
  return { ...space, language: 'auto', embedder: createHashingEmbedder(64), maxFileBytes: 1_000_000, ...overrides };
}

describe('buildIndex', () => {
  it('GIVEN a corpus THEN an index on disk that searches in full-text, vector and hybrid modes', async () => {
    const space = await workspace();
    const embedder = createHashingEmbedder(64);
    const progress: BuildProgress[] = [];
    const summary = await buildIndex(options(space, { embedder, onProgress: (event) => progress.push(event) }));

    expect(summary).toMatchObject({
      outPath: space.outPath,
      mode: 'hybrid',
      files: 3,
      addedFiles: 3,
      reusedFiles: 0,
      updatedFiles: 0,
      removedFiles: 0,
      skipped: [],
    });
    expect(summary.fullRebuildReason).toBeUndefined();
    expect(embedder.calls).toBe(summary.passages);
    expect(progress.filter((event) => event.phase === 'read').at(-1)).toEqual({ phase: 'read', done: 3, total: 3 });
    expect(progress.filter((event) => event.phase === 'embed').at(-1)).toEqual({
      phase: 'embed',
      done: summary.passages,
      total: summary.passages,
    });
    expect(progress.at(-1)).toEqual({ phase: 'persist', done: 1, total: 1 });

    const manifest = await readManifest(space.outPath);
    expect(manifest).toMatchObject({
      mode: 'hybrid',
      modelId: 'test/hashing-64',
      dimensions: 64,
      language: 'auto',
      passageCount: summary.passages,
    });
    expect(Object.keys(manifest.files)).toEqual(FILES);
    expect(manifest.files['maroc-france.md']?.title).toBe('Coopération sécuritaire entre le Maroc et la France');

    const index = await loadIndex(space.outPath, { modelId: 'test/hashing-64', dtype: 'fp32' });
    expect(index.passages.map((passage) => passage.path)).toEqual(
      [...index.passages.map((passage) => passage.path)].sort(),
    );
    const fullText = index.search({ text: 'rencontrés', vector: null, limit: 3 });
    expect(fullText[0]?.passage.text).toContain('une rencontre avec son homologue');
    const question = 'Comment prépare-t-on la semoule du couscous ?';
    const vectorHits = index.search({ text: '', vector: await embedder.embedQuery(question), limit: 1 });
    expect(vectorHits[0]?.passage.path).toBe('cuisine.txt');
    const hybrid = index.search({
      text: 'border police smuggling',
      vector: await embedder.embedQuery('border police smuggling'),
      limit: 2,
    });
    expect(hybrid[0]?.passage.path).toBe('notes/english-report.md');
    expect(hybrid[0]?.vectorSimilarity).toBeGreaterThan(0);
  });

  it('GIVEN a hybrid build THEN the manifest holds what similarities mean for its model, reused while nothing changes', async () => {
    const space = await workspace();
    const embedder = createHashingEmbedder(64);
    await buildIndex(options(space, { embedder }));
    const { calibration } = await readManifest(space.outPath);
    expect(calibration?.probes).toBe(embedder.queryCalls);
    expect(calibration?.probes).toBeGreaterThan(0);
    // A probe taken from a passage shares its words; passages of other files share few.
    expect(calibration?.relatedMedian).toBeGreaterThan(calibration?.unrelatedHigh ?? 1);
    expect(calibration?.unrelatedBest).toBeGreaterThanOrEqual(calibration?.unrelatedMedian ?? 1);
    expect(calibration?.threshold).toBe(
      Math.max(calibration?.unrelatedHigh ?? Infinity, calibration?.unrelatedBest ?? Infinity),
    );

    const again = createHashingEmbedder(64);
    await buildIndex(options(space, { embedder: again }));
    expect(again.queryCalls).toBe(0);
    expect((await readManifest(space.outPath)).calibration).toEqual(calibration);
  });

  it('GIVEN an index calibrated before the best unrelated passage was measured THEN an unchanged build measures it, embedding only the probes', async () => {
    const space = await workspace();
    await buildIndex(options(space, { embedder: createHashingEmbedder(64) }));
    const contents = await readIndexContents(space.outPath);
    const { unrelatedBest, ...older } = contents.manifest.calibration ?? expect.fail('no calibration');
    expect(unrelatedBest).toBeDefined();
    await saveIndex(space.outPath, contentsOf({ ...contents.manifest, calibration: older }, contents.database));

    const again = createHashingEmbedder(64);
    await buildIndex(options(space, { embedder: again }));
    expect(again.calls).toBe(0);
    expect(again.queryCalls).toBe(older.probes);
    expect((await readManifest(space.outPath)).calibration?.unrelatedBest).toBe(unrelatedBest);
  });

  it('GIVEN an unchanged corpus THEN the second build reuses every file and embeds nothing', async () => {
    const space = await workspace();
    const first = await buildIndex(options(space));
    const embedder = createHashingEmbedder(64);
    const second = await buildIndex(options(space, { embedder }));
    expect(embedder.calls).toBe(0);
    expect(second).toMatchObject({
      files: 3,
      passages: first.passages,
      reusedFiles: 3,
      addedFiles: 0,
      updatedFiles: 0,
      removedFiles: 0,
    });
    const index = await loadIndex(space.outPath);
    expect(index.search({ text: 'couscoussier', vector: null, limit: 1 })[0]?.passage.path).toBe('cuisine.txt');
  });

  it('GIVEN one modified file THEN only its passages are embedded again', async () => {
    const space = await workspace();
    await buildIndex(options(space));
    await writeFile(join(space.corpusDir, 'cuisine.txt'), 'Le tajine cuit lentement dans un plat en terre.\n');
    const embedder = createHashingEmbedder(64);
    const summary = await buildIndex(options(space, { embedder }));
    expect(summary).toMatchObject({ reusedFiles: 2, updatedFiles: 1, addedFiles: 0, removedFiles: 0 });
    const index = await loadIndex(space.outPath);
    const cuisine = index.passages.filter((passage) => passage.path === 'cuisine.txt');
    expect(embedder.calls).toBe(cuisine.length);
    expect(index.search({ text: 'tajine', vector: null, limit: 1 })[0]?.passage.path).toBe('cuisine.txt');
    expect(index.search({ text: 'couscous', vector: null, limit: 1 })).toEqual([]);
  });

  it('GIVEN a moved file and a file with one sentence appended THEN only the text never embedded before goes to the model', async () => {
    const space = await workspace();
    const first = await buildIndex(options(space));
    const before = await loadIndex(space.outPath);
    const report = before.passages.filter((passage) => passage.path === 'notes/english-report.md');
    await cp(join(space.corpusDir, 'cuisine.txt'), join(space.corpusDir, 'recettes', 'cuisine.txt'), {
      recursive: true,
    });
    await rm(join(space.corpusDir, 'cuisine.txt'));
    await writeFile(
      join(space.corpusDir, 'notes', 'english-report.md'),
      `${report.map((passage) => passage.text).join('\n\n')}\n\n# Appendix\n\nA brand new closing remark.\n`,
    );

    const embedder = createHashingEmbedder(64);
    const summary = await buildIndex(options(space, { embedder }));

    expect(summary).toMatchObject({ addedFiles: 1, removedFiles: 1, updatedFiles: 1, reusedFiles: 1 });
    expect(summary.passages).toBeGreaterThan(first.passages);
    expect(summary.embeddedPassages).toBe(embedder.calls);
    // The appendix is the one new passage: the moved file and the report's old passages keep their vectors.
    expect(embedder.calls).toBe(1);
    const after = await loadIndex(space.outPath);
    const question = await createHashingEmbedder(64).embedQuery('Comment prépare-t-on la semoule du couscous ?');
    expect(after.search({ text: '', vector: question, limit: 1 })[0]?.passage.path).toBe('recettes/cuisine.txt');
  });

  it('GIVEN a deleted file and a new one THEN the deleted one is gone and the new one is added', async () => {
    const space = await workspace();
    await buildIndex(options(space));
    await rm(join(space.corpusDir, 'cuisine.txt'));
    await writeFile(join(space.corpusDir, 'jardin.md'), '# Jardin\n\nLes tomates mûrissent en été.\n');
    const summary = await buildIndex(options(space));
    expect(summary).toMatchObject({ files: 3, reusedFiles: 2, addedFiles: 1, removedFiles: 1 });
    const index = await loadIndex(space.outPath);
    expect(index.passages.some((passage) => passage.path === 'cuisine.txt')).toBe(false);
    expect(Object.keys(index.manifest.files)).toEqual(['jardin.md', 'maroc-france.md', 'notes/english-report.md']);
    expect(index.search({ text: 'tomates', vector: null, limit: 1 })[0]?.passage.path).toBe('jardin.md');
  });

  it('GIVEN a changed and a deleted file THEN the database is updated in place: no removed passage found, scores as a full build', async () => {
    const space = await workspace();
    await buildIndex(options(space));
    const before = await loadIndex(space.outPath);
    const removed = new Set(
      before.passages
        .filter((passage) => passage.path === 'cuisine.txt' || passage.path === 'maroc-france.md')
        .map((passage) => passage.text),
    );
    await rm(join(space.corpusDir, 'cuisine.txt'));
    await writeFile(join(space.corpusDir, 'maroc-france.md'), '# Maroc\n\nLe couscous de Rabat se partage.\n');
    const summary = await buildIndex(options(space));
    expect(summary).toMatchObject({ reusedFiles: 1, updatedFiles: 1, removedFiles: 1 });
    expect(summary.fullRebuildReason).toBeUndefined();

    const fresh = await workspace();
    await rm(join(fresh.corpusDir, 'cuisine.txt'));
    await cp(join(space.corpusDir, 'maroc-france.md'), join(fresh.corpusDir, 'maroc-france.md'));
    await buildIndex(options(fresh));
    const updated = await loadIndex(space.outPath);
    const full = await loadIndex(fresh.outPath);
    expect(updated.manifest.passageCount).toBe(full.manifest.passageCount);
    const embedder = createHashingEmbedder(64);
    for (const text of ['couscous semoule', 'Rabat', 'rencontre homologue sécurité', 'border police', 'légumes']) {
      const vector = await embedder.embedQuery(text);
      for (const query of [
        { text, vector: null, limit: 50 },
        { text, vector, limit: 50 },
      ]) {
        const hits = updated.search(query);
        expect(hits.some((hit) => removed.has(hit.passage.text))).toBe(false);
        const scores = (found: typeof hits) =>
          found.map((hit) => [hit.passage.id, hit.textScore.toFixed(6), hit.vectorSimilarity?.toFixed(6)]).sort();
        expect(scores(hits), text).toEqual(scores(full.search(query)));
      }
    }
  });

  it('GIVEN no embedder THEN a fulltext index, recorded as such and searchable', async () => {
    const space = await workspace();
    const summary = await buildIndex(options(space, { embedder: null }));
    expect(summary.mode).toBe('fulltext');
    const index = await loadIndex(space.outPath, { modelId: 'Xenova/multilingual-e5-small', dtype: 'fp32' });
    expect(index.manifest).toMatchObject({ mode: 'fulltext', modelId: null, dimensions: 0 });
    const hits = index.search({ text: 'terrorisme renseignement', vector: null, limit: 2 });
    expect(hits[0]?.passage.path).toBe('maroc-france.md');
    expect(hits[0]?.vectorSimilarity).toBeNull();
  });

  it('GIVEN a previous index of another mode, model or language THEN a full rebuild that says why', async () => {
    const space = await workspace();
    await buildIndex(options(space, { embedder: null }));
    const hybrid = await buildIndex(options(space));
    expect(hybrid).toMatchObject({ reusedFiles: 0, addedFiles: 3 });
    expect(hybrid.fullRebuildReason).toContain('fulltext mode');
    const otherModel = await buildIndex(options(space, { embedder: createHashingEmbedder(32) }));
    expect(otherModel.fullRebuildReason).toContain('test/hashing-64');
    const french = await buildIndex(options(space, { embedder: createHashingEmbedder(32), language: 'fr' }));
    expect(french.fullRebuildReason).toContain('language auto');
    const quantized = { ...createHashingEmbedder(32), dtype: 'q8' as const };
    const otherDtype = await buildIndex(options(space, { embedder: quantized, language: 'fr' }));
    expect(otherDtype).toMatchObject({ reusedFiles: 0, addedFiles: 3 });
    expect(otherDtype.fullRebuildReason).toContain('in fp32, the configured dtype is q8');
    expect((await readManifest(space.outPath)).dtype).toBe('q8');
  });

  it('GIVEN a corrupt previous index THEN a full rebuild that says why', async () => {
    const space = await workspace();
    await buildIndex(options(space));
    await writeFile(space.outPath, 'garbage');
    const summary = await buildIndex(options(space));
    expect(summary).toMatchObject({ reusedFiles: 0, addedFiles: 3 });
    expect(summary.fullRebuildReason).toContain('corrupted');
  });

  it('GIVEN a folder as the index path THEN CONFIG_INVALID before anything is embedded', async () => {
    const space = await workspace();
    const embedder = createHashingEmbedder(64);
    const outPath = join(space.corpusDir, '..');
    await expect(buildIndex(options({ ...space, outPath }, { embedder }))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    expect(embedder.calls).toBe(0);
  });

  it('GIVEN unusable files THEN they are listed as skipped and the rest is indexed', async () => {
    const space = await workspace();
    await writeFile(join(space.corpusDir, 'empty.txt'), '');
    await writeFile(join(space.corpusDir, 'big.txt'), 'mot '.repeat(300_000));
    const summary = await buildIndex(options(space));
    expect(summary.files).toBe(3);
    expect(summary.skipped.map((file) => [file.path, file.code])).toEqual([
      ['big.txt', 'FILE_TOO_LARGE'],
      ['empty.txt', 'FILE_EMPTY'],
    ]);
  });

  it('GIVEN only unusable files THEN CORPUS_EMPTY with each reason', async () => {
    const folder = await temporaryFolder('citebot-build-');
    const corpusDir = join(folder, 'corpus');
    await cp(FIXTURE, corpusDir, { recursive: true, filter: () => true });
    for (const file of FILES) await writeFile(join(corpusDir, file), '');
    await expect(buildIndex(options({ corpusDir, outPath: join(folder, 'index.citebot') }))).rejects.toMatchObject({
      code: 'CORPUS_EMPTY',
      message: expect.stringMatching(/cuisine\.txt \(FILE_EMPTY.*maroc-france\.md \(FILE_EMPTY/),
    });
  });
});

describe('buildIndex (corpus folder)', () => {
  it('GIVEN a corpus folder that does not exist THEN CORPUS_MISSING and no index is written', async () => {
    const folder = await temporaryFolder('citebot-build-');
    const outPath = join(folder, 'index.citebot');
    await expect(buildIndex(options({ corpusDir: join(folder, 'nowhere'), outPath }))).rejects.toMatchObject({
      code: 'CORPUS_MISSING',
    });
    await expect(readManifest(outPath)).rejects.toMatchObject({ code: 'INDEX_MISSING' });
  });
});
