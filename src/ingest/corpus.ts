import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { CitebotError } from '../errors.ts';
import type { CorpusEntry, DocumentFormat, SkippedFile } from './types.ts';

const FORMATS: Readonly<Record<string, DocumentFormat>> = {
  '.txt': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
};

/** Options of {@link scanCorpus}. */
export interface ScanOptions {
  /** Told about each sub-folder that cannot be listed (permission denied, I/O error); the rest is still scanned. */
  readonly onSkipped?: (skipped: SkippedFile) => void;
  /** Lists a folder; node's `readdir` by default. */
  readonly listFolder?: (folder: string) => Promise<Dirent[]>;
}

const listFolderOnDisk = (folder: string): Promise<Dirent[]> => readdir(folder, { withFileTypes: true });

/**
 * Lists the supported files under `root` (extensions .txt .md .markdown .html .htm .pdf, any
 * case), sorted by path (code-unit order, stable across machines). Hidden files and folders and
 * `node_modules` are skipped. Symbolic links to files are listed (a broken one with size 0, so
 * that reading it reports FILE_UNREADABLE); links to folders are not followed (no cycles). A
 * sub-folder that cannot be listed (a `lost+found` at the root of a mounted disk) is reported
 * to `onSkipped` as FILE_UNREADABLE instead of stopping the scan.
 *
 * @throws CitebotError CORPUS_MISSING (no such folder, or not a folder), CORPUS_UNREADABLE (the folder cannot be
 *   listed), CORPUS_EMPTY (no supported file).
 */
export async function scanCorpus(root: string, options: ScanOptions = {}): Promise<CorpusEntry[]> {
  const absoluteRoot = resolve(root);
  const rootStats = await stat(absoluteRoot).catch(() => null);
  if (rootStats === null || !rootStats.isDirectory()) {
    const what = rootStats === null ? 'does not exist' : 'is not a folder';
    throw new CitebotError('CORPUS_MISSING', `${absoluteRoot} ${what}; create it or set CORPUS_DIR`);
  }
  const entries: CorpusEntry[] = [];
  await walk(absoluteRoot, '', entries, {
    onSkipped: options.onSkipped ?? (() => {}),
    listFolder: options.listFolder ?? listFolderOnDisk,
  });
  if (entries.length === 0) {
    throw new CitebotError('CORPUS_EMPTY', `nothing to index in ${absoluteRoot}`);
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function walk(
  folder: string,
  relativeFolder: string,
  entries: CorpusEntry[],
  options: Required<ScanOptions>,
): Promise<void> {
  let children: Dirent[];
  try {
    children = await options.listFolder(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (relativeFolder === '') {
      throw new CitebotError(
        'CORPUS_UNREADABLE',
        `${folder}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    // A sub-folder removed while scanning simply has nothing left to index.
    if (code === 'ENOENT') return;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : error instanceof Error
          ? error.message
          : String(error);
    options.onSkipped({
      path: `${relativeFolder}/`,
      code: 'FILE_UNREADABLE',
      reason: `the folder ${relativeFolder}/ could not be read (${why}); its files are not indexed`,
    });
    return;
  }
  for (const child of children) {
    if (child.name.startsWith('.') || child.name === 'node_modules') continue;
    const absolutePath = join(folder, child.name);
    const path = relativeFolder === '' ? child.name : `${relativeFolder}/${child.name}`;
    if (child.isDirectory()) {
      await walk(absolutePath, path, entries, options);
      continue;
    }
    const format = FORMATS[extname(child.name).toLowerCase()];
    if (format === undefined || !(child.isFile() || child.isSymbolicLink())) continue;
    const size = await stat(absolutePath).then(
      (stats) => stats.size,
      () => 0,
    );
    entries.push({ path, absolutePath, format, size });
  }
}

/**
 * Reads a corpus file. The size is checked on the file itself (not the scan's figure) before
 * any byte is read; only regular files are read (a folder named `x.txt` or a FIFO is refused,
 * never waited on).
 *
 * @returns the bytes and their sha256 (hex), or a skipped value: FILE_TOO_LARGE (size and
 *   limit in the reason), FILE_UNREADABLE (missing, broken link, not a file, permission).
 */
export async function readCorpusFile(
  entry: CorpusEntry,
  options: { maxFileBytes: number },
): Promise<{ ok: true; bytes: Uint8Array; hash: string } | { ok: false; skipped: SkippedFile }> {
  const skip = (code: SkippedFile['code'], reason: string) => ({
    ok: false as const,
    skipped: { path: entry.path, code, reason },
  });
  try {
    const stats = await stat(entry.absolutePath);
    if (!stats.isFile())
      return skip('FILE_UNREADABLE', `${entry.path} is ${stats.isDirectory() ? 'a folder' : 'not a regular file'}`);
    if (stats.size > options.maxFileBytes) {
      return skip(
        'FILE_TOO_LARGE',
        `${entry.path} is ${describeBytes(stats.size)}, over the limit of ${describeBytes(options.maxFileBytes)} (MAX_FILE_MB)`,
      );
    }
    const bytes = new Uint8Array(await readFile(entry.absolutePath));
    return { ok: true, bytes, hash: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'it no longer exists or is a broken link'
        : error instanceof Error
          ? error.message
          : String(error);
    return skip('FILE_UNREADABLE', `${entry.path} could not be read: ${why}`);
  }
}

function describeBytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return megabytes >= 0.1 ? `${megabytes.toFixed(1)} MB (${bytes} bytes)` : `${bytes} bytes`;
}
