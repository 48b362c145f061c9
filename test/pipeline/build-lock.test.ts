import { execFile, spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Embedder } from '../../src/embed/index.ts';
import { loadIndex } from '../../src/index/index.ts';
import { acquireBuildLock, lockPathOf } from '../../src/pipeline/build-lock.ts';
import { buildIndex, type BuildOptions } from '../../src/pipeline/index.ts';
import { vectorCachePath } from '../../src/pipeline/vector-cache.ts';
import { createHashingEmbedder } from '../support/fake-embedder.ts';
import { temporaryFolder } from '../support/temp.ts';

const run = promisify(execFile);

/** A corpus of `files` one-passage documents and an index path next to it. */
async function workspace(files = 3): Promise<{ corpusDir: string; outPath: string }> {
  const folder = await temporaryFolder('citebot-lock-');
  const corpusDir = join(folder, 'corpus');
  await mkdir(corpusDir);
  for (let i = 0; i < files; i++)
    await writeFile(
      join(corpusDir, `note-${String(i).padStart(2, '0')}.txt`),
      `Note ${i}: the pier number ${i} is painted in colour ${i * 7}.\n`,
    );
  return { corpusDir, outPath: join(folder, 'data', 'index.citebot') };
}

function options(space: { corpusDir: string; outPath: string }, overrides: Partial<BuildOptions> = {}): BuildOptions {
  return { ...space, language: 'auto', embedder: createHashingEmbedder(16), maxFileBytes: 1_000_000, ...overrides };
}

/** The hashing embedder, failing (like a killed model worker) once `failAfter` passages have been embedded. */
function failingEmbedder(failAfter: number): Embedder & { calls: number } {
  const inner = createHashingEmbedder(16);
  return Object.assign(inner, {
    async embedPassages(texts: readonly string[], onBatch?: (done: number) => void) {
      if (inner.calls + texts.length > failAfter) throw new Error('the model worker died');
      inner.calls += texts.length;
      onBatch?.(texts.length);
      return texts.map(() => new Float32Array(16).fill(0.25));
    },
  });
}

