import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { PassageIndex } from '../../src/index/types.ts';
import { buildIndex, openKnowledgeBase } from '../../src/pipeline/index.ts';
import { createHashingEmbedder } from '../support/fake-embedder.ts';
import { temporaryFolder } from '../support/temp.ts';

const silent = pino({ level: 'silent' });

async function corpusWith(files: Record<string, string>) {
  const folder = await temporaryFolder();
  const corpusDir = path.join(folder, 'corpus');
  await mkdir(corpusDir);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(corpusDir, name), text);
  return { folder, corpusDir, indexPath: path.join(folder, 'index.citebot') };
}

/** Builds a full-text index of the space's corpus, as `npm run index` does without a model. */
async function buildFullText(space: { corpusDir: string; indexPath: string }) {
  return buildIndex({
    corpusDir: space.corpusDir,
    outPath: space.indexPath,
    language: 'auto',
    embedder: null,
    maxFileBytes: 1_000_000,
  });
}

/** Resolves with the next index the knowledge base swaps in. */
function nextReload(): { onReload: (index: PassageIndex) => void; reloaded: Promise<PassageIndex> } {
  let resolve: (index: PassageIndex) => void = () => {};
  const reloaded = new Promise<PassageIndex>((done) => (resolve = done));
  return { onReload: (index) => resolve(index), reloaded };
}

