import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile, readCorpusFile, scanCorpus } from '../../src/ingest/index.ts';
import type { CorpusEntry, SkippedFile } from '../../src/ingest/index.ts';
import { buildMinimalPdf } from './support/minimal-pdf.ts';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'citebot-ingest-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), content);
}

/** Reads and ingests every scanned file, as the index builder does: good files and skipped ones. */
async function ingestAll(maxFileBytes = 1024 * 1024): Promise<{ indexed: string[]; skipped: SkippedFile[] }> {
  const indexed: string[] = [];
  const skipped: SkippedFile[] = [];
  for (const entry of await scanCorpus(root, { onSkipped: (file) => skipped.push(file) })) {
    const read = await readCorpusFile(entry, { maxFileBytes });
    const result = read.ok ? await ingestFile(entry, read.bytes) : read;
    if (result.ok) indexed.push(entry.path);
    else skipped.push(result.skipped);
  }
  return { indexed, skipped };
}

describe('scanCorpus', () => {
  it('GIVEN nested supported files THEN it lists them sorted with posix paths, skipping hidden files, node_modules and other extensions', async () => {
    await put('b.txt', 'B.');
    await put('A/deep/Notes.MD', '# N');
    await put('A/page.htm', '<p>x</p>');
    await put('A/x.markdown', 'x');
    await put('A/tabs.mdx', '<Tabs>x</Tabs>');
    await put('doc.pdf', buildMinimalPdf([['Hi.']]));
    await put('index.html', '<p>x</p>');
    await put('.hidden.txt', 'h');
    await put('.git/HEAD.txt', 'h');
    await put('node_modules/pkg/readme.md', 'h');
    await put('image.png', 'h');
    const entries = await scanCorpus(root);
    expect(entries.map((entry) => [entry.path, entry.format])).toEqual([
      ['A/deep/Notes.MD', 'md'],
      ['A/page.htm', 'html'],
      ['A/tabs.mdx', 'md'],
      ['A/x.markdown', 'md'],
      ['b.txt', 'txt'],
      ['doc.pdf', 'pdf'],
      ['index.html', 'html'],
    ]);
    expect(entries[4]).toEqual({ path: 'b.txt', absolutePath: join(root, 'b.txt'), format: 'txt', size: 2 });
  });

  it('GIVEN a missing folder or a file THEN it throws CORPUS_MISSING naming it', async () => {
    await expect(scanCorpus(join(root, 'nope'))).rejects.toThrow(/corpus folder does not exist: .*nope does not exist/);
    await put('file.txt', 'x');
    await expect(scanCorpus(join(root, 'file.txt'))).rejects.toThrow(/file\.txt is not a folder/);
  });

  it('GIVEN a sub-folder that cannot be listed THEN it is reported as FILE_UNREADABLE and the other files are still listed', async () => {
    await put('a.txt', 'Une phrase.');
    await put('locked/b.txt', 'Une autre phrase.');
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const listFolder = (folder: string) =>
      folder.endsWith('locked') ? Promise.reject(denied) : readdir(folder, { withFileTypes: true });
    const skipped: SkippedFile[] = [];
    const entries = await scanCorpus(root, { listFolder, onSkipped: (folder) => skipped.push(folder) });
    expect(entries.map((entry) => entry.path)).toEqual(['a.txt']);
    expect(skipped).toEqual([
      {
        path: 'locked/',
        code: 'FILE_UNREADABLE',
        reason: expect.stringContaining('locked/ could not be read (permission denied)'),
      },
    ]);
  });

  it('GIVEN a corpus folder that cannot be listed THEN it throws CORPUS_UNREADABLE naming it', async () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    await expect(scanCorpus(root, { listFolder: () => Promise.reject(denied) })).rejects.toThrow(
      /corpus folder cannot be read \(check its permissions\): .+: permission denied/,
    );
  });

  it('GIVEN a folder without supported files THEN it throws CORPUS_EMPTY', async () => {
    await put('image.png', 'x');
    await put('.notes.md', 'x');
    await expect(scanCorpus(root)).rejects.toMatchObject({ code: 'CORPUS_EMPTY' });
  });
});

