import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIndex, readManifest, saveIndex, writeFileAtomically } from '../../src/index/persist.ts';
import { temporaryFolder } from '../support/temp.ts';
import { SAMPLE_PASSAGES, sampleContents } from './helpers.ts';

async function savedIndex(options: { fulltext?: boolean } = {}): Promise<{ folder: string; path: string }> {
  const folder = await temporaryFolder('citebot-persist-');
  const path = join(folder, 'index.citebot');
  await saveIndex(path, await sampleContents(options));
  return { folder, path };
}

/** Rewrites the file at `path` through `change`. */
async function tamper(path: string, change: (bytes: Buffer) => Buffer): Promise<void> {
  await writeFile(path, change(await readFile(path)));
}

describe('loadIndex', () => {
  it('GIVEN a saved index THEN the same passages, manifest and search results come back', async () => {
    const { path } = await savedIndex();
    const contents = await sampleContents();
    const index = await loadIndex(path);
    expect(index.passages).toMatchObject(SAMPLE_PASSAGES);
    expect(index.manifest).toEqual(contents.manifest);
    const hits = index.search({ text: 'échange renseignements', vector: null, limit: 3 });
    expect(hits.map((hit) => hit.passage.id)).toEqual(['maroc.txt#1']);
  });

  it('GIVEN passages with a url, an anchor and unit kinds THEN they come back as saved', async () => {
    const folder = await temporaryFolder('citebot-persist-');
    const path = join(folder, 'index.citebot');
    const [first, second, third] = SAMPLE_PASSAGES;
    const passages = [
      {
        ...first!,
        url: 'https://example.org/maroc',
        anchor: 'rabat',
        sentenceKinds: first!.sentenceStarts.map(() => 'label' as const),
      },
      { ...second!, url: 'https://example.org/maroc' },
      third!,
    ];
    await saveIndex(path, await sampleContents({ passages }));
    expect((await loadIndex(path)).passages).toMatchObject(passages);
  });

  it('GIVEN a reloaded index THEN stemming still works: rencontrés finds rencontre', async () => {
    const { path } = await savedIndex();
    const index = await loadIndex(path);
    expect(index.search({ text: 'rencontrés', vector: null, limit: 3 }).map((hit) => hit.passage.id)).toEqual([
      'maroc.txt#0',
    ]);
    expect(index.terms("l'échange")).toEqual(['echang']);
  });

  it('GIVEN no file THEN INDEX_MISSING telling to run npm run index', async () => {
    const folder = await temporaryFolder('citebot-persist-');
    await expect(loadIndex(join(folder, 'none.citebot'))).rejects.toMatchObject({
      code: 'INDEX_MISSING',
      message: expect.stringContaining('npm run index'),
    });
  });

  it('GIVEN a truncated file THEN INDEX_CORRUPT saying so', async () => {
    const { path } = await savedIndex();
    await tamper(path, (bytes) => bytes.subarray(0, bytes.length - 10));
    await expect(loadIndex(path)).rejects.toMatchObject({
      code: 'INDEX_CORRUPT',
      message: expect.stringContaining('truncated'),
    });
  });

  it('GIVEN garbage THEN INDEX_CORRUPT', async () => {
    const { path } = await savedIndex();
    await writeFile(path, 'this is not an index at all, just some text');
    await expect(loadIndex(path)).rejects.toMatchObject({
      code: 'INDEX_CORRUPT',
      message: expect.stringContaining('not a citebot index'),
    });
  });

  it('GIVEN a flipped byte in the body THEN INDEX_CORRUPT for the checksum', async () => {
    const { path } = await savedIndex();
    await tamper(path, (bytes) => {
      bytes[bytes.length - 20]! ^= 0xff;
      return bytes;
    });
    await expect(loadIndex(path)).rejects.toMatchObject({
      code: 'INDEX_CORRUPT',
      message: expect.stringContaining('checksum'),
    });
  });

  it('GIVEN a header that is not JSON THEN INDEX_CORRUPT', async () => {
    const { path } = await savedIndex();
    await tamper(path, (bytes) => {
      bytes.fill(0x7b, 24, 40);
      return bytes;
    });
    await expect(loadIndex(path)).rejects.toMatchObject({
      code: 'INDEX_CORRUPT',
      message: expect.stringContaining('not valid JSON'),
    });
  });

  it('GIVEN another format version THEN INDEX_FORMAT_MISMATCH', async () => {
    const { path } = await savedIndex();
    await tamper(path, (bytes) => {
      bytes.writeUInt32LE(99, 8);
      return bytes;
    });
    await expect(loadIndex(path)).rejects.toMatchObject({
      code: 'INDEX_FORMAT_MISMATCH',
      message: expect.stringContaining('version 99'),
    });
  });

  it('GIVEN a hybrid index and another expected model THEN INDEX_MODEL_MISMATCH naming both', async () => {
    const { path } = await savedIndex();
    await expect(loadIndex(path, { modelId: 'Xenova/multilingual-e5-small', dtype: 'fp32' })).rejects.toMatchObject({
      code: 'INDEX_MODEL_MISMATCH',
      message: expect.stringMatching(/test\/hashing-64.*Xenova\/multilingual-e5-small/),
    });
    await expect(loadIndex(path, { modelId: 'test/hashing-64', dtype: 'fp32' })).resolves.toHaveProperty(
      'manifest.mode',
      'hybrid',
    );
  });

  it('GIVEN a hybrid index and the same model in another dtype THEN INDEX_MODEL_MISMATCH naming both dtypes', async () => {
    const { path } = await savedIndex();
    expect((await readManifest(path)).dtype).toBe('fp32');
    await expect(loadIndex(path, { modelId: 'test/hashing-64', dtype: 'q8' })).rejects.toMatchObject({
      code: 'INDEX_MODEL_MISMATCH',
      message: expect.stringContaining('built with test/hashing-64 in fp32, the configured dtype is q8'),
    });
  });

  it('GIVEN a fulltext index and an expected model THEN it loads (no vectors to mismatch)', async () => {
    const { path } = await savedIndex({ fulltext: true });
    const index = await loadIndex(path, { modelId: 'Xenova/multilingual-e5-small', dtype: 'fp32' });
    expect(index.manifest).toMatchObject({ mode: 'fulltext', modelId: null, dimensions: 0 });
  });
});

