import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { constants } from 'node:fs';
import { open, readdir, realpath, stat, type FileHandle } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CitebotError } from '../errors.ts';
import { secretFileName } from './secrets.ts';
import type { CorpusEntry, DocumentFormat, SkippedFile } from './types.ts';

const FORMATS: Readonly<Record<string, DocumentFormat>> = {
  '.txt': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  // MDX (Docusaurus, Nextra, Starlight pages): Markdown with JSX, read by the Markdown parser.
  '.mdx': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
};

/** The format of a corpus file, from its extension; undefined when it is not a supported one. */
export function documentFormatOf(path: string): DocumentFormat | undefined {
  return FORMATS[extname(path).toLowerCase()];
}

/** Options of {@link scanCorpus}. */
export interface ScanOptions {
  /** Told about each sub-folder that cannot be listed (permission denied, I/O error); the rest is still scanned. */
  readonly onSkipped?: (skipped: SkippedFile) => void;
  /** Lists a folder; node's `readdir` by default. */
  readonly listFolder?: (folder: string) => Promise<Dirent[]>;
}

interface WalkOptions extends Required<ScanOptions> {
  /** The corpus folder with every link resolved: what "inside the corpus" means. */
  readonly realRoot: string;
}

const listFolderOnDisk = (folder: string): Promise<Dirent[]> => readdir(folder, { withFileTypes: true });

/**
 * Lists the supported files under `root` (extensions .txt .md .markdown .mdx .html .htm .pdf, any
 * case), sorted by path (code-unit order, stable across machines). Hidden files and folders and
 * `node_modules` are skipped. Some files are reported to `onSkipped` instead of being listed,
 * because indexing them could publish what was never meant to be a document:
 * - a symbolic link whose target resolves outside the corpus folder, or to a hidden file
 *   (LINK_OUTSIDE_CORPUS); a link to a folder (LINK_TO_FOLDER: never followed, so no cycles and
 *   no escape); a loop of links (LINK_LOOP); a broken link (FILE_UNREADABLE);
 * - a file, or a link's target, whose name looks like a secrets file (FILE_SECRET: `.env`,
 *   `id_rsa`, `*.pem`…; see `secrets.ts`).
 * A link to a file inside the corpus is listed with the target's real path as `absolutePath`.
 * A sub-folder that cannot be listed (a `lost+found` at the root of a mounted disk) is reported
 * as FILE_UNREADABLE instead of stopping the scan.
 *
 * @throws CitebotError CORPUS_MISSING (no such folder, or not a folder), CORPUS_UNREADABLE (the folder cannot be
 *   listed), CORPUS_EMPTY (no supported file; the reasons of the skipped ones are in the message).
 */