// A process id that ran a moment ago and does not any more.
async function deadPid(): Promise<number> {
  const { stdout } = await run(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(stdout);
}

describe('acquireBuildLock', () => {
  it('GIVEN a lock held by a running build THEN a second one waits its time and fails naming the holder', async () => {
    const { outPath } = await workspace();
    const first = await acquireBuildLock(outPath);
    const started = Date.now();
    const told: string[] = [];
    await expect(
      acquireBuildLock(outPath, { waitMs: 300, pollMs: 20, onWait: (message) => told.push(message) }),
    ).rejects.toMatchObject({
      code: 'INDEX_LOCKED',
      message: expect.stringContaining(`is held by pid ${process.pid} on ${hostname()}, started `),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(told).toEqual([
      expect.stringMatching(/^Another build is writing this index \(pid \d+ on .*\): waiting up to 0 s/),
    ]);
    await first.release();
  });

  it('GIVEN the holder finishing during the wait THEN the second build gets the lock', async () => {
    const { outPath } = await workspace();
    const first = await acquireBuildLock(outPath);
    const second = acquireBuildLock(outPath, { waitMs: 5000, pollMs: 20 });
    setTimeout(() => void first.release(), 100);
    const lock = await second;
    expect(JSON.parse(await readFile(lock.path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await lock.release();
    await expect(readFile(lockPathOf(outPath))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('GIVEN a lock left by a process that no longer runs THEN it is taken over at once', async () => {
    const { outPath } = await workspace();
    await mkdir(join(outPath, '..'), { recursive: true });
    const pid = await deadPid();
    await writeFile(lockPathOf(outPath), JSON.stringify({ pid, host: hostname(), startedAt: '2026-01-01T00:00:00Z' }));
    const lock = await acquireBuildLock(outPath, { waitMs: 0 });
    expect(JSON.parse(await readFile(lock.path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('GIVEN a lock from a process on another host THEN it is not taken over (it cannot be checked from here)', async () => {
    const { outPath } = await workspace();
    await mkdir(join(outPath, '..'), { recursive: true });
    await writeFile(
      lockPathOf(outPath),
      JSON.stringify({ pid: await deadPid(), host: 'another-machine', startedAt: '2026-01-01T00:00:00Z' }),
    );
    await expect(acquireBuildLock(outPath, { waitMs: 50, pollMs: 10 })).rejects.toMatchObject({
      code: 'INDEX_LOCKED',
      message: expect.stringMatching(/on another-machine.*delete the lock file/),
    });
  });
});

describe('buildIndex (exclusive, clean, resumable)', () => {
  it('GIVEN a build already writing the output THEN a second build fails with INDEX_LOCKED instead of racing it', async () => {
    const space = await workspace();
    const running = await acquireBuildLock(space.outPath);
    await expect(buildIndex(options(space, { lock: { waitMs: 100, pollMs: 10 } }))).rejects.toMatchObject({
      code: 'INDEX_LOCKED',
    });
    await running.release();
    await expect(buildIndex(options(space))).resolves.toMatchObject({ files: 3 });
  });

  it('GIVEN two builds started together on one output THEN they run one after the other and both succeed', async () => {
    const space = await workspace();
    const order: string[] = [];
    const tracked = (name: string): Embedder => {
      const inner = createHashingEmbedder(16);
      return {
        ...inner,
        async embedPassages(texts, onBatch) {
          order.push(`${name} start`);
          await new Promise((resolve) => setTimeout(resolve, 100));
          order.push(`${name} end`);
          return inner.embedPassages(texts, onBatch);
        },
      };
    };
    const a = buildIndex(options(space, { embedder: tracked('a'), lock: { pollMs: 10 } }));
    const b = buildIndex(options(space, { embedder: tracked('b'), lock: { pollMs: 10 } }));
    await Promise.all([a, b]);
    // Whichever got the lock first embedded everything; the other found its index and had nothing left to embed.
    expect(order).toHaveLength(2);
    expect(order.map((step) => step.split(' ')[0])).toEqual([order[0]?.split(' ')[0], order[0]?.split(' ')[0]]);
  });

  it('GIVEN temporary files left by a killed build THEN the next build removes them and keeps other files', async () => {
    const space = await workspace();
    await buildIndex(options(space));
    const folder = join(space.outPath, '..');
    await writeFile(join(folder, '.index.citebot.4242.0a1b2c3d4e5f.tmp'), 'half an index');
    await writeFile(join(folder, 'notes.tmp'), 'not ours');
    await buildIndex(options(space));
    expect((await readdir(folder)).sort()).toEqual(['index.citebot', 'notes.tmp']);
  });

  it('GIVEN a build interrupted after some batches THEN the rerun embeds only the passages not embedded yet', async () => {
    const space = await workspace(30);
    const vectorCache = { flushEvery: 5 };
    // Slices of 5: two are embedded and saved, the third fails.
    await expect(buildIndex(options(space, { embedder: failingEmbedder(12), vectorCache }))).rejects.toThrow(
      'the model worker died',
    );
    const rerun = createHashingEmbedder(16);
    const summary = await buildIndex(options(space, { embedder: rerun, vectorCache }));
    expect(rerun.calls).toBe(20);
    expect(summary).toMatchObject({ passages: 30, embeddedPassages: 20 });
    // The cache served its purpose: it is gone once the index holds the vectors.
    await expect(readFile(vectorCachePath(space.outPath, rerun))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await readdir(join(space.outPath, '..'))).sort()).toEqual(['index.citebot']);
    const index = await loadIndex(space.outPath);
    expect(index.passages).toHaveLength(30);
  });

  it('GIVEN a build process killed (SIGKILL) while embedding THEN the rebuild takes over its lock and embeds only the rest', async () => {
    const space = await workspace(30);
    // node itself (not the tsx wrapper), so the killed process is the one holding the lock.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'support/slow-build.ts'), space.corpusDir, space.outPath],
      { cwd: join(import.meta.dirname, '../..'), stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    onTestFinished(() => void child.kill('SIGKILL'));
    const cachePath = vectorCachePath(space.outPath, createHashingEmbedder(16));
    const recordBytes = 32 + 16 * 4;
    // Killed once a few slices are on disk, long before its 30 passages are done.
    for (let size = 0; size < 6 * recordBytes; await new Promise((resolve) => setTimeout(resolve, 10)))
      size = await stat(cachePath).then(
        (info) => info.size,
        () => 0,
      );
    child.kill('SIGKILL');
    await exited;
    const saved = Math.floor((await stat(cachePath)).size / recordBytes);
    expect(saved).toBeLessThan(30);
    expect(JSON.parse(await readFile(lockPathOf(space.outPath), 'utf8')).pid).toBe(child.pid);

    const rerun = createHashingEmbedder(16);
    const summary = await buildIndex(options(space, { embedder: rerun, lock: { waitMs: 0 } }));
    expect(rerun.calls).toBe(30 - saved);
    expect(summary).toMatchObject({ passages: 30, embeddedPassages: 30 - saved });
    expect((await readdir(join(space.outPath, '..'))).sort()).toEqual(['index.citebot']);
  }, 60_000);

  it('GIVEN a cache file cut in the middle of a record (killed while writing) THEN the whole records are used, the rest embedded', async () => {
    const space = await workspace(10);
    const vectorCache = { flushEvery: 4 };
    await expect(buildIndex(options(space, { embedder: failingEmbedder(9), vectorCache }))).rejects.toThrow();
    const cachePath = vectorCachePath(space.outPath, createHashingEmbedder(16));
    const bytes = await readFile(cachePath);
    // 8 records of 32 + 16 × 4 bytes; half of the last one is lost.
    expect(bytes.byteLength).toBe(8 * 96);
    await writeFile(cachePath, bytes.subarray(0, 7 * 96 + 50));
    const rerun = createHashingEmbedder(16);
    await buildIndex(options(space, { embedder: rerun, vectorCache }));
    expect(rerun.calls).toBe(3);
  });
});