describe('openKnowledgeBase', () => {
  it('GIVEN French documents and an English question sharing none of their words THEN the reply says they are French', async () => {
    const space = await corpusWith({
      'phare.txt': 'Le phare de Cordouan guide les navires depuis le seizième siècle. Il est classé depuis 1862.\n',
      'port.txt': 'Le port de Bordeaux accueille les bateaux de croisière sur la Garonne.\n',
    });
    await buildFullText(space);
    const knowledgeBase = await openKnowledgeBase({
      indexPath: space.indexPath,
      embedder: null,
      logger: silent,
      watch: false,
    });
    const answer = await knowledgeBase.ask('Which ships are allowed to enter the harbour at night?');
    expect(answer.answered).toBe(false);
    expect(answer.documentsLanguage).toBe('fr');
    expect(
      (await knowledgeBase.ask('Quels bateaux entrent la nuit au port de Bordeaux ?')).documentsLanguage,
    ).toBeUndefined();
    await knowledgeBase.close();
  });

  it('GIVEN a corpus file edited since indexing THEN its stale quote is not shown', async () => {
    const space = await corpusWith({
      'phare.txt': 'Le phare de Cordouan guide les navires depuis le seizième siècle.\n',
    });
    await buildFullText(space);
    const knowledgeBase = await openKnowledgeBase({
      indexPath: space.indexPath,
      embedder: null,
      logger: silent,
      watch: false,
      corpusDir: space.corpusDir,
    });
    expect((await knowledgeBase.ask('Que guide le phare de Cordouan ?')).answered).toBe(true);

    await writeFile(path.join(space.corpusDir, 'phare.txt'), 'Texte entièrement réécrit depuis.\n');
    const stale = await knowledgeBase.ask('Que guide le phare de Cordouan ?');
    expect(stale.answered).toBe(false);
    await knowledgeBase.close();
  });

  it('GIVEN a rebuilt index, then a corrupt one, written while serving THEN the first is swapped in (answers and facets) and the second rejected', async () => {
    const space = await corpusWith({
      'phare.txt': 'Le phare de Cordouan guide les navires depuis le seizième siècle.\n',
    });
    await buildFullText(space);
    const swap = nextReload();
    const rejections: unknown[] = [];
    const knowledgeBase = await openKnowledgeBase({
      indexPath: space.indexPath,
      embedder: null,
      logger: silent,
      watch: true,
      pollIntervalMs: 20,
      onReload: swap.onReload,
      onReloadError: (error) => rejections.push(error),
    });
    expect((await knowledgeBase.ask('Où se trouve la criée du port ?')).answered).toBe(false);
    expect((await knowledgeBase.retriever().facets()).documents).toEqual({ 'phare.txt': 1 });

    await writeFile(
      path.join(space.corpusDir, 'port.txt'),
      'La criée du port se trouve sur le quai nord, près de la capitainerie.\n',
    );
    await buildFullText(space);
    await swap.reloaded;
    expect((await knowledgeBase.ask('Où se trouve la criée du port ?')).quotes[0]?.text).toContain('quai nord');
    // The retriever follows the index swapped in (what /sources counts).
    expect((await knowledgeBase.retriever().facets()).documents).toEqual({ 'phare.txt': 1, 'port.txt': 1 });

    await writeFile(path.join(space.folder, 'broken'), 'not an index at all');
    await rename(path.join(space.folder, 'broken'), space.indexPath);
    await expect.poll(() => rejections.length, { timeout: 5_000 }).toBe(1);
    expect(rejections[0]).toMatchObject({ code: 'INDEX_CORRUPT' });
    expect((await knowledgeBase.ask('Où se trouve la criée du port ?')).answered).toBe(true);
    await knowledgeBase.close();
  });

  it('GIVEN a bot started on a full-text index THEN a hybrid index swapped in loads the model once and is queried with vectors', async () => {
    const space = await corpusWith({
      'phare.txt': 'Le phare de Cordouan guide les navires depuis le seizième siècle.\n',
    });
    await buildFullText(space);
    const embedder = createHashingEmbedder(32);
    let loads = 0;
    const swap = nextReload();
    const knowledgeBase = await openKnowledgeBase({
      indexPath: space.indexPath,
      embedder: null,
      loadEmbedder: async () => {
        loads += 1;
        return embedder;
      },
      logger: silent,
      watch: true,
      pollIntervalMs: 20,
      onReload: swap.onReload,
    });
    expect((await knowledgeBase.ask('Que guide le phare ?')).mode).toBe('fulltext');

    await buildIndex({
      corpusDir: space.corpusDir,
      outPath: space.indexPath,
      language: 'auto',
      embedder,
      maxFileBytes: 1_000_000,
    });
    await swap.reloaded;
    const callsBefore = embedder.queryCalls;
    const answer = await knowledgeBase.ask('Que guide le phare ?');
    expect(answer.mode).toBe('hybrid');
    expect(embedder.queryCalls).toBe(callsBefore + 1);
    expect(loads).toBe(1);
    await knowledgeBase.close();
  });

  it('GIVEN a calibrated hybrid index THEN a question also embeds its best candidate sentences (at most 3), once', async () => {
    const space = await corpusWith({
      'phare.txt':
        'Le phare de Cordouan guide les navires depuis le seizième siècle. Le phare se visite en été.\n' +
        'Le phare de Cordouan est le plus ancien phare de France encore en service.\n',
      'jardin.txt': 'Les roses aiment le soleil. Les tulipes aiment les hivers froids.\n',
    });
    const embedder = createHashingEmbedder(32);
    const built = await buildIndex({
      corpusDir: space.corpusDir,
      outPath: space.indexPath,
      language: 'auto',
      embedder,
      maxFileBytes: 1_000_000,
    });
    expect(built.mode).toBe('hybrid');
    const knowledgeBase = await openKnowledgeBase({
      indexPath: space.indexPath,
      embedder,
      logger: silent,
      watch: false,
    });
    const calibration = knowledgeBase.index().manifest.calibration;
    expect(calibration && calibration.relatedMedian > calibration.unrelatedMedian).toBe(true);
    const passagesBefore = embedder.calls;
    const answer = await knowledgeBase.ask('Depuis quand le phare de Cordouan guide-t-il les navires ?');
    expect(answer.answered).toBe(true);
    const embedded = embedder.calls - passagesBefore;
    expect(embedded).toBeGreaterThanOrEqual(2);
    expect(embedded).toBeLessThanOrEqual(3);
    await knowledgeBase.close();
  });
});