export async function scanCorpus(root: string, options: ScanOptions = {}): Promise<CorpusEntry[]> {
  const absoluteRoot = resolve(root);
  const rootStats = await stat(absoluteRoot).catch(() => null);
  if (rootStats === null || !rootStats.isDirectory()) {
    const what = rootStats === null ? 'does not exist' : 'is not a folder';
    throw new CitebotError('CORPUS_MISSING', `${absoluteRoot} ${what}; create it or set CORPUS_DIR`);
  }
  const entries: CorpusEntry[] = [];
  const skipped: SkippedFile[] = [];
  await walk(absoluteRoot, '', entries, {
    onSkipped: (file) => {
      skipped.push(file);
      options.onSkipped?.(file);
    },
    listFolder: options.listFolder ?? listFolderOnDisk,
    realRoot: await realpath(absoluteRoot),
  });
  if (entries.length === 0) {
    const reasons = skipped.slice(0, 10).map((file) => `${file.reason} [${file.code}]`);
    throw new CitebotError(
      'CORPUS_EMPTY',
      `nothing to index in ${absoluteRoot}` + (reasons.length === 0 ? '' : `; skipped: ${reasons.join('; ')}`),
    );
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function walk(
  folder: string,
  relativeFolder: string,
  entries: CorpusEntry[],
  options: WalkOptions,
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
    if (child.isSymbolicLink()) {
      const link = await followLink(absolutePath, path, format !== undefined, options.realRoot);
      if (link.kind === 'skipped') options.onSkipped(link.skipped);
      else if (link.kind === 'file' && format !== undefined)
        entries.push({ path, absolutePath: link.target, format, size: link.size });
      continue;
    }
    if (format === undefined || !child.isFile()) continue;
    const secret = secretFileName(child.name);
    if (secret !== null) {
      options.onSkipped({ path, code: 'FILE_SECRET', reason: `${path} is not indexed: ${secret}` });
      continue;
    }
    const size = await stat(absolutePath).then(
      (stats) => stats.size,
      () => 0,
    );
    entries.push({ path, absolutePath, format, size });
  }
}

/** What a symbolic link found by the scan comes to. */
type LinkOutcome =
  | { readonly kind: 'file'; readonly target: string; readonly size: number }
  | { readonly kind: 'skipped'; readonly skipped: SkippedFile }
  /** A link to a file of an unsupported type: left out without a word, like such a file. */
  | { readonly kind: 'ignored' };

/**
 * Where a symbolic link leads, or why it is not followed. Links to folders and loops are
 * reported whatever their name; a link to a file only when its name is supported (`supported`).
 */
async function followLink(linkPath: string, path: string, supported: boolean, realRoot: string): Promise<LinkOutcome> {
  const skip = (code: SkippedFile['code'], reason: string): LinkOutcome => ({
    kind: 'skipped',
    skipped: { path, code, reason },
  });
  let target: string;
  try {
    target = await realpath(linkPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return skip('LINK_LOOP', `${path} is a link that leads back to itself (a loop of links)`);
    if (!supported) return { kind: 'ignored' };
    if (code === 'ENOENT') return skip('FILE_UNREADABLE', `${path} is a broken link (its target does not exist)`);
    return skip('FILE_UNREADABLE', `${path} is a link that cannot be followed (${code ?? String(error)})`);
  }
  const inside = relative(realRoot, target);
  const outside = inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside);
  const shown = outside ? target : inside.split(sep).join('/');
  const stats = await stat(target).catch(() => null);
  if (stats?.isDirectory()) {
    return skip(
      'LINK_TO_FOLDER',
      `${path} is a link to the folder ${shown}${outside ? ' (outside the corpus)' : '/'}; ` +
        `links to folders are not followed (move the folder into the corpus instead)`,
    );
  }
  if (!supported) return { kind: 'ignored' };
  if (outside) {
    return skip('LINK_OUTSIDE_CORPUS', `${path} is a link to ${target}, outside the corpus folder; it is not followed`);
  }
  const secret = secretFileName(basename(target));
  if (secret !== null) return skip('FILE_SECRET', `${path} is a link to ${shown}; it is not indexed: ${secret}`);
  if (inside.split(sep).some((part) => part.startsWith('.') || part === 'node_modules')) {
    return skip(
      'LINK_OUTSIDE_CORPUS',
      `${path} is a link to ${shown}, which the corpus leaves out (hidden files and node_modules are not indexed)`,
    );
  }
  return { kind: 'file', target, size: stats?.size ?? 0 };
}

/**
 * Reads a corpus file. The size is checked on the file itself (not the scan's figure) before
 * any byte is read; only regular files are read (a folder named `x.txt` or a FIFO is refused,
 * never waited on). The file is opened without following a link: a file that became a link
 * after the scan (whose target was never checked) is refused, not read.
 *
 * @returns the bytes and their sha256 (hex), or a skipped value: FILE_TOO_LARGE (size and
 *   limit in the reason), FILE_UNREADABLE (missing, now a link, not a file, permission).
 */
export async function readCorpusFile(
  entry: CorpusEntry,
  options: { maxFileBytes: number },
): Promise<{ ok: true; bytes: Uint8Array; hash: string } | { ok: false; skipped: SkippedFile }> {
  const skip = (code: SkippedFile['code'], reason: string) => ({
    ok: false as const,
    skipped: { path: entry.path, code, reason },
  });
  let handle: FileHandle | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    handle = await open(entry.absolutePath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stats = await handle.stat();
    if (!stats.isFile())
      return skip('FILE_UNREADABLE', `${entry.path} is ${stats.isDirectory() ? 'a folder' : 'not a regular file'}`);
    if (stats.size > options.maxFileBytes) {
      return skip(
        'FILE_TOO_LARGE',
        `${entry.path} is ${describeBytes(stats.size)}, over the limit of ${describeBytes(options.maxFileBytes)} (MAX_FILE_MB)`,
      );
    }
    const bytes = new Uint8Array(await handle.readFile());
    return { ok: true, bytes, hash: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'it no longer exists'
        : code === 'ELOOP'
          ? 'it became a link after the scan; index again to check where it leads'
          : error instanceof Error
            ? error.message
            : String(error);
    return skip('FILE_UNREADABLE', `${entry.path} could not be read: ${why}`);
  } finally {
    await handle?.close();
  }
}

function describeBytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return megabytes >= 0.1 ? `${megabytes.toFixed(1)} MB (${bytes} bytes)` : `${bytes} bytes`;
}