describe('readCorpusFile', () => {
  it('GIVEN a file THEN it returns the bytes and their sha256', async () => {
    await put('a.txt', 'abc');
    const [entry] = await scanCorpus(root);
    const read = await readCorpusFile(entry as CorpusEntry, { maxFileBytes: 10 });
    expect(read).toEqual({
      ok: true,
      bytes: new TextEncoder().encode('abc'),
      hash: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });

  it('GIVEN a file over the limit THEN it is FILE_TOO_LARGE with the size and the limit', async () => {
    await put('big.txt', 'x'.repeat(2048));
    const [entry] = await scanCorpus(root);
    const read = await readCorpusFile(entry as CorpusEntry, { maxFileBytes: 1024 });
    expect(read).toEqual({
      ok: false,
      skipped: {
        path: 'big.txt',
        code: 'FILE_TOO_LARGE',
        reason: 'big.txt is 2048 bytes, over the limit of 1024 bytes (MAX_FILE_MB)',
      },
    });
  });

  it('GIVEN an entry that is a folder THEN it is FILE_UNREADABLE without waiting', async () => {
    await mkdir(join(root, 'x.txt'));
    const entry: CorpusEntry = { path: 'x.txt', absolutePath: join(root, 'x.txt'), format: 'txt', size: 0 };
    expect(await readCorpusFile(entry, { maxFileBytes: 1024 })).toEqual({
      ok: false,
      skipped: { path: 'x.txt', code: 'FILE_UNREADABLE', reason: 'x.txt is a folder' },
    });
  });
});

describe('ingestFile', () => {
  it('GIVEN every kind of bad file next to good ones THEN each bad one has its code and reason and the good ones are indexed', async () => {
    await put('good.txt', 'Une bonne phrase. Une autre.');
    await put('good.md', '# Titre\n\nDu texte.');
    await put('good.html', '<h1>T</h1><p>Du texte.</p>');
    await put('good.pdf', buildMinimalPdf([['Some text.']]));
    await put('binary.txt', new Uint8Array([0x48, 0x69, 0x00, 0x01, 0x02]));
    await put(
      'controls.md',
      new Uint8Array(Array.from({ length: 100 }, (_, index) => (index % 3 === 0 ? 0x01 : 0x41))),
    );
    await put('latin1.txt', new Uint8Array([...new TextEncoder().encode('ligne un\nCaf'), 0xe9, 0x2e]));
    await put('utf16.txt', new Uint8Array([0xff, 0xfe, 0x41, 0x00]));
    await put('blank.txt', ' \r\n\t\n');
    await put('headings-only.md', '# Un\n## Deux\n');
    await put('large.txt', 'x'.repeat(5000));
    await put('broken.pdf', '%PDF-1.7\nnot really');
    await put('scripts.html', '<script>alert(1)</script><nav>menu</nav>');
    await symlink(join(root, 'missing-target.txt'), join(root, 'dangling.txt'));
    await mkdir(join(root, 'folder.txt'));
    await put('folder.txt/inside.txt', 'Dedans.');

    const { indexed, skipped } = await ingestAll(4096);
    expect(indexed).toEqual(['folder.txt/inside.txt', 'good.html', 'good.md', 'good.pdf', 'good.txt']);
    const byPath = Object.fromEntries(skipped.map((entry) => [entry.path, entry]));
    expect(Object.keys(byPath).sort()).toEqual([
      'binary.txt',
      'blank.txt',
      'broken.pdf',
      'controls.md',
      'dangling.txt',
      'headings-only.md',
      'large.txt',
      'latin1.txt',
      'scripts.html',
      'utf16.txt',
    ]);
    expect(byPath['binary.txt']).toMatchObject({
      code: 'FILE_BINARY',
      reason: expect.stringMatching(/NUL byte at byte 2/),
    });
    expect(byPath['controls.md']).toMatchObject({
      code: 'FILE_BINARY',
      reason: expect.stringMatching(/34% of its first bytes are control characters/),
    });
    expect(byPath['latin1.txt']).toMatchObject({
      code: 'FILE_INVALID_UTF8',
      reason: expect.stringMatching(/at byte 12 \(line 2\).*save it as UTF-8/),
    });
    expect(byPath['utf16.txt']).toMatchObject({ code: 'FILE_INVALID_UTF8', reason: expect.stringMatching(/UTF-16/) });
    expect(byPath['blank.txt']).toMatchObject({
      code: 'FILE_EMPTY',
      reason: expect.stringMatching(/only white space/),
    });
    expect(byPath['headings-only.md']).toMatchObject({
      code: 'FILE_EMPTY',
      reason: expect.stringMatching(/no text outside headings/),
    });
    expect(byPath['large.txt']).toMatchObject({
      code: 'FILE_TOO_LARGE',
      reason: expect.stringMatching(/5000 bytes.*4096 bytes/),
    });
    expect(byPath['broken.pdf']).toMatchObject({
      code: 'FILE_UNPARSABLE',
      reason: expect.stringMatching(/broken\.pdf is not a readable PDF \(.+\)/),
    });
    expect(byPath['scripts.html']).toMatchObject({
      code: 'FILE_EMPTY',
      reason: expect.stringMatching(/no visible text/),
    });
    expect(byPath['dangling.txt']).toMatchObject({
      code: 'FILE_UNREADABLE',
      reason: expect.stringMatching(/broken link/),
    });
  });

  it('GIVEN a good file THEN it returns the document and its passages', async () => {
    await put('press/maroc.txt', 'Première phrase. Seconde phrase.');
    const [entry] = await scanCorpus(root);
    const result = await ingestFile(entry as CorpusEntry, new TextEncoder().encode('Première phrase. Seconde phrase.'));
    expect(result.ok && result.passages.map((passage) => [passage.id, passage.text, passage.sentenceStarts])).toEqual([
      ['press/maroc.txt#0', 'Première phrase. Seconde phrase.', [0, 17]],
    ]);
    expect(result.ok && result.document.title).toBe('Maroc');
  });
});