describe('readManifest', () => {
  it('GIVEN a saved index THEN its manifest', async () => {
    const { path } = await savedIndex();
    expect(await readManifest(path)).toMatchObject({
      mode: 'hybrid',
      modelId: 'test/hashing-64',
      dimensions: 64,
      passageCount: 3,
      language: 'fr',
    });
  });

  it('GIVEN a missing or truncated file THEN the same errors as loadIndex', async () => {
    const { folder, path } = await savedIndex();
    await expect(readManifest(join(folder, 'none'))).rejects.toMatchObject({ code: 'INDEX_MISSING' });
    await tamper(path, (bytes) => bytes.subarray(0, 100));
    await expect(readManifest(path)).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
  });

  it('GIVEN a folder as the index path THEN CONFIG_INVALID naming it, from readManifest and loadIndex alike', async () => {
    const folder = await temporaryFolder();
    await expect(readManifest(folder)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining(`${folder} is a folder`),
    });
    await expect(loadIndex(folder)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});

describe('writeFileAtomically', () => {
  it('GIVEN a write that fails halfway THEN the previous file is intact and no temporary file is left', async () => {
    const { folder, path } = await savedIndex();
    const before = await readFile(path);
    function* failingChunks(): Generator<Uint8Array> {
      yield new Uint8Array(1000);
      throw new Error('ENOSPC: no space left on device');
    }
    await expect(writeFileAtomically(path, failingChunks())).rejects.toThrow('ENOSPC');
    expect(await readFile(path)).toEqual(before);
    expect(await readdir(folder)).toEqual(['index.citebot']);
    await expect(loadIndex(path)).resolves.toHaveProperty('passages.length', 3);
  });

  it('GIVEN a missing folder THEN it is created', async () => {
    const folder = await temporaryFolder('citebot-persist-');
    const path = join(folder, 'a', 'b', 'file.bin');
    await writeFileAtomically(path, [new Uint8Array([1, 2, 3])]);
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
  });
});
